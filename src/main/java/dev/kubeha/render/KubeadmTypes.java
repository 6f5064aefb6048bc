package dev.kubeha.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The parts of kubeadm's configuration API v1beta4 (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go)
 * that kubeha sets. Field names are kubeadm's JSON names; a null field is left out. kubeadm v1.37
 * removed v1beta3, and every release kubeha installs reads v1beta4, so it is the only one written.
 */
final class KubeadmTypes {
    private KubeadmTypes() {
    }

    static final String API_VERSION = "kubeadm.k8s.io/v1beta4";
    static final String CLUSTER_CONFIGURATION = "ClusterConfiguration";

    /** One command-line flag of a component, without leading dashes: v1beta4's {name, value}. */
    record Arg(String name, String value) {
    }
    static final String INIT_CONFIGURATION = "InitConfiguration";
    static final String JOIN_CONFIGURATION = "JoinConfiguration";

    @JsonPropertyOrder({"apiVersion", "kind"})
    record ClusterConfiguration(
            String apiVersion,
            String kind,
            String clusterName,
            String kubernetesVersion,
            String controlPlaneEndpoint,
            Networking networking,
            ApiServer apiServer,
            Etcd etcd,
            String encryptionAlgorithm,
            String certificateValidityPeriod,
            String caCertificateValidityPeriod,
            // The site registry when the cluster has one; kubeadm's default (registry.k8s.io) otherwise.
            String imageRepository) {
    }

    record Networking(String podSubnet, String serviceSubnet, String dnsDomain) {
    }

    record ApiServer(@JsonProperty("certSANs") List<String> certSANs, List<Arg> extraArgs) {
    }

    /** Exactly one of local and external is set. */
    record Etcd(LocalEtcd local, ExternalEtcd external) {
    }

    /** imageTag null: kubeadm's pinned etcd image. */
    record LocalEtcd(
            String imageTag,
            String dataDir,
            List<Arg> extraArgs,
            @JsonProperty("serverCertSANs") List<String> serverCertSANs,
            @JsonProperty("peerCertSANs") List<String> peerCertSANs) {
    }

    record ExternalEtcd(
            List<String> endpoints,
            @JsonProperty("caFile") String caFile,
            String certFile,
            String keyFile) {
    }

    @JsonPropertyOrder({"apiVersion", "kind"})
    record InitConfiguration(
            String apiVersion,
            String kind,
            List<BootstrapToken> bootstrapTokens,
            NodeRegistration nodeRegistration,
            @JsonProperty("localAPIEndpoint") ApiEndpoint localAPIEndpoint) {
    }

    /** bootstraptoken/v1 BootstrapToken: groups and usages take kubeadm's defaults. */
    record BootstrapToken(String token, String description, String ttl) {
    }

    record NodeRegistration(String name, String criSocket, List<Arg> kubeletExtraArgs) {
    }

    record ApiEndpoint(String advertiseAddress, Integer bindPort) {
    }

    @JsonPropertyOrder({"apiVersion", "kind"})
    record JoinConfiguration(
            String apiVersion,
            String kind,
            NodeRegistration nodeRegistration,
            Discovery discovery,
            JoinControlPlane controlPlane) {
    }

    record Discovery(BootstrapTokenDiscovery bootstrapToken) {
    }

    record BootstrapTokenDiscovery(
            @JsonProperty("apiServerEndpoint") String apiServerEndpoint,
            String token,
            @JsonProperty("caCertHashes") List<String> caCertHashes) {
    }

    /**
     * No certificateKey: with one, kubeadm join downloads the kubeadm-certs Secret, which kubeadm init
     * uploads only with --upload-certs. kubeha copies the shared CA files to every control-plane node
     * instead, so the join finds them on disk.
     */
    record JoinControlPlane(@JsonProperty("localAPIEndpoint") ApiEndpoint localAPIEndpoint) {
    }
}

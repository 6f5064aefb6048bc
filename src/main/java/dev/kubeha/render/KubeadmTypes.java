package dev.kubeha.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The parts of kubeadm's configuration API (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go, and
 * v1beta3 where it differs) that kubeha sets. Field names are kubeadm's JSON names; a null field
 * is left out. {@code extraArgs}-like fields are {@code Object}: a list in v1beta4, a map in
 * v1beta3 ({@link KubeadmApi#args}).
 */
final class KubeadmTypes {
    private KubeadmTypes() {
    }

    static final String CLUSTER_CONFIGURATION = "ClusterConfiguration";
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
            String caCertificateValidityPeriod) {
    }

    record Networking(String podSubnet, String serviceSubnet, String dnsDomain) {
    }

    record ApiServer(@JsonProperty("certSANs") List<String> certSANs, Object extraArgs) {
    }

    /** Exactly one of local and external is set. */
    record Etcd(LocalEtcd local, ExternalEtcd external) {
    }

    record LocalEtcd(
            String dataDir,
            Object extraArgs,
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

    record NodeRegistration(String name, String criSocket, Object kubeletExtraArgs) {
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

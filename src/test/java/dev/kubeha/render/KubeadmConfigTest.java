package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesReleases;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.render.TestClusters.Combination;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kubeadm configs read back: kinds, API versions and the per-node values. */
class KubeadmConfigTest {

    static Stream<Combination> combinations() {
        return TestClusters.all().stream();
    }

    private static List<JsonNode> kubeadm(List<NodeFiles> all, String node) throws Exception {
        return YamlParse.documents(TestClusters.file(all, node, NodePaths.KUBEADM_CONFIG));
    }

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void kindsPerRoleAndValuesPerNode(Combination c) throws Exception {
        Cluster cluster = TestClusters.cluster(c);
        List<NodeFiles> all = ClusterRenderer.render(cluster, TestClusters.JOIN);
        String endpoint = c.lb() == LoadBalancerMode.EXTERNAL ? "lb.example.com:6443" : "10.0.0.100:8443";
        for (Node node : cluster.nodes()) {
            boolean master = node.hasRole(Role.CONTROL_PLANE);
            if (!master && !node.hasRole(Role.WORKER)) {
                assertThat(TestClusters.nodeFiles(all, node.name()).file(NodePaths.KUBEADM_CONFIG)).isEmpty();
                continue;
            }
            NodeFile file = TestClusters.file(all, node.name(), NodePaths.KUBEADM_CONFIG);
            assertThat(file.mode()).isEqualTo(0600);
            assertThat(file.secret()).isTrue();
            List<JsonNode> docs = kubeadm(all, node.name());
            docs.forEach(d -> assertThat(d.path("apiVersion").asText()).isEqualTo(
                    d.path("kind").asText().equals("KubeletConfiguration") ? "kubelet.config.k8s.io/v1beta1"
                            : "kubeadm.k8s.io/v1beta4"));
            JsonNode registration;
            if (node.name().equals("master0")) {
                assertThat(kinds(docs)).containsExactly("ClusterConfiguration", "InitConfiguration", "KubeletConfiguration");
                // The kubelet's cgroup driver matches containerd's SystemdCgroup = true (prepare-node.sh);
                // kubeadm puts it in the kubelet-config ConfigMap every joining node reads.
                assertThat(docs.get(2).path("cgroupDriver").asText()).isEqualTo("systemd");
                JsonNode init = docs.get(1);
                registration = init.path("nodeRegistration");
                assertThat(init.path("localAPIEndpoint").path("advertiseAddress").asText()).isEqualTo(node.privateAddress());
                assertThat(init.path("bootstrapTokens").get(0).path("token").asText()).isEqualTo(TestClusters.TOKEN);
                // The shared certificates are copied, not uploaded: no certificate key anywhere.
                assertThat(init.has("certificateKey")).isFalse();
                JsonNode cc = docs.get(0);
                assertThat(cc.path("controlPlaneEndpoint").asText()).isEqualTo(endpoint);
                assertThat(cc.path("clusterName").asText()).isEqualTo("prod-eu1");
                assertThat(cc.path("kubernetesVersion").asText()).isEqualTo("v1.37.1");
                assertThat(cc.path("networking").path("podSubnet").asText()).isEqualTo("10.244.0.0/16");
                assertThat(cc.path("networking").path("serviceSubnet").asText()).isEqualTo("10.96.0.0/12");
                assertThat(cc.path("networking").path("dnsDomain").asText()).isEqualTo("cluster.local");
                assertThat(cc.path("encryptionAlgorithm").asText()).isEqualTo("RSA-2048");
                assertThat(cc.path("certificateValidityPeriod").asText()).isEqualTo("8760h");
                assertThat(cc.path("caCertificateValidityPeriod").asText()).isEqualTo("87600h");
                // The load balancer, master0's public address, then the file's own, each once.
                assertThat(text(cc.path("apiServer").path("certSANs"))).containsExactly(
                        c.lb() == LoadBalancerMode.EXTERNAL ? "lb.example.com" : "10.0.0.100", "203.0.113.20",
                        "kube.example.com", "2001:db8::7");
                assertThat(file.text()).doesNotContain("apiserver-count");
                etcd(c, cluster, cc.path("etcd"));
            } else {
                assertThat(kinds(docs)).containsExactly("JoinConfiguration");
                JsonNode join = docs.get(0);
                registration = join.path("nodeRegistration");
                JsonNode discovery = join.path("discovery").path("bootstrapToken");
                assertThat(discovery.path("apiServerEndpoint").asText()).isEqualTo(endpoint);
                assertThat(discovery.path("token").asText()).isEqualTo(TestClusters.TOKEN);
                assertThat(text(discovery.path("caCertHashes"))).containsExactly(TestClusters.DISCOVERY_HASH);
                if (master) {
                    assertThat(join.path("controlPlane").path("localAPIEndpoint").path("advertiseAddress").asText())
                            .isEqualTo(node.privateAddress());
                    // With a certificate key, kubeadm join would download the kubeadm-certs Secret that
                    // init never uploaded (no --upload-certs): it must use the copied files instead.
                    assertThat(join.path("controlPlane").has("certificateKey")).isFalse();
                    assertThat(file.text()).doesNotContain("certificateKey");
                } else {
                    assertThat(join.has("controlPlane")).isFalse();
                    assertThat(file.text()).doesNotContain("certificateKey");
                }
            }
            assertThat(registration.path("name").asText()).isEqualTo(node.name());
            // v1beta4: a list of {name, value}
            JsonNode args = registration.path("kubeletExtraArgs");
            assertThat(args.isArray()).isTrue();
            assertThat(args.get(0).path("name").asText()).isEqualTo("node-ip");
            assertThat(args.get(0).path("value").asText()).isEqualTo(node.privateAddress());
        }
    }

    private static void etcd(Combination c, Cluster cluster, JsonNode etcd) {
        if (c.topology() == EtcdTopology.CO_LOCATED && c.runtime() == EtcdRuntime.STATIC_POD) {
            assertThat(etcd.has("external")).isFalse();
            JsonNode local = etcd.path("local");
            assertThat(local.path("dataDir").asText()).isEqualTo("/var/lib/etcd");
            assertThat(local.path("extraArgs").get(0).path("name").asText()).isEqualTo("listen-metrics-urls");
            assertThat(local.path("extraArgs").get(0).path("value").asText()).isEqualTo("http://127.0.0.1:2381");
            assertThat(text(local.path("serverCertSANs"))).contains("10.0.0.20", "10.0.0.21", "10.0.0.22");
            assertThat(text(local.path("peerCertSANs"))).contains("10.0.0.20", "10.0.0.21", "10.0.0.22");
        } else {
            assertThat(etcd.has("local")).isFalse();
            JsonNode external = etcd.path("external");
            List<String> expected = cluster.etcdMembers().stream()
                    .map(m -> "https://" + m.privateAddress() + ":2379").toList();
            assertThat(text(external.path("endpoints"))).containsExactlyElementsOf(expected);
            assertThat(external.path("caFile").asText()).isEqualTo("/etc/kubernetes/pki/etcd/ca.crt");
            assertThat(external.path("certFile").asText()).isEqualTo("/etc/kubernetes/pki/apiserver-etcd-client.crt");
            assertThat(external.path("keyFile").asText()).isEqualTo("/etc/kubernetes/pki/apiserver-etcd-client.key");
        }
    }

    static Stream<String> supportedReleases() {
        return KubernetesReleases.builtIn().supported().stream().map(KubernetesRelease::newestPatch);
    }

    /** v1beta4 for every supported release: lists of {name, value}, key algorithm and validities. */
    @ParameterizedTest
    @MethodSource("supportedReleases")
    void v1beta4ForEverySupportedRelease(String version) throws Exception {
        Combination c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        List<NodeFiles> all = ClusterRenderer.render(TestClusters.cluster(c, version, "eth1"), TestClusters.JOIN);
        JsonNode cc = kubeadm(all, "master0").get(0);
        assertThat(cc.path("apiVersion").asText()).isEqualTo("kubeadm.k8s.io/v1beta4");
        assertThat(cc.path("kubernetesVersion").asText()).isEqualTo(version);
        assertThat(cc.path("encryptionAlgorithm").asText()).isEqualTo("RSA-2048");
        assertThat(cc.path("certificateValidityPeriod").asText()).isEqualTo("8760h");
        assertThat(cc.path("etcd").path("local").path("extraArgs").isArray()).isTrue();
        JsonNode args = kubeadm(all, "worker1").get(0).path("nodeRegistration").path("kubeletExtraArgs");
        assertThat(args.isArray()).isTrue();
        assertThat(args.get(0).path("name").asText()).isEqualTo("node-ip");
        assertThat(args.get(0).path("value").asText()).isEqualTo("10.0.0.31");
    }

    /** Stacked etcd is kubeadm's pinned image unless etcd.version names another release. */
    @Test
    void stackedEtcdImageOnlyWhenTheFileNamesAVersion() throws Exception {
        Combination c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        JsonNode pinned = kubeadm(ClusterRenderer.render(TestClusters.cluster(c, "v1.37.1", "eth1", null),
                TestClusters.JOIN), "master0").get(0).path("etcd").path("local");
        assertThat(pinned.has("imageTag")).isFalse();
        JsonNode chosen = kubeadm(ClusterRenderer.render(TestClusters.cluster(c, "v1.37.1", "eth1", "3.6.8"),
                TestClusters.JOIN), "master0").get(0).path("etcd").path("local");
        assertThat(chosen.path("imageTag").asText()).isEqualTo("3.6.8-0");
    }

    /** Secrets live in kubeadm.yaml only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void secretsOnlyInKubeadmConfig(Combination c) {
        for (NodeFiles n : TestClusters.render(c)) {
            for (NodeFile f : n.files()) {
                boolean holdsSecret = f.text().contains(TestClusters.TOKEN);
                assertThat(holdsSecret).as(n.nodeName() + " " + f.path()).isEqualTo(f.path().equals(NodePaths.KUBEADM_CONFIG));
                assertThat(f.secret()).isEqualTo(holdsSecret);
                assertThat(f.toString()).doesNotContain(TestClusters.TOKEN);
            }
        }
    }

    private static List<String> text(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}

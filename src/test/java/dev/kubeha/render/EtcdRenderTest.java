package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.render.TestClusters.Combination;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The etcd static pod and env file read back, and their flags compared. */
class EtcdRenderTest {
    private static final Combination DEDICATED_POD =
            new Combination(EtcdTopology.DEDICATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
    private static final Combination COLOCATED_SYSTEMD =
            new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL);

    @Test
    void staticPodIsAValidEtcdPod() throws Exception {
        Cluster cluster = TestClusters.cluster(DEDICATED_POD);
        List<NodeFiles> all = ClusterRenderer.render(cluster, TestClusters.JOIN);
        for (Node member : cluster.etcdMembers()) {
            NodeFile file = TestClusters.file(all, member.name(), NodePaths.ETCD_STATIC_POD);
            JsonNode pod = YamlParse.single(file);
            assertThat(pod.path("apiVersion").asText()).isEqualTo("v1");
            assertThat(pod.path("kind").asText()).isEqualTo("Pod");
            assertThat(pod.path("metadata").path("namespace").asText()).isEqualTo("kube-system");
            assertThat(pod.path("metadata").path("labels").path("component").asText()).isEqualTo("etcd");
            assertThat(pod.path("metadata").path("labels").path("tier").asText()).isEqualTo("control-plane");
            JsonNode spec = pod.path("spec");
            assertThat(spec.path("hostNetwork").asBoolean()).isTrue();
            assertThat(spec.path("priorityClassName").asText()).isEqualTo("system-node-critical");
            assertThat(spec.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
            JsonNode container = spec.path("containers").get(0);
            assertThat(container.path("image").asText()).isEqualTo("registry.k8s.io/etcd:3.6.5-0");
            for (String probe : List.of("livenessProbe", "startupProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("host").asText()).isEqualTo("127.0.0.1");
                assertThat(get.path("port").isInt()).isTrue();
                assertThat(get.path("port").asInt()).isEqualTo(2381);
                assertThat(get.path("scheme").asText()).isEqualTo("HTTP");
                assertThat(get.path("path").asText()).isEqualTo("/health?exclude=NOSPACE&serializable=true");
            }
            List<String> command = strings(container.path("command"));
            assertThat(command.get(0)).isEqualTo("etcd");
            // One flag per argv item: --name=value, no spaces, no shell continuations.
            for (String arg : command.subList(1, command.size())) {
                assertThat(arg).matches("--[a-z-]+=[^\\s\\\\]+");
            }
            assertThat(command).contains("--name=" + member.name(), "--listen-metrics-urls=http://127.0.0.1:2381",
                    "--advertise-client-urls=https://" + member.privateAddress() + ":2379");
            assertInitialCluster(cluster, value(command, "--initial-cluster="));
            Set<String> volumes = new HashSet<>();
            spec.path("volumes").forEach(v -> {
                assertThat(v.path("hostPath").path("type").asText()).isEqualTo("DirectoryOrCreate");
                volumes.add(v.path("hostPath").path("path").asText());
            });
            assertThat(volumes).containsExactlyInAnyOrder("/var/lib/etcd", "/etc/kubernetes/pki/etcd");
        }
    }

    @Test
    void envFileListsEveryMemberOnce() {
        Cluster cluster = TestClusters.cluster(COLOCATED_SYSTEMD);
        List<NodeFiles> all = ClusterRenderer.render(cluster, TestClusters.JOIN);
        for (Node member : cluster.etcdMembers()) {
            List<String> env = envLines(TestClusters.file(all, member.name(), NodePaths.ETCD_ENV));
            assertThat(env).contains("ETCD_NAME=" + member.name(),
                    "ETCD_LISTEN_CLIENT_URLS=https://" + member.privateAddress() + ":2379,https://127.0.0.1:2379",
                    "ETCD_LISTEN_PEER_URLS=https://" + member.privateAddress() + ":2380",
                    "ETCD_LISTEN_METRICS_URLS=http://127.0.0.1:2381",
                    "ETCD_INITIAL_CLUSTER_STATE=new",
                    "ETCD_INITIAL_CLUSTER_TOKEN=prod-eu1",
                    "ETCD_CLIENT_CERT_AUTH=true",
                    "ETCD_PEER_CLIENT_CERT_AUTH=true");
            assertInitialCluster(cluster, value(env, "ETCD_INITIAL_CLUSTER="));
            String unit = TestClusters.file(all, member.name(), NodePaths.ETCD_UNIT).text();
            assertThat(unit).contains("Type=notify\n", "Restart=always\n", "EnvironmentFile=/etc/etcd.env\n",
                    "ExecStart=/usr/local/bin/etcd\n");
        }
        // Workers run no etcd.
        assertThat(TestClusters.nodeFiles(all, "worker0").file(NodePaths.ETCD_ENV)).isEmpty();
    }

    /** One source of truth: the env file and the static pod carry the same flags for a member. */
    @Test
    void envFileAndStaticPodHaveTheSameFlags() throws Exception {
        Cluster systemd = TestClusters.cluster(new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL));
        Cluster pod = TestClusters.cluster(DEDICATED_POD);
        List<NodeFiles> systemdFiles = ClusterRenderer.render(systemd, TestClusters.JOIN);
        List<NodeFiles> podFiles = ClusterRenderer.render(pod, TestClusters.JOIN);
        for (Node member : pod.etcdMembers()) {
            List<String> fromEnv = new ArrayList<>();
            for (String line : envLines(TestClusters.file(systemdFiles, member.name(), NodePaths.ETCD_ENV))) {
                int eq = line.indexOf('=');
                String flag = line.substring("ETCD_".length(), eq).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                fromEnv.add("--" + flag + line.substring(eq));
            }
            List<String> command = strings(YamlParse.single(TestClusters.file(podFiles, member.name(),
                    NodePaths.ETCD_STATIC_POD)).path("spec").path("containers").get(0).path("command"));
            assertThat(command.subList(1, command.size())).containsExactlyInAnyOrderElementsOf(fromEnv);
        }
    }

    @Test
    void snapshotCountOnlyBeforeEtcd36() {
        assertThat(EtcdFlags.atLeast36("3.6.5")).isTrue();
        assertThat(EtcdFlags.atLeast36("3.5.21")).isFalse();
        assertThat(EtcdFlags.atLeast36("4.0.0")).isTrue();
    }

    @Test
    void staticPodNodesGetAKubeletForStaticPodsOnly() throws Exception {
        List<NodeFiles> all = ClusterRenderer.render(TestClusters.cluster(DEDICATED_POD), TestClusters.JOIN);
        JsonNode config = YamlParse.single(TestClusters.file(all, "etcd1", NodePaths.ETCD_KUBELET_CONFIG));
        assertThat(config.path("kind").asText()).isEqualTo("KubeletConfiguration");
        assertThat(config.path("authentication").path("anonymous").path("enabled").asBoolean(true)).isFalse();
        assertThat(config.path("authentication").path("webhook").path("enabled").asBoolean(true)).isFalse();
        assertThat(config.path("authorization").path("mode").asText()).isEqualTo("AlwaysAllow");
        assertThat(config.path("cgroupDriver").asText()).isEqualTo("systemd");
        assertThat(config.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(config.path("staticPodPath").asText()).isEqualTo("/etc/kubernetes/manifests");
        assertThat(TestClusters.file(all, "etcd1", NodePaths.ETCD_KUBELET_DROP_IN).text())
                .contains("ExecStart=\nExecStart=/usr/bin/kubelet --config=" + NodePaths.ETCD_KUBELET_CONFIG + "\n");
        // Co-located static-pod etcd is kubeadm's: no manifest from kubeha.
        List<NodeFiles> stacked = ClusterRenderer.render(TestClusters.cluster(
                new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL)), TestClusters.JOIN);
        stacked.forEach(n -> assertThat(n.file(NodePaths.ETCD_STATIC_POD)).isEmpty());
    }

    private static void assertInitialCluster(Cluster cluster, String initialCluster) {
        List<String> entries = Arrays.asList(initialCluster.split(","));
        List<String> expected = new ArrayList<>();
        for (Node m : cluster.etcdMembers()) {
            expected.add(m.name() + "=https://" + m.privateAddress() + ":2380");
        }
        assertThat(entries).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
    }

    private static List<String> envLines(NodeFile file) {
        return file.text().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    private static String value(List<String> items, String prefix) {
        return items.stream().filter(i -> i.startsWith(prefix)).map(i -> i.substring(prefix.length()))
                .reduce((a, b) -> {
                    throw new AssertionError(prefix + " twice");
                }).orElseThrow(() -> new AssertionError("no " + prefix));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}

package dev.kubeha.render;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.TestClusters.Combination;
import java.util.stream.Stream;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesReleases;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of every node, per topology and load-balancer mode, against src/test/resources/golden/. */
class GoldenFilesTest {

    static Stream<Combination> combinations() {
        return TestClusters.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void matchesGolden(Combination c) throws Exception {
        Golden.check(c.goldenName(), Golden.describe(TestClusters.render(c)));
    }

    static Stream<String> supportedMinors() {
        return KubernetesReleases.builtIn().supported().stream().map(KubernetesRelease::minor);
    }

    /**
     * The kubeadm configurations of each supported release at its newest tested patch, stacked
     * etcd at the release's pinned version, and the package repository, containerd floors and pause image
     * prepare-node.sh uses.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("supportedMinors")
    void kubeadmConfigurationPerReleaseMatchesGolden(String minor) throws Exception {
        KubernetesRelease release = KubernetesReleases.builtIn().all().stream()
                .filter(r -> r.minor().equals(minor)).findFirst().orElseThrow();
        Combination c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.HAPROXY_KEEPALIVED);
        var nodes = ClusterRenderer.render(TestClusters.cluster(c, release.newestPatch(), "eth1", null), TestClusters.JOIN);
        StringBuilder sb = new StringBuilder();
        for (String node : List.of("master0", "master1", "worker0")) {
            sb.append("######## node ").append(node).append('\n');
            sb.append(TestClusters.file(nodes, node, NodePaths.KUBEADM_CONFIG).text());
        }
        sb.append("######## prepare-node.sh package channel\n");
        TestClusters.file(nodes, "worker0", NodePaths.PREPARE_NODE).text().lines()
                .filter(l -> l.startsWith("k8s_") || l.startsWith("deb_repo=") || l.startsWith("rpm_repo=")
                        || l.startsWith("containerd_floors=") || l.startsWith("containerd_wanted=")
                        || l.startsWith("pause_image="))
                .forEach(l -> sb.append(l).append('\n'));
        Golden.check("kubeadm-" + minor + ".txt", sb.toString());
    }
}

package dev.kubeha.render;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.TestClusters.Combination;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    /** The v1beta3 shape (Kubernetes 1.30): maps for extraArgs, no certificate settings. */
    @Test
    void kubernetes130MatchesGolden() throws Exception {
        Combination c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.HAPROXY_KEEPALIVED);
        var nodes = dev.kubeha.render.ClusterRenderer.render(TestClusters.cluster(c, "v1.30.14", "eth1"), TestClusters.JOIN);
        Golden.check("v1.30-" + c.goldenName(), Golden.describe(nodes));
    }
}

package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Cni;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.Golden;
import dev.kubeha.render.TestClusters;
import dev.kubeha.render.TestClusters.Combination;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubeha plan --format text} per etcd topology, etcd runtime and load-balancer mode, against
 * src/test/resources/golden/plan/: every task, its id, what it waits for and its steps, in order.
 * The clusters are the renderers' fixed ones, with a CNI manifest file.
 */
class PlanGoldenTest {
    /**
     * The PKI is made afresh in each run's workspace, and the length of a key or certificate varies
     * with its random numbers (DER drops leading zero bytes, ECDSA signatures vary in length): those
     * sizes, and only those, are masked. Every other file is the same on every run.
     */
    private static final Pattern PKI_FILE_SIZE =
            Pattern.compile("(?m)^(       - upload /etc/kubernetes/pki/\\S+ \\(\\d{4} \\S+, )\\d+( bytes)");
    static final String CNI_MANIFEST = "apiVersion: v1\nkind: List\nitems: []\n";

    @TempDir
    static Path dir;

    static Stream<Combination> combinations() {
        return TestClusters.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void matchesGolden(Combination c) throws Exception {
        Path cni = Files.writeString(Files.createDirectories(dir.resolve("cni")).resolve("cni.yaml"), CNI_MANIFEST);
        // An absolute path: the renderer validates the cluster again against the working directory.
        Cluster cluster = withCni(TestClusters.cluster(c), new Cni(cni.toString()));
        Golden.check("plan/" + c.goldenName(), planText(cluster, c.goldenName()));
    }

    /** One master and no worker: nothing joins, so no checkpoint; without a CNI, no cni/apply either. */
    @Test
    void oneMasterWithoutWorkersOrCniMatchesGolden() throws Exception {
        Combination c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        Cluster full = TestClusters.cluster(c);
        Cluster single = full.withNodes(full.nodes().stream().filter(n -> n.name().equals("master0")).toList());
        Golden.check("plan/single-master-no-cni.txt", planText(single, "single-master-no-cni"));
    }

    @Test
    void onlyTheSizesOfPkiFilesAreMasked() {
        String line = "       - upload /etc/kubernetes/pki/ca.key (0600 root:root, 1704 bytes, secret)\n"
                + "       - upload /etc/kubeha/kubeadm.yaml (0600 root:root, 1234 bytes, secret)\n";
        assertThat(masked(line)).isEqualTo("       - upload /etc/kubernetes/pki/ca.key (0600 root:root, <size> bytes, secret)\n"
                + "       - upload /etc/kubeha/kubeadm.yaml (0600 root:root, 1234 bytes, secret)\n");
    }

    /** What {@code kubeha plan FILE --format text} prints, in a workspace of its own. */
    private static String planText(Cluster cluster, String name) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name.replace(".txt", "")));
        Path file = run.resolve("cluster.json");
        ClusterFiles.write(cluster, file);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"plan", file.toString(), "--format", "text", "--workspace",
                run.resolve("ws").toString()}, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(Map.of()));
        assertThat(code).as(err.toString()).isZero();
        return masked(out.toString());
    }

    private static String masked(String planText) {
        return PKI_FILE_SIZE.matcher(planText).replaceAll("$1<size>$2");
    }

    private static Cluster withCni(Cluster c, Cni cni) {
        return new Cluster(c.apiVersion(), c.kind(), c.name(), c.kubernetesVersion(), c.ssh(), c.privateInterface(),
                c.nodes(), c.etcd(), c.loadBalancer(), c.networking(), c.pki(), cni, c.apiServer());
    }
}

package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubeha plan} on the example cluster, in every format. */
class PlanCommandTest {
    static final Path EXAMPLE = Path.of("src/examples/cluster.json");

    /** One workspace for the class: making the example's RSA PKI once is enough. */
    @TempDir
    static Path dir;
    static Path complete;

    record Run(int code, String out, String err) {
    }

    static Run kubeha(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(Map.of()));
        return new Run(code, out.toString(), err.toString());
    }

    /** The example with worker1's address written in, as a user who read the error would do. */
    @BeforeAll
    static void completeExample() throws Exception {
        String text = Files.readString(EXAMPLE);
        String withAddress = text.replace("\"host\": \"203.0.113.31\", \"roles\"",
                "\"host\": \"203.0.113.31\", \"privateAddress\": \"10.0.0.31\", \"roles\"");
        assertThat(withAddress).isNotEqualTo(text);
        complete = Files.writeString(dir.resolve("cluster.json"), withAddress);
    }

    static String workspace() {
        return dir.resolve("ws").toString();
    }

    @Test
    void theExampleNeedsWorker1sAddressWhichOnlyApplyCanDetect() {
        Run r = kubeha("plan", EXAMPLE.toString(), "--workspace", workspace());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubeha: no private address for node worker1 (nodes[7].privateAddress, interface"
                + " ens4): the kubeadm and etcd files name it. Set it in " + EXAMPLE + ", or let kubeha apply detect it"
                + " over SSH from the private interface\n");
    }

    @Test
    void aCniManifestBesideTheClusterFileIsFoundFromAnyWorkingDirectory() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("cni.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cni\n");
        Path file = Files.writeString(elsewhere.resolve("cluster.json"), Files.readString(complete)
                .replaceAll("\"manifest\": \"[^\"]+\"", "\"manifest\": \"cni.yaml\""));
        assertThat(Files.readString(file)).contains("\"manifest\": \"cni.yaml\"");

        Run r = kubeha("plan", file.toString(), "--workspace", workspace());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("upload /etc/kubeha/cni.yaml");
    }

    @Test
    void textGroupsTheTasksByNodeInTheOrderTheyCanRun() {
        Run r = kubeha("plan", complete.toString(), "--workspace", workspace());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Plan for cluster prod-eu1: 20 tasks on 8 nodes\n")
                .contains("\nnode etcd0\n", "\nnode worker1\n",
                        "master0/kubeadm-init — kubeadm init\n"
                                + "       after: master0/prepare (1), etcd/healthy (9), load-balancer/reachable (10)\n",
                        "       - upload /etc/kubernetes/pki/ca.key (0600 root:root, ",
                        "       - run kubeadm init --config /etc/kubeha/kubeadm.yaml\n",
                        "load-balancer/serves-api — add master0 10.0.0.20:6443, master1 10.0.0.21:6443, master2 10.0.0.22:6443"
                                + " to the load balancer lb.example.com:6443; it then serves the API server's /healthz\n"
                                + "       after: master0/kubeadm-init (11)\n"
                                + "       checkpoint: the operator's step; the window waits for their Continue once the check passes\n"
                                + "       - wait up to 10m for curl -fsSk --max-time 5 -o /dev/null https://lb.example.com:6443/healthz\n",
                        "fetch/admin-conf — fetch admin.conf into the workspace\n")
                // Never a key or a token, only sizes.
                .doesNotContain("PRIVATE KEY");
        assertThat(r.err()).startsWith("PKI in " + dir.resolve("ws").resolve("pki"));
        String token = token();
        assertThat(r.out()).doesNotContain(token.substring(7));
    }

    @Test
    void jsonIsTheWholePlanForScriptsAndAloneOnStdout() throws Exception {
        Run r = kubeha("plan", complete.toString(), "--workspace", workspace(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertThat(plan.get("cluster").asText()).isEqualTo("prod-eu1");
        assertThat(plan.get("tasks")).hasSize(20);
        JsonNode checkpoint = null;
        for (JsonNode task : plan.get("tasks")) {
            if (task.get("id").asText().equals("load-balancer/serves-api")) {
                checkpoint = task.get("checkpoint");
            }
        }
        assertThat(checkpoint).as("the checkpoint task").isNotNull();
        assertThat(checkpoint.toString()).isEqualTo("{\"endpoint\":\"lb.example.com:6443\",\"backends\":["
                + "{\"node\":\"master0\",\"address\":\"10.0.0.20:6443\"},{\"node\":\"master1\",\"address\":\"10.0.0.21:6443\"},"
                + "{\"node\":\"master2\",\"address\":\"10.0.0.22:6443\"}]}");
        assertThat(plan.get("tasks").get(plan.get("tasks").size() - 1).get("id").asText()).isEqualTo("fetch/admin-conf");
        assertThat(r.out()).doesNotContain(token().substring(7));
    }

    @Test
    void dotDrawsOneClusterPerNodeAndAnEdgePerDependency() {
        Run r = kubeha("plan", complete.toString(), "--workspace", workspace(), "--format", "dot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("digraph \"plan prod-eu1\" {\n")
                .contains("    label=\"worker1\";\n", "  \"etcd/healthy\" -> \"master0/kubeadm-init\";\n")
                .endsWith("}\n");
    }

    @Test
    void invalidClusterPrintsItsErrorsAndExitsOne() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), Files.readString(complete)
                .replace("\"10.0.0.30\"", "\"10.0.0.300\""));
        Run r = kubeha("plan", bad.toString(), "--workspace", workspace());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: nodes[6].privateAddress: 10.0.0.300 is not an IP address (hint: write four"
                + " numbers 0-255 without leading zeros)\nkubeha: " + bad + ": 1 error, 0 warnings: fix these first\n");
    }

    @Test
    void unreadableInputExitsTwo() {
        Run r = kubeha("plan", dir.resolve("missing.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kubeha: " + dir.resolve("missing.json") + ": no such file\n");
        assertThat(kubeha("plan", complete.toString(), "--format", "svg").code()).isEqualTo(2);
    }

    @Test
    void helpSaysThatThePkiIsMadeInTheWorkspace() {
        Run r = kubeha("plan", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("without connecting to any node", "PKI is made in the workspace");
    }

    private static String token() {
        try {
            return Files.readString(dir.resolve("ws").resolve("pki").resolve("bootstrap-token")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The reset's plan is made from cluster.json alone: no PKI, no workspace, no private address needed. */
    @Test
    void theResetPlanNeedsNoPkiAndNoAddress() {
        Path untouched = dir.resolve("ws-reset");

        Run r = kubeha("plan", EXAMPLE.toString(), "--operation", "reset", "--workspace", untouched.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("""
                note: order: the workers first (in parallel), then the control-plane nodes (in parallel), etcd last
                note: etcd: every member is stopped at once when no API server uses etcd any more; the cluster's data is\
                 deleted, so there is no quorum left to keep
                note: stays on the nodes: what prepare-node.sh installed (containerd and its images, kubeadm, kubelet,\
                 kubectl) and its kernel and sysctl settings
                """);
        assertThat(r.out()).startsWith("Plan for cluster prod-eu1: 8 tasks on 8 nodes\n\nnode worker0\n"
                        + "    1. worker0/reset — kubeadm reset, then the CNI configuration, interfaces and iptables rules it"
                        + " leaves, and kubeha's files\n")
                .contains("  %3d. master0/reset — kubeadm reset, then what it leaves, and kubeha's files\n".formatted(5)
                                + "       after: worker0/reset (1), worker1/reset (2)\n",
                        "    6. etcd0/reset-etcd — stop etcd (every member at once: no API server uses it any more) and delete"
                                + " its unit, data, binaries and certificates, and kubeha's files\n"
                                + "       after: master2/reset (3), master1/reset (4), master0/reset (5)\n"
                                + "       - run if [ -e /etc/systemd/system/etcd.service ]; then systemctl stop etcd &&"
                                + " systemctl disable etcd; fi\n")
                .doesNotContain("upload");
        assertThat(untouched).doesNotExist();

        Run json = kubeha("plan", EXAMPLE.toString(), "--operation", "reset", "--format", "json");
        assertThat(json.code()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"worker1/reset\"");
    }

    @Test
    void anUnknownOperationNamesTheChoices() {
        Run r = kubeha("plan", EXAMPLE.toString(), "--operation", "upgrade");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for option '--operation': upgrade is not one of install, add, reset, remove-node\n");
    }

    /** The removal's plan needs the install's PKI (the remaining masters' files are rendered from it). */
    @Test
    void theRemoveNodePlanNamesEveryTaskInOrderAndNeedsThePki() {
        assertThat(kubeha("plan", complete.toString(), "--workspace", workspace()).code()).isZero();

        Run r = kubeha("plan", complete.toString(), "--operation", "remove-node", "--nodes", "worker0,etcd2",
                "--workspace", workspace());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).endsWith("""
                note: every removed node is expected to answer over SSH; with --force, one that does not gets none of its\
                 own tasks (drain, reset) and the rest runs
                note: cluster.json is rewritten without etcd2, worker0 once every task succeeded
                """);
        assertThat(r.out()).startsWith("Plan for cluster prod-eu1: 10 tasks on 6 nodes\n")
                .contains("1. etcd/healthy-before — the etcd members that stay (etcd0, etcd1) are healthy: nothing changes"
                        + " otherwise\n", ". etcd2/remove-etcd-member — etcdctl member remove etcd2", ". worker0/drain — ",
                        ". master2/apiserver-etcd — kube-apiserver without etcd2 in --etcd-servers");
        assertThat(r.out().indexOf(". worker0/drain")).isLessThan(r.out().indexOf(". worker0/delete-node"));

        Run quorum = kubeha("plan", complete.toString(), "--operation", "remove-node", "--nodes", "etcd1,etcd2",
                "--workspace", workspace());
        assertThat(quorum.code()).isEqualTo(1);
        assertThat(quorum.err()).endsWith("use --force; nothing was changed\n");
        assertThat(kubeha("plan", complete.toString(), "--operation", "remove-node", "--nodes", "etcd1,etcd2", "--force",
                "--workspace", workspace()).code()).isZero();

        Path empty = dir.resolve("ws-empty");
        Run noPki = kubeha("plan", complete.toString(), "--operation", "remove-node", "--nodes", "worker0",
                "--workspace", empty.toString());
        assertThat(noPki.code()).isEqualTo(2);
        assertThat(noPki.err()).endsWith("kubeha: no PKI in " + empty.resolve("pki") + ": remove-node plans for a cluster"
                + " kubeha installed from this workspace; name the install's workspace with --workspace\n");

        Run misplaced = kubeha("plan", complete.toString(), "--nodes", "worker0", "--workspace", workspace());
        assertThat(misplaced.code()).isEqualTo(2);
        assertThat(misplaced.err()).startsWith("--nodes belongs to --operation add or remove-node, not install\n");
    }
}

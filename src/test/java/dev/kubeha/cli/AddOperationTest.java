package dev.kubeha.cli;

import static dev.kubeha.cli.PlanCommandTest.kubeha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.PlanCommandTest.Run;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.operation.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha plan|export FILE --operation add}: the plan that joins nodes of the cluster file
 * to the cluster installed without them, named with --nodes or told by the install's journal;
 * what it refuses, each in one line, and the bundle it writes.
 */
class AddOperationTest {
    @TempDir
    static Path dir;
    static Path file;
    static Path workspace;

    /** The example (8 nodes, dedicated etcd, an external load balancer) and a workspace with its PKI. */
    @BeforeAll
    static void workspaceWithPki() throws Exception {
        file = Files.writeString(dir.resolve("cluster.json"), Files.readString(PlanCommandTest.EXAMPLE)
                .replace("\"host\": \"203.0.113.31\", \"roles\"",
                        "\"host\": \"203.0.113.31\", \"privateAddress\": \"10.0.0.31\", \"roles\""));
        workspace = dir.resolve("ws");
        Run certs = kubeha("plan", file.toString(), "--workspace", workspace.toString());
        assertThat(certs.code()).as(certs.err()).isZero();
    }

    static Run add(String... more) {
        List<String> args = new ArrayList<>(List.of("plan", file.toString(), "--operation", "add", "--workspace",
                workspace.toString()));
        args.addAll(List.of(more));
        return kubeha(args.toArray(String[]::new));
    }

    static List<String> taskIds(String planText) {
        return planText.lines().filter(l -> l.matches(" *\\d+\\. \\S+ — .*")).map(l -> l.trim().split(" ")[1]).toList();
    }

    /** A journal of this cluster's install that records every node but {@code missing}. */
    static void journalWithout(Path ws, String... missing) throws Exception {
        List<String> without = List.of(missing);
        List<Journal.Entry> entries = new ArrayList<>();
        for (String id : List.of("etcd0/etcd", "etcd1/etcd", "etcd2/etcd", "master0/kubeadm-init", "master1/kubeadm-join",
                "master2/kubeadm-join", "worker0/kubeadm-join", "worker1/kubeadm-join")) {
            String node = id.substring(0, id.indexOf('/'));
            if (!without.contains(node)) {
                entries.add(new Journal.Entry(id, node, TaskState.SUCCEEDED, true, "d", "", "2026-12-01T10:00:00Z"));
            }
        }
        Workspace.at(ws).journal().save(new Journal.Snapshot(1, "prod-eu1", "2026-12-01T10:00:00Z", entries));
    }

    @Test
    void aWorkerNamedWithNodesIsPreparedAndJoinedAloneAfterTheTokenIsKnown() {
        Run r = add("--nodes", "worker1");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("kubeha: adding worker1 to cluster prod-eu1 as installed without it\n");
        assertThat(r.out()).startsWith("Plan for cluster prod-eu1: 6 tasks on 3 nodes\n");
        assertThat(taskIds(r.out())).containsExactlyInAnyOrder("bootstrap-token/known", "worker1/prepare",
                "worker1/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertThat(r.out()).contains("kubeadm token create --config /etc/kubeha/bootstrap-token.yaml")
                .doesNotContain("kubeadm init");
    }

    /** A master: the external load balancer's checkpoint names it alone, before its join. */
    @Test
    void aMasterNamedWithNodesGetsTheCheckpointThatNamesIt() {
        Run r = add("--nodes", "master2");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(taskIds(r.out())).containsExactlyInAnyOrder("bootstrap-token/known", "master2/prepare",
                "load-balancer/serves-api", "master2/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertThat(r.out()).contains("load-balancer/serves-api — add master2 10.0.0.22:6443 to the load balancer"
                + " lb.example.com:6443 (it forwards to master0, master1 already); it then serves the API server's /healthz\n");
    }

    @Test
    void withoutNodesTheInstallJournalTellsWhichAreNew() throws Exception {
        Path ws = dir.resolve("ws-journal");
        Files.createDirectories(ws);
        copyPki(ws);
        journalWithout(ws, "worker1");
        Run r = kubeha("plan", file.toString(), "--operation", "add", "--workspace", ws.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("kubeha: adding worker1 to cluster prod-eu1 as installed without it\n");

        Run installed = kubeha("plan", file.toString(), "--operation", "add", "--nodes", "worker0,worker1", "--workspace",
                ws.toString());
        assertThat(installed.code()).isEqualTo(2);
        assertThat(installed.out()).isEmpty();
        assertThat(installed.err()).endsWith("kubeha: node worker0 is installed already: " + ws.resolve("journal.json")
                + " records it; --nodes names the nodes to add\n");

        journalWithout(ws);
        Run nothing = kubeha("plan", file.toString(), "--operation", "add", "--workspace", ws.toString());
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).endsWith("kubeha: nothing to add: " + ws.resolve("journal.json") + " records every node"
                + " of " + file + " installed; add the new nodes to the file first\n");
    }

    @Test
    void badNodesAreOneLineEachAndPrintNoPlan() {
        Run none = add();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).endsWith("kubeha: --operation add needs --nodes NODE[,NODE...]: " + workspace + " holds no"
                + " install journal of cluster prod-eu1 to tell which nodes of " + file + " are new (a cluster installed"
                + " from a bundle, or from another workspace)\n");

        Run unknown = add("--nodes", "worker9");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).endsWith("kubeha: no node named worker9 in prod-eu1 (its nodes: etcd0, etcd1, etcd2,"
                + " master0, master1, master2, worker0, worker1): add it to the cluster file first\n");

        Run first = add("--nodes", "master0");
        assertThat(first.code()).isEqualTo(2);
        assertThat(first.err()).endsWith("kubeha: master0 cannot be added: it is the first control-plane node of prod-eu1,"
                + " where kubeadm init made the cluster\n");

        Run etcd = add("--nodes", "etcd0,etcd1,etcd2");
        assertThat(etcd.code()).isEqualTo(2);
        assertThat(etcd.err()).endsWith("kubeha: etcd0, etcd1, etcd2 cannot all be added: they are every etcd member of"
                + " prod-eu1, and the cluster that runs has its etcd\n");

        Run twice = add("--nodes", "worker1,worker1");
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).endsWith("kubeha: worker1 is named twice\n");

        Run force = add("--nodes", "worker1", "--force");
        assertThat(force.code()).isEqualTo(2);
        assertThat(force.err()).startsWith("--force belongs to --operation remove-node, not add\n");

        Path empty = dir.resolve("ws-empty");
        Run noPki = kubeha("plan", file.toString(), "--operation", "add", "--nodes", "worker1", "--workspace", empty.toString());
        assertThat(noPki.code()).isEqualTo(2);
        assertThat(noPki.err()).endsWith("kubeha: no PKI in " + empty.resolve("pki") + ": --operation add plans for a"
                + " cluster kubeha installed from this workspace; name the install's workspace with --workspace\n");
        assertThat(empty.resolve("pki/ca.crt")).doesNotExist();
    }

    /** The add bundle: scripts for the nodes that have something to do, a runbook that says what it adds. */
    @Test
    void exportWritesTheAddBundleWithItsRunbook() throws Exception {
        Path bundle = dir.resolve("add-bundle");
        Run r = kubeha("export", file.toString(), "--operation", "add", "--nodes", "worker1", "--workspace",
                workspace.toString(), "--out", bundle.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + bundle + " (dir): adding worker1 to cluster prod-eu1, 3 nodes, 6 tasks, ");
        try (Stream<Path> nodes = Files.list(bundle.resolve("nodes"))) {
            assertThat(nodes.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("master0", "worker1", "etcd0");
        }
        String runbook = Files.readString(bundle.resolve("RUNBOOK.md"));
        assertThat(runbook).startsWith("# Runbook: adding worker1 to prod-eu1\n\nThe cluster runs already, with every node"
                + " of `cluster.json` but worker1. This bundle joins it; a node that runs already does only what the new"
                + " nodes change for it (a load balancer's backends, the bootstrap token the joins use). kubeadm init does"
                + " not run.\n");
        assertThat(Files.readString(bundle.resolve("nodes/master0/install.sh"))).doesNotContain("kubeadm init --config");
        for (String node : List.of("master0", "worker1", "etcd0")) {
            Process bash = new ProcessBuilder("bash", "-n", bundle.resolve("nodes/" + node + "/install.sh").toString())
                    .redirectErrorStream(true).start();
            String said = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as(node + ": " + said).isZero();
        }
    }

    private static void copyPki(Path ws) throws Exception {
        Path from = workspace.resolve("pki");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path to = ws.resolve("pki").resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    /**
     * An added dedicated etcd member joins the etcd that runs: behind the gate on etcd0, an
     * idempotent etcdctl member add, its own task (initial-cluster-state=existing); the members
     * there are not restarted; then every master's API server names it, one at a time.
     */
    @Test
    void anAddedEtcdMemberJoinsTheRunningEtcdAndTheApiServersNameIt() {
        Run r = add("--nodes", "etcd2");

        assertThat(r.code()).as(r.err()).isZero();
        // The text lists the tasks node by node (etcd0's, etcd2's, then the masters').
        assertThat(taskIds(r.out())).as(r.out()).containsExactlyInAnyOrder("etcd2/etcd-quorum", "etcd2/etcd-member-add", "etcd2/etcd",
                "etcd/healthy", "master0/apiserver-etcd", "master1/apiserver-etcd", "master2/apiserver-etcd", "verify/cluster",
                "verify/etcd", "fetch/admin-conf");
        assertThat(r.out()).contains("etcdctl member add etcd2 --peer-urls=https://10.0.0.12:2380 (unless the member list has it)",
                "etcd member, joining the running cluster (initial-cluster-state=existing)", "    3. etcd2/etcd — ",
                "       after: etcd2/etcd-member-add (2)", "    5. master0/apiserver-etcd — ", "       after: etcd/healthy (4)");
    }
}

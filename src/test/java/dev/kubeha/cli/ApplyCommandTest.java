package dev.kubeha.cli;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha apply} through {@link Cli#run}, against two embedded SSH servers playing master0 and
 * worker0 (stacked etcd, external load balancer): the real PKI, files and plan, scripted answers.
 */
@Timeout(60)
class ApplyCommandTest {
    static final String SUDO_PASSWORD = TwoNodeCluster.SUDO_PASSWORD;

    @TempDir
    Path dir;
    Path workspace;
    TwoNodeCluster nodes;
    EmbeddedNode master0;
    EmbeddedNode worker0;
    /** worker0's kubeadm join fails while this is set. */
    AtomicBoolean joinFails;

    record Run(int code, String out, String err) {
        String lastErrorLine() {
            List<String> lines = err.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    @BeforeEach
    void startNodes() throws Exception {
        workspace = dir.resolve("ws");
        nodes = TwoNodeCluster.start(dir);
        master0 = nodes.master0;
        worker0 = nodes.worker0;
        joinFails = nodes.joinFails;
    }

    @AfterEach
    void stopNodes() throws Exception {
        nodes.close();
    }

    /** The cluster file; worker0's private address is left to detection unless {@code workerAddress}. */
    Path cluster(boolean workerAddress) throws Exception {
        return nodes.clusterFile(workerAddress);
    }

    Run apply(Terminal terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("apply"));
        all.addAll(List.of(args));
        all.addAll(List.of("--workspace", workspace.toString()));
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), terminal);
        return new Run(code, out.toString(), err.toString());
    }

    Run apply(String... args) {
        return apply(Terminal.nonInteractive(Map.of(RunSecrets.SUDO_PASSWORD, SUDO_PASSWORD)), args);
    }

    String token() throws IOException {
        return Files.readString(workspace.resolve("pki/bootstrap-token")).trim();
    }

    Path onlyLog() throws IOException {
        try (Stream<Path> logs = Files.list(workspace.resolve("logs"))) {
            List<Path> all = logs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** A reset or a removal that stopped half-way: apply refuses before any node is reached, and says what to finish. */
    @Test
    void anUnfinishedResetOrRemovalIsFinishedFirst() throws Exception {
        Path file = cluster(true);
        Files.createDirectories(workspace);
        Files.writeString(workspace.resolve("reset-journal.json"), "{}");

        Run reset = apply(file.toString(), "--yes", "--accept-new-host-keys");

        assertThat(reset.code()).as(reset.out() + reset.err()).isEqualTo(2);
        assertThat(reset.lastErrorLine()).isEqualTo("kubeha: a reset of cluster lab is under way in " + workspace
                + " (reset-journal.json): finish it first with kubeha reset " + file + " --resume; apply installs again"
                + " once every node is reset");
        Files.delete(workspace.resolve("reset-journal.json"));
        Files.writeString(workspace.resolve("remove-node-journal.json"), "{}");

        Run removal = apply(file.toString(), "--yes", "--accept-new-host-keys");

        assertThat(removal.code()).isEqualTo(2);
        assertThat(removal.lastErrorLine()).isEqualTo("kubeha: a removal of nodes from cluster lab is under way in "
                + workspace + " (remove-node-journal.json): finish it first with kubeha remove-node " + file
                + " and the same nodes; apply would join them again");
        assertThat(master0.commands()).isEmpty();
        assertThat(worker0.commands()).isEmpty();
    }

    /** etcd run by systemd with no tarball kubeha may trust: stopped before any node is reached. */
    @Test
    void anEtcdTarballThatCannotBeHadStopsBeforeAnyNodeIsReached() throws Exception {
        Path file = Files.writeString(dir.resolve("systemd.json"), Files.readString(cluster(true))
                .replace("\"runtime\": \"static-pod\"", "\"runtime\": \"systemd\", \"version\": \"3.7.0\""));

        Run r = apply(file.toString(), "--yes", "--accept-new-host-keys");

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.lastErrorLine()).isEqualTo("kubeha: etcd is run by systemd on master0, but kubeha knows no published"
                + " sha256 of etcd v3.7.0's release tarball, so it does not download it: put etcd-v3.7.0-linux-<arch>.tar.gz"
                + " in a directory and give --include-packages DIR, or give --etcd-sha256 with its sha256 from etcd v3.7.0's"
                + " SHA256SUMS; or set etcd.version to one kubeha knows (3.6.6, 3.6.8)");
        assertThat(master0.commands()).isEmpty();
        assertThat(workspace.resolve("journal.json")).doesNotExist();

        // A dry run says the same as a warning and shows the plan.
        Run dry = apply(file.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.err()).contains("kubeha: warning: apply would stop here: kubeha knows no published sha256 of etcd v3.7.0's");
        assertThat(dry.out()).contains("etcd 3.7.0 for master0 (run by systemd): apply first uploads"
                + " etcd-v3.7.0-linux-<arch>.tar.gz from this machine to /var/lib/kubeha/packages and runs install-etcd.sh"
                + " with it and its sha256\n");
    }

    @Test
    void installsDetectsTheMissingAddressAndFetchesAdminConf() throws Exception {
        Path file = cluster(false);

        Run r = apply(file.toString(), "--yes", "--accept-new-host-keys");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("detecting the private address of worker0 over SSH\n", "  worker0: 10.0.0.30 on eth1\n",
                "accepted the new host key of node master0 (kube@127.0.0.1:" + master0.port() + "): ecdsa-sha2-nistp256 "
                        + master0.hostKeyFingerprint() + "\n",
                "Cluster lab (Kubernetes v1.37.1) on 2 nodes:\n",
                "Plan: 9 tasks; critical path 7 tasks: master0/prepare -> load-balancer/reachable -> master0/kubeadm-init"
                        + " -> cni/apply -> worker0/kubeadm-join -> verify/cluster -> fetch/admin-conf\n",
                "] worker0  prepare                   running\n",
                "] master0  load-balancer/serves-api  running\n"
                        + "    add master0 10.0.0.20:6443 to the load balancer lb.example.com:6443; waiting until it serves"
                        + " /healthz from master0\n",
                "[9/9] master0  fetch/admin-conf          succeeded\n",
                "Cluster lab is installed: 9 tasks succeeded in ",
                "admin.conf: " + workspace.resolve("admin.conf") + " (0600, keep it private: it is cluster-admin)\n"
                        + "  kubectl --kubeconfig " + workspace.resolve("admin.conf") + " get nodes\n");
        // The detected address went into worker0's kubeadm configuration.
        assertThat(Files.readString(worker0.file("/etc/kubeha/kubeadm.yaml"))).contains("10.0.0.30");
        Path admin = workspace.resolve("admin.conf");
        assertThat(Files.readString(admin)).isEqualTo("kind: Config\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(admin))).isEqualTo("rw-------");
        // One connection for detection, one for the look at what is there, one for the run; master0 no detection.
        assertThat(worker0.sessions()).isEqualTo(3);
        assertThat(master0.sessions()).isEqualTo(2);
        assertThat(master0.count("^kubeadm init --config /etc/kubeha/kubeadm.yaml$")).isEqualTo(1);

        Path log = onlyLog();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        String text = Files.readString(log);
        assertThat(text).contains("master0 master0/kubeadm-init stdout| kubeadm join lb.example.com:6443 --token ",
                "<redacted>", "Cluster lab is installed", "accepted the new host key of node master0 (", "accepted the new host key of node worker0 (");
        assertThat(text).doesNotContain(token(), token().substring(7), SUDO_PASSWORD);
        assertThat(r.out() + r.err()).doesNotContain(token().substring(7), SUDO_PASSWORD);
        Journal.Snapshot journal = Workspace.at(workspace).journal().load().orElseThrow();
        assertThat(journal.tasks()).allSatisfy(e -> assertThat(e.state()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(Files.readString(workspace.resolve("journal.json"))).doesNotContain(SUDO_PASSWORD, token().substring(7));
    }

    @Test
    void aFailedJoinSkipsWhatNeedsItAndResumeFinishesTheRun() throws Exception {
        Path file = cluster(true);
        joinFails.set(true);

        Run failed = apply(file.toString(), "--yes", "--accept-new-host-keys");

        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out()).contains("] worker0  kubeadm-join              failed\n");
        assertThat(failed.err()).contains("failed:    worker0/kubeadm-join: worker0/kubeadm-join step 2/2 (run kubeadm join"
                        + " --config /etc/kubeha/kubeadm.yaml) on node worker0 exited with code 1; see its output on node"
                        + " worker0, fix the cause, then run again with --resume\n",
                "skipped:   verify/cluster, fetch/admin-conf (they need a task that failed)\n",
                "Log: " + workspace.resolve("logs"));
        assertThat(failed.lastErrorLine()).isEqualTo("kubeha: 1 task failed (worker0/kubeadm-join), 2 skipped: fix the"
                + " cause on node worker0 (see the log), then run kubeha apply " + file + " --resume");
        assertThat(Files.readString(onlyLog())).contains("worker0 worker0/kubeadm-join stdout| error execution phase"
                + " preflight: port 10250 is in use");
        assertThat(workspace.resolve("admin.conf")).doesNotExist();

        Run again = apply(file.toString(), "--yes");
        assertThat(again.code()).isEqualTo(2);
        Path journal = workspace.resolve("journal.json");
        assertThat(again.lastErrorLine()).isEqualTo("kubeha: " + journal + " holds an unfinished run of cluster lab"
                + " (6 of 9 tasks succeeded): continue it with kubeha apply " + file + " --resume, or remove " + journal
                + " to start over");

        joinFails.set(false);
        Run resumed = apply(file.toString(), "--yes", "--resume");

        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        // kubeadm init's token may have expired since: master0 makes sure the cluster knows it before the join.
        assertThat(resumed.out()).contains("resuming: 6 of 10 tasks were done in an earlier run\n",
                "] master0  bootstrap-token/known     succeeded\n",
                "] worker0  kubeadm-join              succeeded\n", "Cluster lab is installed");
        assertThat(master0.count("^\\{ kubeadm token list")).isEqualTo(1);
        assertThat(Files.readString(workspace.resolve("admin.conf"))).isEqualTo("kind: Config\n");
        // Nothing that had succeeded ran again; the failed join ran once more, after its probe said not done.
        assertThat(master0.count("^kubeadm init")).isEqualTo(1);
        assertThat(master0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        assertThat(worker0.count("^kubeadm join")).isEqualTo(2);
    }

    /**
     * A second apply on the installed cluster: it looks at the nodes, finds every node as the file
     * describes, runs only the verification and says so; kubeadm init and join ran once. A
     * --resume of the finished journal verifies the same way, and a dry run shows that plan.
     */
    @Test
    void applyAgainOnTheInstalledClusterChangesNothingAndVerifies() throws Exception {
        Path file = cluster(true);
        Run first = apply(file.toString(), "--yes", "--accept-new-host-keys");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        String waitReady = "^kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for=condition=Ready nodes --all";
        assertThat(master0.count(waitReady)).isEqualTo(1);

        Run again = apply(file.toString(), "--yes");

        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("cluster lab is installed: the plan holds only what differs from " + file
                        + ", then the verification\n",
                "  on the nodes: kubectl get nodes on master0 lists no node\n",
                "Plan: 2 tasks;",
                "[1/2] master0  verify/cluster    succeeded\n",
                "nothing to change: 2 nodes as described (verified in ");
        assertThat(again.out()).doesNotContain("Install now?", "resuming:");
        assertThat(master0.count("^kubeadm init")).isEqualTo(1);
        assertThat(master0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        assertThat(worker0.count("^kubeadm join")).isEqualTo(1);
        assertThat(worker0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        assertThat(master0.count(waitReady)).isEqualTo(2);
        // The journal still knows the installation's tasks, and says the cluster is installed.
        Journal.Snapshot journal = Workspace.at(workspace).journal().load().orElseThrow();
        assertThat(journal.tasks()).hasSize(9).allSatisfy(e -> assertThat(e.state()).isEqualTo(TaskState.SUCCEEDED));

        Run resumed = apply(file.toString(), "--yes", "--resume");

        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("nothing to change: 2 nodes as described (verified in ");
        assertThat(master0.count(waitReady)).isEqualTo(3);
        assertThat(master0.count("^kubeadm init")).isEqualTo(1);

        Run dry = apply(file.toString(), "--dry-run");

        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("cluster lab is installed: the plan holds only what differs from " + file
                        + " as the journal " + workspace.resolve("journal.json") + " tells (apply also looks at the nodes),"
                        + " then the verification\n",
                "Dry run: 2 tasks on 1 nodes, ")
                .doesNotContain("kubeadm init", "kubeadm join");
    }

    /**
     * worker0 was reset after the install (its kubelet.conf is gone): the next apply joins it
     * again, after master0 made sure the cluster knows the bootstrap token (masked everywhere);
     * kubeadm init does not run again, nothing else of the installation does.
     */
    @Test
    void aNodeWithoutKubeletConfJoinsAgainOnTheNextApplyAndNothingElseRuns() throws Exception {
        Path file = cluster(true);
        Run first = apply(file.toString(), "--yes", "--accept-new-host-keys");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        Files.delete(worker0.file("/etc/kubernetes/kubelet.conf"));

        Run again = apply(file.toString(), "--yes");

        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Plan: 4 tasks;", "[1/4] master0  bootstrap-token/known  succeeded\n",
                "[2/4] worker0  kubeadm-join           succeeded\n",
                "Cluster lab is as described: 4 tasks succeeded in ");
        assertThat(master0.count("^kubeadm init")).isEqualTo(1);
        assertThat(master0.count("^\\{ kubeadm token list \\| grep -q '\\^" + token().substring(0, 6) + "\\\\\\.'; \\} \\|\\|"
                + " kubeadm token create " + token() + " --ttl 24h0m0s --description 'kubeha: joins the nodes of lab'$"))
                .isEqualTo(1);
        assertThat(worker0.count("^kubeadm join")).isEqualTo(2);
        assertThat(worker0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        String logs;
        try (Stream<Path> all = Files.list(workspace.resolve("logs"))) {
            StringBuilder text = new StringBuilder();
            for (Path log : all.toList()) {
                text.append(Files.readString(log));
            }
            logs = text.toString();
        }
        assertThat(logs + again.out() + again.err()).doesNotContain(token().substring(7));
    }

    @Test
    void anUnknownHostKeyWithoutTheFlagAndWithoutATerminalIsRefused() throws Exception {
        Path file = cluster(true);

        Run r = apply(file.toString(), "--yes");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lastErrorLine()).startsWith("kubeha: unknown host keys were not accepted (no terminal to ask): ")
                .contains("node master0 (kube@127.0.0.1:" + master0.port() + "): ecdsa-sha2-nistp256 "
                        + master0.hostKeyFingerprint(), "node worker0 (kube@127.0.0.1:" + worker0.port() + "): ecdsa-sha2-nistp256 "
                        + worker0.hostKeyFingerprint())
                .endsWith(". Compare with ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the nodes, then run again with"
                        + " --accept-new-host-keys");
        assertThat(master0.commands()).isEmpty();
        assertThat(workspace.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void aDryRunConnectsToNoNodeAndPrintsEveryStep() throws Exception {
        Path file = cluster(true);

        Run r = apply(file.toString(), "--dry-run");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(master0.sessions()).isZero();
        assertThat(worker0.sessions()).isZero();
        assertThat(r.out()).contains("Dry run: nothing was sent to any node; this is what would be, node by node:\n",
                "\nnode master0\n  upload /etc/kubeha/prepare-node.sh (0755 root:root, ",
                "  upload /etc/kubernetes/pki/ca.key (0600 root:root, ",
                "  run as root: kubeadm init --config /etc/kubeha/kubeadm.yaml\n",
                "  fetch /etc/kubernetes/admin.conf\n",
                "\nnode worker0\n",
                "Dry run: 9 tasks on 2 nodes, ");
        assertThat(r.out()).doesNotContain(token().substring(7));
        assertThat(workspace.resolve("journal.json")).doesNotExist();
        assertThat(workspace.resolve("admin.conf")).doesNotExist();
        assertThat(workspace.resolve("logs")).doesNotExist();
    }

    @Test
    void aDryRunCannotDetectAddressesAndSaysWhichNodeNeedsOne() throws Exception {
        Path file = cluster(false);

        Run r = apply(file.toString(), "--dry-run");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lastErrorLine()).isEqualTo("kubeha: no private address for node worker0 (nodes[1].privateAddress,"
                + " interface eth1): the kubeadm and etcd files name it. Set it in " + file + ", or let kubeha apply detect"
                + " it over SSH from the private interface");
        assertThat(worker0.sessions()).isZero();
    }

    @Test
    void withoutATerminalItNeedsYes() throws Exception {
        Path file = cluster(true);

        Run r = apply(file.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.lastErrorLine()).isEqualTo("kubeha: apply changes the 2 nodes of cluster lab and asks before it"
                + " starts, but there is no terminal to ask: run it in a terminal, or pass --yes");
        assertThat(master0.sessions() + worker0.sessions()).isZero();
        assertThat(workspace.resolve("pki")).doesNotExist();
    }

    @Test
    void inATerminalItAsksAboutHostKeysAndBeforeItStarts() throws Exception {
        Path file = cluster(false);
        ScriptedTerminal terminal = new ScriptedTerminal(List.of(SUDO_PASSWORD, "yes", "yes", "n"));

        Run r = apply(terminal, file.toString());

        assertThat(r.code()).isEqualTo(1);
        // Every question before the start: worker0's key for the detection, master0's for the look at what is there.
        assertThat(terminal.prompts).containsExactly(
                "sudo password on the nodes (empty for passwordless sudo): ",
                "The host key of node worker0 (kube@127.0.0.1:" + worker0.port() + ") is not known yet: ecdsa-sha2-nistp256 "
                        + worker0.hostKeyFingerprint() + ". Trust it and record it in the workspace's known_hosts? [y/N] ",
                "The host key of node master0 (kube@127.0.0.1:" + master0.port() + ") is not known yet: ecdsa-sha2-nistp256 "
                        + master0.hostKeyFingerprint() + ". Trust it and record it in the workspace's known_hosts? [y/N] ",
                "Install now? [y/N] ");
        assertThat(r.out()).contains("  worker0: 10.0.0.30 on eth1\n", "Plan: 9 tasks;");
        assertThat(r.lastErrorLine()).isEqualTo("kubeha: stopped before the first task; no node was changed");
        // Before the answer, only questions that change nothing.
        assertThat(master0.commands()).containsExactly("test -e /etc/kubernetes/kubelet.conf",
                "systemctl is-active --quiet kubelet", "test -e /etc/kubernetes/admin.conf",
                "kubectl --kubeconfig=/etc/kubernetes/admin.conf get nodes -o name --request-timeout=10s");
        assertThat(worker0.commands()).containsExactly("ip -o -4 addr show dev eth1", "test -e /etc/kubernetes/kubelet.conf",
                "systemctl is-active --quiet kubelet");
        assertThat(Files.readString(workspace.resolve("known_hosts"))).contains("ecdsa-sha2-nistp256");
    }

    /** A console that answers from a list and records each question. */
    static final class ScriptedTerminal implements Terminal {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(List<String> answers) {
            this.answers = new ArrayDeque<>(answers);
        }

        @Override
        public Optional<String> variable(String name) {
            return Optional.empty();
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public synchronized String readLine(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }

        @Override
        public synchronized char[] readPassword(String prompt) {
            prompts.add(prompt);
            String answer = answers.poll();
            return answer == null ? null : answer.toCharArray();
        }
    }
}

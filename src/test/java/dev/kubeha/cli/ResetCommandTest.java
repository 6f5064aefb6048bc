package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha reset} through {@link Cli#run}, against the two embedded SSH nodes of {@link
 * TwoNodeCluster} (master0 with stacked etcd, worker0) installed first with {@code kubeha apply}:
 * exact output and exit codes, the order of the nodes, the workspace afterwards, a reset that
 * fails on a node and continues when run again, and the bad input that changes nothing.
 */
@Timeout(60)
class ResetCommandTest {
    static final String KUBEADM_RESET = "if command -v kubeadm >/dev/null 2>&1; then kubeadm reset --force --cleanup-tmp-dir"
            + " --cri-socket unix:///var/run/containerd/containerd.sock; else echo 'kubeadm is not installed: nothing of"
            + " kubeadm to reset'; fi";

    /** What validate says of the two-node cluster, first on the error stream of every command. */
    static final String HA_WARNING = "warning: nodes: 1 control-plane node is not highly available (hint: use 3"
            + " control-plane nodes so that one can fail)\n";

    @TempDir
    Path dir;
    Path workspace;
    TwoNodeCluster nodes;
    EmbeddedNode master0;
    EmbeddedNode worker0;

    record Run(int code, String out, String err) {
        String lastErrorLine() {
            List<String> lines = err.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        String all() {
            return out + "\n" + err;
        }
    }

    @BeforeEach
    void startNodes() throws Exception {
        workspace = dir.resolve("ws");
        nodes = TwoNodeCluster.start(dir);
        master0 = nodes.master0;
        worker0 = nodes.worker0;
    }

    @AfterEach
    void stopNodes() throws Exception {
        nodes.close();
    }

    Run kubeha(Terminal terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", workspace.toString()));
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), terminal);
        return new Run(code, out.toString(), err.toString());
    }

    Run kubeha(String... args) {
        return kubeha(Terminal.nonInteractive(Map.of(RunSecrets.SUDO_PASSWORD, TwoNodeCluster.SUDO_PASSWORD)), args);
    }

    Path installed() throws Exception {
        Path file = nodes.clusterFile(true);
        Run install = kubeha("apply", file.toString(), "--yes", "--accept-new-host-keys");
        assertThat(install.code()).as(install.all()).isZero();
        return file;
    }

    List<String> archive() throws IOException {
        try (Stream<Path> files = Files.list(workspace.resolve("archive"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void resetsTheWorkerFirstThenTheMasterArchivesTheJournalsAndKeepsThePki() throws Exception {
        Path file = installed();
        int masterBefore = master0.commands().size();
        int workerBefore = worker0.commands().size();

        Run r = kubeha("reset", file.toString(), "--yes");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).startsWith("""
                Reset cluster lab: its 2 nodes go back to before kubeha, and what runs on them is deleted:
                  master0  127.0.0.1  control-plane
                  worker0  127.0.0.1  worker
                  order: the workers first (in parallel), then the control-plane nodes (one at a time, master0 last)
                  etcd: kubeadm reset on each control-plane node removes its own stacked etcd member first, so the members\
                 left keep quorum until the last one goes; the data of each is deleted
                  stays on the nodes: what prepare-node.sh installed (containerd and its images, kubeadm, kubelet,\
                 kubectl) and its kernel and sysctl settings
                Plan: 2 tasks (kubeha plan %s --operation reset shows every step)
                Workspace: %s: the journal goes to %s, the PKI stays (--forget-pki deletes it); %s is not changed
                """.formatted(file, workspace, workspace.resolve("archive"), file));
        String progress = r.out();
        assertThat(progress.indexOf("] worker0  reset  succeeded")).as(progress)
                .isPositive().isLessThan(progress.indexOf("] master0  reset  running"));
        assertThat(r.out()).contains("Cluster lab is reset: 2 tasks succeeded in ", "The install's journal: "
                + workspace.resolve("archive"), "PKI kept in " + workspace.resolve("pki") + ": the next kubeha apply " + file
                + " installs the cluster again with it\n");
        assertThat(worker0.commands().subList(workerBefore, worker0.commands().size())).contains(KUBEADM_RESET,
                "rm -rf --one-file-system /etc/kubernetes /var/lib/kubelet", "rm -rf /etc/kubeha /var/lib/kubeha");
        assertThat(master0.commands().subList(masterBefore, master0.commands().size())).contains(KUBEADM_RESET,
                "rm -rf /var/lib/etcd", "rm -rf /etc/kubeha /var/lib/kubeha");

        assertThat(workspace.resolve("journal.json")).doesNotExist();
        assertThat(workspace.resolve("reset-journal.json")).doesNotExist();
        assertThat(workspace.resolve("admin.conf")).doesNotExist();
        assertThat(workspace.resolve("pki/ca.crt")).exists();
        assertThat(archive()).hasSize(2).satisfiesExactly(
                install -> assertThat(install).matches("journal-\\d{8}-\\d{6}\\.json"),
                reset -> assertThat(reset).matches("journal-\\d{8}-\\d{6}\\.reset\\.json"));
        assertThat(file).exists();

        // Reset again: nothing left to reset, nothing reached.
        int sessions = master0.sessions() + worker0.sessions();
        Run again = kubeha("reset", file.toString(), "--yes");
        assertThat(again.code()).as(again.all()).isEqualTo(2);
        assertThat(again.err()).isEqualTo(HA_WARNING + "kubeha: cluster lab was reset already (" + workspace.resolve("archive")
                .resolve(archive().get(1)) + ") and not installed again since: nothing to reset\n");
        assertThat(master0.sessions() + worker0.sessions()).isEqualTo(sessions);

        // The next apply installs afresh (the journal is archived), reusing the PKI.
        Run reinstall = kubeha("apply", file.toString(), "--yes", "--accept-new-host-keys");
        assertThat(reinstall.code()).as(reinstall.all()).isZero();
        assertThat(reinstall.err()).contains("PKI in " + workspace.resolve("pki") + ": reused, nothing to make");
    }

    /**
     * A worker that does not answer: refused before anything changes without --force; with it the
     * master is reset alone, the worker named as left as it is, and the reset ends (the install's
     * journal archived).
     */
    @Test
    void aDeadWorkerStopsTheResetBeforeAnythingChangesUnlessForceLeavesItOut() throws Exception {
        Path file = installed();
        worker0.close();
        int masterBefore = master0.commands().size();

        Run refused = kubeha("reset", file.toString(), "--yes");

        assertThat(refused.code()).as(refused.all()).isEqualTo(1);
        assertThat(refused.lastErrorLine()).startsWith("kubeha: node worker0 does not answer over SSH (")
                .endsWith("): nothing was changed; bring it back, or pass --force to reset the other nodes without it");
        assertThat(master0.commands()).hasSize(masterBefore);
        assertThat(workspace.resolve("journal.json")).exists();
        assertThat(workspace.resolve("reset-journal.json")).doesNotExist();

        Run forced = kubeha("reset", file.toString(), "--yes", "--force");

        assertThat(forced.code()).as(forced.all()).isZero();
        assertThat(forced.out()).contains("Note: worker0 does not answer over SSH (--force): nothing runs on it, so it keeps"
                + " what kubeha and kubeadm put there; before anything is installed on it again, reset it by hand (its"
                + " reset.sh from kubeha export --operation reset does what this reset would have)\n",
                "Cluster lab is reset: 1 task succeeded in ");
        assertThat(master0.commands().subList(masterBefore, master0.commands().size())).contains(KUBEADM_RESET);
        assertThat(workspace.resolve("journal.json")).doesNotExist();
        assertThat(workspace.resolve("reset-journal.json")).doesNotExist();
    }

    /** No node answers: nothing to reset, even with --force. */
    @Test
    void noNodeAnsweringIsRefusedEvenWithForce() throws Exception {
        Path file = installed();
        worker0.close();
        master0.close();

        Run r = kubeha("reset", file.toString(), "--yes", "--force");

        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("kubeha: node master0 does not answer over SSH (");
        assertThat(r.lastErrorLine()).startsWith("kubeha: node worker0 does not answer over SSH (")
                .endsWith("): no node of lab answers, nothing was changed");
        assertThat(workspace.resolve("journal.json")).exists();
    }

    @Test
    void forgetPkiDeletesThePkiOnceEveryNodeIsReset() throws Exception {
        Path file = installed();

        Run r = kubeha("reset", file.toString(), "--yes", "--forget-pki");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("the PKI is deleted once every node is reset;",
                "PKI deleted: the next kubeha apply makes new CAs\n");
        assertThat(workspace.resolve("pki")).doesNotExist();
    }

    @Test
    void aNodeThatFailsStopsWhatComesAfterItAndTheNextResetContinues() throws Exception {
        Path file = installed();
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        worker0.on("^if command -v kubeadm", stdout -> {
            if (!busy.get()) {
                return 0;
            }
            stdout.println("[reset] error: unmount /var/lib/kubelet/pods: device or resource busy");
            return 1;
        });
        int masterBefore = master0.commands().size();

        Run r = kubeha("reset", file.toString(), "--yes");

        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.lastErrorLine()).isEqualTo("kubeha: 1 task failed (worker0/reset), 1 skipped: fix the cause on node"
                + " worker0 (see the log), then run kubeha reset " + file + " --resume");
        assertThat(r.err()).contains("skipped:   master0/reset (they need a task that failed)");
        assertThat(master0.commands()).hasSize(masterBefore);
        assertThat(workspace.resolve("journal.json")).doesNotExist();
        assertThat(workspace.resolve("reset-journal.json")).exists();
        assertThat(archive()).singleElement().satisfies(f -> assertThat(f).matches("journal-\\d{8}-\\d{6}\\.json"));

        // Fixed: the next reset continues (no question about the install, which is archived).
        busy.set(false);
        Run resumed = kubeha("reset", file.toString(), "--yes", "--resume");
        assertThat(resumed.code()).as(resumed.all()).isZero();
        assertThat(resumed.out()).contains("Continuing the reset recorded in " + workspace.resolve("reset-journal.json")
                + ": 0 of 2 tasks succeeded\n", "Cluster lab is reset: 2 tasks succeeded in ");
        assertThat(resumed.out()).doesNotContain("The install's journal");
        assertThat(master0.commands().subList(masterBefore, master0.commands().size())).contains(KUBEADM_RESET);
        assertThat(archive()).hasSize(2);
    }

    @Test
    void inATerminalItNamesEveryNodeAndWantsTheClustersName() throws Exception {
        Path file = installed();
        int sessions = master0.sessions() + worker0.sessions();
        ApplyCommandTest.ScriptedTerminal terminal = new ApplyCommandTest.ScriptedTerminal(List.of("yes"));

        Run r = kubeha(terminal, "reset", file.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(terminal.prompts).containsExactly("Type the cluster's name (lab) to reset it: ");
        assertThat(r.out()).contains("  master0  127.0.0.1  control-plane\n", "  worker0  127.0.0.1  worker\n");
        assertThat(r.lastErrorLine()).isEqualTo("kubeha: stopped before the first task; no node was changed");
        assertThat(master0.sessions() + worker0.sessions()).isEqualTo(sessions);
        assertThat(workspace.resolve("journal.json")).exists();
        assertThat(workspace.resolve("archive")).doesNotExist();
    }

    @Test
    void withoutATerminalItNeedsYesAndTouchesNothing() throws Exception {
        Path file = nodes.clusterFile(true);

        Run r = kubeha("reset", file.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(HA_WARNING + "kubeha: reset deletes cluster lab from its 2 nodes and asks first, but"
                + " there is no terminal to ask: run it in a terminal, or pass --yes\n");
        assertThat(workspace).doesNotExist();
    }

    @Test
    void aWorkspaceThatNeverInstalledAnythingHasNothingToReset() throws Exception {
        Path file = nodes.clusterFile(true);

        Run r = kubeha("reset", file.toString(), "--yes");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(HA_WARNING + "kubeha: workspace " + workspace + " has no journal of cluster lab: nothing was"
                + " installed from it, so there is nothing to reset (name the install's workspace with --workspace)\n");
        assertThat(master0.sessions() + worker0.sessions()).isZero();
    }

    @Test
    void anUnknownFileIsBadInput() {
        Path missing = dir.resolve("nope.json");

        Run r = kubeha("reset", missing.toString(), "--yes");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubeha: " + missing + ": no such file\n");
        assertThat(workspace).doesNotExist();
    }

    @Test
    void aDryRunPrintsEveryNodesCommandsAndChangesNothing() throws Exception {
        Path file = installed();
        int sessions = master0.sessions() + worker0.sessions();

        Run r = kubeha("reset", file.toString(), "--dry-run");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Dry run: nothing was sent to any node; this is what would be, node by node:\n\nnode"
                + " worker0\n", "\nnode master0\n", "  run as root: " + KUBEADM_RESET + "\n", "  run as root: rm -rf /var/lib/etcd\n",
                "Dry run: 2 tasks on 2 nodes, 21 actions; all would run\n");
        assertThat(master0.sessions() + worker0.sessions()).isEqualTo(sessions);
        assertThat(workspace.resolve("journal.json")).exists();
        assertThat(workspace.resolve("archive")).doesNotExist();
        assertThat(workspace.resolve("reset-journal.json")).doesNotExist();
    }

    /** A reset that archived the install's journal and stopped before its first task wrote its own. */
    @Test
    void anInstallJournalArchivedByAResetThatNeverStartedIsStillReset() throws Exception {
        Path file = installed();
        Path archived = Files.createDirectories(workspace.resolve("archive")).resolve("journal-20261204-010000.json");
        Files.move(workspace.resolve("journal.json"), archived);

        Run r = kubeha("reset", file.toString(), "--yes");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Cluster lab is reset: 2 tasks succeeded in ").doesNotContain("The install's journal");
        assertThat(archive()).hasSize(2).contains("journal-20261204-010000.json");
    }
}

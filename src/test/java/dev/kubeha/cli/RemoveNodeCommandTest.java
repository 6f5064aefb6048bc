package dev.kubeha.cli;

import static dev.kubeha.cli.ResetCommandTest.HA_WARNING;
import static dev.kubeha.cli.ResetCommandTest.KUBEADM_RESET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.model.Node;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha remove-node} through {@link Cli#run}: the refusals that change nothing (exact
 * lines and exit codes, no workspace touched), and against the two embedded SSH nodes of {@link
 * TwoNodeCluster} installed first with {@code kubeha apply}: worker0 removed (drained, reset,
 * deleted, cluster.json rewritten), an unhealthy etcd refusing at run time, a dead worker refused
 * without --force and skipped with it, the dry run.
 */
@Timeout(90)
class RemoveNodeCommandTest {
    static final String KUBECTL = "kubectl --kubeconfig=/etc/kubernetes/admin.conf";
    static final String DRAIN = "found=$(" + KUBECTL + " get node worker0 --ignore-not-found -o name) || exit 1; if [ -n"
            + " \"$found\" ]; then " + KUBECTL + " cordon worker0 && " + KUBECTL + " drain worker0 --ignore-daemonsets"
            + " --delete-emptydir-data --timeout=300s; else echo worker0' is not a node of the cluster (any more):"
            + " nothing to drain'; fi";
    static final String DELETE = KUBECTL + " delete node worker0 --ignore-not-found";
    static final String HEALTH = KUBECTL + " -n kube-system exec etcd-master0 -- etcdctl --endpoints=https://10.0.0.20:2379"
            + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
            + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key --dial-timeout=5s --command-timeout=15s endpoint health";
    static final String NO_WORKER = "kubeha: warning: no worker is left: pods run only where the control-plane taint"
            + " allows them\n";

    @TempDir
    Path dir;
    Path workspace;
    TwoNodeCluster nodes;
    EmbeddedNode master0;
    EmbeddedNode worker0;

    record Run(int code, String out, String err) {
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

    Path dedicated() throws Exception {
        return Files.writeString(dir.resolve("prod.json"), ClusterFixtures.VALID);
    }

    @Test
    void badInputIsOneLineEachAndTouchesNothing() throws Exception {
        Path file = nodes.clusterFile(true);
        Path prod = dedicated();

        Run unknown = kubeha("remove-node", file.toString(), "worker9", "--yes");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo(HA_WARNING + "kubeha: no node named worker9 in lab (its nodes: master0, worker0);"
                + " nothing was changed\n");

        Run twice = kubeha("remove-node", file.toString(), "worker0", "worker9", "worker0", "--yes");
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).isEqualTo(HA_WARNING + "kubeha: no node named worker9 in lab (its nodes: master0, worker0)\n"
                + "kubeha: worker0 is named twice; nothing was changed\n");

        Run lastMaster = kubeha("remove-node", file.toString(), "master0", "--yes");
        assertThat(lastMaster.code()).isEqualTo(1);
        assertThat(lastMaster.err()).isEqualTo(HA_WARNING + "kubeha: master0 is the only control-plane node of lab: a cluster"
                + " needs one; add another control-plane node (apply) before removing it; nothing was changed\n");

        Run everyMember = kubeha("remove-node", prod.toString(), "etcd0", "etcd1", "etcd2", "--yes");
        assertThat(everyMember.code()).isEqualTo(1);
        assertThat(everyMember.err()).endsWith("kubeha: etcd0, etcd1 and etcd2 are every etcd member of prod-eu1: the"
                + " cluster's data would be gone; add members (apply) first, or take the whole cluster down with kubeha"
                + " reset; nothing was changed\n");

        Run quorum = kubeha("remove-node", prod.toString(), "etcd1", "etcd2", "--yes");
        assertThat(quorum.code()).isEqualTo(1);
        assertThat(quorum.err()).endsWith("kubeha: removing etcd1 and etcd2 leaves 1 of the 3 etcd members, fewer than the"
                + " 2 that keep quorum: while they are gone, one more failure loses the cluster's data; add a member"
                + " (apply) first, or use --force; nothing was changed\n");

        Run noTerminal = kubeha("remove-node", file.toString(), "worker0");
        assertThat(noTerminal.code()).isEqualTo(2);
        assertThat(noTerminal.err()).isEqualTo(HA_WARNING + NO_WORKER + "kubeha: remove-node takes worker0 out of cluster lab"
                + " and asks first, but there is no terminal to ask: run it in a terminal, or pass --yes\n");

        Run notInstalled = kubeha("remove-node", file.toString(), "worker0", "--yes");
        assertThat(notInstalled.code()).isEqualTo(2);
        assertThat(notInstalled.err()).isEqualTo(HA_WARNING + NO_WORKER + "kubeha: workspace " + workspace + " has no install"
                + " of cluster lab (no journal or no PKI): remove-node works on a cluster kubeha installed; name the"
                + " install's workspace with --workspace\n");

        assertThat(master0.sessions() + worker0.sessions()).isZero();
        assertThat(workspace.resolve("remove-node-journal.json")).doesNotExist();
        assertThat(ClusterFiles.read(file).cluster().nodes()).extracting(Node::name).containsExactly("master0", "worker0");
    }

    @Test
    void aWorkerIsDrainedResetDeletedAndTheClusterFileRewritten() throws Exception {
        Path file = installed();
        int masterBefore = master0.commands().size();
        int workerBefore = worker0.commands().size();

        Run r = kubeha("remove-node", file.toString(), "worker0", "--yes");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.err()).isEqualTo(HA_WARNING + NO_WORKER);
        assertThat(r.out()).startsWith("""
                Remove from cluster lab (2 nodes, 1 afterwards):
                  worker0  127.0.0.1  worker
                Note: every removed node is expected to answer over SSH; with --force, one that does not gets none of its\
                 own tasks (drain, reset) and the rest runs
                Note: cluster.json is rewritten without worker0 once every task succeeded
                Plan: 4 tasks (kubeha plan %s --operation remove-node --nodes worker0 shows every step)
                """.formatted(file));
        String progress = r.out();
        // Drained, then reset, then deleted.
        assertThat(progress.lastIndexOf("worker0/drain ")).as(progress).isPositive()
                .isLessThan(progress.indexOf("] worker0  reset "));
        assertThat(progress.lastIndexOf("] worker0  reset ")).isLessThan(progress.indexOf("worker0/delete-node "));
        assertThat(r.out()).contains("Removed worker0 from cluster lab: 4 tasks succeeded in ",
                file + " is rewritten without worker0 (as it was: " + workspace.resolve("archive"),
                "The removal's journal: " + workspace.resolve("archive"));
        List<String> onMaster = master0.commands().subList(masterBefore, master0.commands().size());
        assertThat(onMaster).containsSubsequence(HEALTH, DRAIN, DELETE);
        assertThat(worker0.commands().subList(workerBefore, worker0.commands().size())).contains(KUBEADM_RESET,
                "rm -rf /etc/kubeha /var/lib/kubeha");
        assertThat(ClusterFiles.read(file).cluster().nodes()).extracting(Node::name).containsExactly("master0");
        assertThat(workspace.resolve("remove-node-journal.json")).doesNotExist();
        assertThat(workspace.resolve("journal.json")).exists();

        // worker0 is gone from the file: removing it again is an unknown node.
        Run again = kubeha("remove-node", file.toString(), "worker0", "--yes");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).endsWith("kubeha: no node named worker0 in lab (its nodes: master0); nothing was changed\n");
    }

    @Test
    void anUnhealthyEtcdRefusesAtRunTimeAndNothingChanges() throws Exception {
        Path file = installed();
        master0.on("^" + java.util.regex.Pattern.quote(HEALTH), stdout -> {
            stdout.println("https://10.0.0.20:2379 is unhealthy: failed to commit proposal: context deadline exceeded");
            return 1;
        });
        int masterBefore = master0.commands().size();
        int workerBefore = worker0.commands().size();

        Run r = kubeha("remove-node", file.toString(), "worker0", "--yes");

        assertThat(r.code()).as(r.all()).isEqualTo(1);
        List<String> err = r.err().lines().toList();
        assertThat(err.get(err.size() - 1)).startsWith("kubeha: etcd is not healthy: etcd/healthy-before")
                .endsWith("); not removing anything");
        assertThat(master0.commands().subList(masterBefore, master0.commands().size())).containsExactly(HEALTH);
        assertThat(worker0.commands()).hasSize(workerBefore);
        assertThat(workspace.resolve("remove-node-journal.json")).doesNotExist();
        assertThat(ClusterFiles.read(file).cluster().nodes()).extracting(Node::name).containsExactly("master0", "worker0");
    }

    @Test
    void aDeadWorkerIsRefusedWithoutForceAndSkippedWithIt() throws Exception {
        Path file = installed();
        worker0.close();
        int masterBefore = master0.commands().size();

        Run refused = kubeha("remove-node", file.toString(), "worker0", "--yes");

        assertThat(refused.code()).as(refused.all()).isEqualTo(1);
        List<String> err = refused.err().lines().toList();
        assertThat(err.get(err.size() - 1)).startsWith("kubeha: node worker0 does not answer over SSH (")
                .endsWith("): nothing was changed; bring it back, or pass --force to remove it without resetting it");
        assertThat(master0.commands()).hasSize(masterBefore);

        Run forced = kubeha("remove-node", file.toString(), "worker0", "--yes", "--force");

        assertThat(forced.code()).as(forced.all()).isZero();
        assertThat(forced.out()).contains("Note: worker0 does not answer over SSH (--force): nothing runs on it (no drain,"
                + " no reset); its pods go with its node object; reset it by hand before it is started again, or it rejoins"
                + " with its old state\n", "Removed worker0 from cluster lab: 2 tasks succeeded in ");
        assertThat(master0.commands().subList(masterBefore, master0.commands().size())).containsExactly(HEALTH, DELETE);
        assertThat(ClusterFiles.read(file).cluster().nodes()).extracting(Node::name).containsExactly("master0");
    }

    @Test
    void aFailedResetStopsTheRemovalKeepsTheFileAndTheNextRunContinues() throws Exception {
        Path file = installed();
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        worker0.on("^if command -v kubeadm", stdout -> {
            if (!busy.get()) {
                return 0;
            }
            stdout.println("[reset] error: unmount /var/lib/kubelet/pods: device or resource busy");
            return 1;
        });

        Run r = kubeha("remove-node", file.toString(), "worker0", "--yes");

        assertThat(r.code()).as(r.all()).isEqualTo(1);
        List<String> err = r.err().lines().toList();
        assertThat(err.get(err.size() - 1)).isEqualTo("kubeha: 1 task failed (worker0/reset), 1 skipped: fix the cause on"
                + " node worker0 (see the log), then run kubeha remove-node " + file + " worker0 again: what succeeded is"
                + " not run again; " + file + " still names worker0");
        assertThat(r.err()).contains("skipped:   worker0/delete-node (they need a task that failed)");
        assertThat(master0.count("^" + java.util.regex.Pattern.quote(DELETE) + "$")).isZero();
        assertThat(workspace.resolve("remove-node-journal.json")).exists();
        assertThat(ClusterFiles.read(file).cluster().nodes()).hasSize(2);

        busy.set(false);
        long drains = master0.count("^found=");
        Run again = kubeha("remove-node", file.toString(), "worker0", "--yes");

        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("Continuing the removal recorded in " + workspace.resolve("remove-node-journal.json")
                + ": 2 of 4 tasks succeeded\n", "Removed worker0 from cluster lab: 4 tasks succeeded in ");
        // The drain that succeeded is not run again.
        assertThat(master0.count("^found=")).isEqualTo(drains);
        assertThat(master0.count("^" + java.util.regex.Pattern.quote(DELETE) + "$")).isEqualTo(1);
        assertThat(ClusterFiles.read(file).cluster().nodes()).extracting(Node::name).containsExactly("master0");
    }

    @Test
    void aDryRunSaysWhatWouldRunOnEachNodeAndChangesNothing() throws Exception {
        Path file = installed();
        int sessions = master0.sessions() + worker0.sessions();

        Run r = kubeha("remove-node", file.toString(), "worker0", "--dry-run");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Dry run: nothing was sent to any node; this is what would be, node by node:\n\nnode master0\n",
                "  run as root: " + HEALTH + "\n", "  run as root: " + DRAIN + "\n", "\nnode worker0\n",
                "  run as root: " + KUBEADM_RESET + "\n",
                "Dry run: 4 tasks on 2 nodes, ");
        assertThat(r.out()).endsWith("; all would run; " + file + " is not changed\n");
        assertThat(master0.sessions() + worker0.sessions()).isEqualTo(sessions);
        assertThat(ClusterFiles.read(file).cluster().nodes()).hasSize(2);
        assertThat(workspace.resolve("remove-node-journal.json")).doesNotExist();
    }
}

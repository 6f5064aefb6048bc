package dev.kubeha.bundle;

import static dev.kubeha.model.ClusterFixtures.node;
import static dev.kubeha.model.ClusterFixtures.validWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.plan.ResetPlanBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reset bundle ({@code kubeha export --operation reset}): layout, runbook, reset.sh. */
class ResetBundleTest {
    @TempDir
    Path dir;

    static Cluster cluster() {
        return ClusterFixtures.parse(validWith(r -> node(r, 7).put("privateAddress", "10.0.0.31")));
    }

    static Map<String, BundleEntry> bundle(Cluster cluster) {
        ResetPlanBuilder.Result reset = new ResetPlanBuilder(cluster).build();
        return BundleContents.reset(cluster, reset.plan(), reset.notes()).stream()
                .collect(Collectors.toMap(BundleEntry::path, e -> e));
    }

    static String text(BundleEntry e) {
        return new String(e.content(), StandardCharsets.UTF_8);
    }

    @Test
    void aResetScriptPerNodeARunbookAndNoSecret() {
        Cluster cluster = cluster();
        Map<String, BundleEntry> files = bundle(cluster);
        List<String> scripts = cluster.nodes().stream().map(n -> "nodes/" + n.name() + "/reset.sh").toList();
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("cluster.json", "RUNBOOK.md"), scripts.stream())
                        .toList());
        scripts.forEach(s -> assertThat(files.get(s).mode()).as(s).isEqualTo(0700));

        String runbook = text(files.get("RUNBOOK.md"));
        assertThat(runbook).startsWith("# Runbook: reset of prod-eu1\n").contains(
                "These are the same steps `kubeha reset` runs over SSH, in the same order.\n",
                "- order: the workers first (in parallel), then the control-plane nodes (in parallel), etcd last.\n",
                "## Round 1\n\n| node | run | tasks |\n|---|---|---|\n| worker0 | `sudo nodes/worker0/reset.sh` |",
                "| worker1 | `sudo nodes/worker1/reset.sh` |",
                "## Round 2\n\n| node | run | tasks |\n|---|---|---|\n| master2 | `sudo nodes/master2/reset.sh` |",
                "## Round 3\n\n| node | run | tasks |\n|---|---|---|\n| etcd0 | `sudo nodes/etcd0/reset.sh` | stop etcd");
        assertThat(runbook).doesNotContain("## Round 4");
    }

    @Test
    void everyResetScriptIsValidBashListsItsTasksAndDryRuns() throws Exception {
        Map<String, BundleEntry> files = bundle(cluster());
        for (Map.Entry<String, BundleEntry> e : files.entrySet()) {
            if (e.getKey().endsWith(".sh")) {
                Path script = Files.write(dir.resolve(e.getKey().replace('/', '_')), e.getValue().content());
                BundleContentsTest.run(dir, "bash", "-n", script.toString());
                if (Files.isExecutable(Path.of("/usr/bin/shellcheck"))) {
                    BundleContentsTest.run(dir, "shellcheck", "-S", "warning", script.toString());
                }
            }
        }
        String master = text(files.get("nodes/master1/reset.sh"));
        assertThat(master).startsWith("#!/usr/bin/env bash\n# kubeha reset script for node master1 of cluster prod-eu1")
                .contains("readonly STATE_DIR=/var/lib/kubeha-reset\n",
                        "# Generated from the same plan that `kubeha reset` runs over SSH: do not edit.\n", "    rm -rf \"$STATE_DIR\"\n")
                .doesNotContain("install.sh");
        Path node = Files.createDirectories(dir.resolve("nodes/master1"));
        Path script = Files.write(node.resolve("reset.sh"), files.get("nodes/master1/reset.sh").content());
        assertThat(BundleContentsTest.run(node, "bash", script.toString(), "--list"))
                .isEqualTo("round 2  to-do  master1/reset: kubeadm reset, then what it leaves, and kubeha's files\n");
        String dry = BundleContentsTest.run(node, "bash", script.toString(), "--dry-run");
        assertThat(dry).contains("[master1] note: this host is not master1; showing what would run there",
                // Round 1 names no task of master1: its next round is 2.
                "[master1] round 2 of 3 (dry run: nothing changes)",
                "[master1] round 2 done on master1; go on with round 3 in RUNBOOK.md");
        String round1 = BundleContentsTest.run(node, "bash", script.toString(), "--dry-run", "--round", "1");
        assertThat(round1).contains("[master1] master1 has nothing to do in round 1");
        assertThat(dry).contains("[master1] master1/reset: kubeadm reset, then what it leaves, and kubeha's files",
                "[master1]   run if command -v kubeadm >/dev/null 2>&1; then kubeadm reset --force --cleanup-tmp-dir");
    }
}

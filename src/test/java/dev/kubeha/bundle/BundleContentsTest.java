package dev.kubeha.bundle;

import dev.kubeha.operation.Workspace;
import static dev.kubeha.model.ClusterFixtures.node;
import static dev.kubeha.model.ClusterFixtures.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiWorkspace;
import dev.kubeha.plan.ClusterPlanBuilder;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.RenderedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle built from the real plan: layout, rounds, install scripts, runbook. */
class BundleContentsTest {
    @TempDir
    Path dir;

    record Built(Cluster cluster, Plan plan, List<BundleEntry> entries) {
        Map<String, BundleEntry> byPath() {
            return entries.stream().collect(Collectors.toMap(BundleEntry::path, e -> e));
        }

        String text(String path) {
            return new String(byPath().get(path).content(), StandardCharsets.UTF_8);
        }
    }

    Built build(Consumer<ObjectNode> change, Path packages) throws Exception {
        Cluster cluster = ClusterFixtures.parse(validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
            change.accept(r);
        }));
        ClusterPki pki = new ClusterPkiGenerator().ensure(cluster, Workspace.at(dir.resolve("ws")).pki()).pki();
        Plan plan = new ClusterPlanBuilder(cluster, RenderedFiles.of(cluster, pki),
                new CniSource.Manifest("kind: List\n".getBytes(StandardCharsets.UTF_8))).build().plan();
        return new Built(cluster, plan, BundleContents.of(cluster, plan, packages));
    }

    static String run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s\n%s", String.join(" ", command), out).isZero();
        return out;
    }

    @Test
    void roundsFollowTheGuidesOrderWithABarrierAtEveryOtherNodesDependency() throws Exception {
        Built b = build(r -> { }, null);
        Rounds rounds = Rounds.of(b.plan());
        assertThat(rounds.roundOf("etcd0/etcd")).isEqualTo(1);
        assertThat(rounds.roundOf("master0/prepare")).isEqualTo(1);
        assertThat(rounds.roundOf("etcd/healthy")).isEqualTo(2);
        assertThat(rounds.roundOf("master0/kubeadm-init")).isEqualTo(3);
        assertThat(rounds.roundOf("cni/apply")).isEqualTo(3);
        assertThat(rounds.roundOf("master1/kubeadm-join")).isEqualTo(4);
        assertThat(rounds.roundOf("worker0/kubeadm-join")).isEqualTo(4);
        assertThat(rounds.roundOf("verify/cluster")).isEqualTo(5);
        assertThat(rounds.roundOf("verify/etcd")).isEqualTo(5);
        // The kubeconfig is fetched once both checks, on master0 and on etcd0, have passed.
        assertThat(rounds.roundOf("fetch/admin-conf")).isEqualTo(6);
        assertThat(rounds.count()).isEqualTo(6);
        // Every dependency on another node is in an earlier round; on the same node, not in a later one.
        for (var t : b.plan().tasks()) {
            for (String dep : t.dependsOn()) {
                var d = b.plan().task(dep).orElseThrow();
                if (d.node().equals(t.node())) {
                    assertThat(rounds.roundOf(dep)).isLessThanOrEqualTo(rounds.roundOf(t.id()));
                } else {
                    assertThat(rounds.roundOf(dep)).isLessThan(rounds.roundOf(t.id()));
                }
            }
        }
    }

    @Test
    void theLayoutOfDesignMd() throws Exception {
        Built b = build(r -> { }, null);
        Map<String, BundleEntry> files = b.byPath();
        assertThat(files).containsKeys("cluster.json", "RUNBOOK.md", "nodes/etcd0/install.sh",
                "nodes/etcd0/root/etc/kubernetes/pki/etcd/server.crt", "nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key",
                "nodes/etcd0/root/etc/systemd/system/etcd.service", "nodes/etcd0/root/etc/etcd.env",
                "nodes/master0/root/etc/kubeha/kubeadm.yaml", "nodes/master0/root/etc/kubernetes/pki/ca.key",
                "nodes/master0/root/etc/kubeha/cni.yaml", "nodes/worker1/install.sh");
        assertThat(files.keySet()).filteredOn(p -> p.endsWith(".key"))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(files.get(p).mode()).as(p).isEqualTo(0600));
        assertThat(files.get("nodes/master0/root/etc/kubeha/kubeadm.yaml").mode()).isEqualTo(0600);
        assertThat(files.get("nodes/etcd0/install.sh").mode()).isEqualTo(0700);
        // Only shared CA material on the masters, never another node's leaf (the seed guide's rm apiserver.crt).
        assertThat(files.keySet()).filteredOn(p -> p.startsWith("nodes/master1/root/etc/kubernetes/pki/"))
                .noneMatch(p -> p.contains("apiserver.crt") || p.contains("/etcd/server") || p.contains("/etcd/peer"));
        assertThat(b.text("cluster.json")).isEqualTo(dev.kubeha.model.ClusterFiles.toJson(b.cluster()));
    }

    @Test
    void everyInstallScriptIsValidBash() throws Exception {
        Built b = build(r -> r.withObjectProperty("loadBalancer").put("mode", "haproxy-keepalived")
                .put("virtualIp", "10.0.0.100/24").remove("endpoint"), null);
        for (BundleEntry e : b.entries()) {
            if (e.path().endsWith(".sh")) {
                Path script = Files.write(dir.resolve(e.path().replace('/', '_')), e.content());
                run(dir, "bash", "-n", script.toString());
                if (Files.isExecutable(Path.of("/usr/bin/shellcheck"))) {
                    run(dir, "shellcheck", "-S", "warning", script.toString());
                }
            }
        }
    }

    @Test
    void installShListsItsTasksAndShowsADryRunWithoutBeingRoot() throws Exception {
        Built b = build(r -> { }, null);
        Path node = writeNode(b, "master1");
        String list = run(node, "bash", "install.sh", "--list");
        assertThat(list).contains("round 1  to-do  master1/prepare: prepare the node",
                "round 4  to-do  master1/kubeadm-join: join the control plane");
        String dry = run(node, "bash", "install.sh", "--dry-run");
        assertThat(dry).contains("[master1] note: this host is not master1; showing what would run there",
                "[master1] round 1 of 6 (dry run: nothing changes)",
                "[master1] master1/prepare: prepare the node",
                "would write /etc/kubeha/prepare-node.sh (0755 root:root)",
                "run bash /etc/kubeha/prepare-node.sh",
                "round 1 done on master1; go on with round 2 in RUNBOOK.md");
        String round4 = run(node, "bash", "install.sh", "--dry-run", "--round", "4");
        assertThat(round4).contains("would write /etc/kubernetes/pki/ca.key (0600 root:root)",
                "run kubeadm join --config /etc/kubeha/kubeadm.yaml");
    }

    @Test
    void installShRefusesTheWrongHostAndBadArguments() throws Exception {
        Built b = build(r -> { }, null);
        Path node = writeNode(b, "worker0");
        Process p = new ProcessBuilder("bash", "install.sh").directory(node.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        boolean root = "0".equals(run(node, "id", "-u").trim());
        assertThat(out).contains(root
                ? "[worker0] error: this host is not worker0 (its host name is "
                : "[worker0] error: run it as root: sudo install.sh");
        if (root) {
            assertThat(out).contains("and no interface has 10.0.0.30): run nodes/worker0/install.sh on worker0");
        }
        Process bad = new ProcessBuilder("bash", "install.sh", "--round", "x").directory(node.toFile())
                .redirectErrorStream(true).start();
        assertThat(new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("install.sh: --round takes a number, not 'x'\n");
        assertThat(bad.waitFor()).isEqualTo(2);
    }

    @Test
    void theRunbookNamesEveryRoundsNodes() throws Exception {
        Built b = build(r -> { }, null);
        String runbook = b.text("RUNBOOK.md");
        assertThat(runbook).contains("# Runbook: prod-eu1", "8 nodes, ", " tasks in 6 rounds",
                "## Round 1", "| etcd0 | `sudo nodes/etcd0/install.sh` | etcd member |",
                "## Round 3", "| master0 | `sudo nodes/master0/install.sh` | kubeadm init; add master0 10.0.0.20:6443, "
                        + "master1 10.0.0.21:6443, master2 10.0.0.22:6443 to the load balancer lb.example.com:6443; it then "
                        + "serves the API server's /healthz; apply the CNI manifest |",
                "## Round 6", "| master0 | `sudo nodes/master0/install.sh` | fetch admin.conf into the workspace |", "Copy `/etc/kubernetes/admin.conf` from master0 to your workstation (mode 0600)",
                "`sha256sum -c SHA256SUMS`", "--include-packages DIR");
    }

    @Test
    void packagesAreBroughtAlongOnce() throws Exception {
        Path packages = Files.createDirectory(dir.resolve("pkgs"));
        Files.writeString(packages.resolve("kubeadm_1.34.2-1.1_amd64.deb"), "deb");
        Files.writeString(packages.resolve("etcd-v3.6.5-linux-amd64.tar.gz"), "tar");
        Built b = build(r -> { }, packages);
        assertThat(b.byPath()).containsKeys("packages/kubeadm_1.34.2-1.1_amd64.deb", "packages/etcd-v3.6.5-linux-amd64.tar.gz");
        assertThat(b.text("RUNBOOK.md")).contains("`packages/` holds the packages brought along");
        assertThat(b.text("nodes/etcd0/install.sh")).contains("KUBEHA_PACKAGES_DIR=\"$(cd \"$HERE/../../packages\" && pwd)\"");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> build(r -> { }, empty)).hasMessage(empty + " holds no files to bring along");
    }

    private Path writeNode(Built b, String node) throws IOException {
        Path root = dir.resolve("bundle");
        for (BundleEntry e : b.entries()) {
            if (e.path().startsWith("nodes/" + node + "/")) {
                Path p = root.resolve(e.path());
                Files.createDirectories(p.getParent());
                Files.write(p, e.content());
            }
        }
        return root.resolve("nodes/" + node);
    }
}

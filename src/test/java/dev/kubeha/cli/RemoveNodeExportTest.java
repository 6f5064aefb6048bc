package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.ResetExportTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubeha export FILE --operation remove-node --nodes N1,N2}: the removal's bundle, from the workspace's PKI. */
class RemoveNodeExportTest {
    @TempDir
    Path dir;

    Path file;
    Path workspace;

    @BeforeEach
    void installedFromAWorkspace() throws Exception {
        String text = Files.readString(PlanCommandTest.EXAMPLE);
        file = Files.writeString(dir.resolve("cluster.json"), text.replace("\"host\": \"203.0.113.31\", \"roles\"",
                "\"host\": \"203.0.113.31\", \"privateAddress\": \"10.0.0.31\", \"roles\""));
        workspace = dir.resolve("ws");
        // The install's PKI, which the remaining masters' files are rendered from.
        Run plan = ResetExportTest.kubeha("plan", file.toString(), "--workspace", workspace.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
    }

    Run export(Path bundle, String nodes, String... more) {
        List<String> args = Stream.concat(Stream.of("export", file.toString(), "--operation", "remove-node", "--nodes", nodes,
                "--out", bundle.toString(), "--workspace", workspace.toString()), Stream.of(more)).toList();
        return ResetExportTest.kubeha(args.toArray(String[]::new));
    }

    static String run(Path in, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    @Test
    void writesTheRemovalsScriptsTheirFilesTheRunbookAndBothClusterFiles() throws Exception {
        Path bundle = dir.resolve("remove-bundle");

        Run r = export(bundle, "master2,etcd2,worker0");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + bundle + " (dir): the removal of etcd2, master2, worker0 from cluster"
                + " prod-eu1, 6 nodes, 13 tasks, 15 files\n"
                + "next: (cd " + bundle + " && sha256sum -c SHA256SUMS), then follow RUNBOOK.md\n");
        assertThat(r.err()).isEqualTo("kubeha: warning: etcd goes from 3 to 2 members: an even number tolerates no more"
                + " failures than one member fewer\n");
        ResetExportTest.BundleCheck.sha256sums(bundle);
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(bundle)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.add(bundle.relativize(f).toString()));
        }
        assertThat(files).containsExactlyInAnyOrder("RUNBOOK.md", "SHA256SUMS", "manifest.json", "cluster.json",
                "cluster.before.json", "nodes/etcd0/remove-node.sh", "nodes/etcd2/remove-node.sh",
                "nodes/master0/remove-node.sh", "nodes/master1/remove-node.sh", "nodes/master2/remove-node.sh",
                "nodes/worker0/remove-node.sh", "nodes/master0/root/etc/kubeha/kubeadm.yaml",
                "nodes/master0/root/etc/kubeha/kubeadm-control-plane.yaml", "nodes/master1/root/etc/kubeha/kubeadm.yaml",
                "nodes/master1/root/etc/kubeha/kubeadm-control-plane.yaml");

        // cluster.json is the cluster after the removal; cluster.before.json the one the plan was made from.
        String after = Files.readString(bundle.resolve("cluster.json"));
        assertThat(after).contains("\"master1\"", "\"worker1\"").doesNotContain("\"master2\"", "\"etcd2\"", "\"worker0\"");
        assertThat(Files.readString(bundle.resolve("cluster.before.json"))).contains("\"master2\"", "\"etcd2\"", "\"worker0\"");
        // The remaining masters' kubeadm configuration names only the etcd members that stay.
        String kubeadm = Files.readString(bundle.resolve("nodes/master1/root/etc/kubeha/kubeadm-control-plane.yaml"));
        assertThat(kubeadm).contains("https://10.0.0.10:2379").doesNotContain("https://10.0.0.12:2379");

        String runbook = Files.readString(bundle.resolve("RUNBOOK.md"));
        assertThat(runbook).startsWith("# Runbook: removal of etcd2, master2, worker0 from prod-eu1\n").contains(
                "These are the same steps `kubeha remove-node` runs over SSH, in the same order.\n",
                "| master2 | 10.0.0.22 | control-plane | yes |\n", "| master1 | 10.0.0.21 | control-plane | no |\n",
                "## The etcd health gate\n\nRound 1 on etcd0 checks first that the etcd members that stay (etcd0, etcd1)"
                        + " are healthy",
                "If it fails, stop: nothing has changed yet.",
                "## Round 1\n\n| node | run | tasks |\n|---|---|---|\n| etcd0 | `sudo nodes/etcd0/remove-node.sh` |",
                "## Round 4\n\nBefore this round, on the external load balancer: take master2 10.0.0.22:6443 out of the"
                        + " load balancer lb.example.com:6443.\n",
                "Some of the files under `nodes/<node>/root/` are secret",
                "- Take etcd2, master2, worker0 out of cluster.json on the workstation: this bundle's `cluster.json` is the\n"
                        + "  cluster after the removal (`cluster.before.json` is the one the plan was made from)")
                .doesNotContain("expected to answer over SSH", "## Round 6");

        for (String script : files.stream().filter(f -> f.endsWith("/remove-node.sh")).toList()) {
            Path path = bundle.resolve(script);
            assertThat(Files.getPosixFilePermissions(path)).as(script).hasSize(3);
            run(dir, "bash", "-n", path.toString());
            if (Files.isExecutable(Path.of("/usr/bin/shellcheck"))) {
                run(dir, "shellcheck", "-S", "warning", path.toString());
            }
        }
        String master1 = Files.readString(bundle.resolve("nodes/master1/remove-node.sh"));
        assertThat(master1).startsWith("#!/usr/bin/env bash\n# kubeha node removal script for node master1 of cluster prod-eu1")
                .contains("readonly STATE_DIR=/var/lib/kubeha-remove-node\n",
                        "# Generated from the same plan that `kubeha remove-node` runs over SSH: do not edit.\n",
                        "    rm -rf \"$STATE_DIR\"\n",
                        "  put_file /etc/kubeha/kubeadm-control-plane.yaml ");
        Path node = bundle.resolve("nodes/master1");
        assertThat(run(node, "bash", "remove-node.sh", "--list")).isEqualTo("round 3  to-do  master1/apiserver-etcd:"
                + " kube-apiserver without etcd2 in --etcd-servers (kubeadm init phase control-plane apiserver), then ready\n");
        assertThat(run(node, "bash", "remove-node.sh", "--dry-run"))
                .contains("[master1] round 3 of 5 (dry run: nothing changes)\n",
                        "[master1]   would write /etc/kubeha/kubeadm-control-plane.yaml (0600 root:root)\n");
    }

    @Test
    void aRemovedMasterBehindHaproxyAndKeepalivedCarriesTheRemainingMastersNewConfiguration() throws Exception {
        Files.writeString(file, Files.readString(file).replace(
                "\"loadBalancer\": { \"mode\": \"external\", \"endpoint\": \"lb.example.com:6443\" }",
                "\"loadBalancer\": { \"mode\": \"haproxy-keepalived\", \"virtualIp\": \"10.0.0.100\" }"));
        workspace = dir.resolve("ws-haproxy");
        assertThat(ResetExportTest.kubeha("plan", file.toString(), "--workspace", workspace.toString()).code()).isZero();
        Path bundle = dir.resolve("haproxy-bundle");

        Run r = export(bundle, "master2");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + bundle + " (dir): the removal of master2 from cluster prod-eu1, 4 nodes,"
                + " 6 tasks, 15 files\n");
        ResetExportTest.BundleCheck.sha256sums(bundle);
        for (String master : List.of("master0", "master1")) {
            Path root = bundle.resolve("nodes/" + master + "/root");
            assertThat(Files.readString(root.resolve("etc/haproxy/haproxy.cfg"))).as(master)
                    .contains("10.0.0.21:6443").doesNotContain("10.0.0.22");
            assertThat(root.resolve("etc/keepalived/keepalived.conf")).exists();
            run(dir, "bash", "-n", bundle.resolve("nodes/" + master + "/remove-node.sh").toString());
        }
        assertThat(bundle.resolve("nodes/master2/root")).doesNotExist();
        String runbook = Files.readString(bundle.resolve("RUNBOOK.md"));
        assertThat(runbook).contains("| master1 | `sudo nodes/master1/remove-node.sh` | HAProxy and keepalived without master2,"
                        + " reloaded |", "master2 then holds\n", "or delete its entry by hand")
                .doesNotContain("external load balancer");
    }

    @Test
    void theRefusalsAreRemoveNodesWithItsExitCodes() throws Exception {
        for (String nodes : List.of("nosuch", "master0,master1,master2", "etcd0,etcd1,etcd2", "etcd1,etcd2")) {
            Path bundle = dir.resolve("b-" + nodes.replace(',', '-'));
            Run exported = export(bundle, nodes);
            Run removed = ResetExportTest.kubeha(Stream.concat(Stream.of("remove-node", file.toString()),
                    Stream.concat(Stream.of(nodes.split(",")), Stream.of("--workspace", workspace.toString(), "--yes")))
                    .toArray(String[]::new));
            assertThat(exported.code()).as(nodes).isEqualTo(removed.code()).isEqualTo(nodes.equals("nosuch") ? 2 : 1);
            assertThat(exported.err()).as(nodes).isEqualTo(removed.err()).endsWith("; nothing was changed\n");
            assertThat(bundle).as(nodes).doesNotExist();
        }
        assertThat(export(dir.resolve("forced"), "etcd1,etcd2", "--force").code()).isZero();
    }

    @Test
    void theInstallBundlesDownloadsAreRefusedAndThePkiIsNeeded() throws Exception {
        Path bundle = dir.resolve("b");
        Run images = export(bundle, "worker0", "--images");
        assertThat(images.code()).isEqualTo(2);
        assertThat(images.err()).isEqualTo("kubeha: --operation remove-node writes the removal's scripts and the files"
                + " they upload, which need nothing downloaded: --images, --air-gapped and the package options are for an"
                + " install bundle\n");

        Path empty = dir.resolve("ws-empty");
        Run noPki = ResetExportTest.kubeha("export", file.toString(), "--operation", "remove-node", "--nodes", "worker0",
                "--out", bundle.toString(), "--workspace", empty.toString());
        assertThat(noPki.code()).isEqualTo(2);
        assertThat(noPki.err()).endsWith("kubeha: no PKI in " + empty.resolve("pki") + ": remove-node plans for a cluster"
                + " kubeha installed from this workspace; name the install's workspace with --workspace\n");
        assertThat(bundle).doesNotExist();

        Run stray = ResetExportTest.kubeha("export", file.toString(), "--nodes", "worker0", "--out", bundle.toString());
        assertThat(stray.code()).isEqualTo(2);
        assertThat(stray.err()).startsWith("--nodes belongs to --operation add or remove-node, not install\n");
        assertThat(bundle).doesNotExist();
    }
}

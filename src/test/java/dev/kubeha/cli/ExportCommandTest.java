package dev.kubeha.cli;

import static dev.kubeha.cli.ValidateCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.ClusterFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path dir;
    Path cluster;
    Path workspace;

    @BeforeEach
    void setUp() throws Exception {
        cluster = Files.writeString(dir.resolve("cluster.json"), ClusterFixtures.validWith(r -> {
            ClusterFixtures.node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
        }));
        workspace = dir.resolve("ws");
    }

    static String sh(Path cwd, String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void exportsADirectoryBundleThatPassesSha256sum() throws Exception {
        Path out = dir.resolve("bundle");
        var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("PKI in " + workspace.resolve("pki") + ":", "  created ca: new Kubernetes CA, ECDSA-P256");
        assertThat(r.out()).contains("wrote " + out + " (dir): 8 nodes, 20 tasks, ",
                "next: (cd " + out + " && sha256sum -c SHA256SUMS), then follow RUNBOOK.md");
        assertThat(sh(out, "sha256sum -c SHA256SUMS")).doesNotContain("FAILED");
        assertThat(out.resolve("nodes/etcd1/root/etc/kubernetes/pki/etcd/peer.key")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve("nodes/master0/root/etc/kubernetes/pki/ca.key")))).isEqualTo("rw-------");
        // The workspace's CA went into the bundle, byte for byte.
        assertThat(Files.readString(out.resolve("nodes/master0/root/etc/kubernetes/pki/ca.crt")))
                .isEqualTo(Files.readString(workspace.resolve("pki/ca.crt")));
        assertThat(Files.readString(out.resolve("cluster.json"))).doesNotContain("PRIVATE KEY");
    }

    @Test
    void anAirGappedExportBringsTheCniManifestAndSaysWhatIsStillMissing() throws Exception {
        byte[] manifest = "apiVersion: v1\nkind: List\nitems: []\n".getBytes(StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cni/flannel.yml", exchange -> {
            exchange.sendResponseHeaders(200, manifest.length);
            exchange.getResponseBody().write(manifest);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/cni/flannel.yml";
            Files.writeString(cluster, Files.readString(cluster).replace("https://example.com/cni/flannel.yml", url));
            Path out = dir.resolve("bundle");
            var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString(),
                    "--air-gapped");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("kubeha: cni.manifest " + url + ": downloaded, " + manifest.length
                    + " bytes, sha256 " + dev.kubeha.artifact.Sha256.of(manifest) + "\n");
            assertThat(out.resolve("nodes/master0/root/etc/kubeha/cni.yaml")).hasBinaryContent(manifest);
            assertThat(Files.readString(out.resolve("nodes/master0/install.sh")))
                    .contains("apply -f /etc/kubeha/cni.yaml").doesNotContain(url);
            assertThat(r.out()).contains("missing: no container images: the nodes would pull 6 images (",
                    "missing: package kubeadm (amd64) is not in the bundle;",
                    "not complete for an air-gapped site: 8 things are missing\n",
                    "next: (cd " + out + " && sha256sum -c SHA256SUMS)").doesNotContain("the CNI manifest");
            var verify = run("bundle", "verify", out.toString());
            assertThat(verify.exitCode()).isEqualTo(1);
            assertThat(verify.out()).contains("not complete for an air-gapped site: 8 things are missing\n");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAirGappedExportStopsWhenTheCniManifestCannotBeDownloaded() throws Exception {
        Files.writeString(cluster, Files.readString(cluster).replace("https://example.com/cni/flannel.yml",
                "http://127.0.0.1:9/flannel.yml"));
        var r = run("export", cluster.toString(), "--out", dir.resolve("bundle").toString(), "--workspace",
                workspace.toString(), "--air-gapped");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("kubeha: cni.manifest http://127.0.0.1:9/flannel.yml: cannot download it (")
                .contains("); download it on a machine that can and set cni.manifest in " + cluster + " to the file\n");
        assertThat(dir.resolve("bundle")).doesNotExist();
    }

    @Test
    void aPlainExportSaysItIsNotCompleteForAnAirGappedSite() throws Exception {
        Path out = dir.resolve("bundle");
        var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("not complete for an air-gapped site: 9 things missing (kubeha bundle verify " + out
                + " lists them; export --air-gapped brings what it can)\n");
        var verify = run("bundle", "verify", out.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).startsWith("missing: the CNI manifest: https://example.com/cni/flannel.yml is downloaded"
                + " by master0 (export --air-gapped brings it)\n");
        var nothing = run("bundle", "verify", dir.resolve("nowhere").toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).isEqualTo("kubeha: " + dir.resolve("nowhere") + ": no such file or directory\n");
    }

    /** A pki/certificate-key from an earlier kubeha: said to be unused, left in place, in no bundle. */
    @Test
    void aCertificateKeyFromAnEarlierVersionIsReportedUnusedAndLeftAlone() throws Exception {
        var first = run("export", cluster.toString(), "--out", dir.resolve("first").toString(),
                "--workspace", workspace.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).doesNotContain("certificate-key");
        Path legacy = workspace.resolve("pki/certificate-key");
        assertThat(legacy).doesNotExist();
        String key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        Files.writeString(legacy, key + "\n");

        Path out = dir.resolve("second");
        var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("PKI in " + workspace.resolve("pki") + ": reused, nothing to make\n"
                + "  unused certificate-key: left by an earlier kubeha, no longer used (the masters get the shared"
                + " certificates copied, not uploaded): delete it at will\n").doesNotContain(key);
        assertThat(r.out()).doesNotContain(key);
        assertThat(Files.readString(legacy)).isEqualTo(key + "\n");
        assertThat(sh(out, "grep -rl " + key + " . || true")).isEmpty();
        assertThat(sh(out, "grep -rli certificate.key . || true")).isEmpty();
    }

    @Test
    void theFormatFollowsTheOutName() throws Exception {
        Path out = dir.resolve("bundle.tar.gz");
        var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path x = Files.createDirectory(dir.resolve("x"));
        sh(x, "tar -xzpf '" + out + "' && sha256sum -c SHA256SUMS >/dev/null");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                x.resolve("nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key")))).isEqualTo("rw-------");
    }

    @Test
    void anOfflineExportNeedsEveryPrivateAddress() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), ClusterFixtures.VALID);
        var r = run("export", file.toString(), "--out", dir.resolve("b").toString(), "--workspace", workspace.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: nodes[7].privateAddress: node worker1 has no private address, and an offline"
                + " export cannot detect it (hint: set privateAddress in " + file + ")", "kubeha: nothing exported");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void anInvalidClusterExportsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), ClusterFixtures.validWith(r -> r.put("name", "Bad Name")));
        var r = run("export", file.toString(), "--out", dir.resolve("b").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: name: \"Bad Name\" is not a valid cluster name",
                "kubeha: " + file + ": 1 error, 0 warnings: fix these first");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void badUsageIsExitTwo() throws Exception {
        var encryptDir = run("export", cluster.toString(), "--out", dir.resolve("b").toString(), "--encrypt");
        assertThat(encryptDir.exitCode()).isEqualTo(2);
        assertThat(encryptDir.err()).isEqualTo("kubeha: --encrypt needs --format tar.gz or zip: a directory cannot be encrypted\n");
        var badFormat = run("export", cluster.toString(), "--out", dir.resolve("b").toString(), "--format", "rar");
        assertThat(badFormat.err()).isEqualTo("kubeha: --format rar is not one of dir, tar.gz, zip\n");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        Path existing = Files.createDirectory(dir.resolve("exists"));
        var exists = run("export", cluster.toString(), "--out", existing.toString());
        assertThat(exists.exitCode()).isEqualTo(2);
        assertThat(exists.err()).isEqualTo("kubeha: " + existing + " already exists: choose another --out, or remove it first\n");
        var noOut = run("export", cluster.toString());
        assertThat(noOut.exitCode()).isEqualTo(2);
        assertThat(noOut.err()).startsWith("Missing required option: '--out=PATH'");
        var packages = run("export", cluster.toString(), "--out", dir.resolve("p").toString(), "--include-packages",
                dir.resolve("nope").toString());
        assertThat(packages.err()).isEqualTo("kubeha: --include-packages " + dir.resolve("nope") + " is not a directory\n");
    }

    /**
     * etcd run by systemd: export downloads the release tarball from the mirror it is given,
     * checks it against the sha256, keeps it in the cache and puts it in packages/; a second
     * export takes it from the cache. The mirror is a loopback HTTP server.
     */
    @Test
    void theBundleCarriesTheEtcdTarballDownloadedOnceAndChecked() throws Exception {
        byte[] release = ("an etcd 3.6.8 release " + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String sha = dev.kubeha.artifact.Sha256.of(release);
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/etcd/v3.6.8/etcd-v3.6.8-linux-amd64.tar.gz", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(200, release.length);
            exchange.getResponseBody().write(release);
            exchange.close();
        });
        server.start();
        try {
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/etcd";
            Path out = dir.resolve("bundle");
            var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString(),
                    "--etcd-download-url", mirror, "--etcd-sha256", sha);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("kubeha: etcd-v3.6.8-linux-amd64.tar.gz: downloading " + mirror
                    + "/v3.6.8/etcd-v3.6.8-linux-amd64.tar.gz\n", "kubeha: etcd-v3.6.8-linux-amd64.tar.gz: sha256 matches --etcd-sha256; kept in ");
            assertThat(out.resolve("packages/etcd-v3.6.8-linux-amd64.tar.gz")).hasBinaryContent(release);
            assertThat(sh(out, "sha256sum -c SHA256SUMS")).contains("packages/etcd-v3.6.8-linux-amd64.tar.gz: OK");
            assertThat(Files.readString(out.resolve("RUNBOOK.md"))).contains("`packages/` holds the packages brought along");

            var again = run("export", cluster.toString(), "--out", dir.resolve("again").toString(), "--workspace",
                    workspace.toString(), "--etcd-download-url", mirror, "--etcd-sha256", sha);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.err()).contains("kubeha: etcd-v3.6.8-linux-amd64.tar.gz: from the cache (");
            assertThat(hits).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    /** No network (the tests' download URL is a closed loopback port): the bundle is written without it, with a warning. */
    @Test
    void aBundleWithoutTheEtcdTarballSaysSo() throws Exception {
        Path out = dir.resolve("bundle");
        var r = run("export", cluster.toString(), "--out", out.toString(), "--workspace", workspace.toString(),
                "--etcd-download-url", "http://127.0.0.1:9/etcd");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("kubeha: warning: the bundle carries no etcd release tarball: cannot download"
                + " http://127.0.0.1:9/etcd/v3.6.8/etcd-v3.6.8-linux-amd64.tar.gz (");
        assertThat(out.resolve("packages")).doesNotExist();
    }

    @Test
    void badEtcdSourcesAreUsageErrors() throws Exception {
        var sha = run("export", cluster.toString(), "--out", dir.resolve("b1").toString(), "--etcd-sha256", "abc");
        assertThat(sha.exitCode()).isEqualTo(2);
        assertThat(sha.err()).contains("kubeha: --etcd-sha256 abc is not a sha256: give the 64 hex digits of the"
                + " tarball's line in etcd's SHA256SUMS");
        var url = run("export", cluster.toString(), "--out", dir.resolve("b2").toString(), "--etcd-download-url", "ftp://m/e");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("kubeha: --etcd-download-url ftp://m/e is not an http or https URL with a host");
        var arch = run("export", cluster.toString(), "--out", dir.resolve("b3").toString(), "--arch", "sparc");
        assertThat(arch.exitCode()).isEqualTo(2);
        assertThat(arch.err()).contains("kubeha: --arch sparc is not one of amd64, arm64");
        var packages = run("export", cluster.toString(), "--out", dir.resolve("b4").toString(), "--include-packages",
                dir.resolve("nowhere").toString());
        assertThat(packages.exitCode()).isEqualTo(2);
        assertThat(packages.err()).contains("kubeha: --include-packages " + dir.resolve("nowhere") + " is not a directory");
        assertThat(dir.resolve("b1")).doesNotExist();
    }
}

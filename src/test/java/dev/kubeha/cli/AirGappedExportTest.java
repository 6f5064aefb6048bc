package dev.kubeha.cli;

import static dev.kubeha.model.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.artifact.TestContainerd;
import dev.kubeha.artifact.TestRegistry;
import dev.kubeha.model.ClusterFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --images} against real consumers: Debian's docker-registry on loopback serves tiny
 * test images under the release table's names (the mirror of registry.k8s.io and docker.io), the
 * export pulls them into the bundle, a second export with the registry stopped takes everything
 * from the cache, and a real containerd imports a node's images with the bundle's own
 * import-images.sh, after which {@code ctr -n k8s.io images ls} shows every reference the node's
 * kubeadm and kubelet ask for.
 */
class AirGappedExportTest {
    private static final String CNI = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: kube-flannel}
            spec:
              template:
                spec:
                  containers:
                    - name: kube-flannel
                      image: flannel/flannel:v0.26.1
            """;

    @TempDir
    Path dir;
    TestRegistry registry;
    Path cluster;
    Map<String, String> environment;

    record Result(int exitCode, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(environment));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        TestRegistry.assumeAvailable();
        registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
        Files.writeString(dir.resolve("flannel.yml"), CNI);
        cluster = Files.writeString(dir.resolve("cluster.json"), ClusterFixtures.validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
            r.withObjectProperty("etcd").put("runtime", "static-pod").remove("version");
            r.withObjectProperty("cni").put("manifest", "flannel.yml");
        }));
        environment = Map.of("KUBEHA_CACHE", dir.resolve("cache").toString(),
                "KUBEHA_ETCD_DOWNLOAD_URL", "http://127.0.0.1:9/no-downloads-in-tests");
        // Every image `kubeha images` lists, for both architectures, under its own name on the mirror.
        Result images = run("images", cluster.toString());
        assertThat(images.exitCode()).as(images.err()).isZero();
        for (String reference : images.out().lines().toList()) {
            String path = reference.substring(reference.indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64", "arm64"));
        }
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.stop();
        }
    }

    private List<String> mirrorArgs() {
        return List.of("--image-mirror", "registry.k8s.io=" + registry.host(), "--image-mirror", "docker.io=" + registry.host(),
                "--insecure-registry", registry.host());
    }

    private Result export(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("export", cluster.toString(), "--out", out.toString(), "--workspace",
                dir.resolve("ws").toString(), "--images"));
        args.addAll(mirrorArgs());
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void theBundleCarriesEveryImageAndContainerdImportsANodesImagesFromIt() throws Exception {
        Path bundle = dir.resolve("bundle");
        long started = System.nanoTime();
        Result first = export(bundle);
        System.out.printf("kubeha export --images (8 test images, cold cache) took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("kubeha: image registry.k8s.io/kube-apiserver:v1.37.1 (amd64): ",
                " downloaded, sha256:", "kubeha: image docker.io/flannel/flannel:v0.26.1 (amd64): ",
                "kubeha: 8 images, ");
        String index = Files.readString(bundle.resolve("images/images.json"));
        assertThat(index).contains("\"reference\" : \"registry.k8s.io/etcd:3.7.0-0\"",
                "\"file\" : \"images/docker.io_flannel_flannel_v0.26.1.tar\"");
        assertThat(sh(bundle, "sha256sum", "-c", "SHA256SUMS")).contains("images/registry.k8s.io_pause_3.10.2.tar: OK");
        // What is still missing is the packages, never an image.
        assertThat(first.out()).contains("not complete for an air-gapped site: 6 things missing");
        Result verify = run("bundle", "verify", bundle.toString());
        assertThat(verify.out()).doesNotContain("missing: image", "no container images").contains("note: 8 container images for amd64 (");

        // A second export with the registry gone: nothing is downloaded, the archives are the same.
        registry.stop();
        Path again = dir.resolve("again");
        started = System.nanoTime();
        Result second = export(again);
        System.out.printf("kubeha export --images (8 test images, warm cache, registry stopped) took %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("kubeha: image registry.k8s.io/kube-apiserver:v1.37.1 (amd64): from the cache, sha256:",
                " 0.0 MiB downloaded in ").doesNotContain(" downloaded, ");
        assertThat(Files.readAllBytes(again.resolve("images/registry.k8s.io_kube-apiserver_v1.37.1.tar")))
                .isEqualTo(Files.readAllBytes(bundle.resolve("images/registry.k8s.io_kube-apiserver_v1.37.1.tar")));

        // A real containerd imports master0's images with the bundle's own script.
        TestContainerd.assumeAvailable();
        try (TestContainerd containerd = TestContainerd.start(Files.createDirectories(dir.resolve("containerd")))) {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path ctr = bin.resolve("ctr");
            Files.writeString(ctr, "#!/bin/sh\nexec " + TestContainerd.CTR + " --address " + containerd.socket() + " \"$@\"\n");
            Files.setPosixFilePermissions(ctr, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path root = bundle.resolve("nodes/master0/root");
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("etc/kubeha/import-images.sh").toString())
                    .redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("KUBEHA_IMAGES_DIR", bundle.resolve("images").toString());
            pb.environment().put("KUBEHA_IMAGES_LIST", root.resolve("etc/kubeha/images.list").toString());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("import-images: imported registry.k8s.io/kube-apiserver:v1.37.1\n");
            assertThat(containerd.imageNames("k8s.io")).containsExactlyInAnyOrder(
                    "registry.k8s.io/kube-apiserver:v1.37.1", "registry.k8s.io/kube-controller-manager:v1.37.1",
                    "registry.k8s.io/kube-scheduler:v1.37.1", "registry.k8s.io/kube-proxy:v1.37.1",
                    "registry.k8s.io/coredns/coredns:v1.14.6", "registry.k8s.io/pause:3.10.2",
                    "docker.io/flannel/flannel:v0.26.1");
            // Again: nothing to import.
            Process again2 = pb.start();
            assertThat(new String(again2.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("import-images: containerd has every image\n");
        }
    }

    /**
     * A site registry: the bundle's images pushed to it (over HTTP to a registry whose storage a
     * second one serves over HTTPS with the site's own CA), and a real containerd pulling them
     * through the host configuration the bundle carries for the nodes, kubeadm's names and the
     * CNI's.
     */
    @Test
    void theSiteRegistryIsFilledFromTheBundleAndContainerdPullsThroughTheGeneratedHostConfiguration() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("site-pki"));
        sh(pki, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=site CA");
        sh(pki, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "registry.key", "-out", "registry.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        sh(pki, "openssl", "x509", "-req", "-in", "registry.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "registry.crt", "-days", "2", "-extfile", "san.ext");
        TestRegistry site = TestRegistry.start(Files.createDirectories(dir.resolve("site")));
        TestRegistry siteTls = TestRegistry.startTls(Files.createDirectories(dir.resolve("site-tls")), site,
                pki.resolve("registry.crt"), pki.resolve("registry.key"));
        try {
            Files.copy(pki.resolve("ca.crt"), dir.resolve("site-ca.crt"));
            Files.writeString(cluster, Files.readString(cluster).replaceFirst("\\{", "{\n  \"images\": {\"registry\": \""
                    + siteTls.host() + "\", \"registryCa\": \"site-ca.crt\"},"));
            Path bundle = dir.resolve("bundle");
            Result export = export(bundle);
            assertThat(export.exitCode()).as(export.err()).isZero();
            // Nodes pull from the site registry: nothing to import, kubeadm names it.
            assertThat(bundle.resolve("nodes/master0/root/etc/kubeha/images.list")).doesNotExist();
            assertThat(Files.readString(bundle.resolve("nodes/master0/root/etc/kubeha/kubeadm.yaml")))
                    .contains("imageRepository: " + siteTls.host() + "\n");

            Result push = run("images", "push", bundle.toString(), "--to", site.host(), "--insecure-registry", site.host());
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(push.out()).contains("pushed registry.k8s.io/coredns/coredns:v1.14.6 as " + site.host()
                    + "/coredns:v1.14.6\n", "pushed docker.io/flannel/flannel:v0.26.1 as " + site.host()
                    + "/flannel/flannel:v0.26.1\n", "8 images in " + site.host() + ";");

            TestContainerd.assumeAvailable();
            // The node's host configuration, moved from /etc/containerd/certs.d to a directory of the test.
            Path certs = dir.resolve("certs.d");
            Path rendered = bundle.resolve("nodes/worker0/root/etc/containerd/certs.d");
            try (var files = Files.walk(rendered)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path target = certs.resolve(rendered.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, Files.readString(f).replace("/etc/containerd/certs.d", certs.toString()));
                }
            }
            assertThat(certs.resolve(siteTls.host() + "/ca.crt")).hasSameTextualContentAs(pki.resolve("ca.crt"));
            try (TestContainerd containerd = TestContainerd.start(Files.createDirectories(dir.resolve("containerd")))) {
                for (String image : List.of(siteTls.host() + "/kube-apiserver:v1.37.1", siteTls.host() + "/pause:3.10.2",
                        siteTls.host() + "/coredns:v1.14.6", "docker.io/flannel/flannel:v0.26.1")) {
                    TestContainerd.Result pull = containerd.ctr("-n", "k8s.io", "images", "pull", "--hosts-dir",
                            certs.toString(), image);
                    assertThat(pull.exitCode()).as(image + ": " + pull.output()).isZero();
                }
                assertThat(containerd.imageNames("k8s.io")).contains(siteTls.host() + "/pause:3.10.2",
                        "docker.io/flannel/flannel:v0.26.1");
                // Without the site's CA the registry is not trusted: the CA file is what makes it work.
                Files.delete(certs.resolve(siteTls.host() + "/ca.crt"));
                TestContainerd.Result untrusted = containerd.ctr("-n", "k8s.io", "images", "pull", "--hosts-dir",
                        certs.toString(), siteTls.host() + "/kube-proxy:v1.37.1");
                assertThat(untrusted.exitCode()).as(untrusted.output()).isNotZero();
            }
        } finally {
            siteTls.stop();
            site.stop();
        }
    }

    /** apply --images to nodes without internet: every node's images are uploaded from here, then imported. */
    @Test
    void applyUploadsEachNodesImagesBeforeImportingThem() throws Exception {
        List<String> args = new ArrayList<>(List.of("apply", cluster.toString(), "--dry-run", "--workspace",
                dir.resolve("ws").toString(), "--images"));
        args.addAll(mirrorArgs());
        Result r = run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("kubeha: image registry.k8s.io/kube-apiserver:v1.37.1 (amd64): ");
        Path archives = dir.resolve("ws/images");
        assertThat(r.out()).contains("upload /var/lib/kubeha/images/registry.k8s.io_kube-apiserver_v1.37.1.tar (0644 root:root, "
                        + Files.size(archives.resolve("registry.k8s.io_kube-apiserver_v1.37.1.tar")) + " bytes from "
                        + archives.resolve("registry.k8s.io_kube-apiserver_v1.37.1.tar") + ")",
                "run as root: bash /etc/kubeha/import-images.sh");
        String worker = r.out().substring(r.out().indexOf("\nnode worker0\n"));
        worker = worker.substring(0, worker.indexOf("\nnode ", 2) < 0 ? worker.length() : worker.indexOf("\nnode ", 2));
        assertThat(worker).contains("registry.k8s.io_kube-proxy_v1.37.1.tar").doesNotContain("kube-apiserver");
    }

    /** "airGapped" in cluster.json asks export for what --air-gapped --images do. */
    @Test
    void airGappedInTheClusterFileBringsTheImagesWithoutTheOption() throws Exception {
        Files.writeString(cluster, Files.readString(cluster).replaceFirst("\\{", "{\n  \"airGapped\": {},"));
        List<String> args = new ArrayList<>(List.of("export", cluster.toString(), "--out", dir.resolve("b").toString(),
                "--workspace", dir.resolve("ws").toString()));
        args.addAll(mirrorArgs());
        Result r = run(args.toArray(String[]::new));
        // Still without packages: --air-gapped's exit code 1, the bundle written with every image.
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("missing: package kubeadm (amd64)").doesNotContain("missing: image", "no container images");
        assertThat(dir.resolve("b/images/registry.k8s.io_pause_3.10.2.tar")).exists();
    }

    @Test
    void anImageTheMirrorLacksStopsTheExportNamingIt() throws Exception {
        Files.writeString(dir.resolve("flannel.yml"), CNI.replace("flannel/flannel:v0.26.1", "flannel/flannel:v9.9.9"));
        Result r = export(dir.resolve("bundle"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("kubeha: image docker.io/flannel/flannel:v9.9.9: ");
        assertThat(dir.resolve("bundle")).doesNotExist();
        Result bad = run("export", cluster.toString(), "--out", dir.resolve("b2").toString(), "--images",
                "--image-mirror", "registry.k8s.io");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("kubeha: --image-mirror registry.k8s.io: expected FROM=TO, e.g."
                + " registry.k8s.io=mirror.example:5000\n");
    }

    static String sh(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

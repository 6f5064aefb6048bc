package dev.kubeha.cli;

import static dev.kubeha.model.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeha.artifact.TestRegistry;
import dev.kubeha.model.ClusterFixtures;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kubeha apply} carries to nodes without internet, seen through a dry run (no node is
 * reached, the nodes are taken as amd64): Debian's docker-registry on loopback is the mirror the
 * images come from, a directory of .deb files the packages; the lines on stderr and the uploads
 * the plan would make.
 */
class ApplyCarryTest {
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
    Path debs;
    Map<String, String> environment;

    record Result(int exitCode, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(environment));
        return new Result(code, out.toString(), err.toString());
    }

    /** The fixture's nodes on loopback addresses: a dry run reaches none, and no test names another address. */
    static void onLoopback(ObjectNode root) {
        for (int i = 0; i < root.withArray("nodes").size(); i++) {
            ObjectNode n = node(root, i);
            n.put("host", "127.0.0." + (10 + i));
            n.remove("publicAddress");
        }
        node(root, 7).put("privateAddress", "10.0.0.31");
        root.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
        root.withObjectProperty("etcd").put("runtime", "static-pod").remove("version");
        root.withObjectProperty("cni").put("manifest", "flannel.yml");
    }

    @BeforeEach
    void setUp() throws Exception {
        TestRegistry.assumeAvailable();
        registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
        Files.writeString(dir.resolve("flannel.yml"), CNI);
        cluster = Files.writeString(dir.resolve("cluster.json"), ClusterFixtures.validWith(ApplyCarryTest::onLoopback));
        debs = Files.createDirectories(dir.resolve("debs"));
        Files.writeString(debs.resolve("kubeadm_1.37.1-1.1_amd64.deb"), "not really a package\n");
        Files.writeString(debs.resolve("kubelet_1.37.1-1.1_amd64.deb"), "nor this one\n");
        Files.writeString(debs.resolve("README.txt"), "not a package at all\n");
        environment = Map.of("KUBEHA_CACHE", dir.resolve("cache").toString(),
                "KUBEHA_ETCD_DOWNLOAD_URL", "http://127.0.0.1:9/no-downloads-in-tests");
        Result images = run("images", cluster.toString());
        assertThat(images.exitCode()).as(images.err()).isZero();
        for (String reference : images.out().lines().toList()) {
            String path = reference.substring(reference.indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64"));
        }
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.stop();
        }
    }

    Result dryRun(String... more) {
        List<String> args = new ArrayList<>(List.of("apply", cluster.toString(), "--dry-run", "--workspace",
                dir.resolve("ws").toString(), "--image-mirror", "registry.k8s.io=" + registry.host(),
                "--image-mirror", "docker.io=" + registry.host(), "--insecure-registry", registry.host()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void imagesAndADirectorysPackagesAreFetchedHereAndUploadedToEveryNodeThatNeedsThem() throws Exception {
        Result r = dryRun("--images", "--include-packages", debs.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("kubeha: image registry.k8s.io/kube-apiserver:v1.37.1 (amd64): ",
                        " downloaded, sha256:", "kubeha: image docker.io/flannel/flannel:v0.26.1 (amd64): ",
                        "kubeha: 8 images, ", "kubeha: 2 packages are uploaded to every node that runs prepare-node.sh\n")
                .doesNotContain("README");
        Path archive = dir.resolve("ws/images/registry.k8s.io_kube-apiserver_v1.37.1.tar");
        assertThat(archive).isRegularFile();
        assertThat(Files.getPosixFilePermissions(dir.resolve("ws/images")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(r.out()).contains("upload /var/lib/kubeha/packages/kubeadm_1.37.1-1.1_amd64.deb (0644 root:root, 21 bytes from "
                        + debs.resolve("kubeadm_1.37.1-1.1_amd64.deb") + ")",
                "bytes from " + archive + ")");

        // Again: every image from the cache.
        Result again = dryRun("--images");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("kubeha: image registry.k8s.io/kube-apiserver:v1.37.1 (amd64): from the cache, sha256:",
                " 0.0 MiB downloaded in ").doesNotContain("packages are uploaded");
    }

    /** cluster.json's airGapped brings the images, and its packages directory (relative to the file) the packages. */
    @Test
    void airGappedInTheClusterFileBringsTheImagesAndItsPackagesDirectoryWithoutAnOption() throws Exception {
        Files.writeString(cluster, Files.readString(cluster).replaceFirst("\\{", "{\n  \"airGapped\": {\"packages\": \"debs\"},"));
        Result r = dryRun();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("kubeha: 8 images, ", "kubeha: 2 packages are uploaded to every node that runs prepare-node.sh\n");
        assertThat(r.out()).contains("upload /var/lib/kubeha/packages/kubelet_1.37.1-1.1_amd64.deb (0644 root:root, 13 bytes from "
                + debs.resolve("kubelet_1.37.1-1.1_amd64.deb") + ")");

        // A directory without packages is the file's error, before anything is fetched.
        Files.delete(debs.resolve("kubeadm_1.37.1-1.1_amd64.deb"));
        Files.delete(debs.resolve("kubelet_1.37.1-1.1_amd64.deb"));
        Result empty = dryRun();
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("airGapped.packages", debs + " holds no .deb or .rpm package").doesNotContain("kubeha: image ");
    }

    @Test
    void anImageTheMirrorLacksFailsTheRunNamingIt() throws Exception {
        registry.stop();
        Result r = dryRun("--images");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("kubeha: image registry.k8s.io/");
        assertThat(r.out()).doesNotContain("Dry run:");
    }
}

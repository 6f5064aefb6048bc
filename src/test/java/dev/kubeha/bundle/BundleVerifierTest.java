package dev.kubeha.bundle;

import static dev.kubeha.model.ClusterFixtures.node;
import static dev.kubeha.model.ClusterFixtures.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.artifact.Sha256;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.operation.Workspace;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.plan.ClusterPlanBuilder;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.RenderedFiles;
import dev.kubeha.render.ImageList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle built from the real plan with every image, package and the etcd release checks as
 * complete; each thing taken away is named.
 */
class BundleVerifierTest {
    private static final String CNI = """
            apiVersion: apps/v1
            kind: DaemonSet
            spec:
              template:
                spec:
                  containers:
                    - name: kube-flannel
                      image: ghcr.io/flannel-io/flannel:v0.26.1
            """;
    private static final List<String> DEBS = List.of("kubeadm_1.37.1-1.1_amd64.deb", "kubelet_1.37.1-1.1_amd64.deb",
            "kubectl_1.37.1-1.1_amd64.deb", "cri-tools_1.37.0-1.1_amd64.deb", "kubernetes-cni_1.7.1-1.1_amd64.deb",
            "containerd.io_2.2.0-1_amd64.deb", "etcd-v3.6.8-linux-amd64.tar.gz");

    @TempDir
    Path dir;
    Cluster cluster;
    Path packages;
    List<BundledImage> images;
    /** What the last {@link #write} wrote, as the writer returns it. */
    List<BundleEntry> written;

    @BeforeEach
    void setUp() throws Exception {
        cluster = ClusterFixtures.parse(validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
        }));
        packages = Files.createDirectories(dir.resolve("packages"));
        for (String deb : DEBS) {
            Files.writeString(packages.resolve(deb), "stand-in for " + deb);
        }
        images = new ArrayList<>();
        Path archives = Files.createDirectories(dir.resolve("archives"));
        for (ImageList.Image image : ImageList.of(cluster, CNI)) {
            Path archive = Files.writeString(archives.resolve(BundledImage.fileNameOf(image.reference())),
                    "an OCI archive of " + image.reference());
            images.add(new BundledImage(image.reference(), "sha256:" + "0".repeat(64), image.by(), List.of("amd64"),
                    Sha256.of(archive), Files.size(archive), archive));
        }
    }

    private Path write(List<BundledImage> images, Path packages, String cni, String name) throws Exception {
        ClusterPki pki = new ClusterPkiGenerator().ensure(cluster, Workspace.at(dir.resolve("ws")).pki()).pki();
        List<ImageList.Image> needed = ImageList.of(cluster, cni);
        Plan plan = new ClusterPlanBuilder(cluster, RenderedFiles.of(cluster, pki),
                cni == null ? new CniSource.Url(cluster.cni().manifest()) : new CniSource.Manifest(cni.getBytes(StandardCharsets.UTF_8)))
                .withImages(BundleImages.imports(cluster, needed, images)).build().plan();
        List<BundleEntry> entries = new ArrayList<>(BundleContents.of(cluster, plan, packages));
        if (!images.isEmpty()) {
            entries.addAll(BundleImages.entries(images, List.of("amd64")));
        }
        Path out = dir.resolve(name);
        written = new BundleWriter().write(entries, out, name.endsWith(".tar.gz") ? BundleFormat.TAR_GZ : BundleFormat.DIR, null);
        return out;
    }

    @Test
    void aBundleWithEverythingIsCompleteAsDirectoryAndAsTarGz() throws Exception {
        for (String name : List.of("bundle", "bundle.tar.gz")) {
            BundleVerifier.Report report = BundleVerifier.verify(write(images, packages, CNI, name));
            assertThat(report.missing()).as(name).isEmpty();
            assertThat(report.complete()).isTrue();
            assertThat(BundleVerifier.verify(written)).as("from the written entries").isEqualTo(report);
            assertThat(report.notes()).containsExactly("7 container images for amd64 (0 MiB)");
        }
        Path bundle = dir.resolve("bundle");
        assertThat(Files.readString(bundle.resolve("nodes/worker0/root/etc/kubeha/images.list")))
                .contains(" registry.k8s.io_kube-proxy_v1.37.1.tar registry.k8s.io/kube-proxy:v1.37.1\n",
                        " ghcr.io_flannel-io_flannel_v0.26.1.tar ghcr.io/flannel-io/flannel:v0.26.1\n")
                .doesNotContain("kube-apiserver");
        assertThat(bundle.resolve("nodes/etcd0/root/etc/kubeha/images.list")).doesNotExist();
        assertThat(Files.readString(bundle.resolve("RUNBOOK.md"))).contains("`kubeha bundle verify <bundle>`",
                "at least `nodes/<node>/`, `packages/` and `images/`.", "`images/` holds the container images");
        assertThat(Files.readString(bundle.resolve("images/images.json"))).contains(
                "\"reference\" : \"registry.k8s.io/pause:3.10.2\"", "\"file\" : \"images/registry.k8s.io_pause_3.10.2.tar\"");
    }

    @Test
    void anImageRemovedFromTheBundleIsNamed() throws Exception {
        Path bundle = write(images, packages, CNI, "bundle");
        Files.delete(bundle.resolve("images/registry.k8s.io_pause_3.10.2.tar"));
        assertThat(BundleVerifier.verify(bundle).missing()).containsExactly(
                "images/registry.k8s.io_pause_3.10.2.tar is missing",
                "image registry.k8s.io/pause:3.10.2: its archive images/registry.k8s.io_pause_3.10.2.tar is missing");

        // install.sh checks the same on the node before it changes anything.
        Process p = new ProcessBuilder("bash", bundle.resolve("nodes/worker0/install.sh").toString(), "--dry-run")
                .redirectErrorStream(true).start();
        String dryRun = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(dryRun).isZero();
        assertThat(dryRun).contains("[worker0] missing from the bundle: image registry.k8s.io/pause:3.10.2"
                + " (images/registry.k8s.io_pause_3.10.2.tar)\n[worker0] (dry run) install.sh would stop here and change nothing\n");
        if (Files.isExecutable(Path.of("/usr/bin/shellcheck"))) {
            BundleContentsTest.run(dir, "shellcheck", "-S", "warning", bundle.resolve("nodes/worker0/install.sh").toString());
        }
        Process etcd = new ProcessBuilder("bash", bundle.resolve("nodes/etcd0/install.sh").toString(), "--dry-run")
                .redirectErrorStream(true).start();
        assertThat(new String(etcd.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("missing");

        List<BundledImage> withoutProxy = images.stream()
                .filter(i -> !i.reference().equals("registry.k8s.io/kube-proxy:v1.37.1")).toList();
        Path second = write(withoutProxy, packages, CNI, "second");
        assertThat(BundleVerifier.verify(second).missing()).containsExactly(
                "image registry.k8s.io/kube-proxy:v1.37.1 (amd64) is not in the bundle; master0, master1, master2,"
                        + " worker0, worker1 would pull it");
    }

    @Test
    void aDamagedOrAddedFileIsNamed() throws Exception {
        Path bundle = write(images, packages, CNI, "bundle");
        Files.writeString(bundle.resolve("nodes/master0/install.sh"), "\n# edited", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(bundle.resolve("packages/extra.deb"), "x");
        assertThat(BundleVerifier.verify(bundle).missing()).containsExactly(
                "nodes/master0/install.sh is damaged: its sha256 is not the one SHA256SUMS gives",
                "packages/extra.deb is not in SHA256SUMS: added after the export");
    }

    @Test
    void aPlainExportSaysEverythingANodeWouldDownload() throws Exception {
        BundleVerifier.Report report = BundleVerifier.verify(write(List.of(), null, null, "bundle"));
        assertThat(report.complete()).isFalse();
        assertThat(BundleVerifier.verify(written)).isEqualTo(report);
        assertThat(report.missing()).containsExactly(
                "the CNI manifest: https://example.com/cni/flannel.yml is downloaded by master0 (export --air-gapped brings it)",
                "no container images: the nodes would pull 6 images (registry.k8s.io/kube-apiserver:v1.37.1,"
                        + " registry.k8s.io/kube-controller-manager:v1.37.1, registry.k8s.io/kube-scheduler:v1.37.1,"
                        + " registry.k8s.io/kube-proxy:v1.37.1, registry.k8s.io/coredns/coredns:v1.14.6,"
                        + " registry.k8s.io/pause:3.10.2); export --images brings them",
                "package kubeadm (amd64) is not in the bundle; prepare-node.sh would download it (export --fetch-packages"
                        + " --distro D, or --include-packages DIR)",
                "package kubelet (amd64) is not in the bundle; prepare-node.sh would download it (export --fetch-packages"
                        + " --distro D, or --include-packages DIR)",
                "package kubectl (amd64) is not in the bundle; prepare-node.sh would download it (export --fetch-packages"
                        + " --distro D, or --include-packages DIR)",
                "package cri-tools (amd64) is not in the bundle; prepare-node.sh would download it (export --fetch-packages"
                        + " --distro D, or --include-packages DIR)",
                "package kubernetes-cni (amd64) is not in the bundle; prepare-node.sh would download it (export"
                        + " --fetch-packages --distro D, or --include-packages DIR)",
                "package containerd.io (amd64) is not in the bundle; prepare-node.sh would download it (export"
                        + " --fetch-packages --distro D, or --include-packages DIR)",
                "the etcd release packages/etcd-v3.6.8-linux-amd64.tar.gz is not in the bundle; etcd0, etcd1, etcd2"
                        + " would download it");
    }

    @Test
    void withASiteRegistryTheImagesNeedNotBeInTheBundle() throws Exception {
        cluster = new Cluster(cluster.apiVersion(), cluster.kind(), cluster.name(), cluster.kubernetesVersion(), cluster.ssh(),
                cluster.privateInterface(), cluster.nodes(), cluster.etcd(), cluster.loadBalancer(), cluster.networking(),
                cluster.pki(), cluster.cni(), cluster.apiServer(), new dev.kubeha.model.ImageSettings("registry.site:5000", null));
        BundleVerifier.Report report = BundleVerifier.verify(write(List.of(), packages, CNI, "bundle"));
        assertThat(report.missing()).isEmpty();
        assertThat(report.notes()).containsExactly("the nodes pull every image from the site registry registry.site:5000"
                + " (kubeha images push fills it from a bundle exported with --images)");
    }

    @Test
    void whatIsNotABundleIsAnError() throws Exception {
        assertThatThrownBy(() -> BundleVerifier.verify(dir.resolve("nowhere")))
                .hasMessage(dir.resolve("nowhere") + ": no such file or directory");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> BundleVerifier.verify(text)).hasMessage(text + " is not a bundle directory, tar.gz or zip");
        Path encrypted = Files.write(dir.resolve("b.tar.gz.enc"), "Salted__12345678rest".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> BundleVerifier.verify(encrypted)).hasMessage(encrypted + " is encrypted: decrypt it"
                + " first (" + OpensslEncryption.DECRYPT_COMMAND + " -in b.tar.gz.enc | tar -xzf -) and verify the directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> BundleVerifier.verify(empty)).hasMessage("no SHA256SUMS: not a bundle kubeha made");
    }
}

package dev.kubeha.ui.review;

import static dev.kubeha.model.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.TestRegistry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.render.ImageList;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Stream;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Review page's export for an air-gapped site against a real registry (Debian's
 * docker-registry on loopback, the mirror of registry.k8s.io and docker.io), as
 * {@code kubeha export --air-gapped} does it: the images in the bundle, the progress, a cancel.
 * Background work runs on the calling thread, progress is posted at once.
 */
class AirGappedExportViewModelTest {
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
    ExportViewModel export;
    Path cache;
    List<String> progressTexts = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TestRegistry.assumeAvailable();
        registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
        Files.writeString(dir.resolve("flannel.yml"), CNI);
        Path file = Files.writeString(dir.resolve("cluster.json"), ClusterFixtures.validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
            r.withObjectProperty("etcd").put("runtime", "static-pod").remove("version");
            r.withObjectProperty("cni").put("manifest", "flannel.yml");
        }));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        Cluster cluster = checked.cluster();
        for (ImageList.Image image : ImageList.of(cluster, CNI)) {
            String path = image.reference().substring(image.reference().indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64", "arm64"));
        }
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        ReviewInput input = new ReviewInput(() -> cluster, new SimpleObjectProperty<>(cluster), () -> file,
                checked::context, c -> dir.resolve("workspace"));
        export = new ExportViewModel(input, new CurrentThreadExecutor(), messages);
        cache = dir.resolve("cache");
        export.useCacheRoot(cache);
        export.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + registry.host(),
                "docker.io=" + registry.host()), List.of(registry.host())));
        export.useFxThread(Runnable::run);
        export.downloadTextProperty().addListener((o, was, now) -> progressTexts.add(now));
        export.formatProperty().set(BundleFormat.DIR);
        export.airGappedProperty().set(true);
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.stop();
        }
    }

    private List<Path> tempDirs() throws Exception {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(cache)) {
            return list.filter(p -> p.getFileName().toString().startsWith("export-")).toList();
        }
    }

    @Test
    void theBundleCarriesEveryImageAndTheStatusSaysWhatIsStillMissing() throws Exception {
        Path bundle = dir.resolve("bundle");
        export.export(bundle);

        assertThat(export.failedProperty().get()).as(export.statusProperty().get()).isFalse();
        assertThat(export.busyProperty().get()).isFalse();
        String index = Files.readString(bundle.resolve("images/images.json"));
        assertThat(index).contains("\"reference\" : \"registry.k8s.io/etcd:3.7.0-0\"",
                "\"file\" : \"images/docker.io_flannel_flannel_v0.26.1.tar\"", "\"arches\" : [ \"amd64\" ]");
        assertThat(bundle.resolve("images/registry.k8s.io_kube-apiserver_v1.37.1.tar")).isNotEmptyFile();
        assertThat(bundle.resolve("images/docker.io_flannel_flannel_v0.26.1.tar")).isNotEmptyFile();
        assertThat(bundle.resolve("nodes/master0/root/etc/kubeha/images.list")).isNotEmptyFile();
        // What is still missing is the packages, never an image (as the CLI's test finds).
        assertThat(export.statusProperty().get()).isEqualTo("Wrote " + bundle + " (8 nodes, 8 container images): "
                + "6 things missing for an air-gapped site (kubeha bundle verify " + bundle + " lists them).");
        assertThat(progressTexts).isNotEmpty();
        assertThat(progressTexts.get(progressTexts.size() - 1)).matches(
                "\\d+\\.\\d of \\d+\\.\\d MiB · \\d+\\.\\d MiB/s · .+ left · images ready: 8");
        assertThat(export.downloadProgressProperty().get()).isEqualTo(1.0);
        assertThat(export.downloadingProperty().get()).isFalse();
        assertThat(tempDirs()).isEmpty();
    }

    /** An export of a cluster whose nodes have no internet ({@code airGapped} as given), in its own workspace. */
    private ExportViewModel airGappedCluster(String airGapped) throws Exception {
        Path file = Files.writeString(dir.resolve("air-gapped.json"), Files.readString(dir.resolve("cluster.json"))
                .replaceFirst("\\{", "{\n  \"airGapped\": " + airGapped + ","));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        Cluster cluster = checked.cluster();
        for (ImageList.Image image : ImageList.of(cluster, CNI)) {
            String path = image.reference().substring(image.reference().indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64"));
        }
        ExportViewModel model = new ExportViewModel(new ReviewInput(() -> cluster, new SimpleObjectProperty<>(cluster),
                () -> file, checked::context, c -> dir.resolve("workspace-air-gapped")), new CurrentThreadExecutor(),
                KubehaApp.messages(Locale.ENGLISH));
        model.useCacheRoot(cache);
        model.useFxThread(Runnable::run);
        model.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + registry.host(),
                "docker.io=" + registry.host()), List.of(registry.host())));
        model.formatProperty().set(BundleFormat.DIR);
        model.airGappedProperty().set(true);
        return model;
    }

    @Test
    void theClustersPackagesFolderGoesIntoTheBundleAsExportWithAirGappedPutsIt() throws Exception {
        Path debs = Files.createDirectories(dir.resolve("debs"));
        Files.writeString(debs.resolve("kubeadm_1.37.1-1.1_amd64.deb"), "kubeadm, as a test stands it in");
        Files.writeString(debs.resolve("kubelet_1.37.1-1.1_amd64.deb"), "kubelet, as a test stands it in");
        ExportViewModel model = airGappedCluster("{\"packages\": \"debs\"}");
        Path bundle = dir.resolve("bundle-packages");
        model.export(bundle);
        assertThat(model.failedProperty().get()).as(model.statusProperty().get()).isFalse();
        assertThat(bundle.resolve("packages/kubeadm_1.37.1-1.1_amd64.deb")).hasContent("kubeadm, as a test stands it in");
        assertThat(bundle.resolve("packages/kubelet_1.37.1-1.1_amd64.deb")).isRegularFile();
        assertThat(bundle.resolve("images/images.json")).isNotEmptyFile();
        // Two of the packages the plain export lacked are in the bundle now.
        assertThat(model.statusProperty().get()).isEqualTo("Wrote " + bundle + " (8 nodes, 8 container images): "
                + "4 things missing for an air-gapped site (kubeha bundle verify " + bundle + " lists them).");
    }

    @Test
    void withNeitherDistributionNorPackagesFolderTheExportIsRefusedSayingWhatToChoose() throws Exception {
        ExportViewModel model = airGappedCluster("{}");
        Path bundle = dir.resolve("bundle-refused");
        model.export(bundle);
        assertThat(model.failedProperty().get()).isTrue();
        assertThat(model.statusProperty().get()).isEqualTo("The nodes have no internet: choose their distribution, whose"
                + " packages kubeha fetches on this machine, or a packages folder.");
        assertThat(bundle).doesNotExist();
        assertThat(model.downloadingProperty().get()).isFalse();
    }

    @Test
    void withEtcdRunBySystemdTheBundleCarriesItsReleaseTarballToo() throws Exception {
        Path file = Files.writeString(dir.resolve("systemd-etcd.json"), ClusterFixtures.validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
            r.withObjectProperty("cni").put("manifest", "flannel.yml");
        }));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        Cluster cluster = checked.cluster();
        assertThat(cluster.etcdMembersRunBySystemd()).isNotEmpty();
        for (ImageList.Image image : ImageList.of(cluster, CNI)) {
            String path = image.reference().substring(image.reference().indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64"));
        }
        ExportViewModel systemd = new ExportViewModel(new ReviewInput(() -> cluster, new SimpleObjectProperty<>(cluster),
                () -> file, checked::context, c -> dir.resolve("workspace-systemd")), new CurrentThreadExecutor(),
                KubehaApp.messages(Locale.ENGLISH));
        systemd.useCacheRoot(cache);
        systemd.useFxThread(Runnable::run);
        systemd.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + registry.host(),
                "docker.io=" + registry.host()), List.of(registry.host())));
        // The release tarball as an operator brings it (--include-packages with --etcd-sha256); no download.
        Path packages = Files.createDirectories(dir.resolve("packages"));
        String name = dev.kubeha.artifact.EtcdTarballs.fileName(cluster.etcdVersion(), "amd64");
        Files.writeString(packages.resolve(name), "not really etcd");
        systemd.useEtcdSources(new dev.kubeha.artifact.EtcdTarballs.Sources(packages,
                dev.kubeha.artifact.Sha256.of(packages.resolve(name)), java.net.URI.create("http://127.0.0.1:9/none")));
        systemd.formatProperty().set(BundleFormat.DIR);
        systemd.airGappedProperty().set(true);
        Path bundle = dir.resolve("bundle-systemd");
        systemd.export(bundle);
        assertThat(systemd.failedProperty().get()).as(systemd.statusProperty().get()).isFalse();
        assertThat(bundle.resolve("packages/" + name)).hasContent("not really etcd");
        assertThat(bundle.resolve("images/images.json")).isNotEmptyFile();
        assertThat(systemd.statusProperty().get()).startsWith("Wrote " + bundle + " (8 nodes, ")
                .contains(" things missing for an air-gapped site (kubeha bundle verify " + bundle + " lists them).");
    }

    @Test
    void aCancelAfterTheFirstProgressLeavesNoBundleAndNoTemporaryDirectory() throws Exception {
        export.downloadTextProperty().addListener((o, was, now) -> export.cancel());
        Path bundle = dir.resolve("bundle");
        export.export(bundle);

        assertThat(export.statusProperty().get()).isEqualTo(
                "Export cancelled; what was downloaded stays in the cache, the next export resumes from it.");
        assertThat(export.busyProperty().get()).isFalse();
        assertThat(export.downloadingProperty().get()).isFalse();
        assertThat(bundle).doesNotExist();
        assertThat(tempDirs()).isEmpty();
        assertThat(cache).isDirectory();
    }

    @Test
    void anOfflineProcessLikeTheDemoSaysSoAndDownloadsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("remote-cni.json"), ClusterFixtures.validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
            r.withObjectProperty("etcd").put("runtime", "static-pod").remove("version");
            r.withObjectProperty("cni").put("manifest", "http://127.0.0.1:9/kube-flannel.yml");
        }));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        Cluster cluster = checked.cluster();
        ExportViewModel offline = new ExportViewModel(new ReviewInput(() -> cluster, new SimpleObjectProperty<>(cluster),
                () -> file, checked::context, c -> dir.resolve("workspace")), new CurrentThreadExecutor(),
                KubehaApp.messages(Locale.ENGLISH));
        offline.useCacheRoot(cache);
        offline.useFxThread(Runnable::run);
        offline.formatProperty().set(BundleFormat.DIR);
        offline.airGappedProperty().set(true);
        var reason = Class.forName("dev.kubeha.artifact.Downloader$Offline").getDeclaredField("REASON");
        reason.setAccessible(true);
        @SuppressWarnings("unchecked")
        var held = (java.util.concurrent.atomic.AtomicReference<String>) reason.get(null);
        String before = held.get();
        dev.kubeha.artifact.Downloader.goOffline("demo mode downloads nothing: its hosts are simulated");
        try {
            Path bundle = dir.resolve("bundle");
            offline.export(bundle);
            assertThat(offline.failedProperty().get()).isTrue();
            assertThat(offline.statusProperty().get()).isEqualTo("cni.manifest http://127.0.0.1:9/kube-flannel.yml: cannot"
                    + " download it (demo mode downloads nothing: its hosts are simulated); download it on a machine that"
                    + " can and set cni.manifest to the file.");
            assertThat(bundle).doesNotExist();

            // With the manifest a file, the images are what it cannot fetch.
            export.export(bundle);
            assertThat(export.statusProperty().get()).isEqualTo(
                    "The container images cannot be fetched: demo mode downloads nothing: its hosts are simulated.");
            assertThat(bundle).doesNotExist();
            assertThat(tempDirs()).isEmpty();
        } finally {
            held.set(before);
        }
    }

    @Test
    void anImageMissingFromTheRegistryIsNamedInTheStatus() throws Exception {
        registry.stop();
        TestRegistry empty = TestRegistry.start(Files.createDirectories(dir.resolve("empty")));
        try {
            export.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + empty.host(),
                    "docker.io=" + empty.host()), List.of(empty.host())));
            Path bundle = dir.resolve("bundle");
            export.export(bundle);
            assertThat(export.failedProperty().get()).isTrue();
            assertThat(export.statusProperty().get()).startsWith("image registry.k8s.io/").doesNotContain("Exception", "\tat ");
            assertThat(bundle).doesNotExist();
            assertThat(tempDirs()).isEmpty();
        } finally {
            empty.stop();
        }
    }
}

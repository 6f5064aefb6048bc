package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.render.ImageList;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.FxUiExecutor;
import dev.kubeha.ui.install.InstallViewModel;
import dev.kubeha.ui.review.ExportViewModel;
import dev.kubeha.ui.review.InstallStartViewModel;
import dev.kubeha.ui.review.ReviewInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's Install for nodes without internet on debian-12: the packages are fetched from
 * signed apt repositories on loopback (the test's own key), the images from docker-registry on
 * loopback, and both reach the two embedded nodes before kubeadm runs, as kubeha apply with
 * {@code "airGapped": {"distro": "debian-12"}} brings them; then the Review page's air-gapped export of the
 * same cluster puts those packages into the bundle. Lives beside the apt fixtures.
 */
@ExtendWith(ApplicationExtension.class)
class AirGappedInstallPackagesTest {
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
    Path tmp;
    TwoNodeCluster nodes;
    TestRegistry registry;
    final FxUiExecutor background = new FxUiExecutor();
    volatile InstallViewModel install;

    @BeforeEach
    void setUp() throws Exception {
        TestRegistry.assumeAvailable();
        nodes = TwoNodeCluster.start(tmp);
        for (EmbeddedNode n : new EmbeddedNode[] {nodes.master0, nodes.worker0}) {
            n.on("^uname -m$", out -> {
                out.println("x86_64");
                return 0;
            });
        }
        registry = TestRegistry.start(Files.createDirectories(tmp.resolve("registry")));
        Files.writeString(tmp.resolve("flannel.yml"), CNI);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (registry != null) {
            registry.stop();
        }
        background.close();
    }

    @Test
    void installFetchesTheDistributionsPackagesAndEveryNodeReceivesThem(FxRobot robot) throws Exception {
        Path file = nodes.clusterFile(true);
        Files.writeString(file, Files.readString(file).replace("https://example.com/cni.yaml", "flannel.yml")
                .replaceFirst("\\{", "{\n  \"airGapped\": {\"distro\": \"debian-12\"},"));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        for (ImageList.Image image : ImageList.of(checked.cluster(), CNI)) {
            String path = image.reference().substring(image.reference().indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64"));
        }
        try (TestDebianMirror server = new TestDebianMirror(tmp)) {
            Path keyring = server.keyring();
            InstallStartViewModel starter = new InstallStartViewModel(null, background, KubehaApp.messages(Locale.ENGLISH));
            starter.useCacheRoot(tmp.resolve("cache"));
            starter.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + registry.host(),
                    "docker.io=" + registry.host()), List.of(registry.host())));
            starter.usePackageRepositories(PackageRepositories.standard(server.base().toString(), keyring));
            List<String> statuses = new CopyOnWriteArrayList<>();
            starter.statusProperty().addListener((o, was, now) -> statuses.add(now));
            var ready = new InstallStartViewModel.Ready(checked, tmp.resolve("ws"), null,
                    SshTarget.allOf(checked.cluster(), checked.context()));
            robot.interact(() -> starter.start(ready, null, TwoNodeCluster.SUDO_PASSWORD.toCharArray(),
                    HostKeyPolicy.ACCEPT_NEW, key -> null, run -> install = run));
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> install != null || starter.failedProperty().get());
            assertThat(starter.failedProperty().get()).as(starter.statusProperty().get()).isFalse();
            assertThat(statuses).contains("Packages: " + server.base() + "pkgs.k8s.io/core:/stable:/v1.37/deb/InRelease: signature"
                    + " verified with " + keyring);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> install.phaseProperty().get() != InstallViewModel.Phase.RUNNING);
            assertThat(install.phaseProperty().get()).as(install.statusProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
            for (EmbeddedNode n : new EmbeddedNode[] {nodes.master0, nodes.worker0}) {
                for (String deb : List.of("kubeadm_1.37.1-1.1_amd64.deb", "kubelet_1.37.1-1.1_amd64.deb",
                        "containerd.io_2.2.1-1_amd64.deb", "socat_1.7.4.4-2_amd64.deb")) {
                    assertThat(n.file("/var/lib/kubeha/packages/" + deb)).as(n + " " + deb).isNotEmptyFile();
                }
                assertThat(n.file("/var/lib/kubeha/packages/libc6_2.36-9+deb12u4_amd64.deb")).doesNotExist();
                assertThat(n.file("/var/lib/kubeha/images/registry.k8s.io_pause_3.10.2.tar")).isNotEmptyFile();
            }

            // The Review page's air-gapped export of the same cluster: the same distribution's packages in the bundle.
            ExportViewModel export = new ExportViewModel(new ReviewInput(checked::cluster,
                    new javafx.beans.property.SimpleObjectProperty<>(checked.cluster()), () -> file, checked::context,
                    c -> tmp.resolve("ws")), new dev.kubeha.ui.fx.CurrentThreadExecutor(), KubehaApp.messages(Locale.ENGLISH));
            export.useCacheRoot(tmp.resolve("cache"));
            export.useFxThread(Runnable::run);
            export.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + registry.host(),
                    "docker.io=" + registry.host()), List.of(registry.host())));
            export.usePackageRepositories(PackageRepositories.standard(server.base().toString(), keyring));
            export.formatProperty().set(dev.kubeha.bundle.BundleFormat.DIR);
            export.airGappedProperty().set(true);
            Path bundle = tmp.resolve("bundle");
            robot.interact(() -> export.export(bundle));
            assertThat(export.failedProperty().get()).as(export.statusProperty().get()).isFalse();
            assertThat(bundle.resolve("packages/kubeadm_1.37.1-1.1_amd64.deb")).isNotEmptyFile();
            assertThat(Files.readString(bundle.resolve("packages/packages.json"))).contains("\"distribution\" : \"debian-12\"");
            assertThat(export.statusProperty().get()).startsWith("Wrote " + bundle + " (2 nodes, 8 container images): "
                    + "9 packages for debian-12 (amd64). ");
        }
    }
}

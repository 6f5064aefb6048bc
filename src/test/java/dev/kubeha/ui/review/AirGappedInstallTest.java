package dev.kubeha.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.TestRegistry;
import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.render.ImageList;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.FxUiExecutor;
import dev.kubeha.ui.install.InstallViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
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
 * The window's Install with "The nodes have no internet" on: as kubeha apply with airGapped, the
 * images come from this machine (Debian's docker-registry on loopback is the mirror, fetched
 * through the cache into the workspace's images/) and the packages from the packages folder, and
 * every node receives its own before kubeadm runs; two embedded SSH servers play master0 and worker0.
 */
@ExtendWith(ApplicationExtension.class)
class AirGappedInstallTest {
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
    TwoNodeCluster nodes;
    TestRegistry registry;
    Path workspace;
    final FxUiExecutor background = new FxUiExecutor();
    final ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
    final List<String> statuses = new CopyOnWriteArrayList<>();
    volatile InstallViewModel install;
    InstallStartViewModel starter;

    @BeforeEach
    void setUp() throws Exception {
        TestRegistry.assumeAvailable();
        workspace = dir.resolve("ws");
        nodes = TwoNodeCluster.start(dir);
        for (EmbeddedNode n : new EmbeddedNode[] {nodes.master0, nodes.worker0}) {
            n.on("^uname -m$", out -> {
                out.println("x86_64");
                return 0;
            });
        }
        registry = TestRegistry.start(Files.createDirectories(dir.resolve("registry")));
        Files.writeString(dir.resolve("flannel.yml"), CNI);
        Path debs = Files.createDirectories(dir.resolve("debs"));
        Files.writeString(debs.resolve("kubeadm_1.37.1-1.1_amd64.deb"), "kubeadm, as a test stands it in\n");
        Files.writeString(debs.resolve("containerd.io_2.2.1-1_amd64.deb"), "containerd, as a test stands it in\n");
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

    /** The two nodes' cluster with the CNI manifest from a file and {@code airGapped} as given. */
    PlanPreparation.Checked cluster(String airGapped) throws Exception {
        Path file = dir.resolve("cluster.json");
        if (!Files.exists(file)) {
            nodes.clusterFile(true);
        }
        Files.writeString(file, Files.readString(file).replace("https://example.com/cni.yaml", "flannel.yml")
                .replaceFirst("\\{", "{\n  \"airGapped\": " + airGapped + ","));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        return checked;
    }

    void start(FxRobot robot, PlanPreparation.Checked checked) {
        var ready = new InstallStartViewModel.Ready(checked, workspace, null, SshTarget.allOf(checked.cluster(), checked.context()));
        starter = new InstallStartViewModel(null, background, messages);
        starter.useCacheRoot(dir.resolve("cache"));
        starter.useImageSources(ImageSources.parse(List.of("registry.k8s.io=" + registry.host(),
                "docker.io=" + registry.host()), List.of(registry.host())));
        starter.statusProperty().addListener((o, was, now) -> statuses.add(now));
        robot.interact(() -> starter.start(ready, null, TwoNodeCluster.SUDO_PASSWORD.toCharArray(), HostKeyPolicy.ACCEPT_NEW,
                key -> null, run -> install = run));
    }

    @Test
    void installCarriesEveryImageAndThePackagesFolderToTheNodesAsApplyDoes(FxRobot robot) throws Exception {
        PlanPreparation.Checked checked = cluster("{\"packages\": \"debs\"}");
        for (ImageList.Image image : ImageList.of(checked.cluster(), CNI)) {
            String path = image.reference().substring(image.reference().indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64"));
        }
        start(robot, checked);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> install != null || starter.failedProperty().get());
        assertThat(starter.failedProperty().get()).as(starter.statusProperty().get()).isFalse();
        // The page said what it was doing, and the images' bytes and rate as they came.
        assertThat(statuses).contains("Bringing the container images and packages for the nodes without internet\u2026");
        assertThat(statuses).anyMatch(s -> s.matches("Container images: \\d+\\.\\d of \\d+\\.\\d MiB \u00b7 .*"));
        assertThat(starter.statusProperty().get()).isEmpty();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> install.phaseProperty().get() != InstallViewModel.Phase.RUNNING);
        assertThat(install.phaseProperty().get()).as(install.statusProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);

        // Each node has the folder's packages and its own images, checked by sha256 before use.
        for (EmbeddedNode n : new EmbeddedNode[] {nodes.master0, nodes.worker0}) {
            assertThat(n.file("/var/lib/kubeha/packages/kubeadm_1.37.1-1.1_amd64.deb")).hasContent("kubeadm, as a test stands it in");
            assertThat(n.file("/var/lib/kubeha/packages/containerd.io_2.2.1-1_amd64.deb")).isRegularFile();
            assertThat(n.file("/var/lib/kubeha/images/registry.k8s.io_kube-proxy_v1.37.1.tar")).isNotEmptyFile();
        }
        assertThat(nodes.master0.file("/var/lib/kubeha/images/registry.k8s.io_kube-apiserver_v1.37.1.tar"))
                .hasSameBinaryContentAs(workspace.resolve("images/registry.k8s.io_kube-apiserver_v1.37.1.tar"));
        assertThat(nodes.worker0.file("/var/lib/kubeha/images/registry.k8s.io_kube-apiserver_v1.37.1.tar")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(workspace.resolve("images"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        // The manifest master0 applies is the file's, uploaded: nothing is downloaded on the node.
        assertThat(nodes.master0.commands()).contains("kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f /etc/kubeha/cni.yaml")
                .noneMatch(c -> c.contains("apply -f http"));
    }

    /** etcd run by systemd: the packages folder holds its release tarball too, as --include-packages does for apply. */
    @Test
    void thePackagesFolderAlsoBringsTheEtcdReleaseTarball(FxRobot robot) throws Exception {
        Path file = nodes.clusterFile(true);
        Files.writeString(file, Files.readString(file).replace("\"runtime\": \"static-pod\"", "\"runtime\": \"systemd\", \"version\": \"3.7.0\""));
        Files.writeString(dir.resolve("debs/etcd-v3.7.0-linux-amd64.tar.gz"), "etcd, as a test stands it in");
        PlanPreparation.Checked checked = cluster("{\"packages\": \"debs\"}");
        assertThat(checked.cluster().etcdMembersRunBySystemd()).isNotEmpty();
        for (ImageList.Image image : ImageList.of(checked.cluster(), CNI)) {
            String path = image.reference().substring(image.reference().indexOf('/') + 1);
            int colon = path.lastIndexOf(':');
            registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64"));
        }
        start(robot, checked);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> install != null || starter.failedProperty().get());
        // Without the folder this stops before any node: kubeha knows no published sha256 of etcd 3.7.0.
        assertThat(starter.failedProperty().get()).as(starter.statusProperty().get()).isFalse();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> install.phaseProperty().get() != InstallViewModel.Phase.RUNNING);
        assertThat(nodes.master0.file("/var/lib/kubeha/packages/etcd-v3.7.0-linux-amd64.tar.gz"))
                .hasContent("etcd, as a test stands it in");
    }

    @Test
    void withNeitherDistributionNorPackagesFolderInstallStopsBeforeAnyNodeSayingWhatToChoose(FxRobot robot) throws Exception {
        start(robot, cluster("{}"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> starter.failedProperty().get() || install != null);
        assertThat(starter.statusProperty().get()).isEqualTo("The nodes have no internet: choose their distribution, whose"
                + " packages kubeha fetches on this machine, or a packages folder.");
        assertThat(install).isNull();
        assertThat(nodes.master0.commands()).isEmpty();
    }

    @Test
    void anImageTheMirrorLacksStopsTheStartNamingIt(FxRobot robot) throws Exception {
        start(robot, cluster("{\"packages\": \"debs\"}"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> starter.failedProperty().get() || install != null);
        assertThat(install).isNull();
        assertThat(starter.statusProperty().get()).startsWith("The container images cannot be had: image registry.k8s.io/")
                .doesNotContain("Exception");
        assertThat(workspace.resolve("journal.json")).doesNotExist();
    }
}

package dev.kubeha.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.plan.ClusterPlanBuilder;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.FxUiExecutor;
import dev.kubeha.ui.install.FinishViewModel;
import dev.kubeha.ui.install.InstallViewModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's Install on two embedded SSH nodes, twice: the first installs; the second, on the
 * installed cluster, converges as {@code kubeha apply} does (the journal says installed, the nodes
 * are looked at, the plan only verifies), runs no kubeadm init or join and says nothing changed.
 */
@ExtendWith(ApplicationExtension.class)
class InstallStartViewModelTest {
    @TempDir
    Path dir;
    TwoNodeCluster nodes;
    Path workspace;
    final FxUiExecutor background = new FxUiExecutor();
    final ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
    volatile InstallStartViewModel.Ready ready;
    volatile InstallViewModel install;

    @BeforeEach
    void setUp() throws Exception {
        workspace = dir.resolve("ws");
        nodes = TwoNodeCluster.start(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (install != null) {
            install.close();
        }
        nodes.close();
        background.close();
    }

    InstallStartViewModel.Ready prepare(FxRobot robot, InstallStartViewModel starter) throws Exception {
        ready = null;
        robot.interact(() -> starter.prepare(r -> ready = r));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> ready != null || starter.failedProperty().get());
        assertThat(starter.failedProperty().get()).as(starter.statusProperty().get()).isFalse();
        return ready;
    }

    InstallViewModel run(FxRobot robot, InstallStartViewModel starter, InstallStartViewModel.Ready r) throws Exception {
        closeWindow(robot);
        install = null;
        robot.interact(() -> starter.start(r, null, TwoNodeCluster.SUDO_PASSWORD.toCharArray(), HostKeyPolicy.ACCEPT_NEW,
                key -> null, started -> install = started));
        return waitForRun(starter);
    }

    /** The install window closes: its operation lets the workspace go (in the background). */
    void closeWindow(FxRobot robot) throws Exception {
        if (install != null) {
            InstallViewModel earlier = install;
            robot.interact(earlier::close);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                try (var lock = dev.kubeha.operation.Workspace.at(workspace).lock("InstallStartViewModelTest")) {
                    return true;
                } catch (dev.kubeha.operation.WorkspaceBusyException busy) {
                    return false;
                }
            });
        }
    }

    InstallViewModel waitForRun(InstallStartViewModel starter) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> install != null || starter.failedProperty().get());
        assertThat(starter.failedProperty().get()).as(starter.statusProperty().get()).isFalse();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            InstallViewModel.Phase phase = install.phaseProperty().get();
            return phase != InstallViewModel.Phase.READY && phase != InstallViewModel.Phase.RUNNING;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(install.phaseProperty().get()).as(install.statusProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        return install;
    }

    @Test
    void aSecondInstallOnTheInstalledClusterChangesNothingAndSaysSo(FxRobot robot) throws Exception {
        Path file = nodes.clusterFile(true);
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        ReviewInput input = new ReviewInput(checked::cluster, new SimpleObjectProperty<>(checked.cluster()), () -> file,
                checked::context, c -> workspace);
        InstallStartViewModel starter = new InstallStartViewModel(input, background, messages);
        robot.interact(starter::refreshInstalled);
        assertThat(starter.installedProperty().get()).isFalse();

        InstallStartViewModel.Ready first = prepare(robot, starter);
        assertThat(first.installed()).isFalse();
        InstallViewModel installed = run(robot, starter, first);
        assertThat(installed.converges()).isFalse();
        assertThat(installed.statusProperty().get()).startsWith("Cluster lab is installed: 9 tasks succeeded in ");
        assertThat(nodes.master0.count("^kubeadm init")).isEqualTo(1);
        assertThat(nodes.worker0.count("^kubeadm join")).isEqualTo(1);
        // The run succeeded: the Review page's button now applies changes, and says so after a restart too.
        assertThat(starter.installedProperty().get()).isTrue();
        robot.interact(starter::refreshInstalled);
        assertThat(starter.installedProperty().get()).isTrue();

        // The second Install: the converge plan, as kubeha apply shows it (only the verification).
        closeWindow(robot);
        InstallStartViewModel.Ready second = prepare(robot, starter);
        assertThat(second.installed()).isTrue();
        assertThat(second.resume()).isNull();
        assertThat(second.prepared().plan().tasks()).hasSize(2).allMatch(ClusterPlanBuilder::verifies);
        InstallViewModel again = run(robot, starter, second);

        assertThat(again.converges()).isTrue();
        assertThat(again.nothingToChange()).isTrue();
        assertThat(again.plan().tasks()).hasSize(2).allMatch(ClusterPlanBuilder::verifies);
        assertThat(again.statusProperty().get()).matches("Nothing to change: 2 nodes as described \\(verified in [^)]+\\)\\.\n"
                + "admin\\.conf: " + java.util.regex.Pattern.quote(workspace.resolve("admin.conf").toString())
                + " \\(0600, keep it private: it is cluster-admin\\)");
        // No kubeadm init or join the second time, no node prepared again; the cluster was looked at and verified.
        assertThat(nodes.master0.count("^kubeadm init")).isEqualTo(1);
        assertThat(nodes.worker0.count("^kubeadm join")).isEqualTo(1);
        assertThat(nodes.master0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        assertThat(nodes.worker0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        assertThat(nodes.master0.count("^kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for=condition=Ready nodes --all"))
                .isEqualTo(2);

        // The finish page says so too.
        FinishViewModel[] finish = new FinishViewModel[1];
        robot.interact(() -> finish[0] = new FinishViewModel(again, background, messages));
        assertThat(finish[0].summaryProperty().get()).startsWith("Nothing to change: 2 nodes as described.\n"
                + "Control plane: master0 (10.0.0.20)\n").contains("\nThis run: 2 tasks in ");
    }
}

package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.demo.DemoLab;
import dev.kubeha.demo.Pace;
import dev.kubeha.exec.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code kubeha --demo} from Welcome to a finished installation: the application as it starts in
 * demo mode (the same {@link KubehaApp#start}), the simulated lab at full speed, every wizard page
 * with the banner, Install with the sudo password, and the run over SSH on the eight simulated
 * hosts until every node succeeded.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(120)
class DemoModeTest {
    private static final String PREFIX = "Demo, simulated hosts \u2014 ";

    @TempDir
    static Path dir;
    DemoLab lab;
    KubehaApp app;
    Stage stage;
    Locale locale;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        locale = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
        lab = DemoLab.start(Files.createTempDirectory(dir, "lab").resolve("lab"), Pace.NONE);
        KubehaApp.useDemo(new DemoMode(lab));
        app = new KubehaApp();
        app.start(stage);
    }

    @AfterEach
    void stop() throws Exception {
        KubehaApp.useDemo(null);
        Locale.setDefault(locale);
        app.stop();
        lab.close();
    }

    private boolean current(FxRobot robot, WizardPage page) {
        return robot.lookup("#step-" + page.name()).query().getPseudoClassStates()
                .contains(PseudoClass.getPseudoClass("current"));
    }

    private void next(FxRobot robot, WizardPage expected) {
        robot.clickOn("#next");
        assertThat(current(robot, expected)).as("after Next: " + expected).isTrue();
        assertBanner(robot);
    }

    private void assertBanner(FxRobot robot) {
        Label banner = robot.lookup("#demoBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).isEqualTo("Demo mode: these 8 hosts are simulated inside kubeha (SSH servers on"
                + " 127.0.0.1); nothing is installed on a real machine. The sudo password is \"demo-sudo\". Everything is"
                + " removed when this window closes.");
    }

    @Test
    void theDemoRunsFromWelcomeToAnInstalledCluster(FxRobot robot) throws Exception {
        // The demo cluster is read in the background; the Welcome page stays.
        TextField name = robot.lookup("#name").queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "demo".equals(name.getText()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(current(robot, WizardPage.WELCOME)).isTrue();
        assertBanner(robot);
        assertThat(stage.getTitle()).isEqualTo(PREFIX + "kubeha \u2014 cluster.json");
        picture(robot, stage, "demo-welcome");

        next(robot, WizardPage.HOSTS);
        next(robot, WizardPage.NETWORK);
        next(robot, WizardPage.ETCD);
        next(robot, WizardPage.LOAD_BALANCER);
        next(robot, WizardPage.REVIEW);
        assertThat(robot.lookup("#reviewSummary").queryAs(Label.class).getText()).isEqualTo("demo, Kubernetes v1.34.2:"
                + " 3 control-plane nodes, 3 etcd members (Dedicated etcd nodes), 2 workers, API endpoint 10.0.0.100:6443."
                + "\nThe cluster is valid (0 warnings).");

        robot.clickOn("#install");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#installSudoPassword").tryQuery().isPresent());
        DialogPane confirm = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(((Stage) confirm.getScene().getWindow()).getTitle()).startsWith(PREFIX);
        PasswordField sudo = robot.lookup("#installSudoPassword").queryAs(PasswordField.class);
        robot.interact(() -> sudo.setText(DemoLab.SUDO_PASSWORD));
        robot.clickOn((Button) confirm.lookupButton(ButtonType.OK));

        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#installStatus").tryQuery()
                .map(l -> ((Label) l).getText().startsWith("Cluster demo is installed")
                        || robot.lookup("#installRetry").queryButton().isVisible())
                .orElse(false));
        WaitForAsyncUtils.waitForFxEvents();

        assertInstallSucceeded(robot);
        Stage installWindow = (Stage) robot.lookup("#installNodes").query().getScene().getWindow();
        picture(robot, installWindow, "demo-installed");
        assertThat(lab.workspace().resolve("admin.conf")).content().contains("server: https://10.0.0.100:6443\n");
        assertThat(Window.getWindows()).filteredOn(w -> w instanceof Stage).extracting(w -> ((Stage) w).getTitle())
                .contains(PREFIX + "Installing demo");
    }

    /** A PNG of a window in target/screenshots/ for review (not compared). */
    private static void picture(FxRobot robot, Stage window, String name) throws Exception {
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = window.getScene().snapshot(null));
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage((int) shot[0].getWidth(),
                (int) shot[0].getHeight(), java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, shot[0].getPixelReader().getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(image, "png", shots.resolve(name + ".png").toFile());
    }

    /**
     * The install window's succeeded state: its status says the cluster is installed (the
     * SUCCEEDED phase's text), every task is counted done, every node's row succeeded, and there is
     * nothing to retry or cancel. Point this at the Finish page once the install view has one.
     */
    private void assertInstallSucceeded(FxRobot robot) {
        String status = robot.lookup("#installStatus").queryAs(Label.class).getText();
        assertThat(status).as(robot.lookup("#installFailures").tryQuery().map(Object::toString).orElse(""))
                .startsWith("Cluster demo is installed: 22 tasks succeeded in ")
                .contains("admin.conf: " + lab.workspace().resolve("admin.conf"));
        assertThat(robot.lookup("#installCount").queryAs(Label.class).getText()).isEqualTo("22 / 22 tasks");
        TableView<?> table = robot.lookup("#installNodes").queryTableView();
        List<InstallViewModel.NodeRow> rows = table.getItems().stream().map(r -> (InstallViewModel.NodeRow) r).toList();
        assertThat(rows).extracting(InstallViewModel.NodeRow::node)
                .containsExactly("etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0", "worker1");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.stateProperty().get()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(row.doneProperty().get()).isEqualTo(row.total());
        });
        assertThat(robot.lookup("#installRetry").queryButton().isVisible()).isFalse();
        assertThat(robot.lookup("#installCancel").queryButton().isDisabled()).isTrue();
    }
}

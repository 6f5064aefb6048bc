package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.demo.DemoLab;
import dev.kubeha.demo.Pace;
import dev.kubeha.ui.fx.UiSettings;
import dev.kubeha.ui.wizard.WizardPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
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
 * with the banner, Install with the sudo password, the run over SSH on the eight simulated hosts,
 * Continue at the external load balancer's checkpoint, and the Finish page with the nodes Ready.
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
    /** Stands for ~/.kubeha/settings.json, which the demo reads but must not write. */
    Path homeSettings;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        locale = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
        lab = DemoLab.start(Files.createTempDirectory(dir, "lab").resolve("lab"), Pace.NONE);
        KubehaApp.useDemo(new DemoMode(lab));
        // As JavaFX starts it: init() reads the window's settings (here none: the defaults), then start().
        homeSettings = Files.createTempDirectory(dir, "home").resolve(".kubeha").resolve("settings.json");
        app = new KubehaApp(new UiSettings.Store(homeSettings));
        app.init();
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
        assertBanner(robot.lookup("#demoBanner").queryAs(Label.class));
    }

    private static void assertBanner(Label banner) {
        assertThat(banner).isNotNull();
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).isEqualTo("Demo mode: these 8 hosts are simulated inside kubeha (SSH servers on"
                + " 127.0.0.1); nothing is installed on a real machine. The sudo password is \"demo-sudo\". Everything is"
                + " removed when kubeha closes.");
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
        assertThat(robot.lookup("#reviewSummary").queryAs(Label.class).getText()).isEqualTo("demo, Kubernetes v1.37.1:"
                + " 3 control-plane nodes, 3 etcd members (Dedicated etcd nodes), 2 workers, API endpoint 10.0.0.100:6443."
                + "\nThe cluster is valid (0 warnings).");

        robot.clickOn("#install");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#installSudoPassword").tryQuery().isPresent());
        DialogPane confirm = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        // The prefix comes from a listener on the FX thread as the dialog shows: read the title once it has run.
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((Stage) confirm.getScene().getWindow()).getTitle()).startsWith(PREFIX);
        PasswordField sudo = robot.lookup("#installSudoPassword").queryAs(PasswordField.class);
        robot.interact(() -> sudo.setText(DemoLab.SUDO_PASSWORD));
        robot.clickOn((Button) confirm.lookupButton(ButtonType.OK));

        // The external load balancer's checkpoint: the run waits, once the endpoint answers, for Continue.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#checkpointContinue").tryQuery()
                .map(b -> !b.isDisabled() && b.isVisible()).orElse(false)
                || robot.lookup("#installRetry").tryQuery().map(Node::isVisible).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        Stage installWindow = (Stage) robot.lookup("#installNodes").query().getScene().getWindow();
        assertThat(installWindow.getTitle()).isEqualTo(PREFIX + "Installing demo");
        assertBanner((Label) installWindow.getScene().getRoot().lookup("#demoBanner"));
        assertThat(robot.lookup("#checkpoint").query().isVisible()).isTrue();
        assertThat(robot.lookup("#checkpointInstructions").queryAs(Label.class).getText()).contains(
                "  master0  10.0.0.21:6443\n  master1  10.0.0.22:6443\n  master2  10.0.0.23:6443\n",
                "until https://10.0.0.100:6443/healthz answers from master0");
        assertThat(robot.lookup("#checkpointProbe").queryAs(Label.class).getText())
                .startsWith("Reachable: https://10.0.0.100:6443/healthz answers from master0.");
        picture(robot, installWindow, "demo-checkpoint");
        robot.clickOn("#checkpointContinue");

        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> finishNodes(robot).contains("worker1")
                || robot.lookup("#finishNodesStatus").tryQuery().map(l -> l.getPseudoClassStates()
                        .contains(PseudoClass.getPseudoClass("error"))).orElse(false)
                || robot.lookup("#installRetry").tryQuery().map(Node::isVisible).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();

        assertInstallSucceeded(robot);
        picture(robot, installWindow, "demo-installed");
        assertThat(lab.workspace().resolve("admin.conf")).content().contains("server: https://10.0.0.100:6443\n");
    }

    /** The Finish page's {@code kubectl get nodes} output; empty before the page shows. */
    private static String finishNodes(FxRobot robot) {
        return robot.lookup("#finishNodes").tryQuery().map(t -> ((TextArea) t).getText()).orElse("");
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
     * The install window's Finish page after a successful run: its summary names what was installed
     * and counts every task of the plan, and {@code kubectl get nodes}, asked on master0 over SSH,
     * lists every Kubernetes node of the demo Ready (the etcd hosts run a kubelet for etcd's static
     * pod but never join). The run's view is gone: nothing to retry or cancel.
     */
    private void assertInstallSucceeded(FxRobot robot) {
        String summary = robot.lookup("#finishSummary").tryQuery().map(l -> ((Label) l).getText())
                .orElseGet(() -> "no Finish page; status: " + robot.lookup("#installStatus").tryQuery()
                        .map(l -> ((Label) l).getText()).orElse("?") + "; failures: "
                        + robot.lookup("#installFailures").tryQuery().map(Object::toString).orElse(""));
        assertThat(summary).startsWith("""
                Cluster demo (Kubernetes v1.37.1) is installed.
                Control plane: master0 (10.0.0.21), master1 (10.0.0.22), master2 (10.0.0.23)
                Workers: worker0 (10.0.0.31), worker1 (10.0.0.32)
                etcd: dedicated, static-pod, on etcd0 (10.0.0.11), etcd1 (10.0.0.12), etcd2 (10.0.0.13)
                API endpoint: 10.0.0.100:6443 (your load balancer)
                This run: 23 tasks in """);
        assertThat(robot.lookup("#finishNodesStatus").queryAs(Label.class).getText()).isEqualTo("As master0 answers now.");
        List<String> nodes = finishNodes(robot).lines().toList();
        assertThat(nodes.get(0)).startsWith("NAME").contains("STATUS", "INTERNAL-IP");
        assertThat(nodes.subList(1, nodes.size())).extracting(line -> line.split("\\s+"))
                .extracting(cols -> cols[0] + " " + cols[1] + " " + cols[cols.length - 1])
                .containsExactly("master0 Ready 10.0.0.21", "master1 Ready 10.0.0.22", "master2 Ready 10.0.0.23",
                        "worker0 Ready 10.0.0.31", "worker1 Ready 10.0.0.32");
        assertThat(robot.lookup("#installRetry").tryQuery()).isEmpty();
    }

    @Test
    void closingAfterEditsAsksNothingAndWritesNoSettings(FxRobot robot) throws Exception {
        TextField name = robot.lookup("#name").queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "demo".equals(name.getText()));
        WaitForAsyncUtils.waitForFxEvents();
        // The user plays with it: an edit (unsaved), the dark theme.
        robot.interact(() -> name.setText("demo2"));
        assertThat(stage.getTitle()).endsWith("cluster.json *");
        robot.clickOn("#darkTheme");
        List<Window> before = List.copyOf(Window.getWindows());
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Window.getWindows()).as("no save question").allMatch(before::contains);
        if (stage.isShowing()) {
            robot.interact(stage::close);
        }
        app.stop();
        assertThat(homeSettings).doesNotExist();
        assertThat(homeSettings.getParent()).doesNotExist();
        javafx.application.Platform.runLater(() -> javafx.application.Application.setUserAgentStylesheet(null));
    }
}

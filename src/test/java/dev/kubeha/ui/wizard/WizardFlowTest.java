package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.Theme;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Problem;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * From a blank start to a valid Review, through the controls and the Next button, for each etcd
 * topology; and a PNG of every page in target/screenshots/ for review (not compared).
 */
@ExtendWith(ApplicationExtension.class)
class WizardFlowTest {
    private WizardViewModel wizard;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        Path temp = Files.createTempDirectory("kubeha-flow");
        wizard = new WizardViewModel(new CurrentThreadExecutor(), messages,
                new RecentClusters(temp.resolve("recent.json")), c -> temp.resolve("workspace"));
        scene = new Scene(new WizardView(wizard, messages).root(), 1100, 760);
        stage.setScene(scene);
        stage.show();
    }

    private void type(FxRobot robot, String id, String text) {
        TextField field = robot.lookup("#" + id).queryAs(TextField.class);
        robot.interact(() -> field.setText(text));
    }

    private void next(FxRobot robot, WizardPage expected) {
        robot.clickOn("#next");
        assertThat(wizard.pageProperty().get()).as("after Next").isEqualTo(expected);
    }

    private void fillToReview(FxRobot robot, EtcdTopology topology, EtcdRuntime runtime, String hosts) {
        robot.clickOn("#newCluster");
        type(robot, "name", "lab");
        next(robot, WizardPage.HOSTS);
        TextArea paste = robot.lookup("#pasteHosts").queryAs(TextArea.class);
        robot.interact(() -> paste.setText(hosts));
        robot.clickOn("#addPasted");
        assertThat(WizardViewTest.nextHeld(robot, wizard)).as("no private addresses yet").isTrue();
        type(robot, "privateInterface", "eth1");
        type(robot, "ssh-user", "ubuntu");
        next(robot, WizardPage.NETWORK);
        next(robot, WizardPage.ETCD);
        robot.clickOn("#" + topology.name());
        robot.clickOn("#" + runtime.name());
        next(robot, WizardPage.LOAD_BALANCER);
        assertThat(WizardViewTest.nextHeld(robot, wizard)).as("no endpoint yet").isTrue();
        type(robot, "loadBalancer-endpoint", "lb.example.com:6443");
        next(robot, WizardPage.REVIEW);
        assertThat(wizard.cluster().problems()).noneMatch(Problem::isError);
    }

    static final String CO_LOCATED_HOSTS = """
            master0 203.0.113.20 control-plane
            master1 203.0.113.21 control-plane
            master2 203.0.113.22 control-plane
            worker0 203.0.113.30 worker""";
    static final String DEDICATED_HOSTS = """
            etcd0 203.0.113.10 etcd
            etcd1 203.0.113.11 etcd
            etcd2 203.0.113.12 etcd
            master0 203.0.113.20 control-plane
            master1 203.0.113.21 control-plane
            master2 203.0.113.22 control-plane
            worker0 203.0.113.30 worker""";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"CO_LOCATED, STATIC_POD", "CO_LOCATED, SYSTEMD", "DEDICATED, STATIC_POD", "DEDICATED, SYSTEMD"})
    void fromScratchToAValidReview(EtcdTopology topology, EtcdRuntime runtime, FxRobot robot) {
        boolean dedicated = topology == EtcdTopology.DEDICATED;
        fillToReview(robot, topology, runtime, dedicated ? DEDICATED_HOSTS : CO_LOCATED_HOSTS);
        var cluster = wizard.cluster().toCluster();
        assertThat(cluster.etcd().topology()).isEqualTo(topology);
        assertThat(cluster.etcd().runtime()).isEqualTo(runtime);
        assertThat(cluster.etcdMembers()).extracting(n -> n.name())
                .containsExactlyElementsOf(dedicated ? List.of("etcd0", "etcd1", "etcd2")
                        : List.of("master0", "master1", "master2"));
        // Pasting etcd hosts switched the topology before the etcd page; the page kept it.
        assertThat(wizard.cluster().switchedToDedicatedProperty().get()).isEqualTo(dedicated);
        assertThat(robot.lookup("#reviewSummary").queryLabeled().getText()).isEqualTo("lab, Kubernetes v1.37.1:"
                + " 3 control-plane nodes, 3 etcd members (" + (dedicated ? "Dedicated etcd nodes"
                : "Co-located on the control plane") + "), 1 worker, API endpoint lb.example.com:6443.\n"
                + "The cluster is valid (1 warning).");
        assertThat(robot.lookup("#exportBundle").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#install").queryButton().isDisabled()).isFalse();
    }

    @Test
    void haproxyNeedsAVirtualIp(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        robot.interact(() -> wizard.show(WizardPage.LOAD_BALANCER));
        robot.clickOn("#" + LoadBalancerMode.HAPROXY_KEEPALIVED.name());
        type(robot, "loadBalancer-endpoint", "");
        assertThat(WizardViewTest.nextHeld(robot, wizard)).isTrue();
        assertThat(robot.lookup("#message-loadBalancer-virtualIp").queryLabeled().getText())
                .startsWith("is required for haproxy-keepalived");
        type(robot, "loadBalancer-virtualIp", "10.0.0.100/24");
        assertThat(wizard.cluster().toCluster().loadBalancer().endpoint()).isEqualTo("10.0.0.100:8443");
        assertThat(WizardViewTest.nextHeld(robot, wizard)).isFalse();
    }

    /** Every page in both themes, and the Review page's tabs, for a person to look at (not compared). */
    @Test
    void everyPageAsAPicture(FxRobot robot) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        robot.interact(() -> {
            wizard.open(ClusterViewModelTest.EXAMPLE);
            wizard.cluster().certSans().add(new javafx.beans.property.SimpleStringProperty("api.example.com"));
        });
        try {
            for (Theme theme : Theme.values()) {
                robot.interact(() -> theme.apply(scene.getRoot()));
                String suffix = theme == Theme.DARK ? "-dark" : "";
                for (WizardPage page : WizardPage.values()) {
                    robot.interact(() -> wizard.show(page));
                    shoot(robot, dir.resolve(page.name().toLowerCase(Locale.ROOT) + suffix + ".png"));
                }
                for (String tab : List.of("topologyTab", "filesTab")) {
                    WizardViewTest.reviewTab(robot, tab);
                    shoot(robot, dir.resolve("review-" + tab.replace("Tab", "") + suffix + ".png"));
                }
                WizardViewTest.reviewTab(robot, "planTab");
            }
        } finally {
            // Back to the toolkit's own look for the tests that run after this one in the same JVM.
            robot.interact(() -> {
                javafx.application.Application.setUserAgentStylesheet(null);
                scene.getRoot().getStyleClass().remove(Theme.DARK_CLASS);
            });
        }
        assertThat(dir.resolve("review.png")).exists();
        assertThat(dir.resolve("hosts-dark.png")).exists();
        assertThat(dir.resolve("review-topology-dark.png")).exists();
    }

    private void shoot(FxRobot robot, Path file) throws java.io.IOException {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = scene.snapshot(null));
        ImageIO.write(toAwt(shot[0]), "png", file.toFile());
    }

    private static BufferedImage toAwt(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, reader.getArgb(x, y));
            }
        }
        return out;
    }
}

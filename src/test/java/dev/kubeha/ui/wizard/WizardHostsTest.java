package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.FxUiExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Hosts and Network pages against two embedded SSH nodes, with the tests on background threads
 * as in the application: first-seen host keys are asked about in a dialog with their fingerprint.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class WizardHostsTest {
    @TempDir
    Path dir;
    TwoNodeCluster nodes;
    Stage stage;
    ClusterViewModel cluster;
    HostsViewModel hosts;
    Forms forms;
    final FxUiExecutor background = new FxUiExecutor();
    final ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @BeforeEach
    void setUp(FxRobot robot) throws Exception {
        nodes = TwoNodeCluster.start(dir);
        nodes.master0.answerProbe("kube", "Ubuntu 24.04.1 LTS", HostsViewModelTest.MASTER_IP);
        nodes.worker0.answerProbe("kube", "Debian GNU/Linux 12 (bookworm)", HostsViewModelTest.WORKER_IP);
        Path file = nodes.clusterFile(false);
        cluster = new ClusterViewModel(new CurrentThreadExecutor(), () -> ValidationContext.forFile(file));
        cluster.load(ClusterFiles.read(file).cluster());
        hosts = new HostsViewModel(cluster, messages, background, () -> ValidationContext.forFile(file),
                c -> dir.resolve("workspace").resolve(c.name()));
        forms = new Forms(cluster, messages);
        robot.interact(() -> {
            stage.setScene(new Scene(new HostsView(hosts, forms).root(), 1300, 760));
            stage.show();
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
        background.close();
    }

    /** Answers the next host-key question; returns its text. */
    String answerHostKey(FxRobot robot, ButtonType answer) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup(".dialog-pane").queryAll().isEmpty());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        String text = pane.getContentText();
        robot.interact(() -> ((Button) pane.lookupButton(answer)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        return text;
    }

    List<String> cellTexts(FxRobot robot, String prefix) {
        return robot.lookup("#hostTable .table-cell").queryAllAs(TableCell.class).stream()
                .map(Labeled::getText).filter(t -> t != null && t.startsWith(prefix)).toList();
    }

    @Test
    void testAllAsksAboutEachNewHostKeyThenShowsWhatEachHostReported(FxRobot robot) throws Exception {
        robot.clickOn("#testSudoPassword").write(TwoNodeCluster.SUDO_PASSWORD);
        robot.clickOn("#testAll");
        String first = answerHostKey(robot, ButtonType.YES);
        String second = answerHostKey(robot, ButtonType.YES);
        assertThat(List.of(first, second)).anyMatch(t -> t.contains(nodes.master0.hostKeyFingerprint()))
                .anyMatch(t -> t.contains(nodes.worker0.hostKeyFingerprint()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !hosts.probingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#probeStatus").queryLabeled().getText()).isEqualTo("Tested 2 hosts: 2 ready, 0 with problems.");
        assertThat(cellTexts(robot, "\u2714")).containsExactly(
                "\u2714 logged in \u00b7 Ubuntu 24.04.1 LTS \u00b7 sudo works \u00b7 cgroup v2 \u00b7 eth0 203.0.113.20/24,"
                        + " eth1 10.0.0.20/24",
                "\u2714 logged in \u00b7 Debian GNU/Linux 12 (bookworm) \u00b7 sudo works \u00b7 cgroup v2 \u00b7 ens3"
                        + " 203.0.113.30/24, eth1 10.0.0.30/24");
        assertThat(cellTexts(robot, "10.0.0.")).containsExactly("10.0.0.20", "10.0.0.30 (reported on eth1)");
        assertThat(robot.lookup("#probeProblems").queryAs(ListView.class).isVisible()).isFalse();
        // The password stays in its field for the next test, and nowhere else.
        assertThat(robot.lookup("#testSudoPassword").queryAs(PasswordField.class).getText())
                .isEqualTo(TwoNodeCluster.SUDO_PASSWORD);
        assertThat(java.nio.file.Files.readString(dir.resolve("workspace/lab/known_hosts")))
                .doesNotContain(TwoNodeCluster.SUDO_PASSWORD);

        // Known keys now: no question; without the sudo password each host says what to do.
        robot.interact(() -> robot.lookup("#testSudoPassword").queryAs(PasswordField.class).clear());
        robot.clickOn("#testAll");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !hosts.probingProperty().get()
                && hosts.probeProblems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListView<String> problems = robot.lookup("#probeProblems").queryAs(ListView.class);
        assertThat(problems.isVisible()).isTrue();
        assertThat(problems.getItems()).containsExactly(
                "node master0: sudo asks kube for a password; give the sudo password,"
                        + " or allow kube to use sudo without one",
                "node worker0: sudo asks kube for a password; give the sudo password,"
                        + " or allow kube to use sudo without one");
        assertThat(cellTexts(robot, "\u2716")).hasSize(2);
        // Both lines in view (the list grows with its lines), each whole (wrapped, not cut).
        assertThat(problems.getPrefHeight()).isEqualTo(8 + 2 * 26.0);
        assertThat(problems.lookupAll(".list-cell").stream()
                .map(n -> (javafx.scene.control.ListCell<?>) n).filter(c -> c.getItem() != null)
                .map(c -> ((javafx.scene.text.Text) c.lookup(".text")).getText()))
                .containsExactlyInAnyOrderElementsOf(problems.getItems());
        assertThat(robot.lookup("#probeStatus").queryLabeled().getText()).isEqualTo("Tested 2 hosts: 0 ready, 2 with problems.");
    }

    @Test
    void aRefusedHostKeyIsTheHostsProblemLine(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#hostTable").queryTableView().getSelectionModel().select(1));
        robot.clickOn("#testConnection");
        assertThat(answerHostKey(robot, ButtonType.NO)).contains(nodes.worker0.hostKeyFingerprint())
                .contains("node worker0 (kube@127.0.0.1:" + nodes.worker0.port() + ")");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> hosts.probeProblems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#probeProblems").queryAs(ListView.class).getItems()).singleElement().asString()
                .startsWith("host key of node worker0").endsWith("then accept it");
        assertThat(cellTexts(robot, "\u2716")).containsExactly("\u2716 reachable, not logged in");
        assertThat(nodes.master0.sessions()).as("only the selected host is tested").isZero();
    }

    @Test
    void theNetworkPageOffersTheReportedInterfacesAndShowsEachHostsAddress(FxRobot robot) throws Exception {
        robot.clickOn("#testSudoPassword").write(TwoNodeCluster.SUDO_PASSWORD);
        robot.clickOn("#testAll");
        answerHostKey(robot, ButtonType.YES);
        answerHostKey(robot, ButtonType.YES);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !hosts.probingProperty().get());
        robot.interact(() -> stage.getScene().setRoot(new NetworkView(hosts, forms).root()));
        @SuppressWarnings("unchecked")
        ComboBox<String> iface = robot.lookup("#privateInterfaceChoice").queryAs(ComboBox.class);
        assertThat(iface.getItems()).containsExactly("eth0", "eth1", "ens3");
        assertThat(iface.getEditor().getText()).isEqualTo("eth1");
        robot.interact(() -> iface.getSelectionModel().select("ens3"));
        assertThat(cluster.privateInterfaceProperty().get()).isEqualTo("ens3");
        List<String> addresses = robot.lookup("#networkHosts .table-cell").queryAllAs(TableCell.class).stream()
                .map(Labeled::getText).filter(t -> t != null && (t.contains("reported") || t.startsWith("10."))).toList();
        assertThat(addresses).containsExactly("10.0.0.20", "203.0.113.30 (reported on ens3)");
        // worker0's own interface, chosen from what worker0 reported.
        @SuppressWarnings("unchecked")
        List<ComboBox<String>> overrides = robot.lookup("#networkHosts .combo-box").queryAllAs(ComboBox.class).stream()
                .map(c -> (ComboBox<String>) c).filter(c -> c.getUserData() != null).toList();
        ComboBox<String> worker = overrides.stream().filter(c -> c.getUserData() == cluster.hosts().get(1)).findFirst()
                .orElseThrow();
        assertThat(worker.getItems()).containsExactly("ens3", "eth1");
        robot.interact(() -> worker.getSelectionModel().select("eth1"));
        assertThat(cluster.toCluster().nodes().get(1).privateInterface()).isEqualTo("eth1");
        assertThat(hosts.resultingAddressOf(cluster.hosts().get(1))).isEqualTo("10.0.0.30 (reported on eth1)");
        // Typed by hand (offline): counts as typed, and the validator's message is beside it.
        robot.interact(() -> iface.getEditor().setText("eth 1"));
        assertThat(cluster.privateInterfaceProperty().get()).isEqualTo("eth 1");
        assertThat(robot.lookup("#message-privateInterface").queryLabeled().getText())
                .startsWith("\"eth 1\" is not a network interface name");
    }
}

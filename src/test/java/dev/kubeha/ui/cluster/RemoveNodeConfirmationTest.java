package dev.kubeha.ui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.Fxml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Remove node… on a cluster whose only master is chosen: the confirmation shows NodeRemoval's
 * refusal line as {@code kubeha remove-node} prints it, no steps and no plan, and its Remove
 * button is disabled; Cancel closes it with nothing run.
 */
@ExtendWith(ApplicationExtension.class)
class RemoveNodeConfirmationTest {
    ClusterPageViewModel model;
    Stage stage;
    Path dir;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = Files.createTempDirectory("kubeha-remove-confirmation");
        // A finished install recorded in the workspace: Reset… has something to take apart.
        new dev.kubeha.exec.Journal(dir.resolve("workspace").resolve("journal.json")).save(new dev.kubeha.exec.Journal.Snapshot(
                dev.kubeha.exec.Journal.VERSION, "prod-eu1", "2026-12-04T04:00:00Z", List.of(new dev.kubeha.exec.Journal.Entry(
                "master0/kubeadm-init", "master0", dev.kubeha.exec.TaskState.SUCCEEDED, true, "d", "", "2026-12-04T04:00:00Z"))));
        Cluster full = ClusterFiles.read(Path.of("src/examples/cluster.json")).cluster();
        Cluster cluster = full.withNodes(full.nodes().stream()
                .filter(n -> List.of("etcd0", "etcd1", "etcd2", "master0", "worker0").contains(n.name())).toList());
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        model = new ClusterPageViewModel(() -> cluster, () -> dir.resolve("cluster.json"),
                () -> ValidationContext.forFile(dir.resolve("cluster.json")), c -> dir.resolve("workspace"),
                new CurrentThreadExecutor(), messages, (t, k, h, s) -> {
                    throw new AssertionError("a refused removal reaches no node");
                }, Clock.systemUTC());
        ClusterPageView view = new ClusterPageView(model, messages, new SimpleStringProperty("prod-eu1"), () -> { },
                (title, body) -> { });
        Scene scene = new Scene(view.root(), 900, 700);
        scene.getStylesheets().add(Fxml.stylesheet());
        stage.setScene(scene);
        stage.show();
        model.load();
    }

    @Test
    void removingTheOnlyMasterShowsTheRefusalAndCannotBeConfirmed(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#clusterNodes").queryAs(TableView.class).getSelectionModel().select(3));
        // The dialog waits for its answer: opened after the click's event, as the button would.
        robot.interact(() -> Platform.runLater(() -> robot.lookup("#clusterRemoveNode").queryButton().fire()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#removeRefusals").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#removeQuestion").queryAs(Label.class).getText())
                .isEqualTo("Remove master0 (control-plane) from cluster prod-eu1?");
        Label refusals = robot.lookup("#removeRefusals").queryAs(Label.class);
        assertThat(refusals.isVisible()).isTrue();
        assertThat(refusals.getText()).isEqualTo("master0 is the only control-plane node of prod-eu1: a cluster needs"
                + " one; add another control-plane node (apply) before removing it");
        assertThat(robot.lookup("#removeSteps").query().isVisible()).isFalse();
        assertThat(robot.lookup("#removePlan").query().isVisible()).isFalse();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        Button remove = (Button) pane.lookupButton(ButtonType.OK);
        assertThat(remove.getText()).isEqualTo("_Remove the node");
        assertThat(remove.isDisabled()).isTrue();
        ClusterPageTest.picture(robot, (Stage) pane.getScene().getWindow(), "cluster-remove-refused");
        robot.interact(() -> ((Button) pane.lookupButton(ButtonType.CANCEL)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#removeRefusals").tryQuery()).isEmpty();
    }

    /** Reset…: the confirmation names the cluster and every node, shows the plan, and waits for the cluster's name. */
    @Test
    void resetNamesTheClusterAndEveryNodeAndWaitsForItsName(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Platform.runLater(() -> robot.lookup("#clusterReset").queryButton().fire()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#resetQuestion").tryQuery().isPresent()
                || robot.lookup("#clusterStatus").queryAs(Label.class).getPseudoClassStates()
                .contains(javafx.css.PseudoClass.getPseudoClass("error")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#resetQuestion").tryQuery()).as(robot.lookup("#clusterStatus").queryAs(Label.class).getText())
                .isPresent();
        assertThat(robot.lookup("#resetQuestion").queryAs(Label.class).getText()).isEqualTo("Reset cluster prod-eu1? All 5"
                + " nodes go back to before kubeha: kubeadm reset, etcd's data and units, the load balancer's configuration,"
                + " CNI interfaces and iptables rules, kubeha's files. The workspace's journal is archived, its PKI kept ("
                + dir.resolve("workspace") + ").");
        assertThat(robot.lookup("#resetNodes").queryAs(Label.class).getText().lines().toList()).containsExactly(
                "\u2022 etcd0 (203.0.113.10, etcd)", "\u2022 etcd1 (203.0.113.11, etcd)", "\u2022 etcd2 (203.0.113.12, etcd)",
                "\u2022 master0 (203.0.113.20, control-plane)", "\u2022 worker0 (203.0.113.30, worker)");
        @SuppressWarnings("unchecked")
        List<String> plan = robot.lookup("#resetPlan").queryAs(javafx.scene.control.ListView.class).getItems();
        assertThat(plan).isNotEmpty();
        assertThat(robot.lookup("#resetPlanHeading").queryAs(Label.class).getText())
                .isEqualTo("The plan: " + plan.size() + " tasks");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        Button reset = (Button) pane.lookupButton(ButtonType.OK);
        assertThat(reset.getText()).isEqualTo("_Reset the cluster");
        assertThat(reset.isDisabled()).isTrue();
        javafx.scene.control.TextField name = robot.lookup("#resetName").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> name.setText("prod-eu"));
        assertThat(reset.isDisabled()).isTrue();
        robot.interact(() -> name.setText("prod-eu1"));
        assertThat(reset.isDisabled()).isFalse();
        ClusterPageTest.picture(robot, (Stage) pane.getScene().getWindow(), "cluster-reset-confirmation");
        robot.interact(() -> ((Button) pane.lookupButton(ButtonType.CANCEL)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#resetQuestion").tryQuery()).isEmpty();
        assertThat(dir.resolve("workspace").resolve("journal.json")).exists();
    }
}

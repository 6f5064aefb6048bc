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

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = Files.createTempDirectory("kubeha-remove-confirmation");
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
}

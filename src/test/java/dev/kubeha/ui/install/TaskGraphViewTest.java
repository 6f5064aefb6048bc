package dev.kubeha.ui.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.plan.Plan;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The task graph of a plan for 3 etcd members, 3 masters and 100 workers in the install window:
 * a few scene nodes per task, boxes repainted by the window's pulse, zoom and the keyboard.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class TaskGraphViewTest {
    final ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
    @TempDir
    Path dir;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    static int count(Node node) {
        int n = 1;
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                n += count(child);
            }
        }
        return n;
    }

    @Test
    void aHundredAndSixNodesDrawWithTwoSceneNodesPerBoxAndRepaintOnThePulse(FxRobot robot) throws Exception {
        Cluster cluster = GraphPlans.cluster(100);
        Plan plan = GraphPlans.plan(cluster);
        InstallViewModel install = new InstallViewModel(plan, cluster, dir, new CurrentThreadExecutor(), messages,
                Clock.systemUTC());
        robot.interact(() -> {
            stage.setScene(new Scene(new InstallView(install, messages).root(), 1000, 700));
            stage.show();
        });
        assertThat(robot.lookup(".task-graph").tryQuery()).as("made when its tab first shows").isEmpty();
        robot.clickOn("Task graph");

        int tasks = plan.tasks().size();
        int lanes = plan.nodes().size();
        Parent canvas = robot.lookup(".task-graph").queryAs(Parent.class);
        assertThat(robot.lookup(".task-box").queryAll()).hasSize(tasks);
        int columns = robot.lookup(".graph-column-heading").queryAll().size();
        assertThat(columns).isEqualTo(8);
        // A label and its text per box, lane name and column heading; one path each for stripes, edges, selected edges.
        int sceneNodes = count(canvas);
        assertThat(sceneNodes).isEqualTo(1 + 2 * tasks + 2 * lanes + 2 * columns + 3);
        System.out.printf("task graph of %d tasks on %d nodes: %d scene nodes under the graph pane%n", tasks, lanes, sceneNodes);

        // Events reach the boxes at the next pulse, not before.
        Label join = robot.lookup(".task-box").match(n -> "worker57/kubeadm-join".equals(n.getUserData())).queryAs(Label.class);
        assertThat(join.getStyleClass()).contains("pending");
        install.listener().onEvent(new ExecEvent.TaskStateChanged("worker57/kubeadm-join", "worker57", TaskState.FAILED,
                "exit 1", Instant.now()));
        // The style and the accessible text change on the same pulse; wait for both (a loaded machine may be between them).
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> join.getStyleClass().contains("failed")
                && join.getAccessibleText() != null && join.getAccessibleText().endsWith("\u2014 exit 1"));
        assertThat(join.getStyleClass()).doesNotContain("pending");
        assertThat(join.getText()).isEqualTo("\u2717 kubeadm-join");
        assertThat(join.getAccessibleText()).isEqualTo("worker57/kubeadm-join: join as a worker, failed \u2014 exit 1");

        // Zoom from the toolbar and with the keyboard.
        robot.clickOn("#graphZoomIn");
        assertThat(robot.lookup("#graphZoom").queryAs(Label.class).getText()).isEqualTo("125 %");
        assertThat(canvas.getScaleX()).isEqualTo(1.25);
        robot.clickOn("#graphZoomReset");
        assertThat(canvas.getScaleX()).isEqualTo(1.0);

        // The keyboard: focus a box, arrows move between neighbours and select.
        Label prepare = robot.lookup(".task-box").match(n -> "etcd0/prepare".equals(n.getUserData())).queryAs(Label.class);
        robot.interact(prepare::requestFocus);
        assertThat(robot.lookup("#graphTaskTitle").queryAs(Label.class).getText()).isEqualTo("etcd0/prepare \u2014 prepare the node");
        robot.type(KeyCode.DOWN);
        assertThat(robot.lookup("#graphTaskTitle").queryAs(Label.class).getText()).isEqualTo("etcd1/prepare \u2014 prepare the node");
        robot.type(KeyCode.RIGHT);
        assertThat(robot.lookup("#graphTaskTitle").queryAs(Label.class).getText()).isEqualTo("etcd1/etcd \u2014 etcd member");
        assertThat(robot.lookup(".task-box").match(n -> "etcd1/etcd".equals(n.getUserData())).query()
                .getPseudoClassStates()).contains(TaskGraphView.SELECTED);
        assertThat(robot.lookup("#graphTaskAfter").queryAs(Label.class).getText()).isEqualTo("After: etcd1/prepare");
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        assertThat(canvas.getScaleX()).isEqualTo(1.25);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        assertThat(canvas.getScaleX()).isEqualTo(1.0);
        assertThat(robot.lookup("#graphTaskTitle").queryAs(Label.class).getText()).startsWith("etcd1/etcd ");
    }
}

package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Problem;
import dev.kubeha.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The cluster-check window on the headless Monocle platform. */
@ExtendWith(ApplicationExtension.class)
class ClusterCheckViewTest {
    /** Runs background work on the calling thread, so a test sees the result at once. */
    static final class CurrentThreadExecutor implements UiExecutor {
        @Override
        public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
            try {
                onSuccess.accept(work.call());
            } catch (Exception e) {
                onFailure.accept(e);
            }
        }
    }

    @TempDir
    Path dir;

    private ClusterCheckViewModel viewModel;

    @Start
    void start(Stage stage) {
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        viewModel = new ClusterCheckViewModel(new CurrentThreadExecutor(), messages);
        stage.setScene(new Scene(KubehaApp.load(viewModel, messages), 900, 500));
        stage.show();
    }

    @Test
    void listsTheProblemsOfAnOpenedFile(FxRobot robot) {
        robot.interact(() -> viewModel.open(Path.of("src/examples/bad.yaml")));
        TableView<Problem> table = robot.lookup(".table-view").queryTableView();
        assertThat(table.getItems()).isNotEmpty();
        assertThat(table.getItems().get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(table.getItems()).extracting(Problem::path).contains("etcd.runtime", "nodes[0].host");
        assertThat(robot.lookup(".summary").queryAs(Label.class).getText()).isEqualTo("22 errors, 4 warnings");
        assertThat(robot.lookup(".failure").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void aValidFileSaysSo(FxRobot robot) {
        robot.interact(() -> viewModel.open(Path.of("src/examples/cluster.json")));
        assertThat(robot.lookup(".summary").queryAs(Label.class).getText()).isEqualTo("The cluster is valid (0 warnings).");
        assertThat(robot.lookup(".table-view").queryTableView().getItems()).isEmpty();
    }

    @Test
    void anUnreadableFileShowsTheParserMessageInThePage(FxRobot robot) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{ nope");
        robot.interact(() -> viewModel.open(broken));
        WaitForAsyncUtils.waitForFxEvents();
        Label failure = robot.lookup(".failure").queryAs(Label.class);
        assertThat(failure.isVisible()).isTrue();
        assertThat(failure.getText()).startsWith(broken + ": line 1, column 3: Unexpected character ('n' (code 110))");
        assertThat(robot.lookup(".summary").queryAs(Label.class).getText()).isEqualTo("The file could not be read.");
    }

    @Test
    void theChineseBundleHasEveryKey() {
        ResourceBundle en = KubehaApp.messages(Locale.ENGLISH);
        ResourceBundle zh = KubehaApp.messages(Locale.SIMPLIFIED_CHINESE);
        assertThat(zh.getLocale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        for (String key : en.keySet()) {
            assertThat(zh.getString(key)).as(key).isNotBlank();
        }
        assertThat(zh.getString("severity.error")).isEqualTo("错误");
    }
}

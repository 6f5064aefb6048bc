package dev.kubeha.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.demo.DemoLab;
import dev.kubeha.demo.Pace;
import dev.kubeha.ui.fx.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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

/** {@code kubeha --demo} leaves the user's files alone and does not ask to save its own temporary cluster. */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class DemoLeavesFilesAloneTest {
    @TempDir
    static Path dir;
    DemoLab lab;
    KubehaApp app;
    Stage stage;
    Path homeSettings;
    Locale locale;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        locale = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
        lab = DemoLab.start(Files.createTempDirectory(dir, "lab").resolve("lab"), Pace.NONE);
        KubehaApp.useDemo(new DemoMode(lab));
        // Stands for ~/.kubeha/settings.json, which the demo must not write.
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

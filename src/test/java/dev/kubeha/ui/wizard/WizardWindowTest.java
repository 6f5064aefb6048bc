package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.Language;
import dev.kubeha.ui.fx.LocalizedBundle;
import dev.kubeha.ui.fx.Theme;
import dev.kubeha.ui.fx.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.application.Application;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window: language and theme switched at run time, remembered, and nothing entered is lost. */
@ExtendWith(ApplicationExtension.class)
class WizardWindowTest {
    Path temp;
    UiSettings.Store store;
    LocalizedBundle messages;
    WizardViewModel wizard;
    WizardWindow window;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        temp = Files.createTempDirectory("kubeha-window");
        TestWizardWindow opened = TestWizardWindow.open(stage, temp, temp.resolve("workspace"));
        store = opened.store();
        messages = opened.messages();
        wizard = opened.wizard();
        window = opened.window();
        stage.show();
    }

    @AfterEach
    void backToTheToolkitsLook(FxRobot robot) {
        robot.interact(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void switchingToChineseRebuildsTheWindowAndKeepsWhatWasEntered(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#step-HOSTS").queryButton().getText()).isEqualTo("2. Hosts");
        robot.clickOn("#name").write("lab");
        robot.interact(() -> wizard.show(WizardPage.HOSTS));
        robot.interact(() -> wizard.cluster().hosts().add(new HostRow("master0", "203.0.113.20",
                java.util.List.of(dev.kubeha.model.Role.CONTROL_PLANE))));
        @SuppressWarnings("unchecked")
        ComboBox<Language> language = robot.lookup("#languageChoice").queryAs(ComboBox.class);
        robot.interact(() -> language.getSelectionModel().select(Language.SIMPLIFIED_CHINESE));

        var zh = KubehaApp.messages(Locale.SIMPLIFIED_CHINESE);
        assertThat(robot.lookup("#step-HOSTS").queryButton().getText()).isEqualTo("2. " + zh.getString("wizard.page.hosts"));
        assertThat(robot.lookup("#testAll").queryButton().getText()).isEqualTo(zh.getString("hosts.test.all"));
        assertThat(stage.getTitle()).isEqualTo(zh.getString("wizard.title") + " *");
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.HOSTS);
        assertThat(wizard.cluster().nameProperty().get()).isEqualTo("lab");
        assertThat(robot.lookup("#hostTable").queryTableView().getItems()).hasSize(1);
        assertThat(Files.readString(store.file())).contains("\"language\" : \"zh-CN\"");
        // The view models speak the new language from now on.
        robot.interact(() -> wizard.cluster().nameProperty().set(""));
        robot.interact(() -> wizard.hosts().testAll(null, null, dev.kubeha.exec.ssh.HostKeyPolicy.REJECT_NEW, k -> null));
        assertThat(robot.lookup("#probeStatus").queryLabeled().getText()).isEqualTo(zh.getString("hosts.probe.noName"));

        @SuppressWarnings("unchecked")
        ComboBox<Language> again = robot.lookup("#languageChoice").queryAs(ComboBox.class);
        assertThat(again.getValue()).isEqualTo(Language.SIMPLIFIED_CHINESE);
        robot.interact(() -> again.getSelectionModel().select(Language.ENGLISH));
        assertThat(robot.lookup("#step-HOSTS").queryButton().getText()).isEqualTo("2. Hosts");
        robot.interact(() -> wizard.show(WizardPage.WELCOME));
        robot.interact(() -> robot.lookup("#name").queryAs(TextField.class).setText("lab2"));
        assertThat(wizard.cluster().nameProperty().get()).isEqualTo("lab2");
    }

    @Test
    void theWindowUsesTheScreenAndIsRememberedWhereItWasClosed(FxRobot robot) throws Exception {
        // Monocle's headless screen is 1920x1200 (see the pom): at most 1680x1050, centred.
        assertThat(List.of(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()))
                .containsExactly(120.0, 75.0, 1680.0, 1050.0);
        robot.interact(() -> {
            stage.setX(50);
            stage.setY(40);
            stage.setWidth(1300);
            stage.setHeight(800);
            stage.hide();
        });
        assertThat(store.read(Locale.ENGLISH).window()).isEqualTo(new dev.kubeha.ui.fx.WindowBounds(50, 40, 1300, 800));
        assertThat(Files.readString(store.file())).contains("\"width\" : 1300");
    }

    @Test
    void theDarkThemeIsPrimerDarkAndRemembered(FxRobot robot) throws Exception {
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.LIGHT.userAgentStylesheet());
        robot.clickOn("#darkTheme");
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.DARK.userAgentStylesheet());
        assertThat(stage.getScene().getRoot().getStyleClass()).contains("dark");
        assertThat(Files.readString(store.file())).contains("\"theme\" : \"dark\"");
        assertThat(store.read(Locale.ENGLISH).theme()).isEqualTo(Theme.DARK);
        robot.clickOn("#darkTheme");
        assertThat(stage.getScene().getRoot().getStyleClass()).doesNotContain("dark");
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(Theme.LIGHT.userAgentStylesheet());
    }
}

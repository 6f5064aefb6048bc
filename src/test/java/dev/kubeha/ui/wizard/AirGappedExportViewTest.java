package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Review page's "for an air-gapped site" choice, its progress bar and Cancel, in English and Chinese (Monocle). */
@ExtendWith(ApplicationExtension.class)
class AirGappedExportViewTest {
    private WizardViewModel wizard;
    private AppearanceViewModel appearance;

    @Start
    void start(Stage stage) throws Exception {
        Path temp = Files.createTempDirectory("kubeha-airgapped-view");
        TestWizardWindow window = TestWizardWindow.open(stage, temp, temp.resolve("workspace"));
        wizard = window.wizard();
        appearance = window.appearance();
        stage.show();
        wizard.open(ClusterViewModelTest.EXAMPLE);
    }

    @Test
    void theChoiceIsOffByDefaultAndShowsTheProgressBarWhenChecked(FxRobot robot) {
        for (Language language : Language.values()) {
            ResourceBundle messages = KubehaApp.messages(language.locale());
            robot.interact(() -> {
                appearance.languageProperty().set(language);
                wizard.show(WizardPage.REVIEW);
                wizard.export().airGappedProperty().set(false);
            });
            CheckBox airGapped = robot.lookup("#exportAirGapped").queryAs(CheckBox.class);
            ProgressBar bar = robot.lookup("#exportDownload").queryAs(ProgressBar.class);
            Button cancel = robot.lookup("#exportCancel").queryButton();
            Label text = robot.lookup("#exportDownloadText").queryAs(Label.class);
            assertThat(airGapped.getText()).as(language.tag()).isEqualTo(messages.getString("export.airGapped"));
            assertThat(airGapped.isSelected()).isFalse();
            assertThat(bar.isVisible()).isFalse();
            assertThat(bar.getAccessibleText()).isEqualTo(messages.getString("export.airGapped"));
            assertThat(cancel.getText()).isEqualTo(messages.getString("export.cancel"));
            assertThat(cancel.isVisible()).as("Cancel shows only while an export downloads").isFalse();

            robot.interact(() -> airGapped.setSelected(true));
            assertThat(wizard.export().airGappedProperty().get()).isTrue();
            assertThat(bar.isVisible()).isTrue();
            assertThat(text.isVisible()).isTrue();
            assertThat(bar.getProgress()).isZero();
            assertThat(cancel.isVisible()).isFalse();
        }
        assertThat(KubehaApp.messages(Language.SIMPLIFIED_CHINESE.locale()).getString("export.airGapped"))
                .isEqualTo("\u7528\u4e8e\u9694\u79bb\u73af\u5883\uff1a\u5c06\u5bb9\u5668\u955c\u50cf\u653e\u5165\u90e8\u7f72\u5305");
    }
}

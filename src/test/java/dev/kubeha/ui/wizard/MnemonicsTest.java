package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Alt+letter reaches one control: no two mnemonics of the wizard window share a letter, on any page, in either language. */
@ExtendWith(ApplicationExtension.class)
class MnemonicsTest {
    private WizardViewModel wizard;
    private AppearanceViewModel appearance;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path temp = Files.createTempDirectory("kubeha-mnemonics");
        TestWizardWindow window = TestWizardWindow.open(stage, temp, temp.resolve("workspace"));
        wizard = window.wizard();
        appearance = window.appearance();
        stage.show();
        wizard.open(ClusterViewModelTest.EXAMPLE);
    }

    /** The letter of each shown mnemonic text, e.g. "_Next" and "下一步(_N)" are both N. */
    static Map<String, List<String>> mnemonics(Parent root) {
        Map<String, List<String>> byLetter = new LinkedHashMap<>();
        root.applyCss();
        for (Node n : root.lookupAll("*")) {
            if (n instanceof Labeled l && l.isMnemonicParsing() && shown(l) && l.getText() != null) {
                int at = l.getText().indexOf('_');
                if (at >= 0 && at + 1 < l.getText().length()) {
                    String letter = l.getText().substring(at + 1, at + 2).toUpperCase(Locale.ROOT);
                    byLetter.computeIfAbsent(letter, k -> new ArrayList<>()).add(l.getText());
                }
            }
        }
        return byLetter;
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyMnemonicIsUniquePerPageInEnglishAndChinese(FxRobot robot) {
        List<String> clashes = new ArrayList<>();
        for (Language language : Language.values()) {
            robot.interact(() -> appearance.languageProperty().set(language));
            for (WizardPage page : WizardPage.values()) {
                robot.interact(() -> wizard.show(page));
                mnemonics(stage.getScene().getRoot()).forEach((letter, texts) -> {
                    if (texts.size() > 1) {
                        clashes.add(language.tag() + " " + page + " " + letter + ": " + texts);
                    }
                });
            }
        }
        assertThat(clashes).isEmpty();
    }

    @Test
    void noMnemonicLeaksIntoChineseTextAndDialogButtonsSpeakChinese(FxRobot robot) {
        robot.interact(() -> appearance.languageProperty().set(Language.SIMPLIFIED_CHINESE));
        robot.interact(() -> wizard.show(WizardPage.REVIEW));
        String summary = robot.lookup("#reviewSummary").queryLabeled().getText();
        var zh = dev.kubeha.ui.KubehaApp.messages(Language.SIMPLIFIED_CHINESE.locale());
        assertThat(summary).contains("\uff08\u72ec\u7acb etcd \u8282\u70b9\uff09").doesNotContainPattern("\\([A-Z]\\)");
        javafx.scene.control.DialogPane[] pane = new javafx.scene.control.DialogPane[1];
        robot.interact(() -> {
            pane[0] = new javafx.scene.control.DialogPane();
            pane[0].getButtonTypes().setAll(javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
            dev.kubeha.ui.fx.DialogButtons.name(pane[0], zh);
        });
        assertThat(((javafx.scene.control.Button) pane[0].lookupButton(javafx.scene.control.ButtonType.OK)).getText())
                .isEqualTo("\u786e\u5b9a");
        assertThat(((javafx.scene.control.Button) pane[0].lookupButton(javafx.scene.control.ButtonType.CANCEL)).getText())
                .isEqualTo("\u53d6\u6d88");
        // And padded: the content does not touch the dialog's edge.
        javafx.geometry.Insets[] padding = new javafx.geometry.Insets[1];
        robot.interact(() -> {
            javafx.scene.control.Label text = new javafx.scene.control.Label("?");
            pane[0].setContent(text);
            new javafx.scene.Scene(pane[0]);
            pane[0].applyCss();
            padding[0] = text.getPadding();
        });
        assertThat(padding[0]).isEqualTo(new javafx.geometry.Insets(16, 20, 12, 20));
    }

    @Test
    void theCheckSeesAClash() {
        javafx.scene.control.Button a = new javafx.scene.control.Button("_Next");
        javafx.scene.control.Button b = new javafx.scene.control.Button("\u52a0\u5bc6(_N)");
        a.setMnemonicParsing(true);
        b.setMnemonicParsing(true);
        assertThat(mnemonics(new javafx.scene.layout.HBox(a, b))).containsEntry("N", List.of("_Next", "\u52a0\u5bc6(_N)"));
    }
}

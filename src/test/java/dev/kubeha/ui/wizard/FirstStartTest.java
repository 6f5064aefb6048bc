package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What a new user sees first: a new cluster, settings and recent files never written before, in
 * English and in Chinese, at the smallest supported window (1024×700) and at 1440×900. Every label
 * reads whole on every page, before and after the messages appear; no field message before input.
 * A PNG of each page in target/screenshots/ (first-start-*.png) for a person to look at.
 */
@ExtendWith(ApplicationExtension.class)
class FirstStartTest {
    private static final String NAME_REQUIRED = "is required \u2014 a short cluster name such as prod-eu1:"
            + " lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
    private Stage stage;
    private WizardViewModel wizard;
    private AppearanceViewModel appearance;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path home = Files.createTempDirectory("kubeha-first-start");
        TestWizardWindow window = TestWizardWindow.open(stage, home.resolve(".kubeha"), home.resolve("workspace"));
        wizard = window.wizard();
        appearance = window.appearance();
        stage.show();
    }

    @Test
    void englishLabelsAreWholeAndQuietUntilInput(FxRobot robot) throws Exception {
        everyPage(robot, Language.ENGLISH);
    }

    @Test
    void chineseLabelsAreWholeAndQuietUntilInput(FxRobot robot) throws Exception {
        robot.interact(() -> appearance.languageProperty().set(Language.SIMPLIFIED_CHINESE));
        everyPage(robot, Language.SIMPLIFIED_CHINESE);
    }

    private void everyPage(FxRobot robot, Language language) throws Exception {
        ResourceBundle messages = KubehaApp.messages(language.locale());
        String tag = language == Language.ENGLISH ? "en" : "zh";
        for (int[] size : new int[][] {{1024, 700}, {1440, 900}}) {
            robot.interact(() -> {
                wizard.newCluster();
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            String at = size[0] + "x" + size[1];
            for (WizardPage page : WizardPage.values()) {
                robot.interact(() -> wizard.show(page));
                Parent root = stage.getScene().getRoot();
                if (page != WizardPage.REVIEW) {
                    assertThat(visibleMessages(root)).as("field messages on a fresh %s page", page).isEmpty();
                    assertThat(problemList(root).getItems()).as("problems listed on a fresh %s page", page).isEmpty();
                    assertThat(onFx(() -> root.lookupAll(".step").stream()
                            .filter(n -> n.getPseudoClassStates().contains(WizardView.HAS_ERRORS)).toList()))
                            .as("steps marked red on a fresh start").isEmpty();
                }
                assertThat(elided(root)).as("cut labels on the fresh %s page, %s, %s", page, tag, at).isEmpty();
                shoot(robot, "first-start-" + tag + "-" + page.name().toLowerCase(Locale.ROOT) + "-" + at);
            }
            // Next on each page shows what is missing there (and stays), or moves on.
            for (WizardPage page : WizardPage.values()) {
                robot.interact(() -> wizard.show(page));
                if (!page.isLast()) {
                    robot.clickOn("#next");
                    robot.interact(() -> wizard.show(page));
                }
                Parent root = stage.getScene().getRoot();
                assertThat(elided(root)).as("cut labels on the %s page with its messages, %s, %s", page, tag, at).isEmpty();
                shoot(robot, "first-start-" + tag + "-" + page.name().toLowerCase(Locale.ROOT) + "-messages-" + at);
            }
            robot.interact(() -> wizard.show(WizardPage.WELCOME));
            assertThat(robot.lookup("#step-WELCOME").query().getPseudoClassStates()).contains(WizardView.HAS_ERRORS);
            Label name = robot.lookup("#message-name").queryAs(Label.class);
            assertThat(name.isVisible()).as("the name's message after Next, %s", at).isTrue();
            if (language == Language.ENGLISH) {
                assertThat(name.getText()).isEqualTo(NAME_REQUIRED);
                assertThat(problemList(stage.getScene().getRoot()).getItems()).extracting(p -> p.path())
                        .containsExactly("name");
            }
        }
        assertThat(messages.getString("wizard.next")).isNotEmpty();
    }

    @Test
    void aFreshPageSaysWhatNextWillDoInsteadOfNoProblems(FxRobot robot) {
        Parent root = stage.getScene().getRoot();
        Label placeholder = (Label) problemList(root).getPlaceholder();
        assertThat(placeholder.getText()).isEqualTo("Next shows what is still missing.");
        robot.clickOn("#next");
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.WELCOME);
        assertThat(robot.lookup("#name").queryAs(javafx.scene.control.TextField.class).isFocused()).isTrue();
        assertThat(problemList(root).getItems()).hasSize(1);
        robot.write("lab");
        assertThat(placeholder.getText()).isEqualTo("No problems.");
        assertThat(robot.lookup("#message-name").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void leavingAnEmptyFieldShowsItsMessage(FxRobot robot) {
        robot.clickOn("#name");
        assertThat(robot.lookup("#message-name").queryAs(Label.class).isVisible()).isFalse();
        robot.clickOn("#pki-certificateValidity");
        Label message = robot.lookup("#message-name").queryAs(Label.class);
        assertThat(message.isVisible()).isTrue();
        assertThat(message.getText()).isEqualTo(NAME_REQUIRED);
    }

    /** The check itself: a label squeezed below its text's width is reported. */
    @Test
    void aCutLabelIsReported(FxRobot robot) {
        Label cut = new Label("Certificate _validity");
        cut.setMnemonicParsing(true);
        cut.setMaxWidth(40);
        Label whole = new Label("Cluster na_me");
        whole.setMnemonicParsing(true);
        VBox box = new VBox(cut, whole);
        robot.interact(() -> {
            Stage other = new Stage();
            other.setScene(new Scene(box, 300, 100));
            other.show();
        });
        assertThat(elided(box)).containsExactly("Certificate validity");
        robot.interact(() -> box.getScene().getWindow().hide());
    }

    /** The visible labels whose rendered text is not their whole text (elided "…"), outside tables and lists. */
    static List<String> elided(Parent root) {
        return elided(root, !(root instanceof javafx.scene.control.skin.TableColumnHeader));
    }

    /** As {@link #elided(Parent)}, for a table's column headers (and any label in it outside its rows). */
    static List<String> elidedIn(TableView<?> table) {
        return elided(table, false);
    }

    /** Runs {@code work} on the FX thread (layout and lookups into skins belong there) and returns its result. */
    static <T> T onFx(java.util.concurrent.Callable<T> work) {
        if (javafx.application.Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return org.testfx.util.WaitForAsyncUtils.waitForAsyncFx(10_000, work);
    }

    private static List<String> elided(Parent root, boolean skipTables) {
        return onFx(() -> elidedNow(root, skipTables));
    }

    private static List<String> elidedNow(Parent root, boolean skipTables) {
        List<String> cut = new ArrayList<>();
        root.applyCss();
        root.layout();
        for (Node n : root.lookupAll(".label")) {
            if (!(n instanceof Label label) || !shown(label) || label.getText() == null || label.getText().isEmpty()
                    || (skipTables && inside(label, TableView.class)) || inside(label, ListView.class)
                    || inside(label, javafx.scene.control.TableRow.class)) {
                continue;
            }
            String expected = label.isMnemonicParsing() ? label.getText().replaceFirst("_(?=.)", "") : label.getText();
            Node text = label.lookup(".text");
            String rendered = text instanceof Text t ? t.getText() : null;
            if (!expected.equals(rendered)) {
                cut.add(expected);
            }
        }
        return cut;
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static boolean inside(Node node, Class<?> type) {
        for (Node n = node.getParent(); n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> visibleMessages(Parent root) {
        return onFx(() -> visibleMessagesNow(root));
    }

    private static List<String> visibleMessagesNow(Parent root) {
        // The page sits in a ScrollPane whose skin attaches it: made now, not at the next pulse.
        root.applyCss();
        root.layout();
        return root.lookupAll(".field-message").stream()
                .filter(n -> n instanceof Label l && shown(l) && !l.getText().isEmpty())
                .map(n -> n.getId() + ": " + ((Label) n).getText()).toList();
    }

    @SuppressWarnings("unchecked")
    private static ListView<dev.kubeha.model.Problem> problemList(Parent root) {
        return onFx(() -> problemListNow(root));
    }

    @SuppressWarnings("unchecked")
    private static ListView<dev.kubeha.model.Problem> problemListNow(Parent root) {
        root.applyCss();
        root.layout();
        return (ListView<dev.kubeha.model.Problem>) root.lookupAll(".problem-list").stream()
                .filter(n -> !n.getStyleClass().contains("probe-problems") && shown(n)).findFirst().orElseThrow();
    }

    private void shoot(FxRobot robot, String name) throws java.io.IOException {
        Screenshots.shoot(robot, stage.getScene(), name);
    }
}

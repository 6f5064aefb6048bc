package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.Fxml;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The views' FXML files: each loads in both languages, each {@code %key} is in messages.properties,
 * and the views bind every one of them (the wizard is built in both languages).
 */
@ExtendWith(ApplicationExtension.class)
class FxmlTest {
    private static final Pattern KEY = Pattern.compile("\"%([^\"]+)\"");
    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    @Start
    void start(Stage stage) {
        // The toolkit only: the tests build the views on its thread.
    }

    /** Where kubeha.css and the features' directories of FXML files are. */
    private static final Path RESOURCES = resources();

    private static Path resources() {
        try {
            return Path.of(Fxml.class.getResource(Fxml.ROOT + "kubeha.css").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> fxmlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".fxml")).sorted().toList();
        }
    }

    private static String name(Path fxml) {
        return fxml.getFileName().toString().replaceFirst("\\.fxml$", "");
    }

    /** The name {@link Fxml#load} takes: the path under {@link Fxml#ROOT}, without {@code .fxml}. */
    private static String resource(Path fxml) {
        return RESOURCES.relativize(fxml).toString().replace('\\', '/').replaceFirst("\\.fxml$", "");
    }

    @Test
    void theWizardPagesHaveTheirFxml() throws Exception {
        assertThat(fxmlFiles()).map(FxmlTest::name)
                .contains("WizardView", "WelcomeView", "HostsView", "NetworkView", "EtcdView", "LoadBalancerView",
                        "ReviewView");
    }

    @Test
    void theInstallWindowItsDialogsAndTheFinishPageHaveTheirFxml() throws Exception {
        assertThat(fxmlFiles()).map(FxmlTest::resource)
                .contains("install/InstallWindow", "install/InstallView", "install/InstallLogView", "install/FinishView",
                        "install/HostKeyDialog", "install/PassphraseDialog", "review/InstallConfirmation");
    }

    @Test
    void everyKeyOfEveryFxmlIsInTheMessages() throws Exception {
        Properties english = new Properties();
        try (InputStream in = Fxml.class.getResourceAsStream(Fxml.ROOT + "messages.properties")) {
            english.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<String> missing = new ArrayList<>();
        for (Path fxml : fxmlFiles()) {
            Matcher m = KEY.matcher(Files.readString(fxml));
            int keys = 0;
            while (m.find()) {
                keys++;
                if (!english.containsKey(m.group(1))) {
                    missing.add(fxml.getFileName() + ": " + m.group(1));
                }
            }
            assertThat(keys).as(fxml.getFileName() + " takes its texts from the messages").isPositive();
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyFxmlLoadsInBothLanguages(FxRobot robot) throws Exception {
        for (Path fxml : fxmlFiles()) {
            String resource = resource(fxml);
            for (Locale language : LANGUAGES) {
                ResourceBundle messages = KubehaApp.messages(language);
                Parent[] root = new Parent[1];
                robot.interact(() -> root[0] = Fxml.load(resource, null, messages));
                assertThat(root[0]).as(fxml.getFileName() + " in " + language).isNotNull();
                assertThat(texts(root[0])).as(fxml.getFileName() + " in " + language)
                        .noneMatch(text -> text.startsWith("%"));
            }
        }
    }

    @Test
    void theWizardBindsItsPagesInBothLanguages(FxRobot robot) throws Exception {
        for (Locale language : LANGUAGES) {
            ResourceBundle messages = KubehaApp.messages(language);
            Path temp = Files.createTempDirectory("kubeha-fxml");
            WizardViewModel wizard = new WizardViewModel(new CurrentThreadExecutor(), messages,
                    new RecentClusters(temp.resolve("recent.json")), c -> temp.resolve("workspace"));
            robot.interact(() -> {
                WizardView view = new WizardView(wizard, messages);
                for (WizardPage page : WizardPage.values()) {
                    wizard.show(page);
                    Parent root = (Parent) ((ScrollPane) ((BorderPane) view.root()).getCenter()).getContent();
                    for (Node form : root.lookupAll(".form")) {
                        for (Node child : ((GridPane) form).getChildren()) {
                            if (child instanceof Label label && label.isMnemonicParsing()) {
                                assertThat(label.getLabelFor()).as(page + ": " + label.getText()).isNotNull();
                            }
                            if (child.getStyleClass().contains("field-message")) {
                                assertThat(((Label) child).textProperty().isBound()).as(page + ": " + child.getId()).isTrue();
                            }
                        }
                    }
                }
                wizard.show(WizardPage.ETCD);
                assertThat(((ScrollPane) ((BorderPane) view.root()).getCenter()).getContent().lookup("#topologyDiagram"))
                        .isNotNull();
            });
        }
    }

    private static List<String> texts(Node node) {
        List<String> texts = new ArrayList<>();
        if (node instanceof javafx.scene.control.Labeled labeled && labeled.getText() != null) {
            texts.add(labeled.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> texts.addAll(texts(child)));
        }
        return texts;
    }
}

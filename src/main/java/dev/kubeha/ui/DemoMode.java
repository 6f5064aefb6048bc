package dev.kubeha.ui;

import dev.kubeha.artifact.Downloader;
import dev.kubeha.demo.DemoLab;
import dev.kubeha.demo.Pace;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.install.InstallWindow;
import dev.kubeha.ui.wizard.RecentClusters;
import dev.kubeha.ui.wizard.WizardPage;
import dev.kubeha.ui.wizard.WizardViewModel;
import dev.kubeha.ui.wizard.WizardWindow;
import java.io.IOException;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringExpression;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * {@code kubeha --demo}: the wizard on the demo lab's cluster (its own cluster.json, workspace and
 * recent list in the lab's temporary directory, never the user's), in a window whose title and
 * banner say that the hosts are simulated. Every other window of the session (the install window,
 * the dialogs) gets the same title prefix, the install window the banner too.
 */
final class DemoMode implements AutoCloseable, WizardWindow.Decoration {
    private final DemoLab lab;

    DemoMode(DemoLab lab) {
        this.lab = lab;
    }

    /** Starts the lab at the demo's visible pace (not on the FX thread: eight SSH servers start). */
    static DemoMode start() throws IOException {
        // The hosts are simulated and nothing leaves this machine: not even an etcd release download.
        Downloader.goOffline("demo mode downloads nothing: its hosts are simulated");
        return new DemoMode(DemoLab.startTemporary(Pace.DEMO));
    }

    DemoLab lab() {
        return lab;
    }

    WizardViewModel wizard(UiExecutor executor, ResourceBundle messages) {
        return new WizardViewModel(executor, messages, new RecentClusters(lab.dir().resolve("recent.json")),
                cluster -> lab.workspace());
    }

    /** Once the window shows: the demo cluster is read, and the Welcome page stays to greet the user. */
    void opened(WizardViewModel wizard) {
        wizard.open(lab.clusterFile(), WizardPage.WELCOME);
    }

    /** The wizard (or the install window's content) with the banner above it. */
    @Override
    public Parent decorate(Parent wizard, ResourceBundle messages) {
        Label banner = new Label(String.format(messages.getString("demo.banner"), lab.hostNames().size(),
                DemoLab.SUDO_PASSWORD));
        banner.setId("demoBanner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        // Never shortened to one line with an ellipsis when the page below wants the height.
        banner.setMinHeight(Region.USE_PREF_SIZE);
        banner.getStyleClass().add("demo-banner");
        // Inline, so that it reads the same in every theme: the warning colours of a notice bar.
        banner.setStyle("-fx-background-color: #fff3cd; -fx-text-fill: #664d03; -fx-padding: 6 12 6 12;"
                + " -fx-font-weight: bold; -fx-border-color: transparent transparent #ffda6a transparent;");
        VBox.setVgrow(wizard, Priority.ALWAYS);
        VBox decorated = new VBox(banner, wizard);
        // The wizard brings kubeha.css on its own root, whose .root and .root.dark rules (the theme's
        // colours) match only the scene's root: this box now, which the theme marks.
        decorated.getStylesheets().setAll(wizard.getStylesheets());
        return decorated;
    }

    /** The demo's cluster file lives in the lab's temporary directory, removed on close: nothing to save. */
    @Override
    public boolean asksToSave() {
        return false;
    }

    @Override
    public StringExpression title(StringExpression wizardTitle, ResourceBundle messages) {
        return Bindings.concat(messages.getString("demo.titlePrefix"), wizardTitle);
    }

    /** What gives windows the demo's title prefix while the demo's window is open; null otherwise. */
    private ListChangeListener<Window> marker;

    /**
     * Gives every window shown from now on (install window, dialogs) the demo's title prefix, and
     * the install window the banner too: it is where the simulated hosts are watched.
     */
    void markWindows(ResourceBundle messages) {
        unmarkWindows();
        marker = change -> {
            while (change.next()) {
                for (Window w : change.getAddedSubList()) {
                    // Asked each time: the bundle follows the window's language.
                    String prefix = messages.getString("demo.titlePrefix");
                    if (w instanceof Stage stage && !stage.titleProperty().isBound()) {
                        prefix(stage, prefix);
                        stage.titleProperty().addListener((o, was, now) -> prefix(stage, prefix));
                        Scene scene = stage.getScene();
                        if (scene != null && scene.getRoot().getStyleClass().contains(InstallWindow.STYLE_CLASS)) {
                            scene.setRoot(decorate(scene.getRoot(), messages));
                        }
                    }
                }
            }
        };
        Window.getWindows().addListener(marker);
    }

    /**
     * Windows shown from now on are no longer the demo's (the demo's window closed): the listener
     * {@link #markWindows} put on every window goes, on the JavaFX thread that shows them.
     */
    void unmarkWindows() {
        ListChangeListener<Window> was = marker;
        marker = null;
        if (was == null) {
            return;
        }
        if (javafx.application.Platform.isFxApplicationThread()) {
            Window.getWindows().removeListener(was);
        } else {
            javafx.application.Platform.runLater(() -> Window.getWindows().removeListener(was));
        }
    }

    private static void prefix(Stage stage, String prefix) {
        String title = stage.getTitle();
        if (title == null || !title.startsWith(prefix)) {
            stage.setTitle(prefix + (title == null ? "" : title));
        }
    }

    @Override
    public void close() throws IOException {
        lab.close();
    }
}

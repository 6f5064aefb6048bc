package dev.kubeha.ui;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application: the wizard that describes a cluster, from a blank start or an opened file. */
public final class KubehaApp extends Application {
    private FxUiExecutor executor;
    private final UiSettings.Store settingsStore = UiSettings.Store.inHome();
    /** Read in {@link #init()}, off the FX thread, before the window is built in its language. */
    private UiSettings settings;

    @Override
    public void init() {
        settings = settingsStore.read(Locale.getDefault());
    }

    /** Starts JavaFX and opens the main window; returns when the window is closed. */
    public static void open(String[] args) {
        Application.launch(KubehaApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        executor = new FxUiExecutor();
        LocalizedBundle messages = new LocalizedBundle(settings.language());
        stage.getIcons().setAll(icons());
        WizardViewModel wizard = new WizardViewModel(executor, messages, RecentClusters.inHome());
        new WizardWindow(stage, wizard, messages, new AppearanceViewModel(settings, executor, settingsStore::write));
        stage.show();
        wizard.loadRecent();
        StartupProbe.afterShow();
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    /** The window icon in the sizes the desktop picks from (derived from icons/kubeha.svg). */
    static List<Image> icons() {
        return ICON_SIZES.stream()
                .map(size -> new Image(KubehaApp.class.getResource("icons/kubeha-" + size + ".png").toExternalForm()))
                .toList();
    }

    static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    public static ResourceBundle messages(Locale locale) {
        return ResourceBundle.getBundle("dev.kubeha.ui.messages", locale);
    }
}

package dev.kubeha.ui;

import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.FxUiExecutor;
import dev.kubeha.ui.fx.LocalizedBundle;
import dev.kubeha.ui.fx.UiSettings;
import dev.kubeha.ui.wizard.RecentClusters;
import dev.kubeha.ui.wizard.WizardViewModel;
import dev.kubeha.ui.wizard.WizardWindow;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application: the wizard that describes a cluster, from a blank start or an opened file. */
public final class KubehaApp extends Application {
    /** The demo's simulated lab while {@code kubeha --demo} runs; set before launch (JavaFX makes this class). */
    private static volatile DemoMode demo;
    private FxUiExecutor executor;
    /** The demo whose windows are marked, until the window closes (stop). */
    private DemoMode shownDemo;
    private final UiSettings.Store settingsStore;
    /** Read in {@link #init()}, off the FX thread, before the window is built in its language. */
    private UiSettings settings;

    public KubehaApp() {
        this(UiSettings.Store.inHome());
    }

    /** For tests that start the application on their own stage, with settings outside the user's home. */
    KubehaApp(UiSettings.Store settingsStore) {
        this.settingsStore = settingsStore;
    }

    @Override
    public void init() {
        settings = settingsStore.read(Locale.getDefault());
    }

    /** Starts JavaFX and opens the main window; returns when the window is closed. */
    public static void open(String[] args) {
        Application.launch(KubehaApp.class, args);
    }

    /**
     * {@code kubeha --demo}: starts the simulated lab, opens the window on its cluster, and stops the
     * lab (removing its files) when the window closes.
     *
     * @throws IOException when the lab cannot start (e.g. no temporary directory)
     */
    public static void openDemo() throws IOException {
        try (DemoMode lab = DemoMode.start()) {
            useDemo(lab);
            Application.launch(KubehaApp.class);
        } finally {
            useDemo(null);
        }
    }

    /** For tests that start the application on their own stage. */
    static void useDemo(DemoMode mode) {
        demo = mode;
    }

    @Override
    public void start(Stage stage) {
        executor = new FxUiExecutor();
        LocalizedBundle messages = new LocalizedBundle(settings.language());
        stage.getIcons().setAll(icons());
        DemoMode lab = demo;
        WizardViewModel wizard = lab == null ? new WizardViewModel(executor, messages, RecentClusters.inHome())
                : lab.wizard(executor, messages);
        // The demo reads the user's language and theme but writes nothing to ~/.kubeha (nor the window's place).
        AppearanceViewModel.UiSettingsWriter remember = lab == null ? settingsStore::write : ignored -> { };
        new WizardWindow(stage, wizard, messages, new AppearanceViewModel(settings, executor, remember), lab);
        stage.show();
        wizard.loadRecent();
        if (lab != null) {
            lab.opened(wizard);
            lab.markWindows(messages);
            shownDemo = lab;
        }
        StartupProbe.afterShow();
    }

    @Override
    public void stop() {
        if (shownDemo != null) {
            shownDemo.unmarkWindows();
            shownDemo = null;
        }
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
        return LocalizedBundle.messages(locale);
    }
}

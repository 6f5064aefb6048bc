package dev.kubeha.ui.wizard;

import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.LocalizedBundle;
import dev.kubeha.ui.fx.UiSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.stage.Stage;

/**
 * The wizard's real window as the application builds it, over a scratch directory: the settings
 * and recent clusters in {@code kubehaDir} (as in {@code ~/.kubeha}), workspaces under
 * {@code workspace}, work run on the calling thread. Not shown yet.
 */
record TestWizardWindow(UiSettings.Store store, LocalizedBundle messages, WizardViewModel wizard,
                        AppearanceViewModel appearance, WizardWindow window) {

    static TestWizardWindow open(Stage stage, Path kubehaDir, Path workspace) throws IOException {
        UiSettings.Store store = new UiSettings.Store(kubehaDir.resolve("settings.json"));
        UiSettings settings = store.read(Locale.ENGLISH);
        LocalizedBundle messages = new LocalizedBundle(settings.language());
        WizardViewModel wizard = new WizardViewModel(new CurrentThreadExecutor(), messages,
                new RecentClusters(kubehaDir.resolve("recent.json")), c -> workspace);
        AppearanceViewModel appearance = new AppearanceViewModel(settings, new CurrentThreadExecutor(), store::write);
        return new TestWizardWindow(store, messages, wizard, appearance, new WizardWindow(stage, wizard, messages, appearance));
    }
}

package dev.kubeha.ui.install;

import java.util.ResourceBundle;
import javafx.beans.value.ObservableBooleanValue;

/**
 * When a run ends while its window is in the background, a desktop notification says how (the
 * window itself says it in the foreground). Watches the run's phase; FX thread.
 */
final class RunEndNotice {
    private RunEndNotice() {
    }

    static void watch(InstallViewModel install, ObservableBooleanValue windowFocused, DesktopNotifier notifier,
                      ResourceBundle messages) {
        install.phaseProperty().addListener((o, was, now) -> {
            boolean wasRunning = was == InstallViewModel.Phase.RUNNING || was == InstallViewModel.Phase.CANCELLING;
            boolean ended = now == InstallViewModel.Phase.SUCCEEDED || now == InstallViewModel.Phase.FAILED
                    || now == InstallViewModel.Phase.CANCELLED;
            if (wasRunning && ended && !windowFocused.get()) {
                String cluster = install.plan().clusterName();
                notifier.notify(String.format(messages.getString("notify.title"), cluster),
                        String.format(messages.getString("notify." + now.name()), cluster));
            }
        });
    }
}

package dev.kubeha.ui.fx;

import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Language and theme, as chosen in the window: each change is remembered in the settings file (in
 * the background; a failure to write only means the choice is not remembered).
 */
public final class AppearanceViewModel {
    private final ObjectProperty<Language> language;
    private final ObjectProperty<Theme> theme;
    private final ObjectProperty<WindowBounds> window;

    /** @param save writes the settings; called from the executor's background work */
    public AppearanceViewModel(UiSettings initial, UiExecutor executor, UiSettingsWriter save) {
        language = new SimpleObjectProperty<>(initial.language());
        theme = new SimpleObjectProperty<>(initial.theme());
        window = new SimpleObjectProperty<>(initial.window());
        Consumer<Object> remember = ignored -> {
            UiSettings now = settings();
            executor.run(() -> {
                save.write(now);
                return now;
            }, saved -> { }, e -> { });
        };
        language.addListener((o, was, now) -> remember.accept(now));
        theme.addListener((o, was, now) -> remember.accept(now));
        window.addListener((o, was, now) -> remember.accept(now));
    }

    /** Writes settings somewhere; {@link UiSettings.Store#write} in the application. */
    @FunctionalInterface
    public interface UiSettingsWriter {
        void write(UiSettings settings) throws Exception;
    }

    public UiSettings settings() {
        return new UiSettings(language.get(), theme.get(), window.get());
    }

    public ObjectProperty<Language> languageProperty() {
        return language;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Where the main window was when it last closed; null before. Set when it closes. */
    public ObjectProperty<WindowBounds> windowProperty() {
        return window;
    }
}

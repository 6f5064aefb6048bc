package dev.kubeha.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The main window around a {@link WizardView}: title, close question, theme, and a new view when
 * the language changes. The view models stay: what the user entered, the page, the file and the
 * background results survive a language switch.
 */
public final class WizardWindow {
    private final Stage stage;
    private final WizardViewModel wizard;
    private final LocalizedBundle messages;
    private final AppearanceViewModel appearance;
    private WizardView view;

    public WizardWindow(Stage stage, WizardViewModel wizard, LocalizedBundle messages, AppearanceViewModel appearance) {
        this.stage = stage;
        this.wizard = wizard;
        this.messages = messages;
        this.appearance = appearance;
        appearance.languageProperty().addListener((o, was, now) -> {
            messages.use(now);
            build();
        });
        appearance.themeProperty().addListener((o, was, now) -> now.apply(view.root()));
        stage.setOnCloseRequest(e -> {
            if (!view.confirmClose(stage::close)) {
                e.consume();
            }
        });
        build();
    }

    private void build() {
        view = new WizardView(wizard, messages, appearance);
        if (stage.getScene() == null) {
            stage.setScene(new Scene(view.root(), 1100, 720));
        } else {
            stage.getScene().setRoot(view.root());
        }
        appearance.themeProperty().get().apply(view.root());
        stage.titleProperty().unbind();
        stage.titleProperty().bind(view.titleBinding());
    }

    WizardView view() {
        return view;
    }
}

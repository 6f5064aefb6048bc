package dev.kubeha.ui;

import javafx.scene.Parent;
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
    private final DemoMode demo;
    private WizardView view;

    public WizardWindow(Stage stage, WizardViewModel wizard, LocalizedBundle messages, AppearanceViewModel appearance) {
        this(stage, wizard, messages, appearance, null);
    }

    /** With {@code demo} (or null): the demo's banner above every page and its title prefix. */
    WizardWindow(Stage stage, WizardViewModel wizard, LocalizedBundle messages, AppearanceViewModel appearance,
                 DemoMode demo) {
        this.stage = stage;
        this.wizard = wizard;
        this.messages = messages;
        this.appearance = appearance;
        this.demo = demo;
        appearance.languageProperty().addListener((o, was, now) -> {
            messages.use(now);
            build();
        });
        appearance.themeProperty().addListener((o, was, now) -> now.apply(stage.getScene().getRoot()));
        stage.setOnCloseRequest(e -> {
            if (!view.confirmClose(stage::close)) {
                e.consume();
            }
        });
        build();
    }

    private void build() {
        view = new WizardView(wizard, messages, appearance);
        Parent root = demo == null ? view.root() : demo.decorate(view.root(), messages);
        if (stage.getScene() == null) {
            stage.setScene(new Scene(root, 1100, 720));
        } else {
            stage.getScene().setRoot(root);
        }
        appearance.themeProperty().get().apply(root);
        stage.titleProperty().unbind();
        stage.titleProperty().bind(demo == null ? view.titleBinding() : demo.title(view.titleBinding(), messages));
    }

    WizardView view() {
        return view;
    }
}

package dev.kubeha.ui.wizard;

import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.LocalizedBundle;
import java.util.ResourceBundle;
import javafx.beans.binding.StringExpression;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import dev.kubeha.ui.fx.WindowBounds;

/**
 * The main window around a {@link WizardView}: title, close question, theme, and a new view when
 * the language changes. The view models stay: what the user entered, the page, the file and the
 * background results survive a language switch.
 */
public final class WizardWindow {
    /** What is put around every page and before the title: the demo's banner and title prefix. */
    public interface Decoration {
        Parent decorate(Parent wizard, ResourceBundle messages);

        StringExpression title(StringExpression wizardTitle, ResourceBundle messages);

        /** Whether closing with unsaved changes asks to save them; the demo's cluster file is temporary. */
        default boolean asksToSave() {
            return true;
        }
    }

    private final Stage stage;
    private final WizardViewModel wizard;
    private final LocalizedBundle messages;
    private final AppearanceViewModel appearance;
    private final Decoration demo;
    private WizardView view;

    public WizardWindow(Stage stage, WizardViewModel wizard, LocalizedBundle messages, AppearanceViewModel appearance) {
        this(stage, wizard, messages, appearance, null);
    }

    /** With {@code demo} (or null): the demo's banner above every page and its title prefix. */
    public WizardWindow(Stage stage, WizardViewModel wizard, LocalizedBundle messages, AppearanceViewModel appearance,
                        Decoration demo) {
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
            if ((demo == null || demo.asksToSave()) && !view.confirmClose(stage::close)) {
                e.consume();
            }
        });
        // Opens where it was last closed, or over most of the screen; remembered when it closes.
        WindowBounds bounds = WindowBounds.place(appearance.windowProperty().get(),
                Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        stage.setX(bounds.x());
        stage.setY(bounds.y());
        stage.setWidth(bounds.width());
        stage.setHeight(bounds.height());
        stage.setMinWidth(WindowBounds.MIN_WIDTH);
        stage.setMinHeight(WindowBounds.MIN_HEIGHT);
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> {
            if (!stage.isIconified() && !stage.isMaximized()) {
                appearance.windowProperty().set(new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                        stage.getHeight()));
            }
        });
        build();
    }

    private void build() {
        view = new WizardView(wizard, messages, appearance);
        Parent root = demo == null ? view.root() : demo.decorate(view.root(), messages);
        if (stage.getScene() == null) {
            stage.setScene(new Scene(root));
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

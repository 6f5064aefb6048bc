package dev.kubeha.ui.fx;

import java.util.Map;
import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;

/**
 * JavaFX names its standard buttons (OK, Cancel, Yes, No) once, in the language the system had at
 * start; the window's language may be another. This names them from the bundle.
 */
public final class DialogButtons {
    private static final Map<ButtonType, String> KEYS = Map.of(ButtonType.OK, "dialog.ok",
            ButtonType.CANCEL, "dialog.cancel", ButtonType.YES, "dialog.yes", ButtonType.NO, "dialog.no",
            ButtonType.CLOSE, "dialog.close");

    private DialogButtons() {
    }

    /** The style class of kubeha's dialogs: the theme's padding around the content and the buttons (kubeha.css). */
    public static final String STYLE_CLASS = "kubeha-dialog";

    /**
     * Gives the standard buttons of {@code pane} the bundle's texts, and the pane kubeha.css with
     * its padding; returns the pane.
     */
    public static DialogPane name(DialogPane pane, ResourceBundle messages) {
        String css = DialogButtons.class.getResource("/dev/kubeha/ui/kubeha.css").toExternalForm();
        if (!pane.getStylesheets().contains(css)) {
            pane.getStylesheets().add(css);
        }
        if (!pane.getStyleClass().contains(STYLE_CLASS)) {
            pane.getStyleClass().add(STYLE_CLASS);
        }
        for (ButtonType type : pane.getButtonTypes()) {
            String key = KEYS.get(type);
            if (key != null && pane.lookupButton(type) instanceof Button button) {
                button.setText(messages.getString(key));
            }
        }
        return pane;
    }
}

package dev.kubeha.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ResourceBundle;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a view's layout, {@code <name>.fxml} beside kubeha.css, with the view itself as controller
 * (set here, not by {@code fx:controller}, so that the view gets its view models in its constructor).
 * The bundle is taken on every load: a language switch rebuilds the views with the new one.
 * The FXML holds the structure ({@code %key} texts, ids, style classes); the view binds in code.
 */
final class Fxml {
    private Fxml() {
    }

    /** The root of {@code name.fxml}, its {@code fx:id} fields injected into {@code controller} (may be null). */
    static <T extends Parent> T load(String name, Object controller, ResourceBundle messages) {
        URL url = Fxml.class.getResource(name + ".fxml");
        if (url == null) {
            throw new IllegalStateException("no " + name + ".fxml beside " + Fxml.class.getName());
        }
        FXMLLoader loader = new FXMLLoader(url, messages);
        loader.setController(controller);
        // The loader's default is the thread's context class loader: make it the one that has our classes.
        loader.setClassLoader(Fxml.class.getClassLoader());
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + url + ": " + e.getMessage(), e);
        }
    }
}

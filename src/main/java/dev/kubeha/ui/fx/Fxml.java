package dev.kubeha.ui.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ResourceBundle;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a view's layout, {@code <feature>/<name>.fxml} beside kubeha.css (the feature's directory
 * under {@code dev/kubeha/ui/}, as its view is in {@code dev.kubeha.ui.<feature>}), with the view
 * itself as controller (set here, not by {@code fx:controller}, so that the view gets its view models in its constructor).
 * The bundle is taken on every load: a language switch rebuilds the views with the new one.
 * The FXML holds the structure ({@code %key} texts, ids, style classes); the view binds in code.
 */
public final class Fxml {
    /** Where the FXML files, kubeha.css and the messages are on the class path. */
    public static final String ROOT = "/dev/kubeha/ui/";

    private Fxml() {
    }

    /**
     * The root of {@code name.fxml}, its {@code fx:id} fields injected into {@code controller} (may be null).
     *
     * @param name the file's path under {@link #ROOT} without {@code .fxml}, e.g. {@code wizard/WelcomeView}
     */
    public static <T extends Parent> T load(String name, Object controller, ResourceBundle messages) {
        URL url = Fxml.class.getResource(ROOT + name + ".fxml");
        if (url == null) {
            throw new IllegalStateException("no " + ROOT + name + ".fxml on the class path");
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

    /** kubeha.css, for a scene of its own (the install window); the wizard's FXML names it itself. */
    public static String stylesheet() {
        return Fxml.class.getResource(ROOT + "kubeha.css").toExternalForm();
    }
}

package dev.kubeha.ui.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Parent;

/** The window's look: AtlantaFX Primer, light or dark, with kubeha.css on top. */
public enum Theme {
    LIGHT("light"),
    DARK("dark");

    /** The style class of a scene root in the dark theme; kubeha.css picks its dark colours by it. */
    public static final String DARK_CLASS = "dark";

    private final String tag;

    Theme(String tag) {
        this.tag = tag;
    }

    public static Theme ofTag(String tag) {
        for (Theme t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        return null;
    }

    public String tag() {
        return tag;
    }

    /** The AtlantaFX stylesheet, for {@link Application#setUserAgentStylesheet}. */
    public String userAgentStylesheet() {
        return this == DARK ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet();
    }

    /** Makes this the look of every window (dialogs too), and marks the root for kubeha.css. */
    public void apply(Parent root) {
        Application.setUserAgentStylesheet(userAgentStylesheet());
        mark(root);
    }

    /** Marks a root (e.g. of a new window) for kubeha.css's colours of this theme. */
    public void mark(Parent root) {
        root.getStyleClass().remove(DARK_CLASS);
        if (this == DARK) {
            root.getStyleClass().add(DARK_CLASS);
        }
    }
}

package dev.kubeha.ui.fx;

import javafx.css.PseudoClass;

/** The states kubeha.css colours wherever they appear: a field, a problem line or a status line in error, or a warning. */
public final class PseudoClasses {
    public static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    public static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

    private PseudoClasses() {
    }
}

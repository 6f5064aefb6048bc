package dev.kubeha.ui.fx;

import java.util.Enumeration;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The window's messages in the current language. View models keep this one instance, so a
 * language switch reaches every message they make from then on without rebuilding them (and
 * losing what the user entered); views are rebuilt to pick up their labels.
 */
public final class LocalizedBundle extends ResourceBundle {
    private volatile ResourceBundle current;

    public LocalizedBundle(Language language) {
        use(language);
    }

    public void use(Language language) {
        current = messages(language.locale());
    }

    /** The window's messages in {@code locale} ({@code dev/kubeha/ui/messages*.properties}). */
    public static ResourceBundle messages(Locale locale) {
        return ResourceBundle.getBundle("dev.kubeha.ui.messages", locale);
    }

    @Override
    protected Object handleGetObject(String key) {
        return current.getObject(key);
    }

    @Override
    public Enumeration<String> getKeys() {
        return current.getKeys();
    }

    @Override
    public Locale getLocale() {
        return current.getLocale();
    }
}

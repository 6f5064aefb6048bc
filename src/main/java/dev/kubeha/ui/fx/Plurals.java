package dev.kubeha.ui.fx;

import java.util.ResourceBundle;

/**
 * Texts with a count: {@code key.one} when the count is 1 ("1 warning", "1 step"), {@code key}
 * otherwise. Every bundle has both keys (Chinese says the same in both), so a bundle never takes
 * the English singular from its parent.
 */
public final class Plurals {
    private Plurals() {
    }

    public static String key(ResourceBundle messages, String key, long count) {
        return count == 1 && messages.containsKey(key + ".one") ? key + ".one" : key;
    }

    /** The text of {@link #key} formatted with {@code args}. */
    public static String format(ResourceBundle messages, String key, long count, Object... args) {
        return String.format(messages.getString(key(messages, key, count)), args);
    }

    /** A count and its noun, such as "1 warning" or "3 workers" (the text's only argument is the count). */
    public static String count(ResourceBundle messages, String key, long count) {
        return format(messages, key, count, count);
    }
}

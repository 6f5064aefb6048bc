package dev.kubeha.plan;

import java.util.List;
import java.util.Objects;

/**
 * POSIX shell quoting. Every command kubeha sends to a node is built from values passed through
 * {@link #quote(String)}, so a value can never end a word or start another command.
 */
public final class Shell {
    private Shell() {
    }

    /**
     * One shell word that stands for exactly {@code value}: wrapped in single quotes, with every
     * single quote written as {@code '\''}. Plain words made only of safe characters stay bare so
     * that plans remain readable.
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            // A NUL cannot be passed in an argv item at all; refusing it beats truncating silently.
            throw new IllegalArgumentException("a shell word cannot contain a NUL character");
        }
        if (!value.isEmpty() && value.chars().allMatch(Shell::isSafe)) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Argv items quoted and joined by spaces: a command line that runs exactly this argv. */
    public static String join(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one word");
        }
        StringBuilder sb = new StringBuilder();
        for (String word : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(word));
        }
        return sb.toString();
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == ',' || c == '@'
                || c == '+' || c == '%';
    }
}

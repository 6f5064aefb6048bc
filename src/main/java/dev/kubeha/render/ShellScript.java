package dev.kubeha.render;

import java.util.regex.Pattern;

/**
 * A bash script built in code. Values from the cluster enter only through {@link #assign}, which
 * quotes them; the code blocks are constant text that reads those variables. So no value can
 * change what the script does, whatever characters it holds.
 */
final class ShellScript {
    private static final Pattern VARIABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private final StringBuilder text = new StringBuilder();

    ShellScript() {
        text.append("#!/usr/bin/env bash\n");
        text.append("set -euo pipefail\n");
    }

    ShellScript comment(String comment) {
        if (comment.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a comment with a line break");
        }
        text.append("# ").append(comment).append('\n');
        return this;
    }

    /** {@code name='value'}; a name of lowercase letters, digits and '_'. */
    ShellScript assign(String name, String value) {
        if (!VARIABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("shell variable name " + name);
        }
        text.append(name).append('=').append(quote(value)).append('\n');
        return this;
    }

    /** Constant script text: it must not contain values from the cluster. */
    ShellScript block(String code) {
        text.append(code.endsWith("\n") ? code : code + "\n");
        return this;
    }

    /** Single-quoted for POSIX shells: nothing inside is expanded; a quote becomes {@code '\''}. */
    static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell value with a NUL byte");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

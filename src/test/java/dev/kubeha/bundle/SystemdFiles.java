package dev.kubeha.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a service unit and an {@code EnvironmentFile} the way systemd does, so a test can start
 * what a unit would start without systemd. Only what kubeha's units use; anything else it cannot
 * honour (variable expansion in ExecStart, several ExecStart lines) fails loudly instead of being
 * run differently from systemd.
 */
final class SystemdFiles {
    /** The [Service] settings a test needs. */
    record Service(List<String> execStart, List<String> environmentFiles) {
    }

    private SystemdFiles() {
    }

    static Service service(String unit) {
        List<String> execStart = null;
        List<String> environmentFiles = new ArrayList<>();
        String section = "";
        for (String line : logicalLines(unit)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l;
                continue;
            }
            int eq = l.indexOf('=');
            if (!section.equals("[Service]") || eq < 0) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            String value = l.substring(eq + 1).strip();
            switch (key) {
                case "ExecStart" -> {
                    if (value.isEmpty()) {
                        execStart = null; // "ExecStart=" resets the list, as in a drop-in
                    } else if (execStart != null) {
                        throw new IllegalArgumentException("several ExecStart= lines; systemd would run them in turn");
                    } else {
                        execStart = command(value);
                    }
                }
                case "EnvironmentFile" -> {
                    if (value.isEmpty()) {
                        environmentFiles.clear();
                    } else {
                        environmentFiles.add(value);
                    }
                }
                default -> {
                }
            }
        }
        if (execStart == null) {
            throw new IllegalArgumentException("no ExecStart= in [Service]");
        }
        return new Service(execStart, List.copyOf(environmentFiles));
    }

    /** Joins lines that end in a backslash, as systemd's unit parser does. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            if (raw.endsWith("\\")) {
                current.append(raw, 0, raw.length() - 1).append(' ');
            } else {
                lines.add(current.append(raw).toString());
                current.setLength(0);
            }
        }
        return lines;
    }

    /**
     * An ExecStart value as argv: the special prefixes ({@code - @ : + !}) dropped, words split on
     * whitespace, single and double quotes grouping, backslash escapes. {@code $} would need the
     * environment expanded and is refused.
     */
    static List<String> command(String value) {
        int start = 0;
        while (start < value.length() && "-@:+!".indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        if (value.indexOf('$', start) >= 0) {
            throw new IllegalArgumentException("ExecStart with $ expansion is not supported here: " + value);
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < value.length()) {
                    word.append(value.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '\\' && i + 1 < value.length()) {
                    word.append(value.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quotes in ExecStart=" + value);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /**
     * An EnvironmentFile as systemd's parser reads it ({@code src/basic/env-file.c}): comment
     * lines start with # or ; (a trailing backslash no longer continues them since systemd 254);
     * the key is trimmed; leading whitespace of the value is skipped and trailing unquoted
     * whitespace dropped; single quotes are literal; inside double quotes a backslash escapes only
     * {@code " \ ` $} (before anything else it stays) and before a newline continues the line;
     * outside quotes a backslash escapes any character and before a newline continues the value.
     * A quote opens only at the start of the value or right after a closing quote
     * ({@code A='x' "y"z} is {@code xyz}); inside a bare value it is an ordinary character
     * ({@code A=x'y'} is {@code x'y'}). A line without '=' or with a key that is not a variable
     * name, or an unclosed quote, is refused: systemd would skip or take it, which would hide a bug here.
     */
    static Map<String, String> environment(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            // Start of a line.
            while (i < n && text.charAt(i) != '\n' && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char first = text.charAt(i);
            if (first == '\n') {
                i++;
                continue;
            }
            if (first == '#' || first == ';') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != '\n') {
                i++;
            }
            String key = text.substring(keyStart, i).strip();
            if (i >= n || text.charAt(i) == '\n') {
                throw new IllegalArgumentException("line without '=': " + key);
            }
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a variable name: " + key);
            }
            i++; // '='
            StringBuilder value = new StringBuilder();
            int keep = 0; // length of the value without trailing unquoted whitespace
            // systemd's PRE_VALUE state: at the start and after a closing quote whitespace is
            // skipped and a quote opens; in a bare value quotes are ordinary characters.
            boolean preValue = true;
            while (i < n && text.charAt(i) != '\n') {
                char c = text.charAt(i);
                if (preValue && c == '\'') {
                    int close = text.indexOf('\'', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException(key + ": unbalanced single quote");
                    }
                    value.append(text, i + 1, close);
                    keep = value.length();
                    i = close + 1;
                } else if (preValue && c == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new IllegalArgumentException(key + ": unbalanced double quote");
                        }
                        char d = text.charAt(i);
                        if (d == '"') {
                            i++;
                            break;
                        }
                        if (d == '\\' && i + 1 < n) {
                            char e = text.charAt(i + 1);
                            if ("\"\\`$".indexOf(e) >= 0) {
                                value.append(e);
                            } else if (e != '\n') {
                                value.append('\\').append(e);
                            }
                            i += 2;
                        } else {
                            value.append(d);
                            i++;
                        }
                    }
                    keep = value.length();
                } else if (c == '\\' && i + 1 < n) {
                    char e = text.charAt(i + 1);
                    if (e != '\n') {
                        value.append(e);
                    }
                    keep = value.length();
                    i += 2;
                    preValue = false;
                } else if (Character.isWhitespace(c)) {
                    if (!preValue) {
                        value.append(c);
                    }
                    i++;
                } else {
                    value.append(c);
                    keep = value.length();
                    preValue = false;
                    i++;
                }
            }
            env.put(key, value.substring(0, keep));
        }
        return env;
    }
}

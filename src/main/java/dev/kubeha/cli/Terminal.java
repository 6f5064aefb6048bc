package dev.kubeha.cli;

import java.io.Console;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may use of the user's session besides its output streams: environment variables
 * and, when a person sits at a terminal, questions. Tests give a fixed environment and scripted
 * answers instead of the process's own.
 */
public interface Terminal {

    /** An environment variable, empty when unset or blank. */
    Optional<String> variable(String name);

    /** True when questions can be asked (a console is attached to both input and output). */
    boolean interactive();

    /** Asks for a line of text; null when there is no answer (end of input or not interactive). */
    String readLine(String prompt);

    /** Asks for a secret without echoing it; null when there is no answer. */
    char[] readPassword(String prompt);

    /** The process's environment and {@link System#console()}. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public Optional<String> variable(String name) {
                return nonBlank(System.getenv(name));
            }

            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public String readLine(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readPassword("%s", prompt);
            }
        };
    }

    /** A session without a console: no question is ever asked. */
    public static Terminal nonInteractive(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new Terminal() {
            @Override
            public Optional<String> variable(String name) {
                return nonBlank(copy.get(name));
            }

            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String readLine(String prompt) {
                return null;
            }

            @Override
            public char[] readPassword(String prompt) {
                return null;
            }
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}

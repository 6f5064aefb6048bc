package dev.kubeha.cli;

/**
 * Ends a command with a one-line message and a chosen exit code ({@link Cli#FAILED} or
 * {@link Cli#USAGE}). The message names the file, node or option and what to do; never a secret.
 */
final class CommandFailure extends Exception {
    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(Cli.USAGE, message);
    }

    static CommandFailure failed(String message) {
        return new CommandFailure(Cli.FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}

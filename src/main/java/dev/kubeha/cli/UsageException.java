package dev.kubeha.cli;

/**
 * A request that cannot be carried out as given (options that do not go together, an output
 * that exists): exit code 2 and one line, without picocli's usage text.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

package dev.kubeha.operation;

/**
 * An operation could not go on for a reason outside the cluster file: the journal or the log
 * cannot be written, the nodes cannot tell their addresses. The message names the file, node or
 * step and what to do; it never holds a secret.
 */
public final class OperationException extends Exception {
    public OperationException(String message) {
        super(message);
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}

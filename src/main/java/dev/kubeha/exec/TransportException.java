package dev.kubeha.exec;

/**
 * A fault of the link to a node, as opposed to a command that ran and failed (that is a non-zero
 * exit code). The kind decides what the executor does next.
 */
public class TransportException extends Exception {

    public enum Kind {
        /** Could not reach the node (refused, unreachable, connect timeout): retried with backoff. */
        CONNECT(true),
        /** The connection broke while a step ran: the step may or may not have taken effect. */
        CONNECTION_LOST(true),
        /** The node refused our credentials: retrying would only lock the account. */
        AUTHENTICATION(false),
        /** sudo on the node refused to run the command: a wrong sudo password, or none given where one is needed. */
        SUDO_REFUSED(false),
        /** The node's host key is not known and was not accepted. */
        HOST_KEY_REJECTED(false),
        /** The node's host key differs from the recorded one: possibly an attack, the whole run stops. */
        HOST_KEY_CHANGED(false),
        /** A command ran longer than its step's timeout; it was stopped. */
        TIMEOUT(false),
        /** Anything else that went wrong on the node's side of a transfer (disk full, permission). */
        REMOTE_ERROR(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String node;

    public TransportException(Kind kind, String node, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.node = node;
    }

    public TransportException(Kind kind, String node, String message) {
        this(kind, node, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String node() {
        return node;
    }
}

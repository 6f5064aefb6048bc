package dev.kubeha.model;

/** A cluster file that cannot be read at all: missing, unreadable, or not JSON/YAML. */
public class ClusterFileException extends Exception {
    public ClusterFileException(String message) {
        super(message);
    }

    public ClusterFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

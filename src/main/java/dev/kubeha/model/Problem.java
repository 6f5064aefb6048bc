package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * One thing wrong with a cluster description.
 *
 * @param path    the field it is about, e.g. {@code nodes[3].privateAddress}; empty for the whole file
 * @param message what is wrong, naming the value
 * @param hint    what to do about it; may be null
 */
public record Problem(Severity severity, String path, String message, String hint) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(String path, String message, String hint) {
        return new Problem(Severity.ERROR, path, message, hint);
    }

    public static Problem warning(String path, String message, String hint) {
        return new Problem(Severity.WARNING, path, message, hint);
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code error: nodes[3].privateAddress: 10.0.0.300 is not an IP address (hint: ...)} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(severity.label()).append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(message);
        if (hint != null) {
            sb.append(" (hint: ").append(hint).append(')');
        }
        return sb.toString();
    }
}

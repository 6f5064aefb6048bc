package dev.kubeha.artifact;

import java.io.IOException;

/** A package or repository metadata kubeha may not trust or cannot find; the message says which and why. */
public class PackageFetchException extends IOException {
    public PackageFetchException(String message) {
        super(message);
    }

    public PackageFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}

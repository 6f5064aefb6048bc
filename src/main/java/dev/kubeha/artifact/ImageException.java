package dev.kubeha.artifact;

import java.io.IOException;

/** An image that cannot be fetched, written or pushed; the message names the image and says why. */
public final class ImageException extends IOException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}

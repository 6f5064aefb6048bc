package dev.kubeha.render;

/**
 * The cluster cannot be turned into files: it breaks a validation rule, or a node lacks a value
 * that only the nodes themselves can tell (a private address not yet detected). The message names
 * the node or field; it never holds a secret.
 */
public final class RenderException extends RuntimeException {
    public RenderException(String message) {
        super(message);
    }
}

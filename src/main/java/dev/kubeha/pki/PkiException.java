package dev.kubeha.pki;

/**
 * A PKI operation failed. The message names the file, node or CA and says what to do; it never
 * contains key material or a passphrase.
 */
public final class PkiException extends Exception {
    private final boolean badInput;

    private PkiException(String message, boolean badInput, Throwable cause) {
        super(message, cause);
        this.badInput = badInput;
    }

    /** Something the user gave us (a CA file, a passphrase) is wrong or unreadable. */
    public static PkiException badInput(String message) {
        return new PkiException(message, true, null);
    }

    /** The cluster or the workspace is in a state we cannot build on. */
    public static PkiException failure(String message) {
        return new PkiException(message, false, null);
    }

    /**
     * Same as {@link #failure(String)}, keeping the cause for debugging. Only pass causes whose
     * own messages cannot carry secrets (I/O errors, not decryption errors).
     */
    public static PkiException failure(String message, Throwable cause) {
        return new PkiException(message, false, cause);
    }

    /** True when the user's input is at fault (exit code 2), false for a failure (exit code 1). */
    public boolean badInput() {
        return badInput;
    }
}

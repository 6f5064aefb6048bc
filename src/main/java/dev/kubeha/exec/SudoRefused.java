package dev.kubeha.exec;

/**
 * sudo on a node refused to run a command as root: the sudo password given was wrong, or none was
 * given and sudo wants one. Never retried: the same password would fail again (and count against
 * the account).
 */
public final class SudoRefused extends TransportException {
    private final boolean passwordGiven;

    public SudoRefused(String node, String message, boolean passwordGiven) {
        super(Kind.SUDO_REFUSED, node, message);
        this.passwordGiven = passwordGiven;
    }

    /** Whether a sudo password was given (and rejected), rather than none where one is needed. */
    public boolean passwordGiven() {
        return passwordGiven;
    }
}

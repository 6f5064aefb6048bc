package dev.kubeha.operation;

/**
 * Another kubeha holds the workspace: nothing was touched. The message names the workspace, the
 * holder's PID and command, and what to do.
 */
public final class WorkspaceBusyException extends Exception {
    private final long holderPid;

    WorkspaceBusyException(String message, long holderPid) {
        super(message);
        this.holderPid = holderPid;
    }

    /** The process that holds the workspace, or -1 when its lock file did not say. */
    public long holderPid() {
        return holderPid;
    }
}

package dev.kubeha.exec;

import dev.kubeha.plan.Task;

/**
 * Holds a run at a task that carries a {@link dev.kubeha.plan.LoadBalancerCheckpoint} once the
 * task's own checks have passed, until the operator lets it go on. The window asks; the command
 * line has no one to ask and uses {@link #OPEN}.
 */
@FunctionalInterface
public interface CheckpointGate {
    /** Lets every checkpoint pass as soon as its checks do. */
    CheckpointGate OPEN = (task, token) -> true;

    /**
     * Called on a run thread when {@code task}'s steps have succeeded; returns true when the run may
     * go on, false when it was cancelled meanwhile ({@code token}). May block for as long as the
     * operator takes.
     */
    boolean pass(Task task, CancelToken token);
}

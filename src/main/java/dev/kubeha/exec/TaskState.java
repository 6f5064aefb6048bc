package dev.kubeha.exec;

/** Where a task is in a run. Every task ends in one of the final states. */
public enum TaskState {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}

package dev.kubeha.operation;

import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.plan.Plan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How one run of an operation ended, for the front end to phrase.
 *
 * @param result           every task's final state and message
 * @param log              the run's full log
 * @param logFailure       why the log stopped being written (a full disk), or null
 * @param refusedHostKeys  new host keys the user did not trust, as "node (user@host:port): type fingerprint"
 * @param adminConf        where the cluster's admin.conf is once the run succeeded
 */
public record Outcome(Status status, RunResult result, Plan plan, Path log, IOException logFailure,
                      List<String> refusedHostKeys, Path adminConf) {

    public enum Status {
        /** Every task succeeded, the verification included. */
        SUCCEEDED,
        /** Tasks failed; what needs them was skipped. */
        FAILED,
        /** Stopped by the user. */
        CANCELLED,
        /** Stopped by kubeha: a host key changed. */
        ABORTED,
        /** Nodes were not reached because their new host keys were not trusted. */
        HOST_KEYS_REFUSED
    }

    public Outcome {
        refusedHostKeys = List.copyOf(refusedHostKeys);
    }

    static Outcome of(RunResult result, Plan plan, Path log, IOException logFailure, List<String> refused, Path adminConf) {
        Status status = result.succeeded() ? Status.SUCCEEDED
                : !refused.isEmpty() ? Status.HOST_KEYS_REFUSED
                : result.abortReason() != null ? Status.ABORTED
                : result.cancelled() ? Status.CANCELLED
                : Status.FAILED;
        return new Outcome(status, result, plan, log, logFailure, refused, adminConf);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    public List<String> failedTasks() {
        return result.tasksIn(TaskState.FAILED);
    }

    public List<String> skippedTasks() {
        return result.tasksIn(TaskState.SKIPPED);
    }

    /** The nodes of the failed tasks, each once, in the order of the tasks. */
    public List<String> failedNodes() {
        return failedTasks().stream().map(id -> plan.task(id).orElseThrow().node()).distinct().toList();
    }
}

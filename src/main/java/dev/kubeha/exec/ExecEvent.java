package dev.kubeha.exec;

import java.time.Instant;

/**
 * What a run reports while it goes. Every text in an event has been through the {@link Redactor}.
 * Events arrive on the executor's threads; a UI hands them over to its own thread.
 */
public sealed interface ExecEvent {

    /** A task moved to a new state. {@code message} says why for FAILED, SKIPPED and CANCELLED; may be empty. */
    record TaskStateChanged(String taskId, String node, TaskState state, String message, Instant at) implements ExecEvent {
    }

    /** One line of a remote command's output. */
    record OutputLine(String node, String taskId, OutputStreamKind stream, String line) implements ExecEvent {
    }

    /** How many tasks have reached a final state out of all tasks of the plan. */
    record Progress(int done, int total) implements ExecEvent {
    }
}

package dev.kubeha.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run ended: the final state of every task (in plan order) and, for those that did not
 * succeed, why.
 *
 * @param abortReason why the whole run stopped early (host key changed), or null
 */
public record RunResult(Map<String, TaskState> states, Map<String, String> messages, String abortReason,
                        boolean cancelled, Duration elapsed) {
    public RunResult {
        states = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(states));
        messages = Map.copyOf(messages);
    }

    public boolean succeeded() {
        return states.values().stream().allMatch(s -> s == TaskState.SUCCEEDED);
    }

    public TaskState state(String taskId) {
        return states.get(taskId);
    }

    public Optional<String> message(String taskId) {
        return Optional.ofNullable(messages.get(taskId));
    }

    public List<String> tasksIn(TaskState state) {
        return states.entrySet().stream().filter(e -> e.getValue() == state).map(Map.Entry::getKey).toList();
    }
}

package dev.kubeha.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A unit of work on one node: its steps run in order on that node, after every task it depends on
 * has succeeded.
 *
 * @param id        unique in the plan, e.g. {@code master0/kubeadm-init}
 * @param node      name of the node the steps run on
 * @param dependsOn ids of the tasks that must succeed first
 * @param probe     "already done?": when it passes, the task counts as done without running its
 *                  steps. Used when the outcome of an earlier attempt is unknown (resume after a
 *                  crash, connection lost mid-command). May be null.
 * @param retrySafe whether the whole task may be run again from its first step after it may have
 *                  partly run. Steps that are {@link Step#idempotent()} are retried regardless.
 * @param checkpoint when not null, the operator's part this task checks; after its steps pass, a run
 *                  that can ask waits for the operator before the task counts as done. May be null.
 */
public record Task(String id, String node, String title, List<String> dependsOn, List<Step> steps, Check probe,
                   boolean retrySafe, LoadBalancerCheckpoint checkpoint) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

    public Task {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("task id '" + id + "' must be letters, digits and . _ / - (at most 128)");
        }
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("task " + id + " names no node");
        }
        title = title == null || title.isBlank() ? id : title;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        steps = List.copyOf(Objects.requireNonNull(steps, "steps of task " + id));
        if (dependsOn.stream().distinct().count() != dependsOn.size()) {
            throw new IllegalArgumentException("task " + id + " lists a dependency twice");
        }
    }

    public Optional<Check> probeIfAny() {
        return Optional.ofNullable(probe);
    }

    /** A digest of what the task does, so that a journal entry for an edited task is not trusted. */
    public String digest() {
        return digest(false);
    }

    /**
     * Whether a digest a journal recorded stands for this task as it is today: its {@link #digest()},
     * or the digest of the same steps over whole file contents, as kubeha computed it before an
     * upload's identity stood for its content (an etcd member installed then is not restarted for it).
     */
    public boolean recordedAs(String recorded) {
        return recorded != null && (recorded.equals(digest()) || recorded.equals(digest(true)));
    }

    private String digest(boolean wholeContent) {
        String text = node + "\n" + steps.stream().map(s -> Step.fingerprint(s, wholeContent)).collect(Collectors.joining("\n"))
                + "\nprobe " + (probe == null ? "-" : probe.asRoot() + " " + probe.command().line())
                + (checkpoint == null ? "" : "\ncheckpoint " + checkpoint.fingerprint());
        return Digests.sha256Hex(text);
    }

    public static Builder on(String node, String id) {
        return new Builder(node, id);
    }

    /** Builds a task step by step; the graph builder and tests use it. */
    public static final class Builder {
        private final String node;
        private final String id;
        private String title;
        private final java.util.ArrayList<String> dependsOn = new java.util.ArrayList<>();
        private final java.util.ArrayList<Step> steps = new java.util.ArrayList<>();
        private Check probe;
        private boolean retrySafe;
        private LoadBalancerCheckpoint checkpoint;

        private Builder(String node, String id) {
            this.node = node;
            this.id = id;
        }

        public Builder title(String value) {
            title = value;
            return this;
        }

        public Builder after(String... taskIds) {
            for (String taskId : taskIds) {
                if (!dependsOn.contains(taskId)) {
                    dependsOn.add(taskId);
                }
            }
            return this;
        }

        public Builder after(java.util.Collection<String> taskIds) {
            return after(taskIds.toArray(String[]::new));
        }

        public Builder step(Step step) {
            steps.add(step);
            return this;
        }

        public Builder steps(java.util.Collection<? extends Step> more) {
            steps.addAll(more);
            return this;
        }

        public Builder probe(Check check) {
            probe = check;
            return this;
        }

        public Builder retrySafe(boolean value) {
            retrySafe = value;
            return this;
        }

        public Builder checkpoint(LoadBalancerCheckpoint value) {
            checkpoint = value;
            return this;
        }

        public Task build() {
            return new Task(id, node, title, dependsOn, steps, probe, retrySafe, checkpoint);
        }
    }
}

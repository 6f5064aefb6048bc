package dev.kubeha.cli;

import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The texts around a run: what is about to happen, and how it ended. */
final class ApplySummary {
    private ApplySummary() {
    }

    /** Nodes by role, topology, number of tasks and the chain of tasks that bounds the run's length. */
    static List<String> before(Cluster cluster, Plan plan, Path workspace) {
        List<String> lines = new ArrayList<>();
        lines.add("Cluster " + cluster.name() + " (Kubernetes " + cluster.kubernetesVersion() + ") on "
                + cluster.nodes().size() + " nodes:");
        lines.add("  control plane: " + names(cluster.controlPlaneNodes()));
        String runtime = cluster.etcd().runtime().wireName();
        lines.add("  etcd:          " + cluster.etcd().topology().wireName() + ", " + runtime + ", on "
                + names(cluster.etcdMembers()));
        List<Node> workers = cluster.workerNodes().stream().filter(n -> !n.hasRole(Role.CONTROL_PLANE)).toList();
        lines.add("  workers:       " + (workers.isEmpty() ? "none" : names(workers)));
        lines.add("  load balancer: " + cluster.loadBalancer().mode().wireName() + " " + cluster.loadBalancer().endpoint()
                + (cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED
                ? " (virtual IP " + cluster.loadBalancer().virtualIp() + ")" : ""));
        // Durations are unknown before the run; a command or a wait counts one, an upload nothing.
        Step.Visitor<Duration> estimate = Step.Visitor.of(upload -> Duration.ZERO, run -> Duration.ofSeconds(1),
                wait -> Duration.ofSeconds(1), fetch -> Duration.ofSeconds(1));
        Plan.CriticalPath critical = plan.criticalPath(s -> s.accept(estimate));
        lines.add("Plan: " + plan.tasks().size() + " tasks; critical path " + critical.taskIds().size() + " tasks: "
                + String.join(" -> ", critical.taskIds()));
        lines.add("Workspace: " + workspace + " (journal, logs, admin.conf)");
        return lines;
    }

    private static String names(List<Node> nodes) {
        return nodes.stream().map(Node::name).collect(Collectors.joining(", "));
    }

    /** Every task that did not succeed, with why, grouped by state. */
    static List<String> failures(RunResult result) {
        List<String> lines = new ArrayList<>();
        for (String id : result.tasksIn(TaskState.FAILED)) {
            lines.add("failed:    " + id + ": " + result.message(id).orElse(""));
        }
        List<String> skipped = result.tasksIn(TaskState.SKIPPED);
        if (!skipped.isEmpty()) {
            lines.add("skipped:   " + String.join(", ", skipped) + " (they need a task that failed)");
        }
        List<String> cancelled = result.tasksIn(TaskState.CANCELLED);
        if (!cancelled.isEmpty()) {
            lines.add("cancelled: " + String.join(", ", cancelled));
        }
        return lines;
    }

    /** "1 task", "16 tasks": a count of tasks as a sentence has it. */
    static String tasks(int count) {
        return count + (count == 1 ? " task" : " tasks");
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? s / 60 + "m" + String.format("%02d", s % 60) + "s" : s + "." + d.toMillisPart() / 100 + "s";
    }
}

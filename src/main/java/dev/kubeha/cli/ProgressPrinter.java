package dev.kubeha.cli;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.TaskState;
import dev.kubeha.plan.LoadBalancerCheckpoint;
import dev.kubeha.plan.Plan;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The live view of a run in a terminal: one line per task that starts or ends, with how many tasks
 * are done, e.g. {@code [ 12/57] master1  kubeadm-join  running}. Command output would flood the
 * terminal with a hundred nodes, so it goes to the log file only (the operation writes every event there).
 * Events arrive on the executor's threads; one lock keeps lines whole.
 */
final class ProgressPrinter implements ExecListener {
    /** The executor's message for a task it does not run again on resume. */
    static final String DONE_EARLIER = "done in an earlier run";

    private final PrintWriter out;
    private final Map<String, TaskState> states = new HashMap<>();
    private final Map<String, LoadBalancerCheckpoint> checkpoints = new HashMap<>();
    private final int total;
    private final String format;
    private int done;
    private int restored;
    private boolean started;

    ProgressPrinter(PrintWriter out, Plan plan) {
        this.out = out;
        this.total = plan.tasks().size();
        int nodeWidth = plan.nodes().stream().mapToInt(String::length).max().orElse(4);
        int taskWidth = plan.tasks().stream().mapToInt(t -> shortName(t.id(), t.node()).length()).max().orElse(4);
        int digits = Integer.toString(total).length();
        format = "[%" + digits + "d/%d] %-" + nodeWidth + "s  %-" + taskWidth + "s  %s";
        plan.tasks().stream().filter(t -> t.checkpoint() != null).forEach(t -> checkpoints.put(t.id(), t.checkpoint()));
    }

    /** {@code master1/kubeadm-join} on master1 reads {@code kubeadm-join}; {@code etcd/healthy} stays whole. */
    static String shortName(String taskId, String node) {
        return taskId.startsWith(node + "/") ? taskId.substring(node.length() + 1) : taskId;
    }

    @Override
    public synchronized void onEvent(ExecEvent event) {
        if (event instanceof ExecEvent.TaskStateChanged s) {
            TaskState before = states.put(s.taskId(), s.state());
            if (s.state().isFinal() && (before == null || !before.isFinal())) {
                done++;
            }
            if (!started && s.state() == TaskState.SUCCEEDED && DONE_EARLIER.equals(s.message())) {
                // Resuming: the tasks done before are one line, not a screenful.
                restored++;
                return;
            }
            startRun();
            String line = String.format(Locale.ROOT, format, done, total, s.node(), shortName(s.taskId(), s.node()),
                    s.state().name().toLowerCase(Locale.ROOT));
            out.println(line);
            if (!s.message().isEmpty() && s.state() != TaskState.SUCCEEDED) {
                out.println("    " + s.message());
            }
            LoadBalancerCheckpoint checkpoint = checkpoints.get(s.taskId());
            if (checkpoint != null && s.state() == TaskState.RUNNING) {
                // The operator's step: nobody confirms here, the check passing is the go-ahead.
                String todo = "    " + checkpoint.describe() + "; waiting until it serves /healthz from " + s.node();
                out.println(todo);
            }
        } else if (event instanceof ExecEvent.Progress) {
            startRun();
        }
    }

    private void startRun() {
        if (!started) {
            started = true;
            if (restored > 0) {
                String line = "resuming: " + restored + " of " + total + " tasks were done in an earlier run";
                out.println(line);
            }
        }
        out.flush();
    }
}

package dev.kubeha.ui.install;

import dev.kubeha.exec.CancelToken;
import dev.kubeha.exec.CheckpointGate;
import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.TaskState;
import dev.kubeha.plan.LoadBalancerCheckpoint;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Task;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The external load balancer's checkpoint in the window: while the plan's checkpoint task runs,
 * what to add to the load balancer and how the last check from the node went (its own output: the
 * plan's check runs on the first master over SSH, as the nodes see the endpoint); once the check
 * passes, Continue lets the run go on. Only checkpoint events reach it (a few per run, a line per
 * check), so they cross to the FX thread one by one.
 *
 * <p>Only a window that shows it asks the operator ({@link #askOperator()}): without one the passing
 * check is the go-ahead, as for {@code kubeha apply}.
 */
public final class CheckpointViewModel implements CheckpointGate, ExecListener {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, LoadBalancerCheckpoint> byTask = new HashMap<>();
    private final ResourceBundle messages;
    private final Executor fxThread;
    private final BooleanProperty active = new SimpleBooleanProperty();
    private final BooleanProperty reachable = new SimpleBooleanProperty();
    private final StringProperty instructions = new SimpleStringProperty("");
    private final StringProperty probe = new SimpleStringProperty("");
    private volatile boolean askOperator;
    private volatile CountDownLatch release;

    CheckpointViewModel(Plan plan, ResourceBundle messages) {
        this(plan, messages, r -> {
            if (Platform.isFxApplicationThread()) {
                r.run();
            } else {
                Platform.runLater(r);
            }
        });
    }

    CheckpointViewModel(Plan plan, ResourceBundle messages, Executor fxThread) {
        this.messages = messages;
        this.fxThread = fxThread;
        plan.tasks().stream().filter(t -> t.checkpoint() != null).forEach(t -> byTask.put(t.id(), t.checkpoint()));
    }

    /** From now on the run waits at a checkpoint for {@link #continueRun()}. */
    public void askOperator() {
        askOperator = true;
    }

    @Override
    public void onEvent(ExecEvent event) {
        if (event instanceof ExecEvent.TaskStateChanged s && byTask.containsKey(s.taskId())) {
            LoadBalancerCheckpoint checkpoint = byTask.get(s.taskId());
            fxThread.execute(() -> {
                boolean running = s.state() == TaskState.RUNNING;
                active.set(running && askOperator);
                reachable.set(false);
                if (running) {
                    instructions.set(instructions(checkpoint, s.node()));
                    probe.set(String.format(messages.getString("checkpoint.checking"), healthz(checkpoint), s.node()));
                }
            });
        } else if (event instanceof ExecEvent.OutputLine o && byTask.containsKey(o.taskId()) && !o.line().isBlank()) {
            // The check prints only when it fails: its line says why (curl's error, already redacted).
            fxThread.execute(() -> {
                if (!reachable.get()) {
                    probe.set(String.format(messages.getString("checkpoint.notYet"), o.line().strip()));
                }
            });
        }
    }

    @Override
    public boolean pass(Task task, CancelToken token) {
        if (!askOperator) {
            return true;
        }
        CountDownLatch latch = new CountDownLatch(1);
        release = latch;
        LoadBalancerCheckpoint checkpoint = task.checkpoint();
        fxThread.execute(() -> {
            reachable.set(true);
            probe.set(String.format(messages.getString("checkpoint.reachable"), healthz(checkpoint), task.node()));
        });
        try {
            while (!latch.await(POLL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (token.isCancelled()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Continue: lets the run past the checkpoint; only once its check passed. FX thread. */
    public void continueRun() {
        CountDownLatch latch = release;
        if (reachable.get() && latch != null) {
            active.set(false);
            latch.countDown();
        }
    }

    private String instructions(LoadBalancerCheckpoint checkpoint, String node) {
        return String.format(messages.getString("checkpoint.instructions"), checkpoint.endpoint(),
                checkpoint.backends().stream().map(b -> "  " + b.node() + "  " + b.address())
                        .collect(Collectors.joining("\n")),
                healthz(checkpoint), node);
    }

    static String healthz(LoadBalancerCheckpoint checkpoint) {
        return "https://" + checkpoint.endpoint() + "/healthz";
    }

    /** Whether the panel shows: a checkpoint task runs and the window asks. */
    public ReadOnlyBooleanProperty activeProperty() {
        return active;
    }

    /** The check passed: Continue is allowed. */
    public ReadOnlyBooleanProperty reachableProperty() {
        return reachable;
    }

    /** What to add to the load balancer, one backend a line. */
    public ReadOnlyStringProperty instructionsProperty() {
        return instructions;
    }

    /** The last check's outcome. */
    public ReadOnlyStringProperty probeProperty() {
        return probe;
    }
}

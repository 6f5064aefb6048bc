package dev.kubeha.ui.install;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.OperationRun;
import dev.kubeha.operation.Outcome;
import dev.kubeha.operation.Workspace;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.fx.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live install: one row per node and an overall progress, fed by the executor's events.
 * Events arrive on the executor's threads and only go into a queue (and, redacted as they are,
 * into the run's log file); {@link #drain()} applies everything queued in one go on the FX thread,
 * called once per pulse by the view, so that a hundred chatty nodes cost one UI update per pulse.
 * Each node keeps its last {@value #LOG_LINES_PER_NODE} output lines for the window; the full log
 * is {@code <workspace>/logs/apply-<time>.log}.
 */
public final class InstallViewModel {
    public static final int LOG_LINES_PER_NODE = 2_000;

    /** Where the run as a whole is. */
    public enum Phase { READY, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED }

    /** One node of the run. Properties change on the FX thread only, in {@link #drain()}. */
    public static final class NodeRow {
        private final String node;
        private final String roles;
        private final int total;
        private final Map<String, TaskState> states = new HashMap<>();
        private final LineBuffer log = new LineBuffer(LOG_LINES_PER_NODE);
        private final StringProperty currentTask = new SimpleStringProperty("");
        private final IntegerProperty done = new SimpleIntegerProperty();
        private final DoubleProperty progress = new SimpleDoubleProperty();
        private final ObjectProperty<TaskState> state = new SimpleObjectProperty<>(TaskState.PENDING);
        private final StringProperty elapsed = new SimpleStringProperty("");
        private Instant started;
        private Instant ended;

        NodeRow(String node, String roles, int total) {
            this.node = node;
            this.roles = roles;
            this.total = total;
        }

        public String node() {
            return node;
        }

        public String roles() {
            return roles;
        }

        /** Tasks of the plan on this node. */
        public int total() {
            return total;
        }

        public ReadOnlyStringProperty currentTaskProperty() {
            return currentTask;
        }

        public ReadOnlyIntegerProperty doneProperty() {
            return done;
        }

        /** done / total, 0 to 1. */
        public ReadOnlyDoubleProperty progressProperty() {
            return progress;
        }

        public ReadOnlyObjectProperty<TaskState> stateProperty() {
            return state;
        }

        /** m:ss since the node's first task started; stops when its last task ends. */
        public ReadOnlyStringProperty elapsedProperty() {
            return elapsed;
        }

        /** The node's last output lines, oldest first; at most {@value #LOG_LINES_PER_NODE}. */
        public List<String> logLines() {
            return log.lines();
        }

        void reset() {
            states.clear();
            done.set(0);
            progress.set(0);
            state.set(TaskState.PENDING);
            currentTask.set("");
            started = null;
            ended = null;
            elapsed.set("");
        }
    }

    private final Plan plan;
    private final Workspace workspace;
    private final UiExecutor background;
    private final ResourceBundle messages;
    private final Clock clock;
    private final Map<String, NodeRow> byNode = new LinkedHashMap<>();
    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();
    private final ConcurrentLinkedQueue<ExecEvent> queue = new ConcurrentLinkedQueue<>();
    private final IntegerProperty done = new SimpleIntegerProperty();
    private final IntegerProperty total;
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty progressText = new SimpleStringProperty("");
    private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(Phase.READY);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<String> failures = FXCollections.observableArrayList();
    private final ObjectProperty<Path> logFile = new SimpleObjectProperty<>();
    private final ObjectProperty<NodeRow> selected = new SimpleObjectProperty<>();
    private final ObservableList<String> selectedLog = FXCollections.observableArrayList();
    private final Map<String, String> failureMessages = new LinkedHashMap<>();
    private final String clusterName;
    private final Cluster cluster;
    private final CheckpointViewModel checkpoint;
    private final ObjectProperty<RunResult> result = new SimpleObjectProperty<>();
    private OperationRun operation;
    private volatile boolean closeRequested;
    private boolean converging;
    private boolean nothingToChange;
    private final Redactor fallbackRedactor = new Redactor();
    private int concurrency = ExecOptions.DEFAULT_CONCURRENCY;
    private int drains;
    /** When this run's first task started, and how many tasks were done then (a resumed run starts with some). */
    private Instant firstRunning;
    private int doneAtFirstRunning;
    /** Told what each drain took, on the FX thread: the task graph and the logs update from the same pulse. */
    private final List<Consumer<List<ExecEvent>>> drainListeners = new ArrayList<>();
    /** The log files of this window's runs, oldest first (Retry failed starts another). */
    private final List<Path> runLogs = new CopyOnWriteArrayList<>();

    public InstallViewModel(Plan plan, Cluster cluster, Path workspace, UiExecutor background, ResourceBundle messages,
                            Clock clock) {
        this.plan = plan;
        this.workspace = Workspace.at(workspace);
        this.background = background;
        this.messages = messages;
        this.clock = clock;
        this.clusterName = plan.clusterName();
        this.cluster = cluster;
        this.checkpoint = new CheckpointViewModel(plan, messages);
        Map<String, Node> nodes = cluster.nodes().stream().collect(Collectors.toMap(Node::name, n -> n));
        Map<String, Long> perNode = plan.tasks().stream().collect(Collectors.groupingBy(Task::node, Collectors.counting()));
        for (String name : plan.nodes()) {
            Node node = nodes.get(name);
            String roles = node == null ? "" : node.roles().stream().map(Role::wireName)
                    .collect(Collectors.joining(", "));
            NodeRow row = new NodeRow(name, roles, perNode.getOrDefault(name, 0L).intValue());
            byNode.put(name, row);
            rows.add(row);
        }
        total = new SimpleIntegerProperty(plan.tasks().size());
        updateProgressText();
        selected.addListener((o, was, now) -> selectedLog.setAll(now == null ? List.of() : now.log.lines()));
    }

    /** Queues an event; called on the executor's threads (the operation writes it to the run's log). */
    public ExecListener listener() {
        return queue::add;
    }

    /**
     * Applies every queued event to the rows, once. The view calls it on every pulse; it also
     * advances the elapsed time of running nodes.
     */
    public void drain() {
        List<String> newForSelected = new ArrayList<>();
        NodeRow shown = selected.get();
        boolean any = false;
        List<ExecEvent> drained = new ArrayList<>();
        ExecEvent event;
        while ((event = queue.poll()) != null) {
            any = true;
            apply(event, shown, newForSelected);
            drained.add(event);
        }
        Instant now = clock.instant();
        for (NodeRow row : rows) {
            if (row.started != null) {
                row.elapsed.set(human(Duration.between(row.started, row.ended != null ? row.ended : now)));
            }
        }
        updateProgressText();
        if (!any) {
            return;
        }
        drains++;
        LineBuffer.appendBounded(selectedLog, newForSelected, LOG_LINES_PER_NODE);
        for (Consumer<List<ExecEvent>> listener : drainListeners) {
            listener.accept(drained);
        }
    }

    /** Calls {@code listener} with the events of every drain that found some, on the FX thread, after the rows. */
    public void onDrain(Consumer<List<ExecEvent>> listener) {
        drainListeners.add(listener);
    }

    /** The log files of this window's runs so far, oldest first; any thread. */
    public List<Path> runLogs() {
        return List.copyOf(runLogs);
    }

    /** Where the window's background work runs (the run itself, saving a log, the finish page's work). */
    UiExecutor background() {
        return background;
    }

    /** Masks secrets the way the run does: the run's redactor once started, else one that knows their shapes. */
    public Redactor redactor() {
        return operation == null ? fallbackRedactor : operation.secrets().redactor();
    }

    private void apply(ExecEvent event, NodeRow shown, List<String> newForSelected) {
        if (event instanceof ExecEvent.Progress p) {
            done.set(p.done());
            total.set(p.total());
        } else if (event instanceof ExecEvent.OutputLine o) {
            NodeRow row = byNode.get(o.node());
            if (row == null) {
                return;
            }
            String line = shortName(o.taskId(), o.node()) + " | " + o.line();
            row.log.add(line);
            if (row == shown) {
                newForSelected.add(line);
            }
        } else if (event instanceof ExecEvent.TaskStateChanged s) {
            NodeRow row = byNode.get(s.node());
            if (row == null) {
                return;
            }
            TaskState before = row.states.put(s.taskId(), s.state());
            if (s.state() == TaskState.RUNNING) {
                if (firstRunning == null) {
                    firstRunning = s.at();
                    doneAtFirstRunning = done.get();
                }
                row.currentTask.set(shortName(s.taskId(), s.node()));
                if (row.started == null) {
                    row.started = s.at();
                }
            }
            if (s.state().isFinal() && (before == null || !before.isFinal())) {
                row.done.set(row.done.get() + 1);
                row.progress.set(row.total == 0 ? 1 : (double) row.done.get() / row.total);
                if (row.currentTask.get().equals(shortName(s.taskId(), s.node()))) {
                    row.currentTask.set("");
                }
                if (row.done.get() == row.total) {
                    row.ended = s.at();
                }
            }
            if (s.state() == TaskState.FAILED) {
                failureMessages.put(s.taskId(), s.node() + ": " + s.message());
            }
            row.state.set(stateOf(row));
        }
    }

    private static TaskState stateOf(NodeRow row) {
        var values = row.states.values();
        for (TaskState s : List.of(TaskState.FAILED, TaskState.RUNNING, TaskState.CANCELLED, TaskState.SKIPPED)) {
            if (values.contains(s)) {
                return s;
            }
        }
        // Some tasks done and none running: the node waits for another node's task (e.g. the load
        // balancer's checkpoint), which "running" with an empty current task would hide.
        return row.done.get() == row.total && row.total > 0 ? TaskState.SUCCEEDED : TaskState.PENDING;
    }

    /** {@code master1/kubeadm-join} on master1 reads {@code kubeadm-join}; {@code etcd/healthy} stays whole. */
    static String shortName(String taskId, String node) {
        return taskId.startsWith(node + "/") ? taskId.substring(node.length() + 1) : taskId;
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void updateProgressText() {
        int t = total.get();
        int d = done.get();
        progress.set(t == 0 ? 0 : (double) d / t);
        String text = String.format(messages.getString("install.progress"), d, t);
        Duration left = timeLeft();
        progressText.set(left == null ? text : text + String.format(messages.getString("install.timeLeft"), human(left)));
    }

    /** At this run's pace so far: its elapsed time per task done, times the tasks left; null before a task ended. */
    Duration timeLeft() {
        int doneHere = done.get() - doneAtFirstRunning;
        int left = total.get() - done.get();
        if (firstRunning == null || doneHere <= 0 || left <= 0) {
            return null;
        }
        Duration elapsed = Duration.between(firstRunning, clock.instant());
        return elapsed.multipliedBy(left).dividedBy(doneHere);
    }

    /**
     * Starts the run of the plan in the background through {@code operation} (connected to the
     * nodes; it writes the log and the journal). Call on the FX thread, once; {@link #retryFailed()}
     * runs again. The window closes the operation when it closes.
     *
     * @param resume continue from the journal (an install that stopped earlier)
     */
    /**
     * The run is on an installed cluster (a finished journal or a cluster found on the nodes), as
     * {@code kubeha apply} converges: only what differs, then the verification; with {@code
     * nothingToChange} the plan only verifies and the end says there was nothing to change. Call
     * before {@link #start}.
     */
    public void converging(boolean nothingToChange) {
        this.converging = true;
        this.nothingToChange = nothingToChange;
    }

    /** Whether the run applies changes to an installed cluster rather than installing it. */
    public boolean converges() {
        return converging;
    }

    /** Whether the run only verified an installed cluster that is as described. */
    public boolean nothingToChange() {
        return nothingToChange;
    }

    /**
     * How another operation than apply runs its plan (a node removal, a reset: their own journal
     * and what they do once it succeeded): given the request the window made (its listeners, the
     * log's callback, whether to resume).
     */
    @FunctionalInterface
    public interface Runner {
        Outcome run(OperationRun.RunRequest request) throws OperationException;
    }

    /**
     * What the window says about another operation than apply: its title, the status while it runs
     * and once it succeeded (formatted with the number of tasks and the time taken); it has no
     * finish page of an install.
     */
    public record OtherOperation(String title, String running,
                                 java.util.function.BiFunction<Integer, String, String> succeeded, Runner runner) {
    }

    private OtherOperation other;

    /** The run is {@code operation}'s, not an install's; call before {@link #start}. */
    public void runs(OtherOperation operation) {
        this.other = operation;
    }

    /** The other operation this window runs, or null for an install or a converge. */
    public OtherOperation otherOperation() {
        return other;
    }

    /** The window's title. */
    public String title() {
        return other != null ? other.title()
                : String.format(messages.getString(converging ? "install.applyingTitle" : "install.title"), clusterName);
    }

    public void start(OperationRun operation, int concurrency, boolean resume) {
        this.operation = operation;
        this.concurrency = concurrency;
        run(resume);
    }

    /** Runs again from the journal: what succeeded stays done; failed, skipped and cancelled tasks run. */
    public void retryFailed() {
        if (operation == null || !isFinished()) {
            return;
        }
        queue.clear();
        rows.forEach(NodeRow::reset);
        done.set(0);
        failureMessages.clear();
        failures.clear();
        firstRunning = null;
        doneAtFirstRunning = 0;
        updateProgressText();
        run(true);
    }

    private boolean isFinished() {
        Phase p = phase.get();
        return p == Phase.SUCCEEDED || p == Phase.FAILED || p == Phase.CANCELLED;
    }

    private void run(boolean resume) {
        phase.set(Phase.RUNNING);
        status.set(other != null ? other.running()
                : messages.getString(converging ? "install.applying" : "install.running"));
        OperationRun.RunRequest request = new OperationRun.RunRequest("kubeha window", resume, concurrency,
                List.of(listener(), checkpoint), checkpoint, runLogs::add);
        OperationRun run = operation;
        Runner runner = other == null ? null : other.runner();
        background.run(() -> {
            try {
                return runner != null ? runner.run(request) : run.run(plan, request);
            } finally {
                if (closeRequested) {
                    // The window closes once this run stopped: the workspace is free before it says so.
                    run.close();
                }
            }
        }, this::finished, this::crashed);
    }

    /**
     * The window closed: the operation lets the workspace go and wipes the secrets. A run still
     * going is cancelled first and closes the operation when it stopped.
     */
    public void close() {
        closeRequested = true;
        OperationRun run = operation;
        if (run == null) {
            return;
        }
        if (isFinished()) {
            try {
                background.run(() -> {
                    run.close();
                    return null;
                }, ignored -> { }, ignored -> { });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // The application is going and its background threads with it: close here.
                run.close();
            }
        } else {
            cancel();
        }
    }

    private void finished(Outcome outcome) {
        RunResult result = outcome.result();
        this.result.set(result);
        logFile.set(outcome.log());
        drain();
        if (result.succeeded()) {
            phase.set(Phase.SUCCEEDED);
            status.set(other != null ? other.succeeded().apply(result.states().size(), human(result.elapsed()))
                    : nothingToChange
                    ? String.format(messages.getString("install.nothingToChange"), cluster.nodes().size(),
                            human(result.elapsed()), outcome.adminConf())
                    : converging
                    ? String.format(messages.getString("install.converged"), clusterName, result.states().size(),
                            human(result.elapsed()), outcome.adminConf())
                    : String.format(messages.getString("install.succeeded"), clusterName, result.states().size(),
                            human(result.elapsed()), outcome.adminConf()));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String id : result.tasksIn(TaskState.FAILED)) {
            lines.add(id + " \u2014 " + failureMessages.getOrDefault(id, result.message(id).orElse("")));
        }
        failures.setAll(lines);
        phase.set(result.cancelled() ? Phase.CANCELLED : Phase.FAILED);
        String why = result.abortReason() != null ? result.abortReason()
                : result.cancelled() ? messages.getString("install.cancelled")
                : String.format(messages.getString("install.failed"), lines.size(), result.tasksIn(TaskState.SKIPPED).size());
        status.set(why);
    }

    private void crashed(Exception e) {
        drain();
        phase.set(Phase.FAILED);
        status.set(e instanceof OperationException || e instanceof dev.kubeha.exec.TransportException
                ? e.getMessage() : messages.getString("wizard.unexpected") + " " + e);
    }

    /** Asks the run to stop; the executor is told on a background thread, never on the FX thread. */
    public void cancel() {
        if (phase.get() != Phase.RUNNING) {
            return;
        }
        phase.set(Phase.CANCELLING);
        status.set(messages.getString("install.cancelling"));
        OperationRun run = operation;
        background.run(() -> {
            if (run != null) {
                run.cancel();
            }
            return null;
        }, ignored -> { }, ignored -> { });
    }

    /** Whether no event waits for a drain; any thread. */
    boolean idle() {
        return queue.isEmpty();
    }

    /** How many drains found events: at most one per pulse, however many events arrived. */
    int drainsWithEvents() {
        return drains;
    }

    public ObservableList<NodeRow> rows() {
        return rows;
    }

    public ReadOnlyIntegerProperty doneProperty() {
        return done;
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** "12 / 57 tasks". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase;
    }

    /** What is going on, or how the run ended and what to do next. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** After a failed run: each failed task and why. */
    public ObservableList<String> failures() {
        return failures;
    }

    public ReadOnlyObjectProperty<Path> logFileProperty() {
        return logFile;
    }

    /** The node whose log is shown. */
    public ObjectProperty<NodeRow> selectedProperty() {
        return selected;
    }

    /** The selected node's last lines; grows by one change per drain, bounded. */
    public ObservableList<String> selectedLog() {
        return selectedLog;
    }

    public Plan plan() {
        return plan;
    }

    /** The cluster as installed (with detected private addresses). */
    public Cluster cluster() {
        return cluster;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The external load balancer's checkpoint, when the plan has one. */
    public CheckpointViewModel checkpoint() {
        return checkpoint;
    }

    /** How the last run ended; null while none has. */
    public ReadOnlyObjectProperty<RunResult> resultProperty() {
        return result;
    }

    /** The operation that runs the plan, for what the finish page asks of the nodes and for closing; null before start. */
    OperationRun operation() {
        return operation;
    }
}

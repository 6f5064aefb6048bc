package dev.kubeha.operation;

import dev.kubeha.exec.CheckpointGate;
import dev.kubeha.exec.DryRunTransport;
import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Executor;
import dev.kubeha.exec.RetryPolicy;
import dev.kubeha.exec.RunLog;
import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.exec.Transport;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The part every operation on a cluster shares (install, and later add or remove nodes, renew,
 * upgrade, back up, reset): it holds the workspace for its whole life, reaches the nodes with the
 * operation's {@link Secrets} and the workspace's known_hosts, and runs a plan with the run's log
 * ({@code <workspace>/logs/<operation>-<time>.log}, secrets masked), the journal and the redactor.
 * Nothing else starts an {@link Executor} or opens a {@link RunLog}.
 */
public final class OperationRun implements AutoCloseable {
    private final String operation;
    private final Workspace workspace;
    private final Secrets secrets;
    private final WorkspaceLock lock;
    private final TransportFactory transports;
    private final Clock clock;
    private final AtomicReference<Executor> running = new AtomicReference<>();
    private volatile boolean cancelRequested;
    private HostKeyRecord hostKeys;
    private Transport transport;
    private RunLog log;
    private boolean closed;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

    private OperationRun(String operation, Workspace workspace, Secrets secrets, WorkspaceLock lock,
                         TransportFactory transports, Clock clock) {
        this.operation = operation;
        this.workspace = workspace;
        this.secrets = secrets;
        this.lock = lock;
        this.transports = transports;
        this.clock = clock;
    }

    /**
     * Takes the workspace for an operation.
     *
     * @param operation names the logs ({@code apply})
     * @param command   says who holds the workspace, to another kubeha that finds it taken
     * @throws WorkspaceBusyException another kubeha works on the workspace; nothing was touched
     * @throws OperationException     the workspace cannot be created or locked
     */
    public static OperationRun open(String operation, Workspace workspace, Secrets secrets, String command,
                                    TransportFactory transports, Clock clock)
            throws WorkspaceBusyException, OperationException {
        try {
            WorkspaceLock lock = workspace.lock(command);
            return new OperationRun(operation, workspace, secrets, lock, Objects.requireNonNull(transports, "transports"),
                    Objects.requireNonNull(clock, "clock"));
        } catch (IOException e) {
            throw new OperationException("cannot take the workspace " + workspace + ": " + e.getMessage(), e);
        }
    }

    public Workspace workspace() {
        return workspace;
    }

    /** How transport faults are retried in the runs from now on; {@link RetryPolicy#DEFAULT} unless set. */
    public OperationRun retryPolicy(RetryPolicy value) {
        retryPolicy = Objects.requireNonNull(value, "value");
        return this;
    }

    public Secrets secrets() {
        return secrets;
    }

    /**
     * Opens the way to {@code targets} (nothing is sent before a node is used): host keys not
     * known yet are put to {@code hostKeyQuestion}, the workspace's known_hosts records those
     * trusted. Once per operation.
     */
    public synchronized void connect(Map<String, SshTarget> targets, HostKeyPolicy hostKeyQuestion) {
        if (transport != null) {
            throw new IllegalStateException("connected already");
        }
        hostKeys = new HostKeyRecord(hostKeyQuestion);
        transport = transports.open(Map.copyOf(targets), workspace.knownHosts(), hostKeys, secrets.ssh());
    }

    /** The way to the nodes, for work around a run (the Finish page's kubectl); after {@link #connect}. */
    public synchronized Transport transport() {
        if (transport == null) {
            throw new IllegalStateException("connect first");
        }
        return transport;
    }

    /** New host keys the user did not trust so far. */
    public synchronized List<String> refusedHostKeys() {
        return hostKeys == null ? List.of() : hostKeys.refused();
    }

    /**
     * What one run is started with.
     *
     * @param origin      who started it, for the log's first line ({@code kubeha apply cluster.json --resume})
     * @param resume      continue from the journal: what succeeded is not run again
     * @param listeners   told every event, on the executor's threads
     * @param checkpoints who lets the run past a checkpoint (the external load balancer's); null: nobody waits
     * @param logOpened   told the run's log file before the first task starts; may be null
     */
    public record RunRequest(String origin, boolean resume, int concurrency, List<ExecListener> listeners,
                             CheckpointGate checkpoints, Consumer<Path> logOpened) {
        public RunRequest {
            listeners = List.copyOf(listeners);
            checkpoints = checkpoints == null ? CheckpointGate.OPEN : checkpoints;
            logOpened = logOpened == null ? file -> { } : logOpened;
        }
    }

    /**
     * Runs {@code plan} on the nodes until it ends or is cancelled; every event goes to the run's
     * new log, every state to the journal. Blocks: call it on a thread of its own. May be called
     * again (with resume) once it returned: Retry.
     *
     * @throws OperationException the log cannot be created or the journal written (the run
     *                            stopped: without it the run could not be resumed)
     */
    public Outcome run(Plan plan, RunRequest request) throws OperationException {
        return run(plan, request, workspace.journal());
    }

    /** As {@link #run(Plan, RunRequest)}, recording the states in {@code journal} (a reset's own). */
    Outcome run(Plan plan, RunRequest request, dev.kubeha.exec.Journal journal) throws OperationException {
        Transport nodes = transport();
        RunLog runLog = newLog();
        runLog.line(request.origin() + ", cluster " + plan.clusterName() + ", " + plan.tasks().size() + " tasks, concurrency "
                + request.concurrency() + (request.resume() ? ", resuming from the journal" : ""));
        hostKeys.logTo(runLog);
        request.logOpened().accept(runLog.file());
        ExecOptions options = ExecOptions.defaults(workspace.root()).withJournal(journalFor(plan, journal))
                .withRedactor(secrets.redactor()).withConcurrency(request.concurrency()).withResume(request.resume())
                .withCheckpoints(request.checkpoints()).withRetryPolicy(retryPolicy);
        Executor executor = new Executor(nodes, options);
        executor.addListener(event -> runLog.line(describe(event)));
        request.listeners().forEach(executor::addListener);
        running.set(executor);
        if (cancelRequested) {
            executor.cancel();
        }
        try {
            RunResult result = executor.run(plan);
            runLog.line(summary(result));
            result.messages().forEach((task, message) -> runLog.line("  " + task + ": " + message));
            return Outcome.of(result, plan, runLog.file(), runLog.failure(), refusedHostKeys(), workspace.adminConf());
        } catch (IOException e) {
            String message = "cannot write the journal " + options.journal().file() + ": " + e.getMessage()
                    + "; without it the run could not be resumed, so it stopped";
            runLog.line("kubeha: " + message);
            throw new OperationException(message, e);
        } finally {
            running.set(null);
            cancelRequested = false;
        }
    }

    /**
     * The workspace's journal, keeping what earlier runs of this cluster did with success for the
     * tasks this plan has not (a plan for an installed cluster leaves them out): the next run
     * still knows them done.
     */
    private static dev.kubeha.exec.Journal journalFor(Plan plan, dev.kubeha.exec.Journal journal) throws OperationException {
        try {
            dev.kubeha.exec.Journal.Snapshot previous = journal.load().orElse(null);
            if (previous == null || !plan.clusterName().equals(previous.cluster())) {
                return journal;
            }
            java.util.Set<String> ids = plan.ids();
            return journal.keeping(previous.tasks().stream()
                    .filter(e -> e.state() == TaskState.SUCCEEDED && !ids.contains(e.id())).toList());
        } catch (IOException e) {
            throw new OperationException(e.getMessage(), e);
        }
    }

    /** Writes a line the front end phrased (its summary, what to do next) to the last run's log. */
    public synchronized void note(String line) {
        if (log != null) {
            log.line(line);
        }
    }

    /** Asks the current run (or the next, if none runs yet) to stop. Any thread, any number of times. */
    public void cancel() {
        cancelRequested = true;
        Executor executor = running.get();
        if (executor != null) {
            executor.cancel();
        }
    }

    /** What a dry run found: every action, per node, in plan order. */
    public record DryRun(Plan plan, List<DryRunTransport.Action> actions, boolean allWouldRun) {
        public DryRun {
            actions = List.copyOf(actions);
        }

        public List<DryRunTransport.Action> actionsOn(String node) {
            return actions.stream().filter(a -> a.node().equals(node)).toList();
        }
    }

    /**
     * Runs {@code plan} against nothing: no node is contacted, no journal or log written; fetched
     * files go to a scratch directory that is removed, never over a real admin.conf.
     */
    public DryRun dryRun(Plan plan, int concurrency) throws OperationException {
        DryRunTransport nothing = new DryRunTransport(secrets.redactor());
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("kubeha-dry-run");
            ExecOptions options = ExecOptions.defaults(scratch).withRedactor(secrets.redactor()).withJournal(null)
                    .withConcurrency(concurrency).withCancelGrace(Duration.ofSeconds(1));
            RunResult result = new Executor(nothing, options).run(plan);
            return new DryRun(plan, nothing.actions(), result.succeeded());
        } catch (IOException e) {
            throw new OperationException("dry run: " + e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private synchronized RunLog newLog() throws OperationException {
        if (log != null) {
            log.close();
        }
        try {
            log = workspace.newLog(operation, clock);
            return log;
        } catch (IOException e) {
            throw new OperationException("cannot create the log in " + workspace.logs() + ": " + e.getMessage(), e);
        }
    }

    /** One event as one line of the log: {@code master0 master0/kubeadm-init stdout| ...}. */
    static String describe(ExecEvent event) {
        if (event instanceof ExecEvent.TaskStateChanged s) {
            return s.node() + " " + s.taskId() + " " + s.state().name().toLowerCase(Locale.ROOT)
                    + (s.message().isEmpty() ? "" : ": " + s.message());
        }
        if (event instanceof ExecEvent.OutputLine o) {
            return o.node() + " " + o.taskId() + " " + o.stream().name().toLowerCase(Locale.ROOT) + "| " + o.line();
        }
        ExecEvent.Progress p = (ExecEvent.Progress) event;
        return "progress " + p.done() + "/" + p.total();
    }

    private static String summary(RunResult result) {
        if (result.succeeded()) {
            return "kubeha: every task succeeded";
        }
        List<String> parts = new ArrayList<>();
        parts.add(result.tasksIn(TaskState.FAILED).size() + " failed");
        parts.add(result.tasksIn(TaskState.SKIPPED).size() + " skipped");
        if (result.cancelled()) {
            parts.add("cancelled");
        }
        if (result.abortReason() != null) {
            parts.add(result.abortReason());
        }
        return "kubeha: " + String.join(", ", parts);
    }

    /** Closes the way to the nodes and the log, lets the workspace go and wipes the secrets. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (transport != null) {
                transport.close();
            }
        } finally {
            if (log != null) {
                log.close();
            }
            secrets.close();
            try {
                lock.close();
            } catch (IOException ignored) {
                // The system lock ends with the channel; a file left behind is taken over next time.
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}

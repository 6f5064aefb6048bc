package dev.kubeha.exec;

import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan over a transport. Tasks start as soon as everything they depend on has succeeded, at
 * most one per node and at most {@link ExecOptions#concurrency()} at once. A failure skips only the
 * tasks that depend on it; the others go on. Every state change is written to the journal before
 * it is announced or acted upon.
 *
 * <p>One thread (the caller of {@link #run(Plan)}) owns all task states and decides what starts;
 * workers only run steps and hand back an outcome through a queue. So there is no lock around the
 * states, and listeners are never called under one.
 */
public final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final Transport transport;
    private final ExecOptions options;
    private final List<ExecListener> listeners = new CopyOnWriteArrayList<>();
    private final CancelToken token = new CancelToken();
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private volatile ConnectionPool pool;
    private final java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();

    private record Completion(String taskId, TaskRunner.Outcome outcome) {
    }

    /** Put on the queue to wake the dispatcher up (cancel). */
    private static final Completion WAKE_UP = new Completion("", null);
    /** What a step carries that must be masked wherever it is shown: only a command has secrets. */
    private static final Step.Visitor<List<String>> SECRETS = Step.Visitor.of(upload -> List.of(),
            Step.RunCommand::secrets, wait -> List.of(), fetch -> List.of());

    public Executor(Transport transport, ExecOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
    }

    public void addListener(ExecListener listener) {
        listeners.add(listener);
    }

    /**
     * Stops the run: no task starts any more, pending tasks become CANCELLED, running ones are
     * interrupted (their connections closed) and become CANCELLED. {@link #run(Plan)} returns as
     * soon as the running tasks have noticed. Safe to call from any thread, any number of times.
     */
    public void cancel() {
        token.cancel();
        completions.add(WAKE_UP);
        ConnectionPool p = pool;
        if (p != null) {
            p.closeAll();
        }
    }

    /**
     * Runs the plan to the end (or until cancelled) and returns every task's final state.
     *
     * @throws IOException when the journal cannot be read or written: a run that cannot record its
     *                     progress would not be resumable, so it does not start or go on
     */
    public RunResult run(Plan plan) throws IOException {
        if (used.getAndSet(true)) {
            throw new IllegalStateException("an Executor runs one plan once; create a new one to resume");
        }
        long started = System.nanoTime();
        registerSecrets(plan);
        Map<String, Task> tasks = plan.byId();
        List<Task> order = plan.topologicalOrder();
        Map<String, List<Task>> dependants = plan.dependantsMap();
        Run run = new Run(plan);

        Map<String, TaskRunner.Start> starts = restore(plan, run);
        run.saveJournal();
        // A UI that opens on a resumed run paints what was already done before anything moves.
        for (Task t : order) {
            if (run.state(t.id()) == TaskState.SUCCEEDED) {
                emit(new ExecEvent.TaskStateChanged(t.id(), t.node(), TaskState.SUCCEEDED, run.messages.get(t.id()),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            }
        }
        emit(new ExecEvent.Progress(run.done(), order.size()));

        ConnectionPool connections = new ConnectionPool(transport, token);
        pool = connections;
        TaskRunner runner = new TaskRunner(connections, options, token, this::emit);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "kubeha-exec-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Set<String> busyNodes = new HashSet<>();
        List<Task> byPriority = byLongestRemainingChain(plan, order, dependants);
        Map<String, String> runningNode = new HashMap<>();
        String abortReason = null;
        try {
            while (true) {
                List<Task> starting = new ArrayList<>();
                if (token.isCancelled()) {
                    for (Task t : order) {
                        if (run.state(t.id()) == TaskState.PENDING) {
                            run.set(t, TaskState.CANCELLED, abortReason != null ? "not started: " + abortReason
                                    : "not started: the run was cancelled");
                        }
                    }
                } else {
                    for (Task t : byPriority) {
                        if (runningNode.size() >= options.concurrency()) {
                            break;
                        }
                        if (run.state(t.id()) != TaskState.PENDING || busyNodes.contains(t.node())
                                || !t.dependsOn().stream().allMatch(d -> run.state(d) == TaskState.SUCCEEDED)) {
                            continue;
                        }
                        run.set(t, TaskState.RUNNING, "");
                        busyNodes.add(t.node());
                        runningNode.put(t.id(), t.node());
                        starting.add(t);
                    }
                }
                // RUNNING is on disk before any of these tasks can touch its node: after a crash
                // the journal never claims a task had not started when it may have.
                run.commit();
                for (Task t : starting) {
                    TaskRunner.Start start = starts.getOrDefault(t.id(), TaskRunner.Start.FRESH);
                    workers.execute(() -> completions.add(new Completion(t.id(), safeRun(runner, t, start))));
                }
                if (runningNode.isEmpty()) {
                    break;
                }
                // Every outcome that has arrived is applied, then journaled once: a hundred workers
                // finishing together cost one journal write, not a hundred on the critical path.
                Completion first = token.isCancelled() ? takeWithin(options.cancelGrace()) : take();
                if (first == null && token.isCancelled()) {
                    // A task stuck where closing its connection does not reach (a TCP connect to a
                    // host that does not answer): stop waiting for it rather than hang the caller.
                    for (String id : new ArrayList<>(runningNode.keySet())) {
                        run.set(tasks.get(id), TaskState.CANCELLED, "cancelled; it did not stop within "
                                + options.cancelGrace().toMillis() + " ms, so whether it took effect is unknown");
                    }
                    runningNode.clear();
                    break;
                }
                for (Completion c = first; c != null; c = completions.poll()) {
                    if (c == WAKE_UP) {
                        continue;
                    }
                    Task task = tasks.get(c.taskId());
                    busyNodes.remove(runningNode.remove(c.taskId()));
                    TaskRunner.Outcome outcome = c.outcome();
                    TaskState state = outcome.state();
                    if (token.isCancelled() && state == TaskState.FAILED && !outcome.abortRun()) {
                        // Closing its connection made it fail; the truth is that it was stopped.
                        state = TaskState.CANCELLED;
                    }
                    run.set(task, state, outcome.message());
                    if (state != TaskState.SUCCEEDED) {
                        skipDependants(run, task, dependants, state);
                    }
                    if (outcome.abortRun() && abortReason == null) {
                        abortReason = "run stopped: " + options.redactor().redact(outcome.message());
                        cancel();
                    }
                    closeIdleConnections(run, task.node(), plan, connections);
                }
            }
            // Anything still pending can only be waiting on a task that did not succeed.
            for (Task t : order) {
                if (run.state(t.id()) == TaskState.PENDING) {
                    run.set(t, TaskState.SKIPPED, "a task it depends on did not succeed");
                }
            }
            run.commit();
        } finally {
            workers.shutdownNow();
            connections.closeAll();
        }
        return new RunResult(run.states, run.messages, abortReason, token.isCancelled(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * When more tasks are ready than may run, those with the longest chain of work still behind them
     * go first (list scheduling by "bottom level"): with 10 slots and 100 workers, the etcd and
     * master nodes are prepared before the workers that only join at the end. A task's weight is its
     * number of steps, for want of durations; ties keep the plan's order.
     */
    static List<Task> byLongestRemainingChain(Plan plan, List<Task> order, Map<String, List<Task>> dependants) {
        Map<String, Integer> chain = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Task t = order.get(i);
            int after = 0;
            for (Task d : dependants.getOrDefault(t.id(), List.of())) {
                after = Math.max(after, chain.get(d.id()));
            }
            chain.put(t.id(), Math.max(1, t.steps().size()) + after);
        }
        List<Task> sorted = new ArrayList<>(order);
        sorted.sort(java.util.Comparator.comparingInt((Task t) -> chain.get(t.id())).reversed());
        return sorted;
    }

    /**
     * A node with nothing left to do gives its connection back at once: a hundred workers that have
     * joined do not hold a hundred connections (and their threads) while master0 verifies.
     */
    private static void closeIdleConnections(Run run, String node, Plan plan, ConnectionPool connections) {
        boolean idle = plan.tasks().stream().noneMatch(t -> t.node().equals(node) && !run.state(t.id()).isFinal());
        if (idle) {
            connections.discard(node);
        }
    }

    private Completion takeWithin(Duration grace) {
        try {
            return completions.poll(grace.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return null;
        }
    }

    private Completion take() {
        try {
            return completions.take();
        } catch (InterruptedException e) {
            // The thread that called run() was interrupted: treat it as a cancel, then drain.
            cancel();
            return null;
        }
    }

    private TaskRunner.Outcome safeRun(TaskRunner runner, Task task, TaskRunner.Start start) {
        try {
            return runner.run(task, start);
        } catch (RuntimeException | Error e) {
            // A bug must not leave the dispatcher waiting forever for this task.
            LOG.error("task {} on node {} failed unexpectedly", task.id(), task.node(), e);
            return TaskRunner.Outcome.failed(task.id() + " on node " + task.node() + ": internal error "
                    + e.getClass().getSimpleName() + ": " + options.redactor().redact(String.valueOf(e.getMessage())));
        }
    }

    private void skipDependants(Run run, Task failed, Map<String, List<Task>> dependants, TaskState cause) {
        List<Task> todo = new ArrayList<>(dependants.getOrDefault(failed.id(), List.of()));
        TaskState next = cause == TaskState.CANCELLED ? TaskState.CANCELLED : TaskState.SKIPPED;
        while (!todo.isEmpty()) {
            Task t = todo.remove(todo.size() - 1);
            if (run.state(t.id()) == TaskState.PENDING) {
                run.set(t, next, "skipped because " + failed.id() + " on node " + failed.node() + " "
                        + (cause == TaskState.CANCELLED ? "was cancelled" : cause == TaskState.FAILED ? "failed" : "was skipped"));
                todo.addAll(dependants.getOrDefault(t.id(), List.of()));
            }
        }
    }

    /** Task states from the journal when resuming; which tasks need their outcome checked first. */
    private Map<String, TaskRunner.Start> restore(Plan plan, Run run) throws IOException {
        Map<String, TaskRunner.Start> starts = new HashMap<>();
        if (!options.resume() || options.journal() == null) {
            return starts;
        }
        Journal.Snapshot previous = options.journal().load().orElse(null);
        if (previous == null) {
            return starts;
        }
        for (Task t : plan.tasks()) {
            Journal.Entry entry = previous.entry(t.id()).orElse(null);
            if (entry == null || !t.recordedAs(entry.digest())) {
                continue; // new or changed since: runs from scratch
            }
            switch (entry.state()) {
                case SUCCEEDED -> run.restore(t, TaskState.SUCCEEDED, "done in an earlier run");
                case RUNNING -> starts.put(t.id(), TaskRunner.Start.OUTCOME_UNKNOWN);
                case FAILED -> starts.put(t.id(), TaskRunner.Start.PROBE_FIRST);
                case CANCELLED -> starts.put(t.id(), entry.started() ? TaskRunner.Start.OUTCOME_UNKNOWN : TaskRunner.Start.FRESH);
                default -> { }
            }
        }
        return starts;
    }

    private void registerSecrets(Plan plan) {
        for (Task t : plan.tasks()) {
            for (Step s : t.steps()) {
                s.accept(SECRETS).forEach(options.redactor()::register);
            }
        }
    }

    private void emit(ExecEvent event) {
        for (ExecListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** The states of one run; touched only by the dispatching thread. */
    private final class Run {
        private final Plan plan;
        private final Map<String, TaskState> states = new LinkedHashMap<>();
        private final Map<String, String> messages = new HashMap<>();
        private final Map<String, String> updated = new HashMap<>();
        private final Set<String> started = new HashSet<>();
        private final List<ExecEvent> unannounced = new ArrayList<>();

        Run(Plan plan) {
            this.plan = plan;
            plan.tasks().forEach(t -> states.put(t.id(), TaskState.PENDING));
        }

        TaskState state(String id) {
            return states.get(id);
        }

        int done() {
            return (int) states.values().stream().filter(TaskState::isFinal).count();
        }

        void restore(Task t, TaskState state, String message) {
            states.put(t.id(), state);
            messages.put(t.id(), message);
        }

        /** Records a state change; {@link #commit()} journals and announces it. */
        void set(Task t, TaskState state, String message) {
            String clean = options.redactor().redact(message == null ? "" : message);
            states.put(t.id(), state);
            if (state == TaskState.RUNNING) {
                started.add(t.id());
            }
            if (clean.isEmpty()) {
                messages.remove(t.id());
            } else {
                messages.put(t.id(), clean);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            updated.put(t.id(), now.toString());
            if (state.isFinal() && state != TaskState.SUCCEEDED) {
                LOG.info("{} {} on {}: {}", t.id(), state, t.node(), clean);
            } else {
                LOG.debug("{} {} on {}", t.id(), state, t.node());
            }
            unannounced.add(new ExecEvent.TaskStateChanged(t.id(), t.node(), state, clean, now));
            if (state.isFinal()) {
                unannounced.add(new ExecEvent.Progress(done(), states.size()));
            }
        }

        /** Writes the journal, then announces the changes since the last commit, in that order. */
        void commit() throws IOException {
            if (unannounced.isEmpty()) {
                return;
            }
            saveJournal();
            List<ExecEvent> batch = new ArrayList<>(unannounced);
            unannounced.clear();
            batch.forEach(Executor.this::emit);
        }

        void saveJournal() throws IOException {
            if (options.journal() == null) {
                return;
            }
            List<Journal.Entry> entries = new ArrayList<>();
            for (Task t : plan.tasks()) {
                entries.add(new Journal.Entry(t.id(), t.node(), states.get(t.id()), started.contains(t.id()), t.digest(),
                        messages.getOrDefault(t.id(), ""), updated.get(t.id())));
            }
            options.journal().save(new Journal.Snapshot(Journal.VERSION, plan.clusterName(),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), entries));
        }
    }
}

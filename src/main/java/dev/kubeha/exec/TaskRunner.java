package dev.kubeha.exec;

import dev.kubeha.files.PrivateFiles;
import dev.kubeha.plan.Check;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the steps of one task on its node, with the retry rules: a transport fault is retried with
 * backoff only when repeating cannot do harm — nothing ran yet (connect), the step is idempotent,
 * the task is retry-safe, or the task's probe says it is not done. A command that may have run is
 * never run again blindly.
 */
final class TaskRunner {

    /** How a task starts: fresh, or after an earlier attempt whose effect must be checked first. */
    enum Start {
        FRESH,
        /** It ran before and failed: its probe decides whether it must run again. */
        PROBE_FIRST,
        /** It was running when the last run stopped: the outcome is unknown. */
        OUTCOME_UNKNOWN
    }

    /** The end of a task. {@code abortRun} stops the whole run (host key changed). */
    record Outcome(TaskState state, String message, boolean abortRun) {
        static Outcome succeeded(String message) {
            return new Outcome(TaskState.SUCCEEDED, message, false);
        }

        static Outcome failed(String message) {
            return new Outcome(TaskState.FAILED, message, false);
        }

        static Outcome cancelled(String message) {
            return new Outcome(TaskState.CANCELLED, message, false);
        }
    }

    private final ConnectionPool pool;
    private final ExecOptions options;
    private final CancelToken token;
    private final Consumer<ExecEvent> emit;

    TaskRunner(ConnectionPool pool, ExecOptions options, CancelToken token, Consumer<ExecEvent> emit) {
        this.pool = pool;
        this.options = options;
        this.token = token;
        this.emit = emit;
    }

    Outcome run(Task task, Start start) {
        boolean probeFirst = start != Start.FRESH && task.probe() != null;
        if (start == Start.OUTCOME_UNKNOWN && task.probe() == null && !task.retrySafe()) {
            return Outcome.failed(task.id() + " on node " + task.node() + " was interrupted in an earlier run; whether "
                    + "it took effect is unknown and it is not safe to repeat. Check node " + task.node()
                    + " by hand, undo or finish it, then run again");
        }
        int total = task.steps().size();
        for (int i = 0; i < total; i++) {
            Optional<Outcome> end = runStep(task, i, probeFirst && i == 0);
            if (end.isPresent()) {
                return end.get();
            }
        }
        if (task.checkpoint() != null) {
            return passCheckpoint(task);
        }
        return Outcome.succeeded("");
    }

    /** Waits for the operator at a checkpoint task whose checks passed. */
    private Outcome passCheckpoint(Task task) {
        String cancelled = "cancelled while waiting for the go-ahead at " + task.id();
        if (token.isCancelled()) {
            return Outcome.cancelled(cancelled);
        }
        try {
            return options.checkpoints().pass(task, token) && !token.isCancelled() ? Outcome.succeeded("")
                    : Outcome.cancelled(cancelled);
        } catch (RuntimeException e) {
            // A gate that breaks must not let the run on silently, nor take the worker thread down.
            return Outcome.failed(task.id() + " on node " + task.node() + ": waiting for the go-ahead failed: " + e);
        }
    }

    private Optional<Outcome> runStep(Task task, int index, boolean probeFirst) {
        Step step = task.steps().get(index);
        String where = stepName(task, index);
        boolean probeBeforeRetry = probeFirst;
        int attempt = 1;
        while (true) {
            if (token.isCancelled()) {
                return Optional.of(Outcome.cancelled("cancelled before " + where));
            }
            try {
                Connection connection = pool.get(task.node());
                if (probeBeforeRetry) {
                    if (probe(connection, task)) {
                        return Optional.of(Outcome.succeeded("already done: its check passed"));
                    }
                    probeBeforeRetry = false;
                }
                return execute(connection, task, step, where);
            } catch (TransportException e) {
                pool.discard(task.node());
                if (token.isCancelled()) {
                    return Optional.of(Outcome.cancelled("cancelled while running " + where));
                }
                String cause = redact(e.getMessage());
                if (!e.kind().retryable()) {
                    boolean abort = e.kind() == TransportException.Kind.HOST_KEY_CHANGED;
                    return Optional.of(new Outcome(TaskState.FAILED, where + ": " + cause, abort));
                }
                boolean mayHaveRun = e.kind() == TransportException.Kind.CONNECTION_LOST && !probeBeforeRetry;
                if (mayHaveRun && !step.idempotent() && !task.retrySafe()) {
                    if (task.probe() == null) {
                        return Optional.of(Outcome.failed(where + ": " + cause + ". The command may have run, and it "
                                + "is not safe to repeat: check node " + task.node() + " by hand, then run again"));
                    }
                    probeBeforeRetry = true;
                }
                if (!options.retryPolicy().mayRetryAfter(attempt)) {
                    return Optional.of(Outcome.failed(where + ": gave up after " + attempt + " attempts: " + cause
                            + ". Check that node " + task.node() + " is reachable, then run again with --resume"));
                }
                if (!options.sleeper().sleep(options.retryPolicy().delayAfter(attempt), token)) {
                    return Optional.of(Outcome.cancelled("cancelled while waiting to retry " + where));
                }
                attempt++;
            }
        }
    }

    private Optional<Outcome> execute(Connection connection, Task task, Step step, String where) throws TransportException {
        return step.accept(new Step.ThrowingVisitor<Optional<Outcome>, TransportException>() {
            @Override
            public Optional<Outcome> upload(Step.UploadFile u) throws TransportException {
                if (u.local() != null) {
                    connection.upload(u.path(), u.local().file(), u.mode(), u.owner());
                } else {
                    connection.upload(u.path(), u.content(), u.mode(), u.owner());
                }
                return Optional.empty();
            }

            @Override
            public Optional<Outcome> run(Step.RunCommand r) throws TransportException {
                int exit = connection.run(r.command(), r.asRoot(), null, sink(task), r.timeout());
                if (exit != 0) {
                    return Optional.of(Outcome.failed(where + " exited with code " + exit
                            + "; see its output on node " + task.node() + ", fix the cause, then run again with --resume"));
                }
                return Optional.empty();
            }

            @Override
            public Optional<Outcome> waitFor(Step.WaitFor w) throws TransportException {
                return TaskRunner.this.waitFor(connection, task, w, where);
            }

            @Override
            public Optional<Outcome> fetch(Step.FetchFile f) throws TransportException {
                byte[] bytes = connection.download(f.path());
                try {
                    writeToWorkspace(f.workspaceName(), bytes, f.mode());
                } catch (IOException e) {
                    return Optional.of(Outcome.failed(where + ": cannot write " + options.workspace().resolve(f.workspaceName())
                            + ": " + e.getMessage()));
                }
                return Optional.empty();
            }
        });
    }

    private Optional<Outcome> waitFor(Connection connection, Task task, Step.WaitFor w, String where)
            throws TransportException {
        long deadline = System.nanoTime() + w.timeout().toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
            try {
                if (connection.run(w.check().command(), w.check().asRoot(), null, sink(task), left) == 0) {
                    return Optional.empty();
                }
            } catch (TransportException e) {
                // A check that hangs is a check that has not passed yet; anything else is a real fault.
                if (e.kind() != TransportException.Kind.TIMEOUT) {
                    throw e;
                }
            }
            if (System.nanoTime() + w.interval().toNanos() > deadline) {
                return Optional.of(Outcome.failed(where + ": still not true after " + describe(w.timeout())
                        + "; look at node " + task.node() + ", then run again with --resume"));
            }
            if (!token.sleep(w.interval())) {
                return Optional.of(Outcome.cancelled("cancelled while waiting in " + where));
            }
        }
    }

    private boolean probe(Connection connection, Task task) throws TransportException {
        Check probe = task.probe();
        return connection.run(probe.command(), probe.asRoot(), null, OutputSink.DISCARD, Duration.ofMinutes(1)) == 0;
    }

    private OutputSink sink(Task task) {
        Redactor.LineFilter out = options.redactor().lineFilter();
        Redactor.LineFilter err = options.redactor().lineFilter();
        return (stream, line) -> emit.accept(new ExecEvent.OutputLine(task.node(), task.id(), stream,
                (stream == OutputStreamKind.STDOUT ? out : err).apply(line)));
    }

    private void writeToWorkspace(String name, byte[] bytes, int mode) throws IOException {
        Path dir = options.workspace();
        PrivateFiles.createDirectories(dir);
        PrivateFiles.writeAtomically(dir.resolve(name), bytes, mode);
    }

    private static String describe(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }

    private static String stepName(Task task, int index) {
        Step step = task.steps().get(index);
        return task.id() + " step " + (index + 1) + "/" + task.steps().size() + " (" + step.describe() + ") on node "
                + task.node();
    }

    private String redact(String text) {
        return options.redactor().redact(text);
    }
}

package dev.kubeha.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a run behaves.
 *
 * @param concurrency at most this many nodes work at once (one task per node at a time)
 * @param retryPolicy backoff for transport faults
 * @param redactor    masks secrets in events, journal and messages
 * @param workspace   where fetched files go (admin.conf)
 * @param journal     where states are recorded after every change; null for none
 * @param resume      start from the journal's states instead of from scratch
 * @param sleeper     how backoff waits; {@link Sleeper#REAL} outside tests
 * @param cancelGrace how long a cancelled run waits for running tasks to stop before it returns
 *                    anyway, leaving them CANCELLED with an unknown outcome
 * @param checkpoints who lets a run past a checkpoint task; {@link CheckpointGate#OPEN} (the
 *                    default) when there is no one to ask
 */
public record ExecOptions(int concurrency, RetryPolicy retryPolicy, Redactor redactor, Path workspace, Journal journal,
                          boolean resume, Sleeper sleeper, Duration cancelGrace, CheckpointGate checkpoints) {
    public static final int DEFAULT_CONCURRENCY = 10;
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(3);

    public ExecOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(redactor, "redactor");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(sleeper, "sleeper");
        cancelGrace = cancelGrace == null ? DEFAULT_CANCEL_GRACE : cancelGrace;
        checkpoints = checkpoints == null ? CheckpointGate.OPEN : checkpoints;
    }

    /** Defaults for a workspace: 10 nodes at once, default backoff, journal in the workspace, fresh start. */
    public static ExecOptions defaults(Path workspace) {
        return new ExecOptions(DEFAULT_CONCURRENCY, RetryPolicy.DEFAULT, new Redactor(), workspace,
                new Journal(workspace.resolve(Journal.FILE_NAME)), false, Sleeper.REAL, DEFAULT_CANCEL_GRACE, CheckpointGate.OPEN);
    }

    public ExecOptions withConcurrency(int value) {
        return new ExecOptions(value, retryPolicy, redactor, workspace, journal, resume, sleeper, cancelGrace, checkpoints);
    }

    public ExecOptions withRetryPolicy(RetryPolicy value) {
        return new ExecOptions(concurrency, value, redactor, workspace, journal, resume, sleeper, cancelGrace, checkpoints);
    }

    public ExecOptions withRedactor(Redactor value) {
        return new ExecOptions(concurrency, retryPolicy, value, workspace, journal, resume, sleeper, cancelGrace, checkpoints);
    }

    public ExecOptions withJournal(Journal value) {
        return new ExecOptions(concurrency, retryPolicy, redactor, workspace, value, resume, sleeper, cancelGrace, checkpoints);
    }

    public ExecOptions withResume(boolean value) {
        return new ExecOptions(concurrency, retryPolicy, redactor, workspace, journal, value, sleeper, cancelGrace, checkpoints);
    }

    public ExecOptions withCancelGrace(Duration value) {
        return new ExecOptions(concurrency, retryPolicy, redactor, workspace, journal, resume, sleeper, value, checkpoints);
    }

    public ExecOptions withCheckpoints(CheckpointGate value) {
        return new ExecOptions(concurrency, retryPolicy, redactor, workspace, journal, resume, sleeper, cancelGrace, value);
    }

    public ExecOptions withSleeper(Sleeper value) {
        return new ExecOptions(concurrency, retryPolicy, redactor, workspace, journal, resume, value, cancelGrace, checkpoints);
    }
}

package dev.kubeha.plan;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One action of a task on its node. Steps are plain data: the SSH executor runs them, the offline
 * bundle writes them into {@code install.sh}, and both read the same records. Code that handles
 * steps goes through a {@link Visitor}, so that a new kind of step compiles only once every
 * handler knows it (Java 17 has no pattern matching in {@code switch}).
 */
public sealed interface Step {

    /** Default time a command may take before the executor gives up on it. */
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** Calls the visitor's method for this kind of step. */
    <R, X extends Exception> R accept(ThrowingVisitor<R, X> visitor) throws X;

    /**
     * One method per kind of step, each free to throw {@code X}: for handlers that do I/O with a
     * checked exception, such as the executor.
     */
    interface ThrowingVisitor<R, X extends Exception> {
        R upload(UploadFile upload) throws X;

        R run(RunCommand run) throws X;

        R waitFor(WaitFor wait) throws X;

        R fetch(FetchFile fetch) throws X;
    }

    /** One method per kind of step. */
    interface Visitor<R> extends ThrowingVisitor<R, RuntimeException> {
        /** A visitor from one function per kind of step, for handlers that are one line each. */
        static <R> Visitor<R> of(Function<UploadFile, R> upload, Function<RunCommand, R> run,
                                 Function<WaitFor, R> waitFor, Function<FetchFile, R> fetch) {
            return new Visitor<>() {
                @Override
                public R upload(UploadFile step) {
                    return upload.apply(step);
                }

                @Override
                public R run(RunCommand step) {
                    return run.apply(step);
                }

                @Override
                public R waitFor(WaitFor step) {
                    return waitFor.apply(step);
                }

                @Override
                public R fetch(FetchFile step) {
                    return fetch.apply(step);
                }
            };
        }
    }

    /** A one-line description without secrets, for plans, logs and events. */
    String describe();

    /** Whether running this step twice has the same effect as running it once. */
    boolean idempotent();

    /**
     * Writes a file on the node atomically (temporary name in the same directory, then rename).
     *
     * @param mode   permission bits, e.g. {@code 0600} for private keys
     * @param owner  {@code user:group}
     * @param secret whether the content is secret (keys, tokens): never shown, only its size
     * @param identity what stands for the content in the task's digest, or null for the content:
     *               see {@link dev.kubeha.render.NodeFile#identity()}
     */
    record UploadFile(String path, int mode, String owner, byte[] content, boolean secret, LocalFile local,
                      byte[] identity)
            implements Step {
        private static final Pattern OWNER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}:[a-z_][a-z0-9_.-]{0,31}");

        /**
         * A large file on the workstation (an image archive, a package) streamed to the node when
         * the step runs, never held in memory; its sha256 stands for its content in the task's digest.
         */
        public record LocalFile(java.nio.file.Path file, String sha256, long size) {
            public LocalFile {
                Objects.requireNonNull(file, "file");
                if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(file + ": not a sha256: " + sha256);
                }
            }
        }

        public UploadFile(String path, int mode, String owner, byte[] content, boolean secret) {
            this(path, mode, owner, content, secret, null);
        }

        public UploadFile(String path, int mode, String owner, byte[] content, boolean secret, LocalFile local) {
            this(path, mode, owner, content, secret, local, null);
        }

        /** The same upload, whose digest is computed from {@code value} rather than the content (null: the content). */
        public UploadFile withIdentity(byte[] value) {
            return new UploadFile(path, mode, owner, content, secret, local, value);
        }

        @Override
        public byte[] identity() {
            return identity == null ? null : identity.clone();
        }

        /** A workstation file, streamed to {@code path} (root-owned, not secret). */
        public static UploadFile fromFile(String path, int mode, LocalFile local) {
            return new UploadFile(path, mode, "root:root", new byte[0], false, Objects.requireNonNull(local, "local"));
        }

        public UploadFile {
            RemotePath.require(path);
            if (mode < 0 || mode > 07777) {
                throw new IllegalArgumentException(path + ": mode " + Integer.toOctalString(mode) + " is not a permission mode");
            }
            Objects.requireNonNull(owner, "owner");
            if (!OWNER.matcher(owner).matches()) {
                throw new IllegalArgumentException(path + ": owner must be user:group, not " + owner);
            }
            content = Objects.requireNonNull(content, "content").clone();
            identity = identity == null ? null : identity.clone();
        }

        public static UploadFile rootOwned(String path, int mode, byte[] content, boolean secret) {
            return new UploadFile(path, mode, "root:root", content, secret);
        }

        /** The content; a streamed file's is read now (meant for small files and tests). */
        @Override
        public byte[] content() {
            if (local != null) {
                try {
                    return java.nio.file.Files.readAllBytes(local.file());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return content.clone();
        }

        public String user() {
            return owner.substring(0, owner.indexOf(':'));
        }

        public String group() {
            return owner.substring(owner.indexOf(':') + 1);
        }

        /** The mode as four octal digits, as chmod and install take it. */
        public String octalMode() {
            return String.format("%04o", mode);
        }

        public long size() {
            return local != null ? local.size() : content.length;
        }

        @Override
        public <R, X extends Exception> R accept(ThrowingVisitor<R, X> visitor) throws X {
            return visitor.upload(this);
        }

        @Override
        public String describe() {
            return "upload " + path + " (" + octalMode() + " " + owner + ", " + size() + " bytes"
                    + (secret ? ", secret" : "") + ")";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UploadFile u && u.path.equals(path) && u.mode == mode && u.owner.equals(owner)
                    && Arrays.equals(u.content, content) && u.secret == secret && Objects.equals(u.local, local)
                    && Arrays.equals(u.identity, identity);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, mode, owner, Arrays.hashCode(content), secret, local, Arrays.hashCode(identity));
        }

        @Override
        public String toString() {
            // Never the content: it may be a private key.
            return "UploadFile[" + describe() + "]";
        }
    }

    /**
     * Runs a command on the node.
     *
     * @param asRoot     run as root (through sudo when the SSH user is not root)
     * @param idempotent whether the command may be run again after it may already have run
     * @param secrets    values inside the command line that must be masked wherever it is shown
     */
    record RunCommand(Command command, boolean asRoot, Duration timeout, boolean idempotent, List<String> secrets)
            implements Step {
        public RunCommand {
            Objects.requireNonNull(command, "command");
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout of '" + command + "' must be positive");
            }
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }

        /** A command as root that must not run twice (the safe default). */
        public static RunCommand root(Command command) {
            return new RunCommand(command, true, DEFAULT_TIMEOUT, false, List.of());
        }

        /** A command as root that may be repeated safely. */
        public static RunCommand rootIdempotent(Command command) {
            return new RunCommand(command, true, DEFAULT_TIMEOUT, true, List.of());
        }

        public RunCommand withTimeout(Duration newTimeout) {
            return new RunCommand(command, asRoot, newTimeout, idempotent, secrets);
        }

        /** The command line with its registered secrets masked. */
        public String displayLine() {
            String line = command.line();
            for (String secret : secrets) {
                if (!secret.isEmpty()) {
                    line = line.replace(secret, "<redacted>");
                }
            }
            return line;
        }

        @Override
        public <R, X extends Exception> R accept(ThrowingVisitor<R, X> visitor) throws X {
            return visitor.run(this);
        }

        @Override
        public String describe() {
            return "run " + displayLine();
        }

        @Override
        public String toString() {
            return "RunCommand[" + displayLine() + (asRoot ? ", as root" : "") + ", timeout " + timeout
                    + (idempotent ? ", idempotent" : "") + "]";
        }
    }

    /** Runs a check until it succeeds, every {@code interval}, for at most {@code timeout}. */
    record WaitFor(Check check, Duration timeout, Duration interval) implements Step {
        public WaitFor {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(interval, "interval");
            if (timeout.isNegative() || timeout.isZero() || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("wait for '" + check.command() + "': timeout and interval must be positive");
            }
        }

        @Override
        public <R, X extends Exception> R accept(ThrowingVisitor<R, X> visitor) throws X {
            return visitor.waitFor(this);
        }

        @Override
        public String describe() {
            return "wait up to " + human(timeout) + " for " + check.command();
        }

        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Copies a file from the node into the workspace, e.g. {@code admin.conf}.
     *
     * @param workspaceName file name inside the workspace (no directories)
     * @param mode          permission bits of the local copy
     */
    record FetchFile(String path, String workspaceName, int mode, boolean secret) implements Step {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

        public FetchFile {
            RemotePath.require(path);
            if (workspaceName == null || !NAME.matcher(workspaceName).matches()) {
                throw new IllegalArgumentException(path + ": workspace file name must be a plain name, not " + workspaceName);
            }
        }

        @Override
        public <R, X extends Exception> R accept(ThrowingVisitor<R, X> visitor) throws X {
            return visitor.fetch(this);
        }

        @Override
        public String describe() {
            return "fetch " + path + " into the workspace as " + workspaceName + " (" + String.format("%04o", mode) + ")";
        }

        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h5m}: short, for descriptions and messages. */
    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || out.length() == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }

    /** The text a digest of this step is computed from, to tell whether a journal entry still matches. */
    static String fingerprint(Step step) {
        return fingerprint(step, false);
    }

    /**
     * @param wholeContent an upload's content even where an identity stands for it: the digest
     *                     kubeha recorded before uploads had identities
     */
    static String fingerprint(Step step, boolean wholeContent) {
        return step.accept(Visitor.of(
                u -> "upload " + u.path() + " " + u.mode() + " " + u.owner() + " "
                        + (u.local != null ? u.local.sha256() : HexFormat.of().formatHex(Digests.sha256(
                                u.identity != null && !wholeContent ? u.identity : u.content))),
                r -> "run " + r.asRoot() + " " + r.command().line(),
                w -> "wait " + w.check().asRoot() + " " + w.check().command().line(),
                f -> "fetch " + f.path() + " " + f.workspaceName() + " " + f.mode()));
    }
}

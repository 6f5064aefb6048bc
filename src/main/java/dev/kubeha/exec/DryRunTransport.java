package dev.kubeha.exec;

import dev.kubeha.plan.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport that changes nothing: every command "succeeds" and is recorded, every upload is
 * recorded with its size. The executor does not know it is a dry run — this class is the one place
 * that does (k0sctl's {@code Manager.Wet} idea). Give the executor a temporary workspace and no
 * journal for a dry run: a fetched file is a placeholder.
 */
public final class DryRunTransport implements Transport {

    /** What would have been done on a node, already redacted. */
    public record Action(String node, String description) {
    }

    private final Redactor redactor;
    private final List<Action> actions = new CopyOnWriteArrayList<>();

    public DryRunTransport(Redactor redactor) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /** Everything recorded so far, in the order it happened (interleaved across nodes). */
    public List<Action> actions() {
        return List.copyOf(actions);
    }

    public List<Action> actionsOn(String node) {
        return actions.stream().filter(a -> a.node().equals(node)).toList();
    }

    @Override
    public Connection connect(String node) {
        return new Connection() {
            private volatile boolean open = true;

            @Override
            public int run(Command command, boolean asRoot, byte[] stdin, OutputSink output, Duration timeout) {
                record(node, (asRoot ? "run as root: " : "run: ") + command.line());
                return 0;
            }

            @Override
            public void upload(String path, byte[] content, int mode, String owner) {
                record(node, "upload " + path + " (" + String.format("%04o", mode) + " " + owner + ", "
                        + content.length + " bytes)");
            }

            @Override
            public void upload(String path, java.nio.file.Path source, int mode, String owner) {
                long size;
                try {
                    size = java.nio.file.Files.size(source);
                } catch (java.io.IOException e) {
                    size = -1;
                }
                record(node, "upload " + path + " (" + String.format("%04o", mode) + " " + owner + ", "
                        + size + " bytes from " + source + ")");
            }

            @Override
            public byte[] download(String path) {
                record(node, "fetch " + path);
                return ("# dry run: " + path + " of node " + node + " would be here\n").getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    private void record(String node, String description) {
        actions.add(new Action(node, redactor.redact(description)));
    }
}

package dev.kubeha.operation;

import dev.kubeha.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive hold on a workspace: a lock taken by the operating system on
 * {@code <workspace>/kubeha.lock} (so it ends with the process, however that ends), and in the
 * file the holder's PID, command and start time for the message another kubeha shows. A lock file
 * left by a killed process holds no lock any more and is taken over.
 *
 * <p>Within one process the system lock does not tell runs apart, so the holds of this process
 * are also kept in a table; and the file is never opened a second time while it is held, because
 * closing any descriptor of a file drops the process's locks on it (POSIX record locks).
 */
public final class WorkspaceLock implements AutoCloseable {
    private static final Map<Path, Holder> HELD_HERE = new ConcurrentHashMap<>();

    /** What the lock file says. */
    private record Holder(long pid, String command, String since) {
        String describe() {
            return "PID " + pid + ", " + command + ", since " + since;
        }

        static Holder parse(String text) {
            long pid = -1;
            String command = "kubeha";
            String since = "an unknown time";
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim();
                String value = line.substring(eq + 1).trim();
                switch (key) {
                    case "pid" -> {
                        try {
                            pid = Long.parseLong(value);
                        } catch (NumberFormatException ignored) {
                            // A damaged file: the message says the PID is unknown.
                        }
                    }
                    case "command" -> command = value;
                    case "since" -> since = value;
                    default -> { }
                }
            }
            return new Holder(pid, command, since);
        }

        String text() {
            return "pid=" + pid + "\ncommand=" + command + "\nsince=" + since + "\n";
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkspaceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static WorkspaceLock take(Workspace workspace, Path file, String command) throws IOException, WorkspaceBusyException {
        Holder me = new Holder(ProcessHandle.current().pid(), command, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Holder here = HELD_HERE.putIfAbsent(file, me);
        if (here != null) {
            throw busy(workspace, here);
        }
        FileChannel channel = null;
        try {
            PrivateFiles.ensureFile(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another channel of this process: cannot be, the table says no
            }
            if (lock == null) {
                Holder other = Holder.parse(read(channel));
                channel.close();
                channel = null;
                throw busy(workspace, other);
            }
            // Ours now; a file left by a process that died is overwritten.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.text().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new WorkspaceLock(file, channel, lock);
        } catch (IOException | RuntimeException | WorkspaceBusyException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_HERE.remove(file, me);
            throw e;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.read(buffer, 0);
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static WorkspaceBusyException busy(Workspace workspace, Holder holder) {
        String who = holder.pid() == ProcessHandle.current().pid() ? "another run of this kubeha (" + holder.describe() + ")"
                : "another kubeha process (" + holder.describe() + ")";
        return new WorkspaceBusyException("workspace " + workspace + " is in use by " + who
                + ": wait until it has finished, or stop it; nothing was changed", holder.pid());
    }

    /** The lock file: {@code <workspace>/kubeha.lock}. */
    public Path file() {
        return file;
    }

    /**
     * Lets the workspace go. The file stays (removing it would let a third process lock a new
     * file while a second still waits on the old one); its content is stale once no lock is held.
     */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } finally {
            HELD_HERE.remove(file);
        }
    }
}

package dev.kubeha.exec;

import dev.kubeha.files.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The full record of one run, whether started by {@code kubeha apply} or by the window:
 * {@code <workspace>/logs/apply-<UTC time>.log}, private to the user (0600) because command output
 * names hosts and paths. Every line that reaches it has been through the executor's redactor.
 * Thread-safe: the executor's threads write to it at once.
 */
public final class RunLog implements AutoCloseable {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final BufferedWriter writer;
    private final Clock clock;
    private IOException failure;

    private RunLog(Path file, BufferedWriter writer, Clock clock) {
        this.file = file;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * A new log in {@code dir}, named after the operation and the UTC time of its start, e.g.
     * {@code apply-20261203-120000.log}; a second run in the same second gets {@code -2}.
     */
    public static RunLog create(Path dir, String operation, Clock clock) throws IOException {
        PrivateFiles.createDirectories(dir);
        String stem = operation + "-" + NAME.format(clock.instant());
        for (int n = 1; ; n++) {
            Path file = dir.resolve(stem + (n == 1 ? "" : "-" + n) + ".log");
            try {
                PrivateFiles.createFile(file, PrivateFiles.SECRET);
            } catch (FileAlreadyExistsException e) {
                continue; // two runs in the same second
            }
            return new RunLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND), clock);
        }
    }

    public Path file() {
        return file;
    }

    /** One line with its time; written through at once, so that a crash loses nothing. */
    public synchronized void line(String text) {
        if (failure != null) {
            return;
        }
        try {
            writer.write(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + text);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            // A full disk must not stop the installation; the end of the run reports it.
            failure = e;
        }
    }

    /** Why the log stopped being written, or null. */
    public synchronized IOException failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}

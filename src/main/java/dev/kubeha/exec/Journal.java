package dev.kubeha.exec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kubeha.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The record of a run in the workspace ({@code journal.json}), rewritten after every state change
 * so that a later run can resume after an interruption or a crash. Written atomically (temporary
 * file in the same directory, flushed to disk, renamed over the old one): a crash leaves either the
 * old or the new journal, never half of one.
 */
public final class Journal {
    public static final String FILE_NAME = "journal.json";
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The whole file. */
    public record Snapshot(int version, String cluster, String updated, List<Entry> tasks) {
        public Snapshot {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }

        public Optional<Entry> entry(String taskId) {
            return tasks.stream().filter(e -> e.id().equals(taskId)).findFirst();
        }
    }

    /**
     * One task. {@code started} tells whether it ever began on its node in the run that wrote the
     * journal (a CANCELLED task that never started is simply run on resume). {@code digest} is {@link dev.kubeha.plan.Task#digest()} at the time of the run: an
     * entry whose digest no longer matches the plan is ignored. {@code message} is redacted.
     * Times are ISO-8601 UTC ({@code 2026-11-25T17:00:00Z}).
     */
    public record Entry(String id, String node, TaskState state, boolean started, String digest, String message,
                        String updated) {
    }

    private final Path file;
    private final List<Entry> kept;

    public Journal(Path file) {
        this(file, List.of());
    }

    private Journal(Path file, List<Entry> kept) {
        this.file = file;
        this.kept = List.copyOf(kept);
    }

    /**
     * This journal, where every save also records {@code entries} (those of tasks the saved run
     * does not have): a run on an installed cluster plans only what differs, and the journal still
     * tells the next run what the installation did.
     */
    public Journal keeping(List<Entry> entries) {
        return new Journal(file, entries);
    }

    public Path file() {
        return file;
    }

    public Optional<Snapshot> load() throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Snapshot snapshot = MAPPER.readValue(bytes, Snapshot.class);
            if (snapshot.version() != VERSION) {
                throw new IOException(file + ": journal version " + snapshot.version() + " is not " + VERSION
                        + "; move it away to start afresh");
            }
            return Optional.of(snapshot);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a kubeha journal (" + e.getOriginalMessage() + "); move it away to start afresh", e);
        }
    }

    public void save(Snapshot snapshot) throws IOException {
        Snapshot whole = snapshot;
        if (!kept.isEmpty()) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            snapshot.tasks().forEach(e -> ids.add(e.id()));
            List<Entry> all = new java.util.ArrayList<>(kept.stream().filter(e -> !ids.contains(e.id())).toList());
            all.addAll(snapshot.tasks());
            whole = new Snapshot(snapshot.version(), snapshot.cluster(), snapshot.updated(), all);
        }
        PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
        PrivateFiles.writeAtomically(file, MAPPER.writeValueAsBytes(whole), 0600);
    }
}

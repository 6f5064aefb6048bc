package dev.kubeha.ui.wizard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.operation.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster files opened or saved lately, newest first, kept as a JSON list of paths (by default
 * {@code ~/.kubeha/recent.json}). Called from background work only: it touches the disk.
 */
public final class RecentClusters {
    static final int LIMIT = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path store;

    public RecentClusters(Path store) {
        this.store = store;
    }

    public static RecentClusters inHome() {
        return new RecentClusters(Workspace.home().resolve("recent.json"));
    }

    /** The list; a missing or unreadable store is an empty list (it is only a convenience). */
    public List<Path> read() {
        if (!Files.isRegularFile(store)) {
            return List.of();
        }
        try {
            List<String> paths = JSON.readValue(store.toFile(), new TypeReference<List<String>>() { });
            return paths.stream().map(Path::of).limit(LIMIT).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Puts the file first and returns the new list. */
    public List<Path> remember(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(read());
        list.remove(absolute);
        list.add(0, absolute);
        List<Path> kept = list.subList(0, Math.min(LIMIT, list.size()));
        PrivateFiles.createDirectories(store.toAbsolutePath().getParent());
        PrivateFiles.writeAtomically(store, JSON.writeValueAsBytes(kept.stream().map(Path::toString).toList()),
                PrivateFiles.SECRET);
        return List.copyOf(kept);
    }
}

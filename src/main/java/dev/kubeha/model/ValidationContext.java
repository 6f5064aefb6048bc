package dev.kubeha.model;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What validation needs from outside the model: where relative paths and {@code ~} in
 * {@code identityFile} point, and the day (a release's end of life is past or not).
 *
 * @param baseDirectory the directory of the cluster file
 * @param homeDirectory the user's home directory
 * @param today         the day validation runs
 */
public record ValidationContext(Path baseDirectory, Path homeDirectory, LocalDate today) {

    public ValidationContext(Path baseDirectory, Path homeDirectory) {
        this(baseDirectory, homeDirectory, LocalDate.now());
    }

    /** The same context on another day. */
    public ValidationContext on(LocalDate day) {
        return new ValidationContext(baseDirectory, homeDirectory, day);
    }

    public static ValidationContext forFile(Path clusterFile) {
        Path parent = clusterFile.toAbsolutePath().getParent();
        return new ValidationContext(parent, Path.of(System.getProperty("user.home")));
    }

    public static ValidationContext currentDirectory() {
        return new ValidationContext(Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** An identity file path as the user wrote it, made absolute. */
    public Path resolve(String path) {
        if (path.equals("~")) {
            return homeDirectory;
        }
        if (path.startsWith("~/")) {
            return homeDirectory.resolve(path.substring(2));
        }
        return baseDirectory.resolve(path);
    }
}

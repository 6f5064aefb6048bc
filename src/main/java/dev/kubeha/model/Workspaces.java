package dev.kubeha.model;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where kubeha keeps what it makes for a cluster (PKI, journal, logs, known_hosts, admin.conf)
 * when the user names no workspace: {@code ~/.kubeha/<cluster name>}. The CLI and the wizard
 * both take it from here.
 */
public final class Workspaces {
    private Workspaces() {
    }

    /** kubeha's own directory in the user's home: {@code ~/.kubeha}. */
    public static Path home() {
        return Path.of(System.getProperty("user.home"), ".kubeha");
    }

    public static Path defaultFor(Cluster cluster) {
        return home().resolve(cluster.name());
    }

    /**
     * Creates {@code dir} and any missing parent, each new one 0700 from the start (where the file
     * system has POSIX modes): kubeha's directories hold keys, tokens, logs and host keys. Existing
     * directories keep their mode: a directory the user made is theirs.
     *
     * @return {@code dir}
     */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            if (Files.getFileStore(parent == null ? absolute.getRoot() : parent).supportsFileAttributeView("posix")) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
        return dir;
    }
}

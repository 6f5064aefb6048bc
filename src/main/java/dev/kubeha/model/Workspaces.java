package dev.kubeha.model;

import java.io.IOException;
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
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            // Elsewhere (Windows) the user profile's ACLs apply.
            Files.createDirectories(dir);
        }
        return dir;
    }
}

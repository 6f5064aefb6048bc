package dev.kubeha.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one writer of the files and directories kubeha keeps for itself (workspace, PKI, journal,
 * logs, known_hosts, fetched admin.conf, settings): private from their first byte, a replaced file
 * replaced in one step. Where the file system has no POSIX modes (Windows) the user profile's ACLs
 * apply. Below every other package of ours: the engine's layers write through it, and the
 * {@code operation} package's {@code Workspace} decides where.
 */
public final class PrivateFiles {
    /** Owner read and write: keys, tokens, journal, logs, known_hosts, kubeconfigs. */
    public static final int SECRET = 0600;
    /** Certificates and public keys. */
    public static final int PUBLIC = 0644;
    /** kubeha's directories. */
    public static final int DIRECTORY = 0700;

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and any missing parent, each new one 0700 from the start: kubeha's
     * directories hold keys, tokens, logs and host keys. Existing directories keep their mode: a
     * directory the user made is theirs.
     *
     * @return {@code dir}
     */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir, attributes(dir, DIRECTORY));
        return dir;
    }

    /**
     * Removes {@code path} and, for a directory, everything below it (a temporary directory of
     * kubeha's: archives being written, a bundle being staged); symbolic links are removed, never
     * followed. Nothing to do when it does not exist.
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Writes {@code bytes} to {@code target}: into a temporary file beside it that is 0600 from the
     * start, flushed to disk, given {@code mode} (e.g. 0600, 0644), then moved over the target in
     * one step (a reader sees the old file or the new one). The parent directory must exist.
     */
    public static void writeAtomically(Path target, byte[] bytes, int mode) throws IOException {
        Path temp = temporaryBeside(target, bytes, mode);
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes a file that must not replace an existing one (a CA beside the certificates it signed):
     * written beside it as {@link #writeAtomically} does, then published with a hard link, which
     * fails if the target appeared meanwhile.
     *
     * @throws FileAlreadyExistsException when {@code target} exists; it is left as it is
     */
    public static void writeNew(Path target, byte[] bytes, int mode) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temp = temporaryBeside(target, bytes, mode);
        try {
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException e) {
                // File systems without hard links: this move fails if the target exists.
                Files.move(temp, target);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates an empty file with {@code mode} given at creation (never readable by others, not even
     * for an instant); fails if it exists. For files that grow by appending (logs, known_hosts).
     *
     * @throws FileAlreadyExistsException when {@code file} exists
     */
    public static Path createFile(Path file, int mode) throws IOException {
        return Files.createFile(file, attributes(file.toAbsolutePath().getParent(), mode));
    }

    /** Creates {@code file} 0600 unless it exists; either way it is there afterwards. */
    public static Path ensureFile(Path file) throws IOException {
        try {
            return createFile(file, SECRET);
        } catch (FileAlreadyExistsException e) {
            return file;
        }
    }

    /** An octal mode such as 0640 as POSIX permissions. */
    public static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    /** The creation attribute for {@code mode} where the file system has POSIX modes, else none. */
    public static FileAttribute<?>[] attributes(Path anyPathOnTheFileSystem, int mode) {
        if (posix(anyPathOnTheFileSystem)) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(mode))};
        }
        return new FileAttribute<?>[0];
    }

    private static Path temporaryBeside(Path target, byte[] bytes, int mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", attributes(dir, SECRET));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix(dir) && mode != SECRET) {
                Files.setPosixFilePermissions(temp, permissions(mode));
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

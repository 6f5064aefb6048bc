package dev.kubeha.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The files and directories kubeha writes for itself (workspace, journal, fetched admin.conf,
 * settings): private from their first byte, replaced in one step. Where the file system has no
 * POSIX modes (Windows) the user profile's ACLs apply.
 */
public final class PrivateFiles {
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
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        return dir;
    }

    /**
     * Writes {@code bytes} to {@code target}: into a temporary file beside it that is 0600 from the
     * start, flushed to disk, given {@code mode} (e.g. 0600, 0644), then moved over the target in
     * one step (a reader sees the old file or the new one).
     */
    public static void writeAtomically(Path target, byte[] bytes, int mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = posix(dir);
        Path temp = posix
                ? Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, permissions(mode));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
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

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

package dev.kubeha.pki;

import dev.kubeha.model.PrivateFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code pki/} directory of a cluster's workspace, laid out with kubeadm's file names.
 * Directories are created 0700, secrets 0600 and certificates 0644, with the mode given at
 * creation so that a secret is never readable by others, not even for an instant. Every file is
 * written to a temporary file in the same directory and then moved into place atomically: a
 * reader (or a crash) sees the old content or the new, never half a key.
 */
public final class PkiWorkspace {
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> SECRET_MODE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;

    /** @param workspace the cluster's workspace; the PKI lives in its {@code pki} subdirectory */
    public PkiWorkspace(Path workspace) {
        this.directory = workspace.toAbsolutePath().normalize().resolve("pki");
    }

    public Path directory() {
        return directory;
    }

    /** The file at a path relative to {@code pki/}, e.g. {@code etcd/ca.crt}. */
    public Path path(String relative) {
        return directory.resolve(relative);
    }

    /** How files are named in messages: {@code <workspace>/pki/etcd/ca.crt}. */
    public String describe(String relative) {
        return path(relative).toString();
    }

    public boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    /** The file's bytes, or empty when it does not exist. */
    public Optional<byte[]> read(String relative) throws PkiException {
        try {
            return Optional.of(Files.readAllBytes(path(relative)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw PkiException.failure(describe(relative) + ": permission denied: the workspace must belong to you");
        } catch (IOException e) {
            throw PkiException.failure(describe(relative) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes a private key, token or other secret (0600), replacing an older file. */
    public void writeSecret(String relative, byte[] content) throws PkiException {
        write(relative, content, SECRET_MODE, true);
    }

    /** Writes a certificate or public key (0644), replacing an older file. */
    public void writePublic(String relative, byte[] content) throws PkiException {
        write(relative, content, PUBLIC_MODE, true);
    }

    /**
     * Writes a file that must not replace an existing one (CA files): fails if another run
     * created it meanwhile, instead of silently swapping a CA under the certificates it signed.
     */
    public void writeNew(String relative, byte[] content, boolean secret) throws PkiException {
        write(relative, content, secret ? SECRET_MODE : PUBLIC_MODE, false);
    }

    private void write(String relative, byte[] content, Set<PosixFilePermission> mode, boolean replace)
            throws PkiException {
        Path target = path(relative);
        Path dir = target.getParent();
        Path tmp = null;
        try {
            createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes(dir, mode));
            Files.write(tmp, content);
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                publishNew(tmp, target);
            }
        } catch (FileAlreadyExistsException e) {
            throw PkiException.failure(describe(relative) + " appeared while kubeha was writing it; it is kept:"
                    + " is another kubeha running on this workspace? Run again when it has finished");
        } catch (AccessDeniedException e) {
            throw PkiException.failure(describe(relative) + ": permission denied: the workspace must belong to you");
        } catch (IOException e) {
            throw PkiException.failure(describe(relative) + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A stray temporary file is harmless: it has the target's mode.
                }
            }
        }
    }

    /** A hard link is created atomically and fails if the target exists: no window for a race. */
    private static void publishNew(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (UnsupportedOperationException e) {
            // File systems without hard links: the move below fails if the target exists.
            Files.move(tmp, target);
        }
    }

    private void createDirectories(Path dir) throws IOException {
        PrivateFiles.createDirectories(dir);
    }

    /** POSIX modes where the file system has them; elsewhere (Windows) the user profile's ACLs apply. */
    private static FileAttribute<?>[] attributes(Path anyPathOnTheFileSystem, Set<PosixFilePermission> mode) {
        if (anyPathOnTheFileSystem.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
        }
        return new FileAttribute<?>[0];
    }
}

package dev.kubeha.pki;

import dev.kubeha.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code pki/} directory of a cluster's workspace, laid out with kubeadm's file names.
 * Directories are created 0700, secrets 0600 and certificates 0644, with the mode given at
 * creation so that a secret is never readable by others, not even for an instant. Every file is
 * written to a temporary file in the same directory and then moved into place atomically: a
 * reader (or a crash) sees the old content or the new, never half a key.
 */
public final class PkiWorkspace {

    private final Path directory;

    /** @param directory the PKI's directory (a workspace's {@code pki/}: the workspace decides where) */
    public PkiWorkspace(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
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
        write(relative, content, PrivateFiles.SECRET, true);
    }

    /** Writes a certificate or public key (0644), replacing an older file. */
    public void writePublic(String relative, byte[] content) throws PkiException {
        write(relative, content, PrivateFiles.PUBLIC, true);
    }

    /**
     * Writes a file that must not replace an existing one (CA files): fails if another run
     * created it meanwhile, instead of silently swapping a CA under the certificates it signed.
     */
    public void writeNew(String relative, byte[] content, boolean secret) throws PkiException {
        write(relative, content, secret ? PrivateFiles.SECRET : PrivateFiles.PUBLIC, false);
    }

    private void write(String relative, byte[] content, int mode, boolean replace) throws PkiException {
        Path target = path(relative);
        try {
            PrivateFiles.createDirectories(target.getParent());
            if (replace) {
                PrivateFiles.writeAtomically(target, content, mode);
            } else {
                PrivateFiles.writeNew(target, content, mode);
            }
        } catch (FileAlreadyExistsException e) {
            throw PkiException.failure(describe(relative) + " appeared while kubeha was writing it; it is kept:"
                    + " is another kubeha running on this workspace? Run again when it has finished");
        } catch (AccessDeniedException e) {
            throw PkiException.failure(describe(relative) + ": permission denied: the workspace must belong to you");
        } catch (IOException e) {
            throw PkiException.failure(describe(relative) + ": cannot write: " + e.getMessage(), e);
        }
    }
}

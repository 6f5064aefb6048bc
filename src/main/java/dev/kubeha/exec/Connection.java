package dev.kubeha.exec;

import dev.kubeha.plan.Command;
import java.time.Duration;

/**
 * A live link to one node. Used by one task at a time; {@link #close()} may be called from another
 * thread to stop a running command (cancellation).
 */
public interface Connection extends AutoCloseable {

    /**
     * Runs a command and returns its exit code.
     *
     * @param asRoot  as root; a transport logged in as another user goes through sudo
     * @param stdin   bytes for the command's standard input, or null for none
     * @param output  receives stdout and stderr line by line while the command runs
     * @param timeout the command is stopped after this long ({@link TransportException.Kind#TIMEOUT})
     */
    int run(Command command, boolean asRoot, byte[] stdin, OutputSink output, Duration timeout) throws TransportException;

    /**
     * Writes a file atomically: to a temporary name in the target directory, then renamed over the
     * target, with the given mode and {@code user:group} owner. Creates the directory if needed.
     */
    void upload(String path, byte[] content, int mode, String owner) throws TransportException;

    /**
     * As {@link #upload(String, byte[], int, String)}, streaming a workstation file (an image
     * archive, a package) that is not read into memory as a whole. This default reads it whole;
     * the SSH transport streams it.
     */
    default void upload(String path, java.nio.file.Path source, int mode, String owner) throws TransportException {
        byte[] content;
        try {
            content = java.nio.file.Files.readAllBytes(source);
        } catch (java.io.IOException e) {
            throw new TransportException(TransportException.Kind.REMOTE_ERROR, "workstation",
                    "cannot read " + source + " to upload it as " + path + ": " + e.getMessage());
        }
        upload(path, content, mode, owner);
    }

    /** Reads a file of the node (as root). */
    byte[] download(String path) throws TransportException;

    boolean isOpen();

    @Override
    void close();
}

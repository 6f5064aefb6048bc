package dev.kubeha.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file to put on a node.
 *
 * @param path    absolute path on the node
 * @param mode    POSIX permission bits, e.g. {@code 0644}
 * @param content the exact bytes
 * @param secret  whether the content holds a secret (the bootstrap token); such
 *                files are mode 0600 and must never be printed, logged or shown in a diff
 * @param identity what stands for the content when a task's digest decides whether the file
 *                changed on the node, or null for the content itself: an etcd member's files
 *                without the flags etcd reads only to bootstrap an empty data dir (see
 *                {@link #withIdentity})
 */
public record NodeFile(String path, int mode, byte[] content, boolean secret, byte[] identity) {

    public NodeFile(String path, int mode, byte[] content, boolean secret) {
        this(path, mode, content, secret, null);
    }

    public NodeFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/")) {
            throw new IllegalArgumentException("not an absolute file path: " + path);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path);
        }
        if (secret && (mode & 077) != 0) {
            throw new IllegalArgumentException(path + " holds a secret and must not be readable by group or others");
        }
        content = content.clone();
        identity = identity == null ? null : identity.clone();
    }

    /** The same file, whose digest is that of {@code identityText} (see {@link #identity}). */
    NodeFile withIdentity(String identityText) {
        return new NodeFile(path, mode, content, secret, identityText.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] identity() {
        return identity == null ? null : identity.clone();
    }

    /** A file anyone on the node may read. */
    static NodeFile text(String path, int mode, String text) {
        return new NodeFile(path, mode, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A file that holds a secret: mode 0600. */
    static NodeFile secretText(String path, String text) {
        return new NodeFile(path, 0600, text.getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as UTF-8 text (every file the renderers make is text). */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The mode as {@code chmod} takes it: {@code 0644}. */
    public String octalMode() {
        return String.format("%04o", mode);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeFile f && path.equals(f.path) && mode == f.mode && secret == f.secret
                && Arrays.equals(content, f.content) && Arrays.equals(identity, f.identity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, mode, secret, Arrays.hashCode(content), Arrays.hashCode(identity));
    }

    /** Never the content: it may be a secret, and it is long. */
    @Override
    public String toString() {
        return "NodeFile[" + path + " " + octalMode() + ", " + content.length + " bytes" + (secret ? ", secret" : "") + "]";
    }
}

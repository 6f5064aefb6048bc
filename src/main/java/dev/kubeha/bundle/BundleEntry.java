package dev.kubeha.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file of a bundle.
 *
 * @param path relative path inside the bundle with '/' separators, e.g.
 *             {@code nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key}
 * @param mode POSIX permission bits; private keys and other secrets are 0600
 */
public record BundleEntry(String path, int mode, byte[] content) {

    public BundleEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")
                || Arrays.stream(path.split("/")).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            throw new IllegalArgumentException("not a relative bundle path: " + path);
        }
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path);
        }
        content = content.clone();
    }

    public static BundleEntry text(String path, int mode, String text) {
        return new BundleEntry(path, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Read-only access for writers that must not copy large contents again. */
    byte[] contentView() {
        return content;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleEntry e && path.equals(e.path) && mode == e.mode && Arrays.equals(content, e.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, mode, Arrays.hashCode(content));
    }

    /** Never the content: it may be a private key. */
    @Override
    public String toString() {
        return "BundleEntry[" + path + " " + String.format("%04o", mode) + ", " + content.length + " bytes]";
    }
}

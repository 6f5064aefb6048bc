package dev.kubeha.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One file of a bundle: either its bytes (certificates, configurations, scripts) or a file on the
 * workstation that is streamed into the bundle when it is written (container image archives and
 * packages, tens or hundreds of MB that are never held in memory).
 */
public final class BundleEntry {
    private final String path;
    private final int mode;
    private final byte[] content;
    private final Path source;

    /**
     * @param path relative path inside the bundle with '/' separators, e.g.
     *             {@code nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key}
     * @param mode POSIX permission bits; private keys and other secrets are 0600
     */
    public BundleEntry(String path, int mode, byte[] content) {
        this(path, mode, Objects.requireNonNull(content, "content").clone(), null);
    }

    private BundleEntry(String path, int mode, byte[] content, Path source) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")
                || Arrays.stream(path.split("/")).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            throw new IllegalArgumentException("not a relative bundle path: " + path);
        }
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path);
        }
        this.path = path;
        this.mode = mode;
        this.content = content;
        this.source = source;
    }

    public static BundleEntry text(String path, int mode, String text) {
        return new BundleEntry(path, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A file streamed from {@code source} when the bundle is written; it must not change until then. */
    public static BundleEntry file(String path, int mode, Path source) {
        return new BundleEntry(path, mode, null, Objects.requireNonNull(source, "source"));
    }

    public String path() {
        return path;
    }

    public int mode() {
        return mode;
    }

    /** The whole content; for a streamed file it is read now (meant for small files and tests). */
    public byte[] content() {
        if (source == null) {
            return content.clone();
        }
        try {
            return Files.readAllBytes(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workstation file this entry streams from, or null for an entry held in memory. */
    public Path source() {
        return source;
    }

    public long size() throws IOException {
        return source == null ? content.length : Files.size(source);
    }

    /** Copies the content to {@code out}; returns its sha256, hex. */
    String writeTo(OutputStream out) throws IOException {
        MessageDigest digest = sha256Digest();
        if (source == null) {
            out.write(content);
            digest.update(content);
        } else {
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
                in.transferTo(out);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The content's sha256, hex, reading a streamed file once. */
    String sha256() throws IOException {
        return writeTo(OutputStream.nullOutputStream());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleEntry e && path.equals(e.path) && mode == e.mode
                && Arrays.equals(content, e.content) && Objects.equals(source, e.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, mode, Arrays.hashCode(content), source);
    }

    /** Never the content: it may be a private key. */
    @Override
    public String toString() {
        String what = source == null ? content.length + " bytes" : "from " + source;
        return "BundleEntry[" + path + " " + String.format("%04o", mode) + ", " + what + "]";
    }
}

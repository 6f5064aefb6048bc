package dev.kubeha.artifact;

import dev.kubeha.files.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloaded artifacts, one file per content, named by its sha256:
 * {@code <root>/sha256/<hex>}. A file is published only once its content matched the sha256 it
 * is stored under, and is checked again each time it is used, so a damaged cache is noticed and
 * refilled rather than trusted. The default root is {@code ~/.kubeha/cache}; {@code KUBEHA_CACHE}
 * moves it.
 */
public final class ArtifactCache {
    /** The environment variable that moves the cache. */
    public static final String VARIABLE = "KUBEHA_CACHE";

    private final Path root;

    public ArtifactCache(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** {@code ~/.kubeha/cache} */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".kubeha", "cache");
    }

    /**
     * The cache's root for a value of {@code KUBEHA_CACHE} ({@link #VARIABLE}): that directory, or
     * {@link #defaultRoot()} when the value is null or blank (the variable unset or empty).
     */
    public static Path rootFor(String variableValue) {
        return variableValue == null || variableValue.isBlank() ? defaultRoot() : Path.of(variableValue);
    }

    public Path root() {
        return root;
    }

    /** Where the content with {@code sha256} is (or would be) kept. */
    public Path pathOf(String sha256) {
        requireHex(sha256);
        return root.resolve("sha256").resolve(sha256.toLowerCase(Locale.ROOT));
    }

    /**
     * The cached content with {@code sha256}, when present and still intact. A file whose content
     * no longer matches is removed, and the caller fetches it again.
     */
    public Optional<Path> find(String sha256) throws IOException {
        Path file = pathOf(sha256);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (Sha256.of(file).equals(sha256.toLowerCase(Locale.ROOT))) {
            return Optional.of(file);
        }
        Files.deleteIfExists(file);
        return Optional.empty();
    }

    /**
     * Stores what {@code in} delivers under {@code sha256}, publishing it only when it matches.
     *
     * @param what names the content in the mismatch message, e.g. its URL
     * @throws ChecksumMismatchException the content is not what {@code sha256} says; nothing is kept
     */
    public Path store(InputStream in, String sha256, String what) throws IOException, ChecksumMismatchException {
        requireHex(sha256);
        String expected = sha256.toLowerCase(Locale.ROOT);
        Path dir = PrivateFiles.createDirectories(root.resolve("sha256"));
        Path partial = Files.createTempFile(dir, expected + ".", ".partial");
        try {
            MessageDigest digest = Sha256.digest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException(what, expected, actual);
            }
            Path target = pathOf(expected);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void requireHex(String sha256) {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
    }

    /** Content that is not what its published sha256 says. */
    public static final class ChecksumMismatchException extends Exception {
        private final String expected;
        private final String actual;

        public ChecksumMismatchException(String what, String expected, String actual) {
            super(what + " has sha256 " + actual + ", not the published " + expected);
            this.expected = expected;
            this.actual = actual;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }
}

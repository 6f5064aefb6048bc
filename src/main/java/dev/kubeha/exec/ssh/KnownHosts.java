package dev.kubeha.exec.ssh;

import dev.kubeha.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * The workspace's {@code known_hosts}, in OpenSSH's format ({@code host keytype base64} or
 * {@code [host]:port keytype base64}), so that {@code ssh -o UserKnownHostsFile=...} can share it.
 * Thread-safe: connections to several nodes may record keys at once.
 */
public final class KnownHosts {
    public static final String FILE_NAME = "known_hosts";

    /** One known key. */
    public record Entry(String hostPattern, String keyType, String base64Key) {
        public String fingerprint() {
            return Fingerprints.sha256(Base64.getDecoder().decode(base64Key));
        }
    }

    private final Path file;

    public KnownHosts(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    static String hostPattern(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** The keys recorded for {@code host:port}. */
    public synchronized List<Entry> lookup(String host, int port) throws IOException {
        String pattern = hostPattern(host, port);
        List<Entry> found = new ArrayList<>();
        for (Entry e : entries()) {
            for (String h : e.hostPattern().split(",")) {
                if (h.equals(pattern)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    public synchronized List<Entry> entries() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("@")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length >= 3) {
                entries.add(new Entry(parts[0], parts[1], parts[2]));
            }
        }
        return entries;
    }

    /** Records a key for {@code host:port}; the file is created private (0600). */
    public synchronized void add(String host, int port, PublicKey key) throws IOException {
        String line = hostPattern(host, port) + " " + keyType(key) + " " + Base64.getEncoder().encodeToString(blob(key)) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        PrivateFiles.ensureFile(file);
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String keyType(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}

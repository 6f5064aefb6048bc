package dev.kubeha.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    private final BundleWriter writer = new BundleWriter(
            Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), new SecureRandom());

    private static List<BundleEntry> files() {
        return List.of(
                BundleEntry.text("nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key", 0600, KEY),
                BundleEntry.text("nodes/etcd0/root/etc/kubernetes/pki/etcd/server.crt", 0644, "cert\n"),
                BundleEntry.text("nodes/etcd0/install.sh", 0755, "#!/bin/bash\necho hi\n"),
                BundleEntry.text("RUNBOOK.md", 0644, "# Runbook\n"));
    }

    /** Runs a command in a directory; returns its output, failing the test on a non-zero exit. */
    static String sh(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aDirectoryBundleKeepsModesAndPassesSha256sum() throws Exception {
        Path out = dir.resolve("bundle");
        writer.write(files(), out, BundleFormat.DIR, null);
        assertThat(mode(out)).isEqualTo("rwx------");
        assertThat(mode(out.resolve("nodes/etcd0/root/etc/kubernetes/pki/etcd"))).isEqualTo("rwx------");
        assertThat(mode(out.resolve("nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key"))).isEqualTo("rw-------");
        assertThat(mode(out.resolve("nodes/etcd0/install.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(sh(out, "sha256sum", "-c", "SHA256SUMS")).contains("manifest.json: OK",
                "nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key: OK");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(out);
        }
    }

    @Test
    void theManifestListsEveryFileWithItsHashAndMode() throws Exception {
        Path out = dir.resolve("bundle");
        writer.write(files(), out, BundleFormat.DIR, null);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.get("tool").asText()).isEqualTo("kubeha");
        assertThat(manifest.get("created").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(manifest.get("version").asText()).isNotBlank();
        List<String> paths = new ArrayList<>();
        manifest.get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertThat(paths).containsExactly("RUNBOOK.md", "nodes/etcd0/install.sh",
                "nodes/etcd0/root/etc/kubernetes/pki/etcd/server.crt",
                "nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key");
        JsonNode key = manifest.get("files").get(3);
        assertThat(key.get("mode").asText()).isEqualTo("0600");
        assertThat(key.get("sha256").asText()).isEqualTo(BundleWriter.sha256(KEY.getBytes(StandardCharsets.UTF_8)));
        assertThat(key.get("size").asInt()).isEqualTo(KEY.length());
    }

    @Test
    void anExtractedTarGzPassesSha256sumWithKeysAt0600() throws Exception {
        Path out = dir.resolve("bundle.tar.gz");
        writer.write(files(), out, BundleFormat.TAR_GZ, null);
        assertThat(mode(out)).isEqualTo("rw-------");
        Path x = Files.createDirectory(dir.resolve("x"));
        sh(x, "tar", "-xzpf", out.toString());
        assertThat(sh(x, "sha256sum", "-c", "SHA256SUMS")).doesNotContain("FAILED");
        assertThat(mode(x.resolve("nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key"))).isEqualTo("rw-------");
        assertThat(mode(x.resolve("nodes/etcd0/install.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(x.resolve("nodes"))).isEqualTo("rwx------");
        assertThat(sh(x, "tar", "-tvzf", out.toString())).contains("-rw------- root/root", "server.key");
    }

    @Test
    void aZipKeepsUnixModes() throws Exception {
        Path out = dir.resolve("bundle.zip");
        writer.write(files(), out, BundleFormat.ZIP, null);
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            assertThat(entries).filteredOn(e -> e.getName().endsWith("server.key")).singleElement()
                    .extracting(e -> e.getUnixMode() & 0777).isEqualTo(0600);
            assertThat(entries).filteredOn(e -> e.getName().endsWith("install.sh")).singleElement()
                    .extracting(e -> e.getUnixMode() & 0777).isEqualTo(0755);
            assertThat(entries).extracting(ZipArchiveEntry::getName).contains("SHA256SUMS", "manifest.json", "nodes/");
        }
    }

    @Test
    void openSslDecryptsAnEncryptedBundle() throws Exception {
        Path out = dir.resolve("bundle.tar.gz.enc");
        writer.write(files(), out, BundleFormat.TAR_GZ, "correct horse battery".toCharArray());
        assertThat(Files.readAllBytes(out)).startsWith("Salted__".getBytes(StandardCharsets.US_ASCII));
        Path x = Files.createDirectory(dir.resolve("x"));
        sh(x, "bash", "-c", OpensslEncryption.DECRYPT_COMMAND + " -pass pass:'correct horse battery' -in '" + out
                + "' | tar -xzpf -");
        assertThat(sh(x, "sha256sum", "-c", "SHA256SUMS")).doesNotContain("FAILED");
        assertThat(Files.readString(x.resolve("nodes/etcd0/root/etc/kubernetes/pki/etcd/server.key"))).isEqualTo(KEY);
    }

    @Test
    void aWrongPassphraseDoesNotDecrypt() throws Exception {
        Path out = dir.resolve("bundle.zip.enc");
        writer.write(files(), out, BundleFormat.ZIP, "right".toCharArray());
        Process p = new ProcessBuilder("bash", "-c", OpensslEncryption.DECRYPT_COMMAND + " -pass pass:wrong -in '" + out
                + "' -out /dev/null").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isNotZero();
        assertThat(output).contains("bad decrypt");
    }

    @Test
    void neverReplacesAnExistingPath() throws Exception {
        Path out = Files.createDirectory(dir.resolve("bundle"));
        assertThatThrownBy(() -> writer.write(files(), out, BundleFormat.DIR, null))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(out + " already exists; choose another path or remove it");
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        Path out = dir.resolve("bundle");
        // "a" is a file, so "a/b" cannot be written: the export fails halfway.
        List<BundleEntry> clash = List.of(BundleEntry.text("a", 0644, "x"), BundleEntry.text("a/b", 0644, "y"));
        assertThatThrownBy(() -> writer.write(clash, out, BundleFormat.DIR, null)).isInstanceOf(IOException.class);
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void rejectsWhatCannotBeABundle() {
        assertThatThrownBy(() -> writer.write(files(), dir.resolve("b"), BundleFormat.DIR, "x".toCharArray()))
                .hasMessage("only a tar.gz or zip bundle can be encrypted");
        assertThatThrownBy(() -> writer.write(List.of(BundleEntry.text("SHA256SUMS", 0644, "")), dir.resolve("b"),
                BundleFormat.DIR, null)).hasMessage("two files at SHA256SUMS");
        assertThatThrownBy(() -> BundleEntry.text("../etc/passwd", 0644, "")).hasMessage("not a relative bundle path: ../etc/passwd");
        assertThatThrownBy(() -> BundleEntry.text("/etc/passwd", 0644, "")).hasMessage("not a relative bundle path: /etc/passwd");
        assertThatThrownBy(() -> writer.write(files(), dir.resolve("c.tgz"), BundleFormat.TAR_GZ, new char[0]))
                .hasMessage("the passphrase is empty");
    }

    @Test
    void aStreamedFileGoesIntoEveryFormatByteForByte() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(big);
        Path source = Files.write(dir.resolve("pause.oci.tar"), big);
        List<BundleEntry> entries = new ArrayList<>(files());
        entries.add(BundleEntry.file("images/pause.oci.tar", 0644, source));
        writer.write(entries, dir.resolve("d"), BundleFormat.DIR, null);
        assertThat(Files.readAllBytes(dir.resolve("d/images/pause.oci.tar"))).isEqualTo(big);
        assertThat(sh(dir.resolve("d"), "sha256sum", "-c", "SHA256SUMS")).contains("images/pause.oci.tar: OK");
        writer.write(entries, dir.resolve("b.tar.gz"), BundleFormat.TAR_GZ, null);
        Path x = Files.createDirectory(dir.resolve("x"));
        sh(x, "tar", "-xzpf", dir.resolve("b.tar.gz").toString());
        assertThat(sh(x, "sha256sum", "-c", "SHA256SUMS")).contains("images/pause.oci.tar: OK").doesNotContain("FAILED");
        writer.write(entries, dir.resolve("b.zip"), BundleFormat.ZIP, null);
        try (ZipFile zip = ZipFile.builder().setPath(dir.resolve("b.zip")).get()) {
            assertThat(zip.getInputStream(zip.getEntry("images/pause.oci.tar")).readAllBytes()).isEqualTo(big);
        }
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("d/manifest.json").toFile());
        assertThat(manifest.get("files").findValuesAsText("path")).contains("images/pause.oci.tar");
        assertThat(BundleEntry.file("images/pause.oci.tar", 0644, source).toString())
                .isEqualTo("BundleEntry[images/pause.oci.tar 0644, from " + source + "]");
    }

    @Test
    void aStreamedFileThatChangesWhileTheBundleIsWrittenFailsIt() throws Exception {
        // The kernel gives a new UUID on every read: the file is not what was summed.
        Path changing = Path.of("/proc/sys/kernel/random/uuid");
        List<BundleEntry> entries = List.of(BundleEntry.file("images/x.tar", 0644, changing));
        assertThatThrownBy(() -> writer.write(entries, dir.resolve("d"), BundleFormat.DIR, null))
                .isInstanceOf(IOException.class)
                .hasMessage(changing + " changed while the bundle was written; export again");
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void entriesNeverPrintTheirContent() {
        assertThat(BundleEntry.text("k.key", 0600, KEY).toString()).isEqualTo("BundleEntry[k.key 0600, 69 bytes]");
    }
}

package dev.kubeha.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeha.model.KubehaVersion;
import dev.kubeha.files.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes a bundle: the given files plus {@code manifest.json} (tool version, creation time,
 * every file with its sha256 and mode) and {@code SHA256SUMS} (for {@code sha256sum -c}), as a
 * directory, a tar.gz or a zip, optionally encrypted for {@code openssl enc -d}. Everything is
 * written under a temporary name next to the target and renamed at the end, so a failed export
 * leaves nothing half-written. Directories are 0700; file modes are kept in every format.
 */
public final class BundleWriter {
    public static final String MANIFEST = "manifest.json";
    public static final String CHECKSUMS = "SHA256SUMS";
    private static final int DIR_MODE = 0700;

    private final Clock clock;
    private final SecureRandom random;

    public BundleWriter(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public BundleWriter() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /**
     * @param passphrase null for a plain bundle; otherwise the archive is encrypted (archives only)
     * @return every file written, manifest.json and SHA256SUMS included
     * @throws FileAlreadyExistsException when {@code out} exists: a bundle never replaces anything
     */
    public List<BundleEntry> write(List<BundleEntry> files, Path out, BundleFormat format, char[] passphrase)
            throws IOException {
        if (passphrase != null && !format.isArchive()) {
            throw new IllegalArgumentException("only a tar.gz or zip bundle can be encrypted");
        }
        if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(out + " already exists; choose another path or remove it");
        }
        Summed all = summed(files);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + out.getFileName() + ".tmp-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
        try {
            switch (format) {
                case DIR -> writeDirectory(all, tmp);
                case TAR_GZ, ZIP -> writeArchive(all, tmp, format, passphrase);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return all.entries();
        } finally {
            PrivateFiles.deleteRecursively(tmp);
        }
    }

    /** The files sorted by path, then manifest.json, then SHA256SUMS over all of them. */
    List<BundleEntry> withManifestAndChecksums(List<BundleEntry> files) throws IOException {
        return summed(files).entries();
    }

    /** The entries to write, and each one's sha256 as the manifest and SHA256SUMS give it. */
    private record Summed(List<BundleEntry> entries, Map<String, String> sha256s) {

        /** Writes one entry; a streamed file that changed since it was summed fails the bundle. */
        void write(BundleEntry e, OutputStream out) throws IOException {
            String written = e.writeTo(out);
            if (!written.equals(sha256s.get(e.path()))) {
                throw new IOException(e.source() + " changed while the bundle was written; export again");
            }
        }
    }

    private Summed summed(List<BundleEntry> files) throws IOException {
        Set<String> seen = new HashSet<>();
        for (BundleEntry e : files) {
            if (!seen.add(e.path()) || e.path().equals(MANIFEST) || e.path().equals(CHECKSUMS)) {
                throw new IllegalArgumentException("two files at " + e.path());
            }
        }
        List<BundleEntry> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(BundleEntry::path));

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("tool", "kubeha");
        manifest.put("version", KubehaVersion.get());
        manifest.put("created", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        List<Map<String, Object>> list = new ArrayList<>();
        Map<String, String> sha256s = new LinkedHashMap<>();
        for (BundleEntry e : sorted) {
            Map<String, Object> f = new LinkedHashMap<>();
            String sha256 = e.sha256();
            sha256s.put(e.path(), sha256);
            f.put("path", e.path());
            f.put("sha256", sha256);
            f.put("mode", String.format("%04o", e.mode()));
            f.put("size", e.size());
            list.add(f);
        }
        manifest.put("files", list);
        try {
            sorted.add(new BundleEntry(MANIFEST, 0644, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(manifest)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        BundleEntry manifestEntry = sorted.get(sorted.size() - 1);
        sha256s.put(manifestEntry.path(), manifestEntry.sha256());
        StringBuilder sums = new StringBuilder();
        for (BundleEntry e : sorted) {
            // Two spaces: sha256sum's text mode, which `sha256sum -c` reads on every platform.
            sums.append(sha256s.get(e.path())).append("  ").append(e.path()).append('\n');
        }
        BundleEntry checksums = BundleEntry.text(CHECKSUMS, 0644, sums.toString());
        sorted.add(checksums);
        sha256s.put(CHECKSUMS, checksums.sha256());
        return new Summed(sorted, sha256s);
    }

    private static void writeDirectory(Summed summed, Path root) throws IOException {
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PrivateFiles.permissions(DIR_MODE)));
        for (BundleEntry e : summed.entries()) {
            Path target = root.resolve(e.path());
            createDirectories(root, target.getParent());
            // Created with its final mode: a private key is never readable by others, not even briefly.
            Path created = Files.createFile(target, PosixFilePermissions.asFileAttribute(PrivateFiles.permissions(e.mode())));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(created))) {
                summed.write(e, out);
            }
            Files.setPosixFilePermissions(target, PrivateFiles.permissions(e.mode()));
        }
    }

    private static void createDirectories(Path root, Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir)) {
            return;
        }
        createDirectories(root, dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PrivateFiles.permissions(DIR_MODE)));
    }

    private void writeArchive(Summed entries, Path file, BundleFormat format, char[] passphrase)
            throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(Files.createFile(file,
                PosixFilePermissions.asFileAttribute(PrivateFiles.permissions(0600)))));
             OutputStream sink = passphrase != null ? OpensslEncryption.encrypting(raw, passphrase, random) : raw) {
            if (format == BundleFormat.TAR_GZ) {
                writeTarGz(entries, sink);
            } else {
                writeZip(entries, sink);
            }
        }
    }

    private void writeTarGz(Summed summed, OutputStream sink) throws IOException {
        Instant created = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(nonClosing(sink));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String dir : directories(summed.entries())) {
                TarArchiveEntry d = new TarArchiveEntry(dir + "/");
                d.setMode(040000 | DIR_MODE);
                owned(d, created);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
            for (BundleEntry e : summed.entries()) {
                TarArchiveEntry t = new TarArchiveEntry(e.path());
                t.setMode(0100000 | e.mode());
                t.setSize(e.size());
                owned(t, created);
                tar.putArchiveEntry(t);
                summed.write(e, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static void owned(TarArchiveEntry entry, Instant time) {
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setModTime(time.toEpochMilli());
    }

    private void writeZip(Summed summed, OutputStream sink) throws IOException {
        long time = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(nonClosing(sink))) {
            for (String dir : directories(summed.entries())) {
                ZipArchiveEntry d = new ZipArchiveEntry(dir + "/");
                d.setUnixMode(040000 | DIR_MODE);
                d.setTime(time);
                zip.putArchiveEntry(d);
                zip.closeArchiveEntry();
            }
            for (BundleEntry e : summed.entries()) {
                ZipArchiveEntry z = new ZipArchiveEntry(e.path());
                z.setUnixMode(0100000 | e.mode());
                z.setTime(time);
                z.setSize(e.size());
                zip.putArchiveEntry(z);
                summed.write(e, zip);
                zip.closeArchiveEntry();
            }
            zip.finish();
        }
    }

    /** Every directory that holds a file, parents first. */
    private static Set<String> directories(List<BundleEntry> entries) {
        Set<String> dirs = new TreeSet<>();
        for (BundleEntry e : entries) {
            String p = e.path();
            for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
                dirs.add(p.substring(0, i));
            }
        }
        return dirs;
    }

    /** The archive streams close what they wrap; the encryption layer must be closed last, by us. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

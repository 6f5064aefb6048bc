package dev.kubeha.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A fetched image as an OCI image-layout tar ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/<hex>}), the form {@code ctr -n k8s.io images import} reads on a node.
 *
 * <p>{@code index.json} has one descriptor: the upstream index (or single-platform manifest) by its
 * upstream digest, annotated with {@code io.containerd.image.name} = the full reference (e.g.
 * {@code registry.k8s.io/pause:3.10}; {@code name@sha256:...} for a digest-pinned reference, the
 * name CRI looks such an image up by) and {@code org.opencontainers.image.ref.name} = the tag, so
 * that containerd names the image exactly as kubeadm (or the pod spec) asks for it. Only the requested platforms'
 * blobs are in the archive; the index still lists every platform, so a node imports with
 * {@code --platform}. Blobs are streamed from the cache (re-hashed on the way, never held in
 * memory), entries are sorted and carry fixed times and owners, so two exports of the same image
 * are the same bytes.
 */
public final class OciArchive {
    /** The annotation containerd names an imported image by. */
    public static final String IMAGE_NAME = "io.containerd.image.name";
    /** The OCI annotation for the tag. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final long MTIME = 946684800000L; // 2000-01-01T00:00:00Z, fixed for reproducible archives
    private static final int SMALL = 4 * 1024 * 1024;

    private OciArchive() {
    }

    /** Writes {@code image} as an OCI layout tar to {@code out} (replaced atomically). */
    public static void write(FetchedImage image, ArtifactCache cache, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, out.getFileName() + ".", ".partial");
        try {
            try (OutputStream o = Files.newOutputStream(partial)) {
                write(image, cache, o);
            }
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Writes {@code image} as an OCI layout tar to {@code out}, which stays open.
     *
     * @throws ImageException a blob is no longer in the cache, or no longer intact: fetch the image again
     */
    public static void write(FetchedImage image, ArtifactCache cache, OutputStream out) throws IOException {
        ImageReference ref = ImageReference.parse(image.reference());
        Path top = require(cache, image, image.sha256());
        ObjectNode index = OrasClient.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", OrasClient.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        ObjectNode descriptor = manifests.addObject();
        descriptor.put("mediaType", image.mediaType());
        descriptor.put("digest", image.digest());
        descriptor.put("size", Files.size(top));
        ObjectNode annotations = descriptor.putObject("annotations");
        annotations.put(IMAGE_NAME, ref.containerdName());
        if (ref.tag() != null) {
            annotations.put(REF_NAME, ref.tag());
        }

        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        file(tar, "index.json", OrasClient.JSON.writeValueAsBytes(index));
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        for (String hex : new TreeSet<>(image.blobs())) {
            Path blob = require(cache, image, hex);
            TarArchiveEntry entry = entry("blobs/sha256/" + hex, Files.size(blob));
            tar.putArchiveEntry(entry);
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(blob), digest)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(hex)) {
                Files.deleteIfExists(blob);
                throw new ImageException("image " + image.reference() + ": the cached blob sha256:" + hex
                        + " changed while it was written (now sha256:" + actual + "): fetch the image again");
            }
        }
        tar.finish();
        tar.flush();
    }

    private static Path require(ArtifactCache cache, FetchedImage image, String hex) throws IOException {
        Optional<Path> blob = cache.find(hex);
        if (blob.isEmpty()) {
            throw new ImageException("image " + image.reference() + ": blob sha256:" + hex
                    + " is not in the cache (or was damaged and removed): fetch the image again");
        }
        return blob.get();
    }

    /** The image names ({@code io.containerd.image.name}) in an archive's {@code index.json}. */
    public static List<String> references(Path archive) throws IOException {
        JsonNode index = null;
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (name(e).equals("index.json")) {
                    index = OrasClient.parse(tar.readAllBytes(), archive + ": index.json");
                    break;
                }
            }
        }
        if (index == null) {
            throw new ImageException(archive + " is not an OCI image layout: it has no index.json");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            String name = d.path("annotations").path(IMAGE_NAME).asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Everything wrong with an archive, one sentence each; empty when every blob matches its digest
     * and every manifest {@code index.json} leads to is complete (an index may lack platforms that
     * were not exported, but not all of them).
     */
    public static List<String> verify(Path archive) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Long> sizes = new TreeMap<>();
        Map<String, byte[]> small = new TreeMap<>();
        byte[] indexJson = null;
        boolean layout = false;
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = name(e);
                if (e.isDirectory()) {
                    continue;
                }
                if (name.equals("oci-layout")) {
                    layout = true;
                } else if (name.equals("index.json")) {
                    indexJson = tar.readAllBytes();
                } else if (name.startsWith("blobs/sha256/")) {
                    String hex = name.substring("blobs/sha256/".length());
                    MessageDigest digest = Sha256.digest();
                    ByteArrayOutputStream keep = e.getSize() <= SMALL ? new ByteArrayOutputStream() : null;
                    byte[] buffer = new byte[64 * 1024];
                    long size = 0;
                    for (int n; (n = tar.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                        size += n;
                        if (keep != null) {
                            keep.write(buffer, 0, n);
                        }
                    }
                    String actual = HexFormat.of().formatHex(digest.digest());
                    if (!actual.equals(hex)) {
                        problems.add(name + " has sha256 " + actual + ", not the " + hex + " it is named by");
                        continue;
                    }
                    sizes.put(hex, size);
                    if (keep != null) {
                        small.put(hex, keep.toByteArray());
                    }
                }
            }
        }
        if (!layout) {
            problems.add(archive.getFileName() + " has no oci-layout file");
        }
        if (indexJson == null) {
            problems.add(archive.getFileName() + " has no index.json");
            return problems;
        }
        JsonNode index = OrasClient.parse(indexJson, archive.getFileName() + ": index.json");
        for (JsonNode d : index.path("manifests")) {
            String name = d.path("annotations").path(IMAGE_NAME).asText(d.path("digest").asText());
            checkDescriptor(name, d, sizes, small, problems, true);
        }
        return problems;
    }

    private static void checkDescriptor(String image, JsonNode d, Map<String, Long> sizes, Map<String, byte[]> small,
                                        List<String> problems, boolean required) {
        String digest = d.path("digest").asText("");
        String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        Long size = sizes.get(hex);
        if (size == null) {
            if (required) {
                problems.add(image + ": blob " + digest + " is missing");
            }
            return;
        }
        if (d.has("size") && d.path("size").asLong() != size) {
            problems.add(image + ": blob " + digest + " has " + size + " bytes, not " + d.path("size").asLong());
        }
        String type = d.path("mediaType").asText("");
        if (!OrasClient.isIndex(type) && !OrasClient.isManifest(type)) {
            return;
        }
        byte[] bytes = small.get(hex);
        JsonNode json;
        try {
            json = OrasClient.JSON.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            problems.add(image + ": manifest " + digest + " is not JSON");
            return;
        }
        if (OrasClient.isIndex(type)) {
            int present = 0;
            for (JsonNode child : json.path("manifests")) {
                String childHex = child.path("digest").asText("").replaceFirst("^sha256:", "");
                if (sizes.containsKey(childHex)) {
                    present++;
                    checkDescriptor(image, child, sizes, small, problems, false);
                }
            }
            if (present == 0) {
                problems.add(image + ": none of the platform manifests of " + digest + " is in the archive");
            }
        } else {
            checkDescriptor(image, json.path("config"), sizes, small, problems, true);
            for (JsonNode layer : json.path("layers")) {
                checkDescriptor(image, layer, sizes, small, problems, true);
            }
        }
    }

    static TarArchiveInputStream open(Path archive) throws IOException {
        return new TarArchiveInputStream(Files.newInputStream(archive), StandardCharsets.UTF_8.name());
    }

    static String name(TarArchiveEntry e) {
        String name = e.getName();
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        fixed(e);
        return e;
    }

    private static void fixed(TarArchiveEntry e) {
        e.setModTime(MTIME);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        tar.putArchiveEntry(entry(name, bytes.length));
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        fixed(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** Lets the tar finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

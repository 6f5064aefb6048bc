package dev.kubeha.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Pushes the images of an {@link OciArchive} to a site's own registry, under the names kubeadm
 * pulls with {@code imageRepository: HOST} (see {@link #siteReference}). Blobs go up with the ORAS
 * Java SDK; platform manifests go up byte for byte by digest, so their digests stay the upstream
 * ones, then the tag. When the archive holds every platform of an index, the index goes up as it
 * is; when it holds only some (the platforms the cluster runs), the tag names an index of those
 * platforms only, because a registry refuses an index whose manifests it does not have: the
 * platform manifests keep their upstream digests, the index's digest is then the site's own.
 */
public final class ImagePusher {
    private static final String K8S = "registry.k8s.io";

    private final Path workDir;

    /** Unpacks archives under the system's temporary directory. */
    public ImagePusher() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Unpacks archives under {@code workDir} (removed again after each push). */
    public ImagePusher(Path workDir) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /**
     * The name kubeadm pulls {@code reference} by when its configuration says
     * {@code imageRepository: siteRegistry}: {@code registry.k8s.io/kube-apiserver:v1.35.0} is
     * {@code HOST/kube-apiserver:v1.35.0}; CoreDNS, which kubeadm names
     * {@code <imageRepository>/coredns:<tag>} for any repository but registry.k8s.io (its
     * {@code GetDNSImage}), is {@code HOST/coredns:v1.12.1}; an image of another registry keeps its
     * path under HOST ({@code docker.io/flannel/flannel:v0.26.1} is {@code HOST/flannel/flannel:v0.26.1}).
     *
     * @param siteRegistry {@code host[:port][/path]}
     * @throws IllegalArgumentException the reference or the site registry is malformed
     */
    public static String siteReference(String reference, String siteRegistry) {
        ImageReference ref = ImageReference.parse(reference);
        String site = siteRegistry == null ? "" : siteRegistry.strip();
        while (site.endsWith("/")) {
            site = site.substring(0, site.length() - 1);
        }
        int slash = site.indexOf('/');
        String host = slash < 0 ? site : site.substring(0, slash);
        if (site.contains("://") || !ImageSources.isHostPort(host)
                || (slash >= 0 && !site.substring(slash + 1).matches("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"))) {
            throw new IllegalArgumentException("site registry " + siteRegistry
                    + ": expected HOST[:PORT][/PATH] without a scheme, e.g. registry.example:5000");
        }
        String repository = ref.repository();
        if (ref.registry().toLowerCase(Locale.ROOT).equals(K8S) && repository.equals("coredns/coredns")) {
            repository = "coredns";
        }
        return site + "/" + repository + (ref.tag() == null ? "" : ":" + ref.tag())
                + (ref.digest() == null ? "" : "@" + ref.digest());
    }

    /**
     * Pushes every image of {@code ociArchive} to {@code targetRegistry} under its
     * {@link #siteReference}.
     *
     * @param targetRegistry {@code host[:port][/path]}
     * @param sources        says whether the target may be spoken to over plain HTTP ({@code --insecure-registry})
     * @throws ImageException the archive is damaged, or the registry refused or could not be reached
     */
    public void push(Path ociArchive, String targetRegistry, ImageSources sources) throws IOException {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, "kubeha-push-");
        try {
            JsonNode index = unpack(ociArchive, dir);
            for (JsonNode d : index.path("manifests")) {
                String name = d.path("annotations").path(OciArchive.IMAGE_NAME).asText("");
                if (name.isEmpty()) {
                    throw new ImageException(ociArchive + ": an image in index.json has no " + OciArchive.IMAGE_NAME
                            + " annotation, so kubeha does not know its name");
                }
                String tag = d.path("annotations").path(OciArchive.REF_NAME).asText("");
                push(name, tag.isEmpty() ? null : tag, d, dir, targetRegistry, sources);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void push(String name, String refName, JsonNode top, Path dir, String targetRegistry,
                             ImageSources sources) throws IOException {
        ImageReference site = ImageReference.parse(siteReference(name, targetRegistry));
        boolean insecure = sources.isInsecure(site.registry());
        String type = top.path("mediaType").asText("");
        String digest = top.path("digest").asText("");
        // a pinned image is named by its digest; its tag (if the archive has one) is pushed too
        String tag = site.tag() != null ? site.tag() : refName;
        OrasClient client = new OrasClient(name, site.registry(), site.repository(), tag == null ? "latest" : tag,
                insecure, site.registry());
        byte[] bytes = Files.readAllBytes(blob(dir, digest, name));
        if (OrasClient.isIndex(type)) {
            JsonNode index = OrasClient.parse(bytes, "image " + name + ": index " + digest);
            ArrayNode present = OrasClient.JSON.createArrayNode();
            boolean complete = true;
            for (JsonNode child : index.path("manifests")) {
                String childDigest = child.path("digest").asText("");
                Path file = dir.resolve(childDigest.replaceFirst("^sha256:", ""));
                if (!Files.isRegularFile(file)) {
                    complete = false;
                    continue;
                }
                pushManifest(client, name, child.path("mediaType").asText(OrasClient.OCI_MANIFEST), childDigest, dir);
                present.add(child);
            }
            if (!complete && site.digest() != null) {
                throw new ImageException("image " + name + " is pinned to " + digest + ", but the archive holds only some"
                        + " of its platforms, and a registry keeps an index only with all of them: export it for every"
                        + " architecture it has, or name it by its tag");
            }
            if (!complete) {
                ObjectNode reduced = ((ObjectNode) index.deepCopy());
                reduced.set("manifests", present);
                bytes = OrasClient.JSON.writeValueAsBytes(reduced);
            }
            if (complete) {
                client.pushManifest(digest, bytes, type);
            }
            if (tag != null) {
                client.pushManifest(tag, bytes, type);
            }
        } else {
            pushManifest(client, name, type, digest, dir);
            if (tag != null) {
                client.pushManifest(tag, bytes, type);
            }
        }
    }

    private static void pushManifest(OrasClient client, String name, String type, String digest, Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(blob(dir, digest, name));
        JsonNode manifest = OrasClient.parse(bytes, "image " + name + ": manifest " + digest);
        List<JsonNode> blobs = new java.util.ArrayList<>();
        blobs.add(manifest.path("config"));
        manifest.path("layers").forEach(blobs::add);
        for (JsonNode b : blobs) {
            String d = b.path("digest").asText("");
            client.pushBlob(d, blob(dir, d, name));
        }
        client.pushManifest(digest, bytes, type);
    }

    private static Path blob(Path dir, String digest, String name) throws ImageException {
        Path file = dir.resolve(digest.replaceFirst("^sha256:", ""));
        if (!digest.startsWith("sha256:") || !Files.isRegularFile(file)) {
            throw new ImageException("image " + name + ": blob " + digest + " is not in the archive");
        }
        return file;
    }

    /** Unpacks the blobs (each checked against its name) and returns index.json. */
    private static JsonNode unpack(Path archive, Path dir) throws IOException {
        JsonNode index = null;
        try (TarArchiveInputStream tar = OciArchive.open(archive)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = OciArchive.name(e);
                if (e.isDirectory()) {
                    continue;
                }
                if (name.equals("index.json")) {
                    index = OrasClient.parse(tar.readAllBytes(), archive + ": index.json");
                } else if (name.startsWith("blobs/sha256/")) {
                    String hex = name.substring("blobs/sha256/".length());
                    if (!Sha256.isHex(hex)) {
                        throw new ImageException(archive + ": " + name + " is not named by a sha256");
                    }
                    MessageDigest digest = Sha256.digest();
                    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(dir.resolve(hex)), digest)) {
                        ((InputStream) tar).transferTo(out);
                    }
                    String actual = HexFormat.of().formatHex(digest.digest());
                    if (!actual.equals(hex)) {
                        throw new ImageException(archive + ": " + name + " has sha256 " + actual
                                + ", not the " + hex + " it is named by: the archive is damaged");
                    }
                }
            }
        }
        if (index == null) {
            throw new ImageException(archive + " is not an OCI image layout: it has no index.json");
        }
        return index;
    }
}

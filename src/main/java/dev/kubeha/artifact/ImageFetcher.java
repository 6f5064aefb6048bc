package dev.kubeha.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeha.files.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches container images into the {@link ArtifactCache} for an air-gapped bundle: resolves the
 * tag (through the {@link ImageSources mirror}), then downloads the index (OCI image index or
 * Docker manifest list) and, for each requested architecture, the platform's manifest, config and
 * layers. Every blob is verified against its digest before it is kept, and re-hashed when used, as
 * the cache does; manifests are kept byte for byte as served, so every digest stays the upstream
 * one and a node's containerd sees the same image the registry serves.
 *
 * <p>The digest a tag named is recorded under {@code <cache>/tags/<registry>/<repository>/<tag>}
 * (the upstream registry, not the mirror), so a second fetch of the same reference reads the cache
 * only and contacts no registry. Tags of Kubernetes releases do not move; delete the record to
 * resolve a tag again.
 *
 * <p>The registry client is the ORAS Java SDK ({@code land.oras}): an OCI distribution-spec client
 * made for exactly this — pulling and pushing blobs, manifests and indexes to and from registries —
 * unlike Jib, which builds images and rewrites their configs and manifests.
 */
public final class ImageFetcher {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final ArtifactCache cache;
    private final ImageSources sources;

    public ImageFetcher(ArtifactCache cache, ImageSources sources) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** Where the digest {@code reference}'s tag named is recorded (a reference with a tag). */
    public static Path tagRecord(Path cacheRoot, ImageReference reference) {
        return cacheRoot.resolve("tags").resolve(reference.registry().toLowerCase(Locale.ROOT))
                .resolve(reference.repository()).resolve(reference.tag());
    }

    /**
     * Fetches {@code reference} for {@code arches} into the cache, downloading only what the cache
     * does not hold.
     *
     * @param reference a full reference, e.g. {@code registry.k8s.io/pause:3.10}
     * @param arches    {@code amd64}, {@code arm64} (also written {@code linux/amd64})
     * @throws ImageException the image, a platform or a blob is missing, a digest does not match
     *                        (nothing of it is kept), or the registry cannot be reached
     * @throws InterruptedIOException the thread was interrupted or {@code progress} cancelled
     */
    public FetchedImage fetch(String reference, List<String> arches, DownloadProgress progress) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        List<String> wanted = normalize(arches);
        DownloadProgress listener = progress == null ? DownloadProgress.NONE : progress;
        Run run = new Run(reference, ref, listener);

        String top = ref.digest();
        Path record = tagRecord(cache.root(), ref);
        if (top == null && Files.isRegularFile(record)) {
            String recorded = Files.readString(record, StandardCharsets.US_ASCII).strip();
            top = DIGEST.matcher(recorded).matches() ? recorded : null;
        }
        byte[] topBytes;
        if (top == null) {
            OrasClient.Served served = run.remote().manifest(null);
            String actual = "sha256:" + Sha256.of(served.bytes());
            if (served.digest() != null && !served.digest().equals(actual)) {
                throw new ImageException("image " + reference + ": the manifest " + run.where() + " sent has digest "
                        + actual + ", not the " + served.digest() + " it announced: refused");
            }
            top = actual;
            store(served.bytes(), top, "image " + reference + ": manifest " + top + " from " + run.where());
            run.downloaded.add(hex(top));
            topBytes = served.bytes();
        } else {
            topBytes = run.manifest(top);
        }

        JsonNode topJson = OrasClient.parse(topBytes, "image " + reference + ": manifest " + top);
        String mediaType = OrasClient.mediaTypeOf(topJson, null);
        Map<String, Long> blobs = new LinkedHashMap<>();
        blobs.put(hex(top), (long) topBytes.length);
        if (OrasClient.isIndex(mediaType)) {
            for (String arch : wanted) {
                JsonNode entry = platformEntry(reference, topJson, arch);
                String digest = digestOf(entry, reference);
                byte[] manifest = run.manifest(digest);
                blobs.put(hex(digest), (long) manifest.length);
                addImageBlobs(reference, OrasClient.parse(manifest, "image " + reference + ": manifest " + digest), blobs);
            }
        } else if (OrasClient.isManifest(mediaType)) {
            addImageBlobs(reference, topJson, blobs);
            JsonNode config = topJson.path("config");
            byte[] configBytes = run.blobBytes(digestOf(config, reference));
            JsonNode cfg = OrasClient.parse(configBytes, "image " + reference + ": config");
            String arch = cfg.path("architecture").asText("");
            String os = cfg.path("os").asText("");
            for (String a : wanted) {
                if (!a.equals(arch) || !os.equals("linux")) {
                    throw new ImageException("image " + reference + " has no linux/" + a + " variant: it is a single-platform"
                            + " image for " + os + "/" + arch);
                }
            }
        } else {
            throw new ImageException("image " + reference + " is a " + mediaType
                    + ", not an OCI image index or manifest or a Docker manifest (list) v2: kubeha cannot bundle it");
        }

        long inCache = 0;
        long toDownload = 0;
        for (Map.Entry<String, Long> blob : blobs.entrySet()) {
            if (Files.isRegularFile(cache.pathOf(blob.getKey()))) {
                inCache += blob.getValue();
            } else {
                toDownload += blob.getValue();
            }
        }
        listener.planned(reference, toDownload, inCache);
        long total = 0;
        for (Map.Entry<String, Long> blob : blobs.entrySet()) {
            run.blob("sha256:" + blob.getKey(), blob.getValue());
            total += Files.size(cache.pathOf(blob.getKey()));
        }
        if (ref.digest() == null) {
            PrivateFiles.createDirectories(record.getParent());
            PrivateFiles.writeAtomically(record, (top + "\n").getBytes(StandardCharsets.US_ASCII), PrivateFiles.PUBLIC);
        }
        return new FetchedImage(reference, top, mediaType, wanted, total, new ArrayList<>(blobs.keySet()));
    }

    private static List<String> normalize(List<String> arches) {
        if (arches == null || arches.isEmpty()) {
            throw new IllegalArgumentException("no architecture given: name amd64, arm64 or both");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String arch : arches) {
            String a = arch.toLowerCase(Locale.ROOT).strip();
            out.add(a.startsWith("linux/") ? a.substring("linux/".length()) : a);
        }
        return List.copyOf(out);
    }

    private static JsonNode platformEntry(String reference, JsonNode index, String arch) throws ImageException {
        JsonNode best = null;
        List<String> has = new ArrayList<>();
        for (JsonNode entry : index.path("manifests")) {
            JsonNode p = entry.path("platform");
            String os = p.path("os").asText("");
            String a = p.path("architecture").asText("");
            if (os.isEmpty() || os.equals("unknown")) {
                continue; // attestations and other non-image entries
            }
            String variant = p.path("variant").asText("");
            has.add(os + "/" + a + (variant.isEmpty() ? "" : "/" + variant));
            // the first linux/<arch>, unless a later one has no variant or arm64's usual v8
            boolean preferred = variant.isEmpty() || (arch.equals("arm64") && variant.equals("v8"));
            if (os.equals("linux") && a.equals(arch) && (best == null || preferred)) {
                best = entry;
                if (preferred) {
                    break;
                }
            }
        }
        if (best == null) {
            throw new ImageException("image " + reference + " has no linux/" + arch + " variant"
                    + (has.isEmpty() ? "" : " (it has " + String.join(", ", has) + ")"));
        }
        return best;
    }

    private static void addImageBlobs(String reference, JsonNode manifest, Map<String, Long> blobs) throws ImageException {
        if (manifest.path("schemaVersion").asInt() != 2) {
            throw new ImageException("image " + reference + " uses Docker's schema 1 manifests: kubeha cannot bundle it");
        }
        JsonNode config = manifest.path("config");
        blobs.put(hex(digestOf(config, reference)), config.path("size").asLong());
        for (JsonNode layer : manifest.path("layers")) {
            blobs.put(hex(digestOf(layer, reference)), layer.path("size").asLong());
        }
    }

    private static String digestOf(JsonNode descriptor, String reference) throws ImageException {
        String digest = descriptor.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            throw new ImageException("image " + reference + ": a descriptor has digest \"" + digest
                    + "\", kubeha handles sha256 digests only");
        }
        return digest;
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private void store(byte[] bytes, String digest, String what) throws IOException {
        try {
            cache.store(new ByteArrayInputStream(bytes), hex(digest), what);
        } catch (ArtifactCache.ChecksumMismatchException e) {
            throw new ImageException(e.getMessage() + ": refused");
        }
    }

    /** One fetch: the registry is contacted only when something is missing from the cache. */
    private final class Run {
        private final String reference;
        private final ImageReference ref;
        private final DownloadProgress progress;
        private final ImageSources.Endpoint endpoint;
        private OrasClient remote;
        private final java.util.Set<String> downloaded = new java.util.HashSet<>();
        private final java.util.Set<String> reported = new java.util.HashSet<>();

        Run(String reference, ImageReference ref, DownloadProgress progress) {
            this.reference = reference;
            this.ref = ref;
            this.progress = progress;
            this.endpoint = sources.endpoint(ref.registry());
        }

        String where() {
            boolean mirrored = sources.mirrors().containsKey(ref.registry().toLowerCase(Locale.ROOT));
            return endpoint.host() + (mirrored ? " (the mirror of " + ref.registry() + ")" : "");
        }

        OrasClient remote() {
            if (remote == null) {
                remote = new OrasClient(reference, endpoint.host(), endpoint.repository(ref.repository()),
                        ref.tag() == null ? "latest" : ref.tag(),
                        endpoint.insecure(), where());
            }
            return remote;
        }

        /** A manifest by digest, from the cache or the registry. */
        byte[] manifest(String digest) throws IOException {
            Optional<Path> cached = cache.find(hex(digest));
            if (cached.isPresent()) {
                return Files.readAllBytes(cached.get());
            }
            OrasClient.Served served = remote().manifest(digest);
            store(served.bytes(), digest, "image " + reference + ": manifest " + digest + " from " + where());
            downloaded.add(hex(digest));
            return served.bytes();
        }

        /** A small blob (a config) by digest, from the cache or the registry. */
        byte[] blobBytes(String digest) throws IOException {
            return Files.readAllBytes(blob(digest, -1));
        }

        /** A blob in the cache, verified, downloaded when missing. */
        Path blob(String digest, long size) throws IOException {
            Optional<Path> cached = cache.find(hex(digest));
            if (cached.isPresent()) {
                if (reported.add(hex(digest))) {
                    progress.finished(reference, hex(digest), Files.size(cached.get()), downloaded.contains(hex(digest)));
                }
                return cached.get();
            }
            try (InputStream in = new Counting(remote().blob(digest), hex(digest), size)) {
                Path stored = cache.store(in, hex(digest), "image " + reference + ": blob " + digest + " from " + where());
                downloaded.add(hex(digest));
                reported.add(hex(digest));
                progress.finished(reference, hex(digest), Files.size(stored), true);
                return stored;
            } catch (ArtifactCache.ChecksumMismatchException e) {
                throw new ImageException(e.getMessage() + ": refused");
            }
        }

        /** Reports progress and stops on interrupt or cancel. */
        private final class Counting extends FilterInputStream {
            private final String sha256;
            private final long total;
            private long done;
            private long reported;

            Counting(InputStream in, String sha256, long total) {
                super(in);
                this.sha256 = sha256;
                this.total = total;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (Thread.currentThread().isInterrupted() || progress.cancelled()) {
                    throw new InterruptedIOException("image " + reference + ": download cancelled");
                }
                int n = super.read(b, off, len);
                if (n > 0) {
                    done += n;
                    if (done - reported >= 256 * 1024 || done == total) {
                        reported = done;
                        progress.progressed(reference, sha256, done, total);
                    }
                }
                return n;
            }
        }
    }
}

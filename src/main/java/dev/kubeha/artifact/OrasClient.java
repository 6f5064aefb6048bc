package dev.kubeha.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Registry;
import land.oras.auth.HttpClient;
import land.oras.auth.NoAuthProvider;
import land.oras.auth.Scopes;
import land.oras.exception.OrasException;

/**
 * One repository on one registry endpoint, spoken to with the ORAS Java SDK: an OCI distribution
 * client for exactly what kubeha needs — manifests and indexes by tag or digest, blobs streamed —
 * with the registry token flow and redirects handled. Everything ORAS throws becomes an
 * {@link ImageException} whose message names the image and the registry.
 *
 * <p>Manifests are uploaded with ORAS's HTTP client rather than {@code Registry.pushManifest} /
 * {@code pushIndex}: in 0.2.15 those send every manifest as an OCI image manifest, add a
 * {@code created} annotation when pushing by tag and re-serialize indexes, each of which would
 * change the upstream digest kubeha keeps.
 */
final class OrasClient {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private final Registry registry;
    private final ContainerRef repository;
    private final String host;
    private final String image;
    private final String where;
    private final boolean insecure;

    /**
     * @param image      names the image in messages (the reference as the user knows it)
     * @param host       {@code host[:port]} to connect to
     * @param repository the repository's path on that host
     * @param insecure   plain HTTP
     * @param where      names the registry in messages, e.g. {@code 127.0.0.1:5000 (the mirror of registry.k8s.io)}
     */
    OrasClient(String image, String host, String repository, String tag, boolean insecure, String where) {
        this.image = image;
        this.host = host;
        this.where = where;
        this.insecure = insecure;
        this.registry = insecure ? Registry.builder().insecure().build() : Registry.builder().build();
        this.repository = ContainerRef.parse(host + "/" + repository + ":" + tag);
    }

    /** A manifest or index as served: its bytes, media type and the digest the registry says it has. */
    record Served(byte[] bytes, String mediaType, String digest) {
    }

    /** The manifest or index the tag names ({@code digest} null) or with {@code digest}. */
    Served manifest(String digest) throws ImageException {
        ContainerRef ref = digest == null ? repository : repository.withDigest(digest);
        Descriptor d = call(() -> registry.getDescriptor(ref), digest == null ? "" : " manifest " + digest);
        String json = d.getJson();
        if (json == null) {
            throw new ImageException("image " + image + ": " + where + " sent no manifest");
        }
        String type = d.getMediaType() == null ? "" : d.getMediaType().split(";")[0].trim();
        return new Served(json.getBytes(StandardCharsets.UTF_8), type, d.getDigest());
    }

    /** The blob with {@code digest}, streamed; the caller verifies and closes it. */
    InputStream blob(String digest) throws ImageException {
        return call(() -> registry.fetchBlob(repository.withDigest(digest)), " blob " + digest);
    }

    /** Uploads a blob from a file (nothing when the registry has it already). */
    void pushBlob(String digest, Path file) throws ImageException {
        call(() -> registry.pushBlob(repository.withDigest(digest), file, Map.of()), " blob " + digest);
    }

    /** Uploads a manifest or index exactly as {@code bytes}, under {@code tagOrDigest}. */
    void pushManifest(String tagOrDigest, byte[] bytes, String mediaType) throws ImageException {
        ContainerRef ref = tagOrDigest.startsWith("sha256:") ? repository.withDigest(tagOrDigest) : repository;
        URI uri = URI.create(registry.getScheme() + "://" + ref.getManifestsPath(registry));
        HttpClient client = HttpClient.Builder.builder().build();
        HttpClient.ResponseWrapper<String> response = call(() -> client.put(uri, bytes,
                Map.of("Content-Type", mediaType), Scopes.of(registry, ref), new NoAuthProvider()), " manifest " + tagOrDigest);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new ImageException("image " + image + ": " + where + " refused manifest " + tagOrDigest + ": HTTP "
                    + response.statusCode() + " " + response.response().strip());
        }
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(Call<T> call, String what) throws ImageException {
        try {
            return call.run();
        } catch (OrasException e) {
            Integer status = e.getStatusCode();
            if (status != null && status == 404) {
                throw new ImageException("image " + image + (what.isEmpty() ? "" : ":" + what)
                        + " was not found on " + where + ": HTTP 404", e);
            }
            if (status != null && status > 0) {
                throw new ImageException("image " + image + ": " + where + " answered HTTP " + status
                        + (what.isEmpty() ? "" : " for" + what)
                        + (e.getError() != null && e.getError().message() != null ? ": " + e.getError().message() : ""), e);
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ImageException("image " + image + ": interrupted", e);
            }
            String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            String hint = !insecure && root instanceof javax.net.ssl.SSLException
                    ? " (if it speaks plain HTTP, add --insecure-registry " + host + ")" : "";
            throw new ImageException("image " + image + ": cannot reach registry " + host
                    + (insecure ? "" : " over HTTPS") + ": " + reason + hint, e);
        }
    }

    static JsonNode parse(byte[] bytes, String what) throws ImageException {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ImageException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The media type a manifest or index declares, else the one its shape says (OCI allows leaving it out). */
    static String mediaTypeOf(JsonNode json, String served) {
        String declared = json.path("mediaType").asText("");
        if (!declared.isEmpty()) {
            return declared;
        }
        if (served != null && !served.isEmpty() && !served.equals("application/json")) {
            return served;
        }
        return json.has("manifests") ? OCI_INDEX : OCI_MANIFEST;
    }

    static boolean isIndex(String mediaType) {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST);
    }

    static boolean isManifest(String mediaType) {
        return mediaType.equals(OCI_MANIFEST) || mediaType.equals(DOCKER_MANIFEST);
    }
}

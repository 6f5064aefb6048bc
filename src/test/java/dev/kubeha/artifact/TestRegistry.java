package dev.kubeha.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import land.oras.ContainerRef;
import land.oras.Index;
import land.oras.Manifest;
import land.oras.Registry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real registry for tests: Debian's {@code docker-registry} (Distribution 2.8) on
 * {@code 127.0.0.1} on a free port, with its own configuration and filesystem storage under a
 * directory the test gives (a {@code @TempDir}), plus tiny images built and pushed through ORAS.
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.start(tmp)) {
 *     TestRegistry.TestImage pause = registry.pushImage("pause", "3.10", List.of("amd64", "arm64"));
 *     ImageSources sources = registry.mirrorOf("registry.k8s.io");   // registry.k8s.io=127.0.0.1:PORT, insecure
 *     new ImageFetcher(cache, sources).fetch("registry.k8s.io/pause:3.10", List.of("amd64"), DownloadProgress.NONE);
 * }
 * }</pre>
 *
 * Each image has, per architecture, one gzip'd layer holding {@code hello.txt} (its text names the
 * repository and architecture) and a config with that {@code architecture} and {@code os: linux};
 * {@link #pushImage} pushes an OCI image index over them, {@link #pushSingleArch} a plain
 * manifest. The test is skipped (an assumption) when {@code /usr/bin/docker-registry} is missing.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String BINARY = "/usr/bin/docker-registry";
    private static final long MTIME = 946684800000L;
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private final Path dir;
    private final int port;
    private Process process;
    /** Set for a registry that serves another one's storage over HTTPS ({@link #startTls}). */
    private Path sharedStorage;
    private Path certificate;
    private Path key;

    /** One pushed image: its index (or manifest) digest and, per architecture, its blobs. */
    public record TestImage(String repository, String tag, String digest, Map<String, String> manifests,
                            Map<String, String> configs, Map<String, String> layers) {
    }

    private TestRegistry(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips the calling test when the registry binary is not installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(BINARY)),
                BINARY + " is not installed (Debian package docker-registry)");
    }

    /** Starts a registry with its configuration and storage under {@code dir}. */
    public static TestRegistry start(Path dir) throws IOException {
        assumeAvailable();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestRegistry registry = new TestRegistry(dir, port);
        registry.launch();
        return registry;
    }

    private void launch() throws IOException {
        Files.createDirectories(storage());
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(storage(), port)
                + (certificate == null ? "" : "  tls:\n    certificate: %s\n    key: %s\n".formatted(certificate, key)));
        process = new ProcessBuilder(BINARY, "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!up(client)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Whether the registry answers: /v2/ over HTTP, or a TCP connection for one serving TLS. */
    private boolean up(HttpClient client) throws IOException {
        try {
            if (certificate != null) {
                new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port).close();
                return true;
            }
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            return false; // not up yet
        }
    }

    /** {@code 127.0.0.1:PORT} */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The registry's filesystem storage. */
    public Path storage() {
        return sharedStorage != null ? sharedStorage : dir.resolve("storage");
    }

    /**
     * A second registry over HTTPS with {@code certificate} and {@code key} (PEM) that serves the
     * storage of {@code plain}: what is pushed to one over HTTP is pulled from the other over TLS,
     * as a site registry with its own CA.
     */
    public static TestRegistry startTls(Path dir, TestRegistry plain, Path certificate, Path key) throws IOException {
        assumeAvailable();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestRegistry registry = new TestRegistry(dir, port);
        registry.sharedStorage = plain.storage();
        registry.certificate = certificate;
        registry.key = key;
        registry.launch();
        return registry;
    }

    /** Where the registry keeps blob {@code digest} ({@code sha256:<hex>}): tamper with it to test verification. */
    public Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    /** This registry as the mirror of each of {@code upstreams}, spoken to over plain HTTP. */
    public ImageSources mirrorOf(String... upstreams) {
        List<String> mirrors = new ArrayList<>();
        for (String upstream : upstreams) {
            mirrors.add(upstream + "=" + host());
        }
        return ImageSources.parse(mirrors, List.of(host()));
    }

    /** An ORAS client of this registry (plain HTTP). */
    public Registry oras() {
        return Registry.builder().insecure().build();
    }

    /** Pushes a tiny image under {@code repository:tag}: an OCI index over one manifest per architecture. */
    public TestImage pushImage(String repository, String tag, List<String> arches) throws IOException {
        Registry oras = oras();
        ContainerRef ref = ContainerRef.parse(host() + "/" + repository + ":" + tag);
        Map<String, String> manifests = new LinkedHashMap<>();
        Map<String, String> configs = new LinkedHashMap<>();
        Map<String, String> layers = new LinkedHashMap<>();
        StringBuilder entries = new StringBuilder();
        for (String arch : arches) {
            byte[] manifest = pushPlatform(oras, ref, repository, arch, configs, layers);
            String digest = "sha256:" + Sha256.of(manifest);
            oras.pushManifest(ref.withDigest(digest), Manifest.fromJson(new String(manifest, StandardCharsets.UTF_8)));
            manifests.put(arch, digest);
            entries.append(entries.length() == 0 ? "" : ",").append("""
                    {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,\
                    "platform":{"architecture":"%s","os":"linux"}}""".formatted(digest, manifest.length, arch));
        }
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + entries + "]}";
        Index pushed = oras.pushIndex(ref, Index.fromJson(index));
        return new TestImage(repository, tag, pushed.getDescriptor().getDigest(), manifests, configs, layers);
    }

    /** Pushes a tiny single-platform image under {@code repository:tag}: a plain manifest, no index. */
    public TestImage pushSingleArch(String repository, String tag, String arch) throws IOException {
        Registry oras = oras();
        ContainerRef ref = ContainerRef.parse(host() + "/" + repository + ":" + tag);
        Map<String, String> configs = new LinkedHashMap<>();
        Map<String, String> layers = new LinkedHashMap<>();
        byte[] manifest = pushPlatform(oras, ref, repository, arch, configs, layers);
        String digest = "sha256:" + Sha256.of(manifest);
        oras.pushManifest(ref.withDigest(digest), Manifest.fromJson(new String(manifest, StandardCharsets.UTF_8)));
        // the tag, byte for byte (ORAS's pushManifest by tag would add a "created" annotation)
        putManifest(repository, tag, manifest, OCI_MANIFEST);
        return new TestImage(repository, tag, digest, Map.of(arch, digest), configs, layers);
    }

    /**
     * Pushes a tiny image with Docker's media types: a manifest list v2 over Docker image manifests
     * v2, as many images on registry.k8s.io and docker.io are. ORAS 0.2.15 sends every manifest as an
     * OCI one, so these manifests go up with a plain HTTP PUT.
     */
    public TestImage pushDockerImage(String repository, String tag, List<String> arches) throws IOException {
        Registry oras = oras();
        ContainerRef ref = ContainerRef.parse(host() + "/" + repository + ":" + tag);
        Map<String, String> manifests = new LinkedHashMap<>();
        Map<String, String> configs = new LinkedHashMap<>();
        Map<String, String> layers = new LinkedHashMap<>();
        StringBuilder entries = new StringBuilder();
        for (String arch : arches) {
            byte[] manifest = pushPlatform(oras, ref, repository, arch, configs, layers, true);
            String digest = "sha256:" + Sha256.of(manifest);
            putManifest(repository, digest, manifest, DOCKER_MANIFEST);
            manifests.put(arch, digest);
            entries.append(entries.length() == 0 ? "" : ",").append("""
                    {"mediaType":"%s","digest":"%s","size":%d,\
                    "platform":{"architecture":"%s","os":"linux"}}""".formatted(DOCKER_MANIFEST, digest, manifest.length, arch));
        }
        byte[] list = ("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_LIST + "\",\"manifests\":[" + entries + "]}")
                .getBytes(StandardCharsets.UTF_8);
        putManifest(repository, tag, list, DOCKER_LIST);
        return new TestImage(repository, tag, "sha256:" + Sha256.of(list), manifests, configs, layers);
    }

    private void putManifest(String repository, String tagOrDigest, byte[] manifest, String mediaType) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                            URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tagOrDigest))
                    .header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IOException("pushing " + repository + ":" + tagOrDigest + ": HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] pushPlatform(Registry oras, ContainerRef ref, String repository, String arch,
                                       Map<String, String> configs, Map<String, String> layers) throws IOException {
        return pushPlatform(oras, ref, repository, arch, configs, layers, false);
    }

    private static byte[] pushPlatform(Registry oras, ContainerRef ref, String repository, String arch,
                                       Map<String, String> configs, Map<String, String> layers, boolean docker)
            throws IOException {
        byte[] tar = tar("hello.txt", ("hello from " + repository + " for " + arch + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] layer = gzip(tar);
        String layerDigest = "sha256:" + Sha256.of(layer);
        oras.pushBlob(ref.withDigest(layerDigest), layer);
        byte[] config = """
                {"architecture":"%s","os":"linux","config":{"Cmd":["/hello"]},\
                "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}""".formatted(arch, Sha256.of(tar))
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = "sha256:" + Sha256.of(config);
        oras.pushBlob(ref.withDigest(configDigest), config);
        configs.put(arch, configDigest);
        layers.put(arch, layerDigest);
        return """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
                .formatted(docker ? DOCKER_MANIFEST : OCI_MANIFEST,
                        docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json",
                        configDigest, config.length,
                        docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip",
                        layerDigest, layer.length).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tar(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setMode(0100644);
            e.setModTime(MTIME);
            e.setUserName("");
            e.setGroupName("");
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Stops the registry; its storage stays. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}

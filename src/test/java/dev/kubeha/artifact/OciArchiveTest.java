package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OciArchive: the layout's content, reproducibility, verify, and a real containerd importing it. */
class OciArchiveTest {
    @TempDir
    Path tmp;

    private record Fetched(TestRegistry.TestImage image, FetchedImage fetched, ArtifactCache cache) {
    }

    private Fetched fetchPause(TestRegistry registry, List<String> pushed, List<String> fetched) throws IOException {
        TestRegistry.TestImage pause = registry.pushImage("pause", "3.10", pushed);
        ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
        FetchedImage image = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"))
                .fetch("registry.k8s.io/pause:3.10", fetched, DownloadProgress.NONE);
        return new Fetched(pause, image, cache);
    }

    @Test
    void theLayoutNamesTheImageAsKubeadmAsksForItAndHoldsOnlyTheRequestedPlatform() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            Fetched f = fetchPause(registry, List.of("amd64", "arm64"), List.of("amd64"));
            Path archive = tmp.resolve("pause.tar");
            OciArchive.write(f.fetched(), f.cache(), archive);

            Map<String, byte[]> entries = entries(archive);
            List<String> blobs = new ArrayList<>();
            for (String hex : f.fetched().blobs()) {
                blobs.add("blobs/sha256/" + hex);
            }
            assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(concat(
                    List.of("oci-layout", "index.json", "blobs/", "blobs/sha256/"), blobs));
            assertThat(entries.keySet()).doesNotContain("blobs/sha256/" + f.image().layers().get("arm64").substring(7));
            assertThat(new String(entries.get("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
            JsonNode index = new ObjectMapper().readTree(entries.get("index.json"));
            JsonNode d = index.path("manifests").get(0);
            assertThat(index.path("manifests")).hasSize(1);
            assertThat(d.path("digest").asText()).isEqualTo(f.image().digest());
            assertThat(d.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
            assertThat(d.path("size").asLong()).isEqualTo(Files.size(f.cache().pathOf(f.fetched().sha256())));
            assertThat(d.path("annotations").path("io.containerd.image.name").asText()).isEqualTo("registry.k8s.io/pause:3.10");
            assertThat(d.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("3.10");
            assertThat(OciArchive.references(archive)).containsExactly("registry.k8s.io/pause:3.10");
            assertThat(OciArchive.verify(archive)).isEmpty();
        }
    }

    @Test
    void aDigestPinnedImageIsNamedByItsDigestAsCriLooksItUp() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage cilium = registry.pushImage("cilium/cilium", "v1.18.0", List.of("amd64"));
            ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
            FetchedImage image = new ImageFetcher(cache, registry.mirrorOf("quay.io"))
                    .fetch("quay.io/cilium/cilium:v1.18.0@" + cilium.digest(), List.of("amd64"), DownloadProgress.NONE);
            Path archive = tmp.resolve("cilium.tar");
            OciArchive.write(image, cache, archive);

            assertThat(image.digest()).isEqualTo(cilium.digest());
            assertThat(OciArchive.references(archive)).containsExactly("quay.io/cilium/cilium@" + cilium.digest());
            JsonNode d = new ObjectMapper().readTree(entries(archive).get("index.json")).path("manifests").get(0);
            assertThat(d.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("v1.18.0");
            assertThat(Files.exists(ImageFetcher.tagRecord(cache.root(), ImageReference.parse("quay.io/cilium/cilium:v1.18.0"))))
                    .isFalse();
        }
    }

    @Test
    void twoExportsAreTheSameBytes() throws IOException, InterruptedException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            Fetched f = fetchPause(registry, List.of("amd64", "arm64"), List.of("amd64", "arm64"));
            Path one = tmp.resolve("one.tar");
            Path two = tmp.resolve("two.tar");
            OciArchive.write(f.fetched(), f.cache(), one);
            Thread.sleep(1100);
            OciArchive.write(f.fetched(), f.cache(), two);
            assertThat(Sha256.of(two)).isEqualTo(Sha256.of(one));
        }
    }

    @Test
    void verifyReportsABlobThatDoesNotMatchItsNameAndAMissingLayer() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            Fetched f = fetchPause(registry, List.of("amd64"), List.of("amd64"));
            Path archive = tmp.resolve("pause.tar");
            OciArchive.write(f.fetched(), f.cache(), archive);
            String layer = f.image().layers().get("amd64").substring(7);
            String config = f.image().configs().get("amd64").substring(7);

            Map<String, byte[]> entries = entries(archive);
            entries.put("blobs/sha256/" + layer, "tampered".getBytes());
            entries.remove("blobs/sha256/" + config);
            Path damaged = tmp.resolve("damaged.tar");
            writeEntries(entries, damaged);

            assertThat(OciArchive.verify(damaged)).containsExactly(
                    "blobs/sha256/" + layer + " has sha256 " + Sha256.of("tampered".getBytes()) + ", not the " + layer
                            + " it is named by",
                    "registry.k8s.io/pause:3.10: blob sha256:" + config + " is missing",
                    "registry.k8s.io/pause:3.10: blob sha256:" + layer + " is missing");
        }
    }

    @Test
    void containerdImportsThePartialIndexWithPlatformUnderTheKubeadmName() throws IOException {
        TestContainerd.assumeAvailable();
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"));
             TestContainerd containerd = TestContainerd.start(tmp.resolve("containerd"))) {
            Fetched f = fetchPause(registry, List.of("amd64", "arm64"), List.of("amd64"));
            Path archive = tmp.resolve("pause.tar");
            OciArchive.write(f.fetched(), f.cache(), archive);

            TestContainerd.Result imported = containerd.ctr("-n", "k8s.io", "images", "import", "--platform", "linux/amd64",
                    archive.toString());

            assertThat(imported.exitCode()).as(imported.output()).isZero();
            assertThat(containerd.imageNames("k8s.io")).containsExactly("registry.k8s.io/pause:3.10");
            TestContainerd.Result listed = containerd.ctr("-n", "k8s.io", "images", "ls");
            assertThat(listed.output()).contains(f.image().digest());
        }
    }

    @Test
    void containerdImportsADockerManifestListArchiveUnderTheKubeadmName() throws IOException {
        TestContainerd.assumeAvailable();
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"));
             TestContainerd containerd = TestContainerd.start(tmp.resolve("containerd"))) {
            TestRegistry.TestImage proxy = registry.pushDockerImage("kube-proxy", "v1.35.0", List.of("amd64", "arm64"));
            ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
            FetchedImage image = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"))
                    .fetch("registry.k8s.io/kube-proxy:v1.35.0", List.of("amd64"), DownloadProgress.NONE);
            Path archive = tmp.resolve("kube-proxy.tar");
            OciArchive.write(image, cache, archive);
            assertThat(OciArchive.verify(archive)).isEmpty();

            TestContainerd.Result imported = containerd.ctr("-n", "k8s.io", "images", "import", "--platform", "linux/amd64",
                    archive.toString());

            assertThat(imported.exitCode()).as(imported.output()).isZero();
            assertThat(containerd.imageNames("k8s.io")).containsExactly("registry.k8s.io/kube-proxy:v1.35.0");
            assertThat(containerd.ctr("-n", "k8s.io", "images", "ls").output()).contains(proxy.digest());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static Map<String, byte[]> entries(Path archive) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.put(e.getName(), tar.readAllBytes());
            }
        }
        return out;
    }

    private static void writeEntries(Map<String, byte[]> entries, Path archive) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getKey().endsWith("/") ? 0 : e.getValue().length);
                tar.putArchiveEntry(entry);
                if (!e.getKey().endsWith("/")) {
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
        }
        Files.write(archive, bytes.toByteArray());
    }
}

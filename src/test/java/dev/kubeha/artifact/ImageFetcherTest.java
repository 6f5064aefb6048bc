package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageFetcher against a real docker-registry serving as the mirror of registry.k8s.io. */
class ImageFetcherTest {
    @TempDir
    Path tmp;

    private ArtifactCache cache() {
        return new ArtifactCache(tmp.resolve("cache"));
    }

    @Test
    void fetchesTheIndexAndTheRequestedPlatformsIntoTheCache() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage pause = registry.pushImage("pause", "3.10", List.of("amd64", "arm64"));
            ArtifactCache cache = cache();
            AtomicLong planned = new AtomicLong(-1);
            List<String> downloaded = new ArrayList<>();
            DownloadProgress progress = new DownloadProgress() {
                @Override
                public void planned(String reference, long bytesToDownload, long bytesInCache) {
                    planned.set(bytesToDownload);
                }

                @Override
                public void finished(String reference, String sha256, long bytes, boolean fromNetwork) {
                    if (fromNetwork) {
                        downloaded.add(sha256);
                    }
                }
            };

            FetchedImage image = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"))
                    .fetch("registry.k8s.io/pause:3.10", List.of("linux/amd64"), progress);

            assertThat(image.reference()).isEqualTo("registry.k8s.io/pause:3.10");
            assertThat(image.digest()).isEqualTo(pause.digest());
            assertThat(image.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
            assertThat(image.arches()).containsExactly("amd64");
            assertThat(image.blobs()).containsExactly(hex(pause.digest()), hex(pause.manifests().get("amd64")),
                    hex(pause.configs().get("amd64")), hex(pause.layers().get("amd64")));
            long bytes = 0;
            for (String blob : image.blobs()) {
                Path file = cache.pathOf(blob);
                assertThat(Sha256.of(file)).isEqualTo(blob);
                bytes += Files.size(file);
            }
            assertThat(image.bytes()).isEqualTo(bytes);
            assertThat(Files.exists(cache.pathOf(hex(pause.layers().get("arm64"))))).isFalse();
            assertThat(planned.get()).isPositive();
            assertThat(downloaded).containsExactlyInAnyOrderElementsOf(image.blobs());
            assertThat(Files.readString(ImageFetcher.tagRecord(cache.root(), ImageReference.parse(image.reference()))).strip())
                    .isEqualTo(pause.digest());
        }
    }

    @Test
    void aMirrorWithAPathPrefixServesEachRegistryUnderItsOwnPath() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage pause = registry.pushImage("k8s/pause", "3.10", List.of("amd64"));
            TestRegistry.TestImage busybox = registry.pushImage("hub/library/busybox", "1.36", List.of("amd64"));
            ImageSources sources = ImageSources.parse(
                    List.of("registry.k8s.io=" + registry.host() + "/k8s", "docker.io=" + registry.host() + "/hub"),
                    List.of(registry.host()));
            ImageFetcher fetcher = new ImageFetcher(cache(), sources);

            assertThat(fetcher.fetch("registry.k8s.io/pause:3.10", List.of("amd64"), DownloadProgress.NONE).digest())
                    .isEqualTo(pause.digest());
            assertThat(fetcher.fetch("docker.io/busybox:1.36", List.of("amd64"), DownloadProgress.NONE).digest())
                    .isEqualTo(busybox.digest());
        }
    }

    @Test
    void aSecondFetchDownloadsNothingAndDoesNotContactTheRegistry() throws IOException {
        ArtifactCache cache = cache();
        FetchedImage first;
        ImageSources sources;
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            registry.pushImage("kube-apiserver", "v1.35.0", List.of("amd64", "arm64"));
            sources = registry.mirrorOf("registry.k8s.io");
            first = new ImageFetcher(cache, sources).fetch("registry.k8s.io/kube-apiserver:v1.35.0",
                    List.of("amd64", "arm64"), DownloadProgress.NONE);
            registry.stop();
        }
        List<Boolean> network = new ArrayList<>();
        FetchedImage second = new ImageFetcher(cache, sources).fetch("registry.k8s.io/kube-apiserver:v1.35.0",
                List.of("amd64", "arm64"), new DownloadProgress() {
                    @Override
                    public void finished(String reference, String sha256, long bytes, boolean downloaded) {
                        network.add(downloaded);
                    }
                });
        assertThat(second).isEqualTo(first);
        assertThat(second.blobs()).hasSize(7);
        assertThat(network).hasSize(7).containsOnly(false);
    }

    @Test
    void aDamagedCacheBlobIsDownloadedAgain() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage pause = registry.pushImage("pause", "3.10", List.of("amd64"));
            ArtifactCache cache = cache();
            ImageFetcher fetcher = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"));
            FetchedImage first = fetcher.fetch("registry.k8s.io/pause:3.10", List.of("amd64"), DownloadProgress.NONE);
            Path layer = cache.pathOf(hex(pause.layers().get("amd64")));
            Files.write(layer, new byte[] {1, 2, 3});

            FetchedImage second = fetcher.fetch("registry.k8s.io/pause:3.10", List.of("amd64"), DownloadProgress.NONE);

            assertThat(second).isEqualTo(first);
            assertThat(Sha256.of(layer)).isEqualTo(hex(pause.layers().get("amd64")));
        }
    }

    @Test
    void aDamagedCacheBlobWithTheRegistryGoneIsReported() throws IOException {
        ArtifactCache cache = cache();
        ImageSources sources;
        String layerDigest;
        String host;
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            layerDigest = registry.pushImage("pause", "3.10", List.of("amd64")).layers().get("amd64");
            sources = registry.mirrorOf("registry.k8s.io");
            host = registry.host();
            new ImageFetcher(cache, sources).fetch("registry.k8s.io/pause:3.10", List.of("amd64"), DownloadProgress.NONE);
        }
        Files.write(cache.pathOf(hex(layerDigest)), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> new ImageFetcher(cache, sources).fetch("registry.k8s.io/pause:3.10", List.of("amd64"),
                DownloadProgress.NONE))
                .isInstanceOf(ImageException.class)
                .hasMessageStartingWith("image registry.k8s.io/pause:3.10: cannot reach registry " + host + ": ");
        assertThat(Files.exists(cache.pathOf(hex(layerDigest)))).isFalse();
    }

    @Test
    void aPlainHttpMirrorWithoutInsecureRegistrySaysWhatToAdd() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            registry.pushImage("pause", "3.10", List.of("amd64"));
            ImageSources https = ImageSources.parse(List.of("registry.k8s.io=" + registry.host()), List.of());

            assertThatThrownBy(() -> new ImageFetcher(cache(), https).fetch("registry.k8s.io/pause:3.10", List.of("amd64"),
                    DownloadProgress.NONE))
                    .isInstanceOf(ImageException.class)
                    .hasMessageStartingWith("image registry.k8s.io/pause:3.10: cannot reach registry " + registry.host()
                            + " over HTTPS: ")
                    .hasMessageEndingWith(" (if it speaks plain HTTP, add --insecure-registry " + registry.host() + ")");
        }
    }

    @Test
    void anUnknownImageIsNamedWithItsRegistry() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            registry.pushImage("pause", "3.10", List.of("amd64"));
            ImageFetcher fetcher = new ImageFetcher(cache(), registry.mirrorOf("registry.k8s.io"));

            assertThatThrownBy(() -> fetcher.fetch("registry.k8s.io/pause:9.9", List.of("amd64"), DownloadProgress.NONE))
                    .isInstanceOf(ImageException.class)
                    .hasMessage("image registry.k8s.io/pause:9.9 was not found on " + registry.host()
                            + " (the mirror of registry.k8s.io): HTTP 404");
            assertThat(Files.exists(ImageFetcher.tagRecord(tmp.resolve("cache"), ImageReference.parse("registry.k8s.io/pause:9.9"))))
                    .isFalse();
        }
    }

    @Test
    void anArchitectureTheImageDoesNotHaveIsAnError() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            registry.pushImage("pause", "3.10", List.of("amd64"));
            ImageFetcher fetcher = new ImageFetcher(cache(), registry.mirrorOf("registry.k8s.io"));

            assertThatThrownBy(() -> fetcher.fetch("registry.k8s.io/pause:3.10", List.of("amd64", "arm64"), DownloadProgress.NONE))
                    .isInstanceOf(ImageException.class)
                    .hasMessage("image registry.k8s.io/pause:3.10 has no linux/arm64 variant (it has linux/amd64)");
        }
    }

    @Test
    void aDockerManifestListIsFetchedAsServed() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage proxy = registry.pushDockerImage("kube-proxy", "v1.35.0", List.of("amd64", "arm64"));
            ArtifactCache cache = cache();

            FetchedImage image = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"))
                    .fetch("registry.k8s.io/kube-proxy:v1.35.0", List.of("arm64"), DownloadProgress.NONE);

            assertThat(image.digest()).isEqualTo(proxy.digest());
            assertThat(image.mediaType()).isEqualTo(TestRegistry.DOCKER_LIST);
            assertThat(image.blobs()).containsExactly(hex(proxy.digest()), hex(proxy.manifests().get("arm64")),
                    hex(proxy.configs().get("arm64")), hex(proxy.layers().get("arm64")));
            for (String blob : image.blobs()) {
                assertThat(Sha256.of(cache.pathOf(blob))).isEqualTo(blob);
            }
        }
    }

    @Test
    void aSingleArchImageIsAcceptedForItsArchitectureOnly() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage flannel = registry.pushSingleArch("flannel/flannel", "v0.26.1", "amd64");
            ImageFetcher fetcher = new ImageFetcher(cache(), registry.mirrorOf("docker.io"));

            FetchedImage image = fetcher.fetch("docker.io/flannel/flannel:v0.26.1", List.of("amd64"), DownloadProgress.NONE);
            assertThat(image.digest()).isEqualTo(flannel.digest());
            assertThat(image.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
            assertThat(image.blobs()).containsExactly(hex(flannel.digest()), hex(flannel.configs().get("amd64")),
                    hex(flannel.layers().get("amd64")));

            assertThatThrownBy(() -> fetcher.fetch("docker.io/flannel/flannel:v0.26.1", List.of("arm64"), DownloadProgress.NONE))
                    .isInstanceOf(ImageException.class)
                    .hasMessage("image docker.io/flannel/flannel:v0.26.1 has no linux/arm64 variant: it is a single-platform"
                            + " image for linux/amd64");
        }
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestIsRefused() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage pause = registry.pushImage("pause", "3.10", List.of("amd64"));
            String layer = pause.layers().get("amd64");
            Path stored = registry.blobFile(layer);
            byte[] bytes = Files.readAllBytes(stored);
            bytes[bytes.length - 1] ^= 0x55;
            Files.write(stored, bytes);
            ArtifactCache cache = cache();
            ImageFetcher fetcher = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"));

            assertThatThrownBy(() -> fetcher.fetch("registry.k8s.io/pause:3.10", List.of("amd64"), DownloadProgress.NONE))
                    .isInstanceOf(ImageException.class)
                    .hasMessage("image registry.k8s.io/pause:3.10: blob " + layer + " from " + registry.host()
                            + " (the mirror of registry.k8s.io) has sha256 " + Sha256.of(bytes) + ", not the published "
                            + hex(layer) + ": refused");
            assertThat(Files.exists(cache.pathOf(hex(layer)))).isFalse();
        }
    }

    @Test
    void anInterruptedFetchStopsAndKeepsNothingPartial() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            TestRegistry.TestImage pause = registry.pushImage("pause", "3.10", List.of("amd64"));
            ArtifactCache cache = cache();
            ImageFetcher fetcher = new ImageFetcher(cache, registry.mirrorOf("registry.k8s.io"));

            assertThatThrownBy(() -> fetcher.fetch("registry.k8s.io/pause:3.10", List.of("amd64"), new DownloadProgress() {
                @Override
                public boolean cancelled() {
                    return true;
                }
            })).isInstanceOf(InterruptedIOException.class).hasMessage("image registry.k8s.io/pause:3.10: download cancelled");
            assertThat(Files.exists(cache.pathOf(hex(pause.layers().get("amd64"))))).isFalse();
        }
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }
}

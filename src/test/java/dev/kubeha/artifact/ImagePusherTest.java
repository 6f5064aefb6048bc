package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names kubeadm pulls with imageRepository, and pushing an archive to a second real registry. */
class ImagePusherTest {
    @TempDir
    Path tmp;

    @Test
    void kubernetesImagesGoDirectlyUnderTheSiteRegistry() {
        assertThat(ImagePusher.siteReference("registry.k8s.io/kube-apiserver:v1.35.0", "registry.example:5000"))
                .isEqualTo("registry.example:5000/kube-apiserver:v1.35.0");
        assertThat(ImagePusher.siteReference("registry.k8s.io/pause:3.10", "registry.example:5000"))
                .isEqualTo("registry.example:5000/pause:3.10");
        assertThat(ImagePusher.siteReference("registry.k8s.io/etcd:3.6.5-0", "registry.example:5000"))
                .isEqualTo("registry.example:5000/etcd:3.6.5-0");
    }

    @Test
    void coreDnsLosesItsCorednsPathAsKubeadmsGetDnsImageDoes() {
        assertThat(ImagePusher.siteReference("registry.k8s.io/coredns/coredns:v1.12.1", "registry.example:5000"))
                .isEqualTo("registry.example:5000/coredns:v1.12.1");
    }

    @Test
    void otherRegistriesImagesKeepTheirPath() {
        assertThat(ImagePusher.siteReference("docker.io/flannel/flannel:v0.26.1", "registry.example:5000"))
                .isEqualTo("registry.example:5000/flannel/flannel:v0.26.1");
        assertThat(ImagePusher.siteReference("quay.io/cilium/cilium:v1.18.0", "registry.example"))
                .isEqualTo("registry.example/cilium/cilium:v1.18.0");
    }

    @Test
    void aPinnedImageKeepsItsDigest() {
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(ImagePusher.siteReference("quay.io/cilium/cilium:v1.18.0@" + digest, "registry.example:5000"))
                .isEqualTo("registry.example:5000/cilium/cilium:v1.18.0@" + digest);
    }

    @Test
    void aSiteRegistryWithAPathPrefixesEveryImage() {
        assertThat(ImagePusher.siteReference("registry.k8s.io/coredns/coredns:v1.12.1", "registry.example:5000/k8s/"))
                .isEqualTo("registry.example:5000/k8s/coredns:v1.12.1");
    }

    @Test
    void aSiteRegistryWithASchemeIsRefused() {
        assertThatThrownBy(() -> ImagePusher.siteReference("registry.k8s.io/pause:3.10", "https://registry.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("site registry https://registry.example: expected HOST[:PORT][/PATH] without a scheme,"
                        + " e.g. registry.example:5000");
    }

    @Test
    void pushesAnArchiveSoThatTheSiteRegistryServesItUnderTheKubeadmName() throws IOException, InterruptedException {
        try (TestRegistry upstream = TestRegistry.start(tmp.resolve("upstream"));
             TestRegistry site = TestRegistry.start(tmp.resolve("site"))) {
            TestRegistry.TestImage coredns = upstream.pushImage("coredns/coredns", "v1.12.1", List.of("amd64", "arm64"));
            ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
            FetchedImage all = new ImageFetcher(cache, upstream.mirrorOf("registry.k8s.io"))
                    .fetch("registry.k8s.io/coredns/coredns:v1.12.1", List.of("amd64", "arm64"), DownloadProgress.NONE);
            Path archive = tmp.resolve("coredns.tar");
            OciArchive.write(all, cache, archive);

            new ImagePusher(tmp.resolve("work")).push(archive, site.host(), site.mirrorOf());

            HttpResponse<String> index = get(site, "coredns/manifests/v1.12.1");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(coredns.digest());
            assertThat(Sha256.of(index.body().getBytes())).isEqualTo(coredns.digest().substring(7));
            HttpResponse<String> arm = get(site, "coredns/manifests/" + coredns.manifests().get("arm64"));
            assertThat(arm.statusCode()).isEqualTo(200);
            assertThat(get(site, "coredns/blobs/" + coredns.layers().get("arm64")).statusCode()).isEqualTo(200);

            // and a node's pull by the name kubeadm uses finds the upstream image
            String siteName = ImagePusher.siteReference("registry.k8s.io/coredns/coredns:v1.12.1", site.host());
            FetchedImage pulled = new ImageFetcher(new ArtifactCache(tmp.resolve("node-cache")),
                    ImageSources.parse(List.of(), List.of(site.host())))
                    .fetch(siteName, List.of("amd64", "arm64"), DownloadProgress.NONE);
            assertThat(pulled.digest()).isEqualTo(coredns.digest());
            assertThat(pulled.blobs()).containsExactlyElementsOf(all.blobs());
        }
    }

    @Test
    void aPartialArchiveIsServedAsAnIndexOfItsPlatformsWithTheUpstreamManifests() throws IOException, InterruptedException {
        try (TestRegistry upstream = TestRegistry.start(tmp.resolve("upstream"));
             TestRegistry site = TestRegistry.start(tmp.resolve("site"))) {
            TestRegistry.TestImage apiserver = upstream.pushImage("kube-apiserver", "v1.35.0", List.of("amd64", "arm64"));
            ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
            FetchedImage amd64 = new ImageFetcher(cache, upstream.mirrorOf("registry.k8s.io"))
                    .fetch("registry.k8s.io/kube-apiserver:v1.35.0", List.of("amd64"), DownloadProgress.NONE);
            Path archive = tmp.resolve("apiserver.tar");
            OciArchive.write(amd64, cache, archive);

            new ImagePusher(tmp.resolve("work")).push(archive, site.host(), site.mirrorOf());

            HttpResponse<String> index = get(site, "kube-apiserver/manifests/v1.35.0");
            assertThat(index.statusCode()).isEqualTo(200);
            JsonNode manifests = new ObjectMapper().readTree(index.body()).path("manifests");
            assertThat(manifests).hasSize(1);
            assertThat(manifests.get(0).path("digest").asText()).isEqualTo(apiserver.manifests().get("amd64"));
            assertThat(manifests.get(0).path("platform").path("architecture").asText()).isEqualTo("amd64");
            assertThat(get(site, "kube-apiserver/manifests/" + apiserver.manifests().get("amd64")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aDockerManifestListKeepsItsMediaTypesAndDigests() throws IOException, InterruptedException {
        try (TestRegistry upstream = TestRegistry.start(tmp.resolve("upstream"));
             TestRegistry site = TestRegistry.start(tmp.resolve("site"))) {
            TestRegistry.TestImage flannel = upstream.pushDockerImage("flannel/flannel", "v0.26.1", List.of("amd64", "arm64"));
            ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"));
            FetchedImage all = new ImageFetcher(cache, upstream.mirrorOf("docker.io"))
                    .fetch("docker.io/flannel/flannel:v0.26.1", List.of("amd64", "arm64"), DownloadProgress.NONE);
            Path archive = tmp.resolve("flannel.tar");
            OciArchive.write(all, cache, archive);

            new ImagePusher(tmp.resolve("work")).push(archive, site.host(), site.mirrorOf());

            HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + site.host() + "/v2/flannel/flannel/manifests/v0.26.1"))
                    .header("Accept", TestRegistry.DOCKER_LIST).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.headers().firstValue("Content-Type")).hasValue(TestRegistry.DOCKER_LIST);
            assertThat(list.headers().firstValue("Docker-Content-Digest")).hasValue(flannel.digest());
        }
    }

    private static HttpResponse<String> get(TestRegistry registry, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + path))
                .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

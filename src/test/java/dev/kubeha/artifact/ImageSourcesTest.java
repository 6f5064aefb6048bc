package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSourcesTest {

    @Test
    void withoutMirrorsEachRegistryIsItselfOverHttps() {
        ImageSources none = ImageSources.none();
        assertThat(none.endpoint("registry.k8s.io")).isEqualTo(new ImageSources.Endpoint("registry.k8s.io", "", false));
        assertThat(none.endpoint("quay.io")).isEqualTo(new ImageSources.Endpoint("quay.io", "", false));
    }

    @Test
    void dockerIoIsPulledFromRegistry1AsContainerdDoes() {
        assertThat(ImageSources.none().endpoint("docker.io"))
                .isEqualTo(new ImageSources.Endpoint("registry-1.docker.io", "", false));
    }

    @Test
    void aMirrorReplacesTheRegistryAndMayPrefixAPath() {
        ImageSources sources = ImageSources.parse(
                List.of("registry.k8s.io=mirror.example:5000", "docker.io=mirror.example:5000/dockerhub"),
                List.of("mirror.example:5000"));
        assertThat(sources.endpoint("registry.k8s.io")).isEqualTo(new ImageSources.Endpoint("mirror.example:5000", "", true));
        ImageSources.Endpoint hub = sources.endpoint("docker.io");
        assertThat(hub).isEqualTo(new ImageSources.Endpoint("mirror.example:5000", "dockerhub", true));
        assertThat(hub.repository("flannel/flannel")).isEqualTo("dockerhub/flannel/flannel");
        assertThat(sources.endpoint("quay.io").insecure()).isFalse();
        assertThat(sources.isInsecure("mirror.example:5000")).isTrue();
        assertThat(sources.isInsecure("mirror.example")).isFalse();
    }

    @Test
    void aMirrorWithoutEqualsIsRefused() {
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--image-mirror registry.k8s.io: expected FROM=TO, e.g. registry.k8s.io=mirror.example:5000");
    }

    @Test
    void aMirrorWithAnEmptySideIsRefused() {
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io="), List.of()))
                .hasMessage("--image-mirror registry.k8s.io=: expected FROM=TO, e.g. registry.k8s.io=mirror.example:5000");
        assertThatThrownBy(() -> ImageSources.parse(List.of("=mirror.example:5000"), List.of()))
                .hasMessage("--image-mirror =mirror.example:5000: expected FROM=TO, e.g. registry.k8s.io=mirror.example:5000");
    }

    @Test
    void aMirrorWithASchemeIsRefusedAndPointsAtInsecureRegistry() {
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io=http://mirror.example:5000"), List.of()))
                .hasMessage("--image-mirror registry.k8s.io=http://mirror.example:5000: TO is host[:port][/path] without a"
                        + " scheme (e.g. registry.k8s.io=mirror.example:5000); for plain HTTP add --insecure-registry"
                        + " mirror.example:5000");
    }

    @Test
    void aFromWithAPathIsRefused() {
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io/coredns=mirror.example:5000"), List.of()))
                .hasMessage("--image-mirror registry.k8s.io/coredns=mirror.example:5000: FROM must be a registry host such as"
                        + " registry.k8s.io or docker.io, without a path");
    }

    @Test
    void aToWithABadPortOrPathIsRefused() {
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io=mirror.example:99999"), List.of()))
                .hasMessage("--image-mirror registry.k8s.io=mirror.example:99999: TO must be host[:port][/path] with a"
                        + " lower-case path, e.g. registry.k8s.io=mirror.example:5000");
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io=mirror.example/K8s"), List.of()))
                .hasMessage("--image-mirror registry.k8s.io=mirror.example/K8s: TO must be host[:port][/path] with a"
                        + " lower-case path, e.g. registry.k8s.io=mirror.example:5000");
    }

    @Test
    void aRegistryMirroredTwiceIsRefused() {
        assertThatThrownBy(() -> ImageSources.parse(List.of("registry.k8s.io=a.example", "registry.k8s.io=b.example"), List.of()))
                .hasMessage("--image-mirror registry.k8s.io is given twice: give one mirror per registry");
    }

    @Test
    void anInsecureRegistryWithASchemeOrPathIsRefused() {
        assertThatThrownBy(() -> ImageSources.parse(List.of(), List.of("http://mirror.example:5000")))
                .hasMessage("--insecure-registry http://mirror.example:5000: expected HOST[:PORT] without a scheme or path,"
                        + " e.g. mirror.example:5000");
        assertThatThrownBy(() -> ImageSources.parse(List.of(), List.of("mirror.example:5000/k8s")))
                .hasMessage("--insecure-registry mirror.example:5000/k8s: expected HOST[:PORT] without a scheme or path,"
                        + " e.g. mirror.example:5000");
    }

    @Test
    void aReferenceMustBeFullyQualified() {
        assertThat(ImageReference.parse("registry.k8s.io/coredns/coredns:v1.12.1"))
                .isEqualTo(new ImageReference("registry.k8s.io", "coredns/coredns", "v1.12.1", null));
        assertThat(ImageReference.parse("docker.io/busybox:1.36").repository()).isEqualTo("library/busybox");
        String digest = "sha256:" + "ab".repeat(32);
        ImageReference pinned = ImageReference.parse("quay.io/cilium/cilium:v1.18.0@" + digest);
        assertThat(pinned.containerdName()).isEqualTo("quay.io/cilium/cilium@" + digest);
        assertThat(pinned.toString()).isEqualTo("quay.io/cilium/cilium:v1.18.0@" + digest);
        assertThat(ImageReference.parse("quay.io/cilium/cilium@" + digest).tag()).isNull();
        assertThatThrownBy(() -> ImageReference.parse("pause:3.10"))
                .hasMessage("image pause:3.10 is not a full reference REGISTRY/REPOSITORY:TAG, e.g. registry.k8s.io/pause:3.10");
    }
}

package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.ImageList.Image;
import dev.kubeha.render.TestClusters.Combination;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The images a cluster pulls, as {@code kubeadm config images list} names them, from the release table. */
class ImageListTest {
    private static final List<String> KUBEADM_V1_37_1 = List.of(
            "registry.k8s.io/kube-apiserver:v1.37.1",
            "registry.k8s.io/kube-controller-manager:v1.37.1",
            "registry.k8s.io/kube-scheduler:v1.37.1",
            "registry.k8s.io/kube-proxy:v1.37.1",
            "registry.k8s.io/coredns/coredns:v1.14.6",
            "registry.k8s.io/pause:3.10.2");

    private static List<String> references(List<Image> images) {
        return images.stream().map(Image::reference).toList();
    }

    @Test
    void stackedEtcdIsKubeadmsPinnedOne() {
        var c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        List<Image> images = ImageList.of(TestClusters.cluster(c, "v1.37.1", "eth1", null), null);
        assertThat(references(images)).containsExactlyElementsOf(
                concat(KUBEADM_V1_37_1, "registry.k8s.io/etcd:3.7.0-0"));
        assertThat(images).extracting(Image::by).containsOnly("kubeadm");
    }

    @Test
    void eachReleaseHasItsOwnPins() {
        var c = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        assertThat(references(ImageList.of(TestClusters.cluster(c, "v1.35.9", "eth1", null), null))).containsExactly(
                "registry.k8s.io/kube-apiserver:v1.35.9",
                "registry.k8s.io/kube-controller-manager:v1.35.9",
                "registry.k8s.io/kube-scheduler:v1.35.9",
                "registry.k8s.io/kube-proxy:v1.35.9",
                "registry.k8s.io/coredns/coredns:v1.13.1",
                "registry.k8s.io/pause:3.10.1",
                "registry.k8s.io/etcd:3.6.6-0");
    }

    @Test
    void anEtcdVersionInTheFileIsTheImageKubeadmAndKubehaRun() {
        var stacked = new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        assertThat(references(ImageList.of(TestClusters.cluster(stacked, "v1.37.1", "eth1", "3.6.8"), null)))
                .endsWith("registry.k8s.io/etcd:3.6.8-0");
        var pods = new Combination(EtcdTopology.DEDICATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        List<Image> images = ImageList.of(TestClusters.cluster(pods, "v1.37.1", "eth1", "3.6.8"), null);
        assertThat(images.get(images.size() - 1)).isEqualTo(new Image("etcd", "registry.k8s.io/etcd:3.6.8-0", "kubeha"));
        // The same image the static pod manifest names.
        assertThat(TestClusters.file(ClusterRenderer.render(TestClusters.cluster(pods, "v1.37.1", "eth1", "3.6.8"),
                TestClusters.JOIN), "etcd0", NodePaths.ETCD_STATIC_POD).text()).contains("image: registry.k8s.io/etcd:3.6.8-0");
    }

    @Test
    void etcdUnderSystemdPullsNoImage() {
        for (EtcdTopology t : EtcdTopology.values()) {
            var c = new Combination(t, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL);
            assertThat(references(ImageList.of(TestClusters.cluster(c, "v1.37.1", "eth1", null), null)))
                    .as(t.toString()).containsExactlyElementsOf(KUBEADM_V1_37_1);
        }
    }

    @Test
    void aLocalCniManifestAddsItsImagesQualifiedAndOnce() {
        String manifest = """
                apiVersion: apps/v1
                kind: DaemonSet
                spec:
                  template:
                    spec:
                      initContainers:
                        - name: install-cni-plugin
                          image: ghcr.io/flannel-io/flannel-cni-plugin:v1.6.0-flannel1
                        - name: install-cni
                          image: flannel/flannel:v0.26.1
                      containers:
                        - name: kube-flannel
                          image: flannel/flannel:v0.26.1
                        - name: sidecar
                          image: busybox
                ---
                kind: ConfigMap
                data:
                  image: not-a-container-image
                """;
        var c = new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL);
        List<Image> images = ImageList.of(TestClusters.cluster(c, "v1.37.1", "eth1", null), manifest);
        assertThat(references(images)).containsExactlyElementsOf(concat(KUBEADM_V1_37_1,
                "ghcr.io/flannel-io/flannel-cni-plugin:v1.6.0-flannel1",
                "docker.io/flannel/flannel:v0.26.1",
                "docker.io/library/busybox:latest"));
        assertThat(images.get(6)).isEqualTo(new Image("flannel-cni-plugin",
                "ghcr.io/flannel-io/flannel-cni-plugin:v1.6.0-flannel1", "cni"));
    }

    @Test
    void eachNodeImportsOnlyTheImagesItRuns() {
        List<Image> cni = List.of(new Image("flannel", "docker.io/flannel/flannel:v0.26.1", "cni"));
        var dedicatedPods = new Combination(EtcdTopology.DEDICATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);
        var cluster = TestClusters.cluster(dedicatedPods, "v1.37.1", "eth1", null);
        List<Image> all = new java.util.ArrayList<>(ImageList.of(cluster, null));
        all.addAll(cni);
        assertThat(references(ImageList.neededBy(cluster, node(cluster, "master0"), all))).containsExactlyElementsOf(
                concat(KUBEADM_V1_37_1, "docker.io/flannel/flannel:v0.26.1"));
        assertThat(references(ImageList.neededBy(cluster, node(cluster, "worker0"), all))).containsExactly(
                "registry.k8s.io/kube-proxy:v1.37.1", "registry.k8s.io/coredns/coredns:v1.14.6",
                "registry.k8s.io/pause:3.10.2", "docker.io/flannel/flannel:v0.26.1");
        assertThat(references(ImageList.neededBy(cluster, node(cluster, "etcd0"), all))).containsExactly(
                "registry.k8s.io/pause:3.10.2", "registry.k8s.io/etcd:3.7.0-0");

        var stacked = TestClusters.cluster(new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD,
                LoadBalancerMode.EXTERNAL), "v1.37.1", "eth1", null);
        List<Image> stackedImages = ImageList.of(stacked, null);
        assertThat(references(ImageList.neededBy(stacked, node(stacked, "master1"), stackedImages)))
                .contains("registry.k8s.io/etcd:3.7.0-0");
        assertThat(references(ImageList.neededBy(stacked, node(stacked, "worker1"), stackedImages)))
                .doesNotContain("registry.k8s.io/etcd:3.7.0-0", "registry.k8s.io/kube-apiserver:v1.37.1");

        var systemd = TestClusters.cluster(new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD,
                LoadBalancerMode.EXTERNAL), "v1.37.1", "eth1", null);
        assertThat(ImageList.neededBy(systemd, node(systemd, "etcd0"), ImageList.of(systemd, null))).isEmpty();
    }

    private static dev.kubeha.model.Node node(dev.kubeha.model.Cluster cluster, String name) {
        return cluster.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shortNamesAreQualifiedAsContainerdDoes() {
        assertThat(ImageList.qualified("nginx:1.27")).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(ImageList.qualified("localhost:5000/cni:1")).isEqualTo("localhost:5000/cni:1");
        assertThat(ImageList.qualified("localhost/cni")).isEqualTo("localhost/cni:latest");
        assertThat(ImageList.qualified("quay.io/cilium/cilium@sha256:abc")).isEqualTo("quay.io/cilium/cilium@sha256:abc");
    }

    @Test
    void aManifestThatIsNotYamlIsNamed() {
        var c = new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL);
        assertThatThrownBy(() -> ImageList.of(TestClusters.cluster(c, "v1.37.1", "eth1", null), "a: [b\n"))
                .isInstanceOf(RenderException.class).hasMessageStartingWith("the CNI manifest is not YAML: ");
    }

    @Test
    void anUnsupportedReleaseHasNoImageList() {
        var c = new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL);
        assertThatThrownBy(() -> ImageList.of(TestClusters.cluster(c, "v1.38.0", "eth1", null), null))
                .isInstanceOf(RenderException.class)
                .hasMessage("no image list for Kubernetes v1.38.0: it is not a supported release");
    }

    private static List<String> concat(List<String> list, String... more) {
        var all = new java.util.ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }
}

package dev.kubeha.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every container image a cluster's nodes pull, fully qualified, in the order and spelling of
 * {@code kubeadm config images list} for the cluster's release (control plane, kube-proxy,
 * CoreDNS, pause, etcd when kubeadm runs it), then kubeha's own etcd static pod and the images of
 * a local CNI manifest. All tags come from the release table.
 */
public final class ImageList {
    static final String REGISTRY = "registry.k8s.io";

    /** One image and who runs it: kubeadm, kubeha (the etcd static pod) or the CNI manifest. */
    public record Image(String name, String reference, String by) {
    }

    private ImageList() {
    }

    /**
     * @param cniManifest the local CNI manifest's content, or null (none, or a URL the node fetches)
     * @throws RenderException when the cluster's Kubernetes version is not a supported one, or the
     *                         manifest is not YAML
     */
    public static List<Image> of(Cluster cluster, String cniManifest) {
        KubernetesRelease release = cluster.release().orElseThrow(() -> new RenderException(
                "no image list for Kubernetes " + cluster.kubernetesVersion() + ": it is not a supported release"));
        String v = cluster.kubernetesVersion();
        List<Image> images = new ArrayList<>();
        for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy")) {
            images.add(new Image(component, REGISTRY + "/" + component + ":" + v, "kubeadm"));
        }
        images.add(new Image("coredns", REGISTRY + "/coredns/coredns:" + release.coreDns(), "kubeadm"));
        images.add(new Image("pause", REGISTRY + "/pause:" + release.pause(), "kubeadm"));
        String etcdTag = cluster.etcd().version() == null
                ? release.etcd()
                : EtcdStaticPodRenderer.imageTag(cluster.etcd().version());
        String etcd = EtcdStaticPodRenderer.IMAGE_REPOSITORY + ":" + etcdTag;
        if (cluster.etcd().stacked()) {
            images.add(new Image("etcd", etcd, "kubeadm"));
        } else if (cluster.etcd().topology() == EtcdTopology.DEDICATED && cluster.etcd().runtime() == EtcdRuntime.STATIC_POD) {
            images.add(new Image("etcd", etcd, "kubeha"));
        }
        if (cniManifest != null) {
            Set<String> seen = new LinkedHashSet<>();
            images.forEach(i -> seen.add(i.reference()));
            for (String image : manifestImages(cniManifest)) {
                if (seen.add(image)) {
                    images.add(new Image(image.substring(image.lastIndexOf('/') + 1).split("[:@]")[0], image, "cni"));
                }
            }
        }
        return List.copyOf(images);
    }

    /**
     * The images of {@code images} that {@code node} runs, so that an air-gapped node imports only
     * those: a control-plane node everything (its kubelet may run any pod of the control plane,
     * CoreDNS and the CNI's DaemonSet; etcd when stacked), a worker kube-proxy, CoreDNS, pause and
     * the CNI's images, and a dedicated etcd member run as a static pod the etcd image and pause.
     * A dedicated etcd member run by systemd runs no containers.
     */
    public static List<Image> neededBy(Cluster cluster, Node node, List<Image> images) {
        boolean master = node.hasRole(Role.CONTROL_PLANE);
        boolean worker = node.hasRole(Role.WORKER);
        boolean etcdPod = node.hasRole(Role.ETCD) && cluster.etcd().topology() == EtcdTopology.DEDICATED
                && cluster.etcd().runtime() == EtcdRuntime.STATIC_POD;
        List<Image> out = new ArrayList<>();
        for (Image image : images) {
            boolean needed = image.by().equals("cni") ? master || worker : switch (image.name()) {
                case "etcd" -> master && cluster.etcd().stacked() || etcdPod;
                case "pause" -> master || worker || etcdPod;
                case "kube-apiserver", "kube-controller-manager", "kube-scheduler" -> master;
                default -> master || worker;
            };
            if (needed) {
                out.add(image);
            }
        }
        return List.copyOf(out);
    }

    /** The {@code image} of every container and init container in the manifest's documents, qualified. */
    static List<String> manifestImages(String manifest) {
        List<String> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(manifest)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null) {
                    collect(doc, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new RenderException("the CNI manifest is not YAML: " + e.getMessage());
        }
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (String key : List.of("initContainers", "containers", "ephemeralContainers")) {
                JsonNode list = node.get(key);
                if (list != null && list.isArray()) {
                    list.forEach(c -> {
                        if (c.path("image").isTextual()) {
                            out.add(qualified(c.path("image").asText()));
                        }
                    });
                }
            }
            node.fields().forEachRemaining(e -> collect(e.getValue(), out));
        } else if (node.isArray()) {
            node.forEach(e -> collect(e, out));
        }
    }

    /**
     * As containerd resolves a short name: {@code flannel/flannel:v0.26.1} is
     * {@code docker.io/flannel/flannel:v0.26.1}, {@code busybox} is {@code docker.io/library/busybox:latest}.
     */
    static String qualified(String image) {
        String ref = image;
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) {
            ref = "docker.io/" + (slash < 0 ? "library/" : "") + ref;
        }
        String last = ref.substring(ref.lastIndexOf('/') + 1);
        if (!last.contains(":") && !last.contains("@")) {
            ref = ref + ":latest";
        }
        return ref;
    }
}

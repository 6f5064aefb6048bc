package dev.kubeha.render;

import dev.kubeha.model.Node;
import dev.kubeha.render.PodTypes.Container;
import dev.kubeha.render.PodTypes.Enabled;
import dev.kubeha.render.PodTypes.HostPath;
import dev.kubeha.render.PodTypes.HttpGet;
import dev.kubeha.render.PodTypes.KubeletAuthentication;
import dev.kubeha.render.PodTypes.KubeletAuthorization;
import dev.kubeha.render.PodTypes.KubeletConfiguration;
import dev.kubeha.render.PodTypes.ObjectMeta;
import dev.kubeha.render.PodTypes.Pod;
import dev.kubeha.render.PodTypes.PodSecurityContext;
import dev.kubeha.render.PodTypes.PodSpec;
import dev.kubeha.render.PodTypes.Probe;
import dev.kubeha.render.PodTypes.Resources;
import dev.kubeha.render.PodTypes.SeccompProfile;
import dev.kubeha.render.PodTypes.Volume;
import dev.kubeha.render.PodTypes.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * etcd as a static pod on a dedicated etcd node, run by a kubelet that does nothing else
 * (kubeadm's "Set up a High Availability etcd cluster with kubeadm"). Co-located static-pod etcd
 * is kubeadm's own ({@code etcd.local}) and gets no manifest from here.
 */
final class EtcdStaticPodRenderer {
    static final String IMAGE_REPOSITORY = "registry.k8s.io/etcd";
    /** The liveness and startup probes' path, as kubeadm's etcd manifest has it. */
    static final String HEALTH_PATH = "/health?exclude=NOSPACE&serializable=true";

    private final RenderInput in;

    EtcdStaticPodRenderer(RenderInput in) {
        this.in = in;
    }

    List<NodeFile> render(Node member) {
        return List.of(manifest(member), kubeletConfig(), kubeletDropIn());
    }

    /**
     * {@code registry.k8s.io/etcd:<version>-0}: the image kubeadm uses for an etcd release; from the
     * site registry ({@code HOST/etcd:<version>-0}, as kubeadm names it there) when there is one.
     */
    String image() {
        String repository = in.cluster.siteRegistry().map(r -> r + "/etcd").orElse(IMAGE_REPOSITORY);
        return repository + ":" + imageTag(in.etcdVersion);
    }

    /** {@code 3.7.0-0}: kubeadm's tag for an etcd release (the release and a build number). */
    static String imageTag(String etcdVersion) {
        return etcdVersion + "-0";
    }

    NodeFile manifest(Node member) {
        List<EtcdFlags.Flag> flags = EtcdFlags.forMember(in, member);
        return manifest(member, flags).withIdentity(manifest(member,
                flags.stream().filter(flag -> !EtcdFlags.bootstrapOnly(flag)).toList()).text());
    }

    private NodeFile manifest(Node member, List<EtcdFlags.Flag> flags) {
        List<String> command = new ArrayList<>();
        command.add("etcd");
        flags.forEach(f -> command.add(f.argument()));

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("component", "etcd");
        labels.put("tier", "control-plane");
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("cpu", "100m");
        requests.put("memory", "100Mi");

        Container etcd = new Container(
                "etcd",
                image(),
                "IfNotPresent",
                command,
                probe(8),
                // Up to 4 minutes to join the cluster before liveness may restart the member.
                probe(24),
                new Resources(requests),
                List.of(new VolumeMount("etcd-data", NodePaths.ETCD_DATA_DIR),
                        new VolumeMount("etcd-certs", NodePaths.ETCD_PKI_DIR)));
        Pod pod = new Pod("v1", "Pod",
                new ObjectMeta("etcd", "kube-system",
                        Map.of("kubeadm.kubernetes.io/etcd.advertise-client-urls",
                                "https://" + in.privateUrlHost(member) + ":" + EtcdFlags.CLIENT_PORT),
                        labels),
                new PodSpec(
                        List.of(etcd),
                        true,
                        "system-node-critical",
                        new PodSecurityContext(new SeccompProfile("RuntimeDefault")),
                        List.of(new Volume("etcd-data", new HostPath(NodePaths.ETCD_DATA_DIR, "DirectoryOrCreate")),
                                new Volume("etcd-certs", new HostPath(NodePaths.ETCD_PKI_DIR, "DirectoryOrCreate")))));
        // No key material inside, but kubeadm writes its static pod manifests 0600 too.
        return NodeFile.text(NodePaths.ETCD_STATIC_POD, 0600, Yaml.document(pod));
    }

    /**
     * Plain HTTP on the loopback metrics listener: the seed guide's HTTP probe on the TLS client
     * port could never succeed.
     */
    private static Probe probe(int failureThreshold) {
        return new Probe(new HttpGet("127.0.0.1", HEALTH_PATH, EtcdFlags.METRICS_PORT, "HTTP"), 10, 10, 15, failureThreshold);
    }

    /** A kubelet that only runs static pods: no API server to talk to, listening on loopback only. */
    static NodeFile kubeletConfig() {
        KubeletConfiguration config = new KubeletConfiguration(
                "kubelet.config.k8s.io/v1beta1",
                "KubeletConfiguration",
                new KubeletAuthentication(new Enabled(false), new Enabled(false)),
                new KubeletAuthorization("AlwaysAllow"),
                // containerd is configured with SystemdCgroup = true by prepare-node.sh.
                "systemd",
                "127.0.0.1",
                KubeadmConfigRenderer.CRI_SOCKET,
                NodePaths.STATIC_POD_DIR);
        return NodeFile.text(NodePaths.ETCD_KUBELET_CONFIG, 0644, Yaml.document(config));
    }

    /** Overrides kubeadm's kubelet ExecStart (10-kubeadm.conf) by sorting after it. */
    static NodeFile kubeletDropIn() {
        TextFile f = new TextFile("#");
        f.comment("kubelet for the etcd static pod only, generated by kubeha.");
        f.line("[Service]");
        f.line("ExecStart=");
        f.line("ExecStart=" + NodePaths.KUBELET_BINARY + " --config=" + NodePaths.ETCD_KUBELET_CONFIG);
        f.line("Restart=always");
        return NodeFile.text(NodePaths.ETCD_KUBELET_DROP_IN, 0644, f.toString());
    }
}

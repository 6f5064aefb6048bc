package dev.kubeha.render;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.pki.JoinMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every generated file of every node: pure, no I/O, the same output for the same input.
 *
 * <p>Which node gets what:
 * <ul>
 *   <li>every node that runs a kubelet (control plane, workers, dedicated static-pod etcd):
 *       {@code prepare-node.sh};</li>
 *   <li>control-plane nodes and workers: {@code kubeadm.yaml} (a secret: it holds the token);</li>
 *   <li>etcd members under systemd (dedicated etcd nodes, or the control plane when co-located):
 *       {@code install-etcd.sh}, {@code etcd.service}, {@code etcd.env};</li>
 *   <li>dedicated etcd nodes with static pods: the etcd manifest and the static-pod-only kubelet
 *       configuration and drop-in (co-located static-pod etcd is kubeadm's own);</li>
 *   <li>control-plane nodes in haproxy-keepalived mode: haproxy.cfg, keepalived.conf and its
 *       check script.</li>
 * </ul>
 * Certificates are not rendered here: {@code dev.kubeha.pki.NodePkiFiles} says which go where.
 */
public final class ClusterRenderer {
    private ClusterRenderer() {
    }

    /**
     * @throws RenderException when the cluster is not valid, or a node has no private address yet;
     *                         the message names the fields or nodes
     */
    public static List<NodeFiles> render(Cluster cluster, JoinMaterial join) {
        return render(cluster, join, null);
    }

    /**
     * As {@link #render(Cluster, JoinMaterial)}, with the content of {@code images.registryCa}
     * (read by the caller, relative to the cluster file), or null.
     */
    public static List<NodeFiles> render(Cluster cluster, JoinMaterial join, byte[] registryCa) {
        return render(cluster, join, registryCa, Map.of());
    }

    /**
     * As {@link #render(Cluster, JoinMaterial, byte[])}, for a cluster whose external etcd runs
     * already: the members in {@code etcdJoining} join it ({@code initial-cluster-state=existing}),
     * each listing the members named with it in its initial-cluster.
     */
    public static List<NodeFiles> render(Cluster cluster, JoinMaterial join, byte[] registryCa,
                                         Map<String, List<String>> etcdJoining) {
        RenderInput in = RenderInput.of(cluster, join).withEtcdJoining(etcdJoining);
        List<NodeFile> registry = new ContainerdRegistryRenderer(in, registryCa).render();
        var kubeadm = new KubeadmConfigRenderer(in);
        var etcdSystemd = new EtcdSystemdRenderer(in);
        var etcdPod = new EtcdStaticPodRenderer(in);
        boolean loadBalancer = cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED;
        EtcdRuntime runtime = cluster.etcd().runtime();
        boolean dedicated = cluster.etcd().topology() == EtcdTopology.DEDICATED;
        // Files that are the same on every node that has them: made once.
        NodeFile prepare = new NodePrepScript(in).render();
        NodeFile installEtcd = new EtcdInstallScript(in).render();
        NodeFile haproxy = loadBalancer ? new HaproxyRenderer(in).render() : null;
        var keepalived = new KeepalivedRenderer(in);

        List<NodeFiles> result = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            boolean etcdMember = cluster.etcdMembers().contains(node);
            boolean kubernetesNode = node.hasRole(Role.CONTROL_PLANE) || node.hasRole(Role.WORKER);
            boolean etcdPodNode = etcdMember && dedicated && runtime == EtcdRuntime.STATIC_POD;
            List<NodeFile> files = new ArrayList<>();
            if (kubernetesNode || etcdPodNode) {
                files.add(prepare);
                files.addAll(registry);
            }
            if (etcdMember && runtime == EtcdRuntime.SYSTEMD) {
                files.add(installEtcd);
                files.addAll(etcdSystemd.render(node));
            }
            if (etcdPodNode) {
                files.addAll(etcdPod.render(node));
            }
            if (kubernetesNode) {
                files.add(kubeadm.render(node));
            }
            if (loadBalancer && node.hasRole(Role.CONTROL_PLANE)) {
                files.add(haproxy);
                files.addAll(keepalived.render(node));
            }
            result.add(new NodeFiles(node.name(), files));
        }
        return List.copyOf(result);
    }

    /**
     * {@link NodePaths#KUBEADM_CONTROL_PLANE_CONFIG} for a control-plane node of {@code cluster}:
     * the cluster's ClusterConfiguration with this node's InitConfiguration (its registration and
     * advertise address, no bootstrap token), what {@code kubeadm init phase control-plane apiserver}
     * and {@code kubeadm init phase upload-config kubeadm} read to rewrite the node's API server
     * after the cluster changed (an etcd member removed). A joined master's own kubeadm.yaml is a
     * JoinConfiguration, which those phases do not read.
     */
    public static NodeFile controlPlaneConfiguration(Cluster cluster, JoinMaterial join, Node master) {
        if (!master.hasRole(Role.CONTROL_PLANE)) {
            throw new IllegalArgumentException(master.name() + " is not a control-plane node of " + cluster.name());
        }
        return new KubeadmConfigRenderer(RenderInput.of(cluster, join)).controlPlaneConfiguration(master);
    }

    /**
     * What {@code kubeha}'s bootstrap-token task gives {@code kubeadm token create --config}: an
     * InitConfiguration with the token alone (secret), so that it is never on a command line.
     */
    public static String bootstrapTokenConfiguration(String token, String description) {
        return KubeadmConfigRenderer.tokenConfiguration(token, description);
    }
}

package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.NodePkiFiles;
import dev.kubeha.render.ClusterRenderer;
import dev.kubeha.render.NodeFile;
import dev.kubeha.render.NodeFiles;
import dev.kubeha.render.NodePaths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file of every node — the renderers' configuration and the PKI's certificates — sorted
 * into the stage of the plan that puts it in place. This is the one seam between what the files
 * say and when they are uploaded.
 */
public final class RenderedFiles implements NodeFileSource {
    private final Map<String, Map<Stage, List<Step.UploadFile>>> byNode = new HashMap<>();

    private RenderedFiles() {
    }

    /**
     * @throws dev.kubeha.render.RenderException when the cluster is invalid or a node has no
     *                                            private address yet
     */
    public static RenderedFiles of(Cluster cluster, ClusterPki pki) {
        return of(cluster, pki, null);
    }

    /** @param registryCa the content of {@code images.registryCa}, or null */
    public static RenderedFiles of(Cluster cluster, ClusterPki pki, byte[] registryCa) {
        return of(cluster, pki, registryCa, Map.of());
    }

    /**
     * @param etcdJoining external etcd members that join the running etcd cluster, each with the
     *                    members its initial-cluster names (see {@link ClusterPlanBuilder#etcdJoining})
     */
    public static RenderedFiles of(Cluster cluster, ClusterPki pki, byte[] registryCa, Map<String, List<String>> etcdJoining) {
        RenderedFiles result = new RenderedFiles();
        Map<String, NodeFiles> rendered = new HashMap<>();
        for (NodeFiles nf : ClusterRenderer.render(cluster, pki.joinMaterial(), registryCa, etcdJoining)) {
            rendered.put(nf.nodeName(), nf);
        }
        for (Node node : cluster.nodes()) {
            Map<Stage, List<Step.UploadFile>> stages = new EnumMap<>(Stage.class);
            for (Stage s : Stage.values()) {
                stages.put(s, new ArrayList<>());
            }
            boolean externalMember = !cluster.etcd().stacked() && cluster.etcdMembers().contains(node);
            for (NodePkiFiles.PkiFile f : NodePkiFiles.forNode(cluster, pki, node)) {
                // A member's etcd certificates are needed when etcd starts; the rest when kubeadm runs.
                Stage stage = externalMember && f.path().startsWith(NodePaths.ETCD_PKI_DIR + "/") ? Stage.ETCD : Stage.KUBEADM;
                stages.get(stage).add(Step.UploadFile.rootOwned(f.path(), f.mode(), f.content(),
                        f.mode() == NodePkiFiles.KEY_MODE));
            }
            NodeFiles files = rendered.get(node.name());
            if (files != null) {
                for (NodeFile f : files.files()) {
                    stages.get(stageOf(f.path())).add(Step.UploadFile.rootOwned(f.path(), f.mode(), f.content(), f.secret())
                            .withIdentity(f.identity()));
                }
            }
            stages.replaceAll((s, list) -> List.copyOf(list));
            result.byNode.put(node.name(), stages);
        }
        return result;
    }

    static Stage stageOf(String path) {
        if (path.equals(NodePaths.PREPARE_NODE) || path.startsWith(NodePaths.CONTAINERD_CERTS_DIR + "/")) {
            return Stage.PREPARE;
        }
        if (path.equals(NodePaths.KUBEADM_CONFIG)) {
            return Stage.KUBEADM;
        }
        if (path.startsWith("/etc/haproxy/") || path.startsWith("/etc/keepalived/")) {
            return Stage.LOAD_BALANCER;
        }
        // etcd.service, etcd.env, install-etcd.sh, the etcd static pod and its kubelet settings.
        return Stage.ETCD;
    }

    @Override
    public List<Step.UploadFile> files(Node node, Stage stage) {
        Map<Stage, List<Step.UploadFile>> stages = byNode.get(node.name());
        return stages == null ? List.of() : stages.get(stage);
    }

    /** Every file of a node, in stage order: what the review page and the bundle show. */
    public List<Step.UploadFile> all(Node node) {
        List<Step.UploadFile> all = new ArrayList<>();
        for (Stage s : Stage.values()) {
            all.addAll(files(node, s));
        }
        return all;
    }
}

package dev.kubeha.plan;

import dev.kubeha.render.ImageImportScript;
import java.util.List;
import java.util.Map;

/**
 * The container images each node imports into containerd before kubeadm needs them, for a site
 * whose nodes cannot pull: the node's task writes {@code import-images.sh} and its list and runs
 * it after the node is prepared (containerd installed) and before {@code kubeadm init}/{@code join}
 * or a static-pod etcd member starts. The archives themselves travel in the bundle's
 * {@code images/} (or are uploaded to {@link NodePaths#IMAGES_DIR}); a node without an entry pulls
 * as usual.
 */
public record ImageImports(Map<String, List<ImageImportScript.Entry>> byNode,
        Map<String, Step.UploadFile.LocalFile> uploads) {
    public static final ImageImports NONE = new ImageImports(Map.of());

    /**
     * @param uploads by archive name: the archives the task uploads to {@link NodePaths#IMAGES_DIR}
     *                from the workstation ({@code kubeha apply} to nodes without internet); empty
     *                when they come with the bundle
     */
    public ImageImports {
        byNode = Map.copyOf(byNode);
        byNode.values().forEach(List::copyOf);
        uploads = Map.copyOf(uploads);
    }

    /** Archives that travel in the bundle's {@code images/}. */
    public ImageImports(Map<String, List<ImageImportScript.Entry>> byNode) {
        this(byNode, Map.of());
    }

    /** The same imports, each archive uploaded from the workstation first. */
    public ImageImports uploadedFrom(Map<String, Step.UploadFile.LocalFile> files) {
        return new ImageImports(byNode, files);
    }

    public List<ImageImportScript.Entry> of(String node) {
        return List.copyOf(byNode.getOrDefault(node, List.of()));
    }
}

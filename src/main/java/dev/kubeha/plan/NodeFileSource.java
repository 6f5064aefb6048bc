package dev.kubeha.plan;

import dev.kubeha.model.Node;
import java.util.List;

/**
 * The rendered files of one node for one stage. This is the seam to the renderers: the builder
 * decides order and commands, the source decides contents. An empty list is fine (a stage with no
 * file still runs its commands).
 */
@FunctionalInterface
public interface NodeFileSource {
    List<Step.UploadFile> files(Node node, Stage stage);
}

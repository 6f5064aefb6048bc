package dev.kubeha.render;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Every generated file for one node, in a stable order. */
public record NodeFiles(String nodeName, List<NodeFile> files) {

    public NodeFiles {
        Objects.requireNonNull(nodeName, "nodeName");
        files = List.copyOf(files);
        Set<String> paths = new HashSet<>();
        for (NodeFile f : files) {
            if (!paths.add(f.path())) {
                throw new IllegalArgumentException(nodeName + ": two files for " + f.path());
            }
        }
    }

    public Optional<NodeFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    public List<String> paths() {
        return files.stream().map(NodeFile::path).toList();
    }
}

package dev.kubeha.model;

import java.util.List;

/**
 * A cluster read from a file, with the problems met while reading it (unknown fields, values
 * outside a closed set, wrong types). Reading goes on past such problems so that the user sees
 * all of them at once; fields with a problem hold their default.
 */
public record ParsedCluster(Cluster cluster, List<Problem> problems) {
    public ParsedCluster {
        problems = List.copyOf(problems);
    }
}

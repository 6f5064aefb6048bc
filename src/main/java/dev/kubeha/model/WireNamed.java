package dev.kubeha.model;

/** An enum constant with the name it has in cluster.json. */
public interface WireNamed {
    String wireName();
}

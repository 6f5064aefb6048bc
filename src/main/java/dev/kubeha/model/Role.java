package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a node does in the cluster. */
public enum Role implements WireNamed {
    CONTROL_PLANE("control-plane"),
    WORKER("worker"),
    ETCD("etcd");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}

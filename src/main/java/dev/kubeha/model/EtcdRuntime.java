package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What keeps the etcd process running on a member. */
public enum EtcdRuntime implements WireNamed {
    SYSTEMD("systemd"),
    STATIC_POD("static-pod");

    private final String wireName;

    EtcdRuntime(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}

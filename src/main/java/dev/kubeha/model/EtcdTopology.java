package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where etcd members run: on their own nodes or on the control-plane nodes. */
public enum EtcdTopology implements WireNamed {
    DEDICATED("dedicated"),
    CO_LOCATED("co-located");

    private final String wireName;

    EtcdTopology(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}

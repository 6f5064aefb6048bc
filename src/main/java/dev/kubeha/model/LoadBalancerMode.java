package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who provides the load balancer in front of the API servers. */
public enum LoadBalancerMode implements WireNamed {
    /** The user runs it; the installer only checks it. */
    EXTERNAL("external"),
    /** The installer puts HAProxy and keepalived with a virtual IP on the control-plane nodes. */
    HAPROXY_KEEPALIVED("haproxy-keepalived");

    private final String wireName;

    LoadBalancerMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}

package dev.kubeha.model;

/** Cluster networking; defaults are kubeadm's. */
public record Networking(String podSubnet, String serviceSubnet, String dnsDomain) {
    public static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";

    public Networking {
        if (serviceSubnet == null) {
            serviceSubnet = DEFAULT_SERVICE_SUBNET;
        }
        if (dnsDomain == null) {
            dnsDomain = DEFAULT_DNS_DOMAIN;
        }
    }

    public static Networking defaults() {
        return new Networking(null, null, null);
    }
}

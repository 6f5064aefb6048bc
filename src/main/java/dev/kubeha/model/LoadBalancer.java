package dev.kubeha.model;

/**
 * The endpoint in front of the API servers; it becomes kubeadm's {@code controlPlaneEndpoint}
 * from the start.
 *
 * @param endpoint  {@code host:port} the cluster uses to reach the API servers. In
 *                  {@code haproxy-keepalived} mode it defaults to the virtual IP on port
 *                  {@value #DEFAULT_HAPROXY_PORT}, since the API servers hold 6443 on the same hosts.
 * @param virtualIp the keepalived VRRP address, optionally with its prefix ({@code 10.0.0.100/24});
 *                  {@code haproxy-keepalived} mode only
 */
public record LoadBalancer(LoadBalancerMode mode, String endpoint, String virtualIp) {
    public static final int DEFAULT_HAPROXY_PORT = 8443;

    public LoadBalancer {
        if (mode == null) {
            mode = LoadBalancerMode.EXTERNAL;
        }
        if (endpoint == null && mode == LoadBalancerMode.HAPROXY_KEEPALIVED && virtualIp != null) {
            String address = virtualIp.contains("/") ? virtualIp.substring(0, virtualIp.indexOf('/')) : virtualIp;
            endpoint = (address.contains(":") ? "[" + address + "]" : address) + ":" + DEFAULT_HAPROXY_PORT;
        }
    }

    public static LoadBalancer defaults() {
        return new LoadBalancer(null, null, null);
    }
}

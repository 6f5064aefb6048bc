package dev.kubeha.model;

/**
 * How etcd runs. Defaults are kubeadm's own: stacked members on the control plane, run as
 * static pods. Co-located + static-pod is kubeadm-managed stacked etcd ({@code etcd.local});
 * the other three combinations are external etcd from kubeadm's point of view.
 *
 * @param version the etcd release the file asks for; null (left out) for the one kubeadm of the
 *                cluster's Kubernetes release pins ({@link Cluster#etcdVersion()})
 */
public record EtcdSettings(EtcdTopology topology, EtcdRuntime runtime, String version) {

    public EtcdSettings {
        if (topology == null) {
            topology = EtcdTopology.CO_LOCATED;
        }
        if (runtime == null) {
            runtime = EtcdRuntime.STATIC_POD;
        }
    }

    public static EtcdSettings defaults() {
        return new EtcdSettings(null, null, null);
    }

    /** Whether kubeadm itself manages etcd ({@code etcd.local}) rather than using external endpoints. */
    public boolean stacked() {
        return topology == EtcdTopology.CO_LOCATED && runtime == EtcdRuntime.STATIC_POD;
    }
}

package dev.kubeha.plan;

/**
 * Which task of a node a rendered file belongs to. The renderers' files are sorted into stages by
 * the adapter that feeds {@link ClusterPlanBuilder}; the builder only decides the order.
 */
public enum Stage {
    /** Node preparation: {@link NodePaths#PREPARE_SCRIPT} and what it needs (kernel modules, sysctl, packages). */
    PREPARE,
    /** An external etcd member: certificates, unit + env, or static pod manifest. */
    ETCD,
    /** HAProxy and keepalived configuration on a control-plane node. */
    LOAD_BALANCER,
    /** {@link NodePaths#KUBEADM_CONFIG} and the shared CA files for {@code kubeadm init} or {@code join}. */
    KUBEADM
}

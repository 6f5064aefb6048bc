package dev.kubeha.plan;

/**
 * What kubeha asks an external etcd member over its client URL with the health-check client
 * certificate: {@code /health} (what the plan's health checks and gates wait for) and the v3
 * gateway's member list (what {@code etcdctl member list} asks). Written once for the plan and
 * the look at an installed cluster.
 */
public final class EtcdCommands {
    private EtcdCommands() {
    }

    /** {@code https://ADDRESS:2379}, with brackets for IPv6. */
    public static String clientUrl(String address) {
        return "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":2379";
    }

    /** Prints {@code {"health":"true",...}} and exits 0 when the member is healthy (etcd answers 503 without quorum). */
    public static Command health(String address) {
        return Command.of("curl", "-fsS", "--max-time", "5",
                "--cacert", NodePaths.ETCD_CA,
                "--cert", NodePaths.ETCD_HEALTHCHECK_CERT,
                "--key", NodePaths.ETCD_HEALTHCHECK_KEY,
                clientUrl(address) + "/health");
    }

    /** Prints the cluster's members as JSON ({@code {"members":[{"name":...,"clientURLs":[...]}]}}). */
    public static Command memberList(String address) {
        return Command.of("curl", "-fsS", "--max-time", "5",
                "--cacert", NodePaths.ETCD_CA,
                "--cert", NodePaths.ETCD_HEALTHCHECK_CERT,
                "--key", NodePaths.ETCD_HEALTHCHECK_KEY,
                "-X", "POST", "-d", "{}",
                clientUrl(address) + "/v3/cluster/member/list");
    }
}

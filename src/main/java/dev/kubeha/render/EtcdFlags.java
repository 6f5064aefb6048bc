package dev.kubeha.render;

import dev.kubeha.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The flags of one etcd member: the single source for the systemd env file and the static pod's
 * command, so the two runtimes cannot drift apart.
 */
final class EtcdFlags {
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    /** Plain HTTP on loopback only, for the probes: the seed guide probed the TLS client port over HTTP. */
    static final String METRICS_URL = KubeadmConfigRenderer.ETCD_METRICS_URL;
    static final int METRICS_PORT = 2381;

    /**
     * What a value may contain: URLs, paths, names and the commas and '=' of initial-cluster. It
     * keeps every value safe unquoted in an EnvironmentFile and in an argv item.
     */
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:/,=\\[\\]-]+");

    /** One flag, {@code --name=value}. */
    record Flag(String name, String value) {
        Flag {
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("etcd flag name " + name);
            }
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("etcd --" + name + " value has characters outside " + SAFE_VALUE);
            }
        }

        /** The argv item: one flag per item, no shell continuation (the seed guide put backslashes in them). */
        String argument() {
            return "--" + name + "=" + value;
        }

        /** etcd reads every flag from {@code ETCD_<NAME>} as well: upper case, '-' as '_'. */
        String environmentVariable() {
            return "ETCD_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    private EtcdFlags() {
    }

    static List<Flag> forMember(RenderInput in, Node member) {
        String self = in.privateUrlHost(member);
        String peerUrl = "https://" + self + ":" + PEER_PORT;
        String clientUrl = "https://" + self + ":" + CLIENT_PORT;
        List<Flag> flags = new ArrayList<>();
        flags.add(new Flag("name", member.name()));
        flags.add(new Flag("data-dir", NodePaths.ETCD_DATA_DIR));
        flags.add(new Flag("listen-peer-urls", peerUrl));
        flags.add(new Flag("initial-advertise-peer-urls", peerUrl));
        // Loopback as well, for etcdctl and the health check on the member itself.
        flags.add(new Flag("listen-client-urls", clientUrl + ",https://127.0.0.1:" + CLIENT_PORT));
        flags.add(new Flag("advertise-client-urls", clientUrl));
        flags.add(new Flag("listen-metrics-urls", METRICS_URL));
        List<String> joinsWith = in.etcdJoining.get(member.name());
        if (joinsWith == null) {
            flags.add(new Flag("initial-cluster", initialCluster(in)));
            flags.add(new Flag("initial-cluster-state", "new"));
        } else {
            // etcd runtime reconfiguration: after `etcdctl member add`, the new member names exactly
            // the cluster's members (etcd compares their count and peer URLs) and joins it.
            flags.add(new Flag("initial-cluster", initialCluster(in, joinsWith)));
            flags.add(new Flag("initial-cluster-state", "existing"));
        }
        flags.add(new Flag("initial-cluster-token", in.cluster.name()));
        flags.add(new Flag("cert-file", NodePaths.ETCD_SERVER_CERT));
        flags.add(new Flag("key-file", NodePaths.ETCD_SERVER_KEY));
        flags.add(new Flag("trusted-ca-file", NodePaths.ETCD_CA_CERT));
        flags.add(new Flag("client-cert-auth", "true"));
        flags.add(new Flag("peer-cert-file", NodePaths.ETCD_PEER_CERT));
        flags.add(new Flag("peer-key-file", NodePaths.ETCD_PEER_KEY));
        flags.add(new Flag("peer-trusted-ca-file", NodePaths.ETCD_CA_CERT));
        flags.add(new Flag("peer-client-cert-auth", "true"));
        if (!atLeast36(in.etcdVersion)) {
            // kubeadm's value; 3.6 made it the default and deprecated the flag, 3.5 keeps 100000
            // entries in memory by default.
            flags.add(new Flag("snapshot-count", "10000"));
        }
        return List.copyOf(flags);
    }

    /**
     * The flags etcd reads only when its data dir is empty, to bootstrap or join: once a member has
     * its data it ignores them (it knows the cluster from its WAL). They say how a member started,
     * not how it runs, so they are no part of what decides whether a running member must restart
     * ({@link NodeFile#identity}): a member added later lists more members, and one removed fewer,
     * than the members that started the cluster, whose files need not change.
     */
    static boolean bootstrapOnly(Flag flag) {
        return flag.name().equals("initial-cluster") || flag.name().equals("initial-cluster-state");
    }

    /** For a validated version {@code MAJOR.MINOR.PATCH}. */
    static boolean atLeast36(String etcdVersion) {
        String[] parts = etcdVersion.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 3 || (major == 3 && minor >= 6);
    }

    /**
     * Every member once, by its name from the model: a draft of the seed guide listed two members
     * as {@code etcd1}, which etcd refuses.
     */
    static String initialCluster(RenderInput in) {
        return initialCluster(in, in.cluster.etcdMembers().stream().map(Node::name).toList());
    }

    /** The members named in {@code names}, in the cluster's order. */
    static String initialCluster(RenderInput in, List<String> names) {
        return in.cluster.etcdMembers().stream()
                .filter(m -> names.contains(m.name()))
                .map(m -> m.name() + "=https://" + in.privateUrlHost(m) + ":" + PEER_PORT)
                .collect(Collectors.joining(","));
    }
}

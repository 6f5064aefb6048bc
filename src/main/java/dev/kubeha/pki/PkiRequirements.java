package dev.kubeha.pki;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.IpAddress;
import dev.kubeha.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which leaf certificates a cluster needs, derived from its topology. The three CAs and the
 * service-account key pair are needed by every cluster and are not listed here.
 *
 * <p>What we make, and why not more:
 * <ul>
 *   <li>Stacked etcd (co-located + static pod): kubeadm makes every etcd leaf itself from the
 *       shared etcd CA, so we make only the operator's etcdctl client certificate.</li>
 *   <li>External etcd (every other combination): per member a {@code server}, a {@code peer} and
 *       a {@code healthcheck-client} certificate, as kubeadm makes them. The three share one
 *       private key: they live in the same directory of the same host with the same owner, so
 *       separate keys would isolate nothing; RSA key generation is nearly all of the cost of a
 *       PKI. One {@code apiserver-etcd-client} (copied to every control-plane node, as kubeadm's
 *       external etcd guide does) and the etcdctl client, each with its own key: they live on
 *       other machines.</li>
 * </ul>
 */
public record PkiRequirements(List<LeafSpec> leaves) {
    public static final String APISERVER_ETCD_CLIENT = "apiserver-etcd-client";
    public static final String ETCDCTL_CLIENT = "etcd/etcdctl-client";

    public PkiRequirements {
        leaves = List.copyOf(leaves);
    }

    /**
     * @throws PkiException naming the node when an etcd member's private address is not known yet
     */
    public static PkiRequirements of(Cluster cluster) throws PkiException {
        List<LeafSpec> leaves = new ArrayList<>();
        if (!cluster.etcd().stacked()) {
            for (Node member : cluster.etcdMembers()) {
                if (member.privateAddress() == null) {
                    throw PkiException.failure("cannot make the etcd certificates of node " + member.name()
                            + ": its private address is not known yet (set privateAddress for it in the cluster"
                            + " file, or detect it from its private interface first)");
                }
                leaves.add(memberSpec(member, LeafKind.ETCD_SERVER, "server"));
                leaves.add(memberSpec(member, LeafKind.ETCD_PEER, "peer"));
                leaves.add(new LeafSpec(healthcheckClientId(member.name()), LeafKind.ETCD_HEALTHCHECK_CLIENT,
                        member.name(), "kube-etcd-healthcheck-client", List.of(), List.of(), List.of(),
                        memberKeyGroup(member.name())));
            }
            leaves.add(client(APISERVER_ETCD_CLIENT, LeafKind.APISERVER_ETCD_CLIENT, "kube-apiserver-etcd-client",
                    List.of("system:masters")));
        }
        leaves.add(client(ETCDCTL_CLIENT, LeafKind.ETCDCTL_CLIENT, "kubeha-etcdctl", List.of("system:masters")));
        return new PkiRequirements(leaves);
    }

    public static String serverId(String node) {
        return "etcd/" + node + "/server";
    }

    public static String peerId(String node) {
        return "etcd/" + node + "/peer";
    }

    public static String healthcheckClientId(String node) {
        return "etcd/" + node + "/healthcheck-client";
    }

    private static String memberKeyGroup(String node) {
        return "etcd/" + node + "/member";
    }

    public Optional<LeafSpec> leaf(String id) {
        return leaves.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    private static LeafSpec memberSpec(Node member, LeafKind kind, String file) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        dns.add(member.name());
        dns.add("localhost");
        ips.add(canonicalIp(member.privateAddress()));
        if (member.publicAddress() != null) {
            // The model allows a DNS name as public address: it becomes a DNS SAN.
            IpAddress.parse(member.publicAddress()).ifPresentOrElse(
                    ip -> ips.add(ip.toString()), () -> dns.add(member.publicAddress()));
        }
        ips.add("127.0.0.1");
        ips.add("::1");
        return new LeafSpec("etcd/" + member.name() + "/" + file, kind, member.name(), member.name(), List.of(),
                List.copyOf(dns), List.copyOf(ips), memberKeyGroup(member.name()));
    }

    private static String canonicalIp(String address) {
        // A validated cluster only holds IP addresses here; keep the text if not, and let the SAN fail loudly.
        return IpAddress.parse(address).map(IpAddress::toString).orElse(address);
    }

    private static LeafSpec client(String id, LeafKind kind, String commonName, List<String> organizations) {
        return new LeafSpec(id, kind, null, commonName, organizations, List.of(), List.of(), id);
    }
}

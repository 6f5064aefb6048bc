package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * etcdctl on a node that holds an etcd client certificate, for the operations that change etcd's
 * membership ({@code kubeha remove-node}): endpoint health of the members that stay and {@code
 * member remove} by name. Where etcdctl is depends on how etcd runs:
 * <ul>
 *   <li>under systemd (dedicated or co-located): install-etcd.sh put {@code /usr/local/bin/etcdctl}
 *       on every member, beside its healthcheck-client certificate;</li>
 *   <li>a dedicated member's static pod: the etcd image's etcdctl, through {@code crictl exec} into
 *       the running etcd container (its kubelet is standalone: no API server knows the pod);</li>
 *   <li>kubeadm's stacked etcd: {@code kubectl exec} into the master's {@code etcd-<node>} pod,
 *       whose /etc/kubernetes/pki/etcd is the node's, healthcheck-client included.</li>
 * </ul>
 * Every value comes from the model and is quoted; certificates are read on the node, never sent.
 */
final class EtcdMemberCommands {
    private static final String KUBECTL_KUBECONFIG = "--kubeconfig=" + NodePaths.ADMIN_CONF;
    private final Cluster cluster;

    EtcdMemberCommands(Cluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * etcdctl with TLS against {@code endpoints}, run as root on {@code on} (a member, or a stacked
     * master), followed by {@code args}.
     */
    String etcdctl(Node on, List<Node> endpoints, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("etcdctl");
        argv.add("--endpoints=" + String.join(",", endpoints.stream().map(EtcdMemberCommands::clientUrl).toList()));
        argv.add("--cacert=" + NodePaths.ETCD_CA);
        argv.add("--cert=" + NodePaths.ETCD_HEALTHCHECK_CERT);
        argv.add("--key=" + NodePaths.ETCD_HEALTHCHECK_KEY);
        argv.add("--dial-timeout=5s");
        argv.add("--command-timeout=15s");
        argv.addAll(List.of(args));
        if (cluster.etcd().stacked()) {
            List<String> exec = new ArrayList<>(List.of("kubectl", KUBECTL_KUBECONFIG, "-n", "kube-system", "exec",
                    "etcd-" + on.name(), "--"));
            exec.addAll(argv);
            return Shell.join(exec);
        }
        if (cluster.etcd().runtime() == EtcdRuntime.SYSTEMD) {
            argv.set(0, dev.kubeha.render.NodePaths.ETCDCTL_BINARY);
            return Shell.join(argv);
        }
        String crictl = Shell.join(List.of("crictl", "--runtime-endpoint", NodePaths.CRI_SOCKET));
        return crictl + " exec \"$(" + crictl + " ps --name '^etcd$' --state running -q | head -n 1)\" "
                + Shell.join(argv);
    }

    /** Every member in {@code members} answers healthy; exit status 0 means yes. */
    Check healthy(Node on, List<Node> members) {
        return Check.asRoot(new Command(etcdctl(on, members, "endpoint", "health")));
    }

    /**
     * Removes the member named {@code name} (found by its name in {@code member list}, read from
     * the members that stay), or says it is gone already: so the step may run again, and after a
     * kubeadm reset that took its own stacked member out. A member list that cannot be read fails
     * the step rather than looking like "gone".
     */
    Command removeMember(Node on, List<Node> staying, String name) {
        String list = etcdctl(on, staying, "member", "list");
        String gone = Shell.quote(name + " is not an etcd member (any more): nothing to remove");
        return new Command("members=$(" + list + ") || exit 1; id=$(printf '%s\\n' \"$members\" | awk -F', '"
                + " -v name=" + Shell.quote(name) + " '$3 == name { print $1 }'); if [ -z \"$id\" ]; then echo " + gone
                + "; else " + etcdctl(on, staying, "member", "remove") + " \"$id\"; fi");
    }

    /**
     * Adds {@code member} to the running cluster ({@code etcdctl member add NAME --peer-urls=URL},
     * asked of {@code endpoints}), unless the member list has it already: by its peer URL, since
     * a member added but not started yet is listed without a name ({@code id, unstarted, ,
     * https://…:2380, , false}), or by its name once started. So the step may run again after a
     * run that stopped between the add and the member's start. A member list that cannot be read
     * fails the step rather than looking like "not there".
     */
    Command addMember(Node on, List<Node> endpoints, Node member) {
        String peerUrl = peerUrl(member);
        String list = etcdctl(on, endpoints, "member", "list");
        String there = Shell.quote(member.name() + " (" + peerUrl + ") is an etcd member already: nothing to add");
        // etcdctl's simple format: ID, status, name, peer URLs (comma-separated), client URLs, learner.
        String listed = "awk -F', ' -v name=" + Shell.quote(member.name()) + " -v url=" + Shell.quote(peerUrl)
                + " '$3 == name { found = 1 } { n = split($4, u, \",\"); for (i = 1; i <= n; i++) if (u[i] == url) found = 1 }"
                + " END { exit !found }'";
        return new Command("members=$(" + list + ") || exit 1; if printf '%s\\n' \"$members\" | " + listed + "; then echo "
                + there + "; else " + etcdctl(on, endpoints, "member", "add", member.name(), "--peer-urls=" + peerUrl)
                + "; fi");
    }

    /** {@code https://ADDRESS:2380}: the member's peer URL, as its etcd flags advertise it. */
    static String peerUrl(Node member) {
        return clientUrl(member).replaceFirst(":2379$", ":2380");
    }

    static String clientUrl(Node member) {
        if (member.privateAddress() == null) {
            throw new IllegalArgumentException("node " + member.name()
                    + ": etcd member needs privateAddress in the plan; set it in cluster.json");
        }
        String host = member.privateAddress();
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":2379";
    }
}

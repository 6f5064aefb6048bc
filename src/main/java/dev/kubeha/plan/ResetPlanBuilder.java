package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plan that takes a cluster back to before kubeha: {@code kubeha reset}. The order is written
 * here once, in {@link #build()}:
 * <pre>
 * workers (in parallel): kubeadm reset, then what it leaves
 *   → control-plane nodes: kubeadm reset (one at a time with stacked etcd, the first master last),
 *     HAProxy and keepalived stopped, then what kubeadm reset leaves
 *   → etcd members run outside kubeadm (in parallel): stopped, unit, data, binaries, certificates
 * </pre>
 * {@code kubeadm reset} removes what kubeadm init and join wrote (the kubeconfigs, the PKI's
 * contents, the static pods and their containers, /var/lib/kubelet's contents, a stacked etcd
 * member and its data) but, as its documentation says, leaves the CNI configuration, the iptables
 * and IPVS rules, copies of admin.conf in $HOME/.kube and an external etcd alone: the steps after
 * it remove those, and kubeha's own files. What prepare-node.sh installed stays: the packages,
 * the kernel and sysctl settings, containerd and its images.
 *
 * <p>Every step can run again with the same result, on a node that is reset already too: a reset
 * that stopped half-way is simply run again, and a node where kubeadm is not installed (its
 * preparation never got that far) has nothing of kubeadm to reset.
 */
public final class ResetPlanBuilder {
    /**
     * Interfaces the CNI plugins and kube-proxy create on the node itself (the pods' veths go
     * with their network namespaces when kubeadm reset removes the pods): flannel's bridge and
     * VXLAN devices, Calico's and Cilium's, kube-proxy's IPVS dummy, NodeLocal DNSCache's, Weave's
     * and kube-router's bridges.
     */
    static final List<String> CNI_INTERFACES = List.of("cni0", "flannel.1", "flannel-v6.1", "vxlan.calico",
            "vxlan-v6.calico", "cilium_host", "cilium_net", "cilium_vxlan", "kube-ipvs0", "nodelocaldns", "weave",
            "kube-bridge");
    /** Where the CNI plugins keep their state: IPAM leases and cached results, flannel's subnet, Calico's. */
    static final List<String> CNI_STATE = List.of("/var/lib/cni", "/run/flannel", "/var/lib/calico", "/run/calico");
    static final String CNI_CONFIG_DIR = "/etc/cni/net.d";
    /**
     * The iptables chains Kubernetes made, which kubeadm reset leaves: kube-proxy's and the
     * kubelet's {@code KUBE-*} (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ,
     * KUBE-FORWARD, KUBE-SVC-*, KUBE-SEP-*, KUBE-FIREWALL, KUBE-KUBELET-CANARY, ...), the CNI
     * plugins' {@code CNI-*} (bridge masquerading, portmap's CNI-HOSTPORT-*), flannel's
     * {@code FLANNEL-*}, Calico's {@code cali-*} and Cilium's {@code CILIUM_*}. A line of
     * iptables-save that declares such a chain or jumps to it is dropped and the rest restored,
     * so the host's own rules stay (unlike "iptables -F", which many guides give).
     */
    static final String KUBERNETES_CHAINS = "(^:| )(KUBE-|CNI-|FLANNEL-|cali-|CILIUM_)";
    /** kube-proxy's nftables mode keeps its rules in tables of its own. */
    static final List<String> NFT_TABLES = List.of("ip kube-proxy", "ip6 kube-proxy");

    private final Cluster cluster;
    private final List<Task> tasks = new ArrayList<>();

    public ResetPlanBuilder(Cluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * The plan and what the operator should know about it (the order, what happens to etcd, what
     * stays on the nodes), one line each.
     */
    public record Result(Plan plan, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * The plan without a task on {@code unreachable}, nodes that do not answer over SSH ({@code
     * kubeha reset --force}): the others are reset in the same order, and a note per node says
     * that it is left as it is.
     */
    public Result build(java.util.Set<String> unreachable) {
        Result all = build();
        if (unreachable.isEmpty()) {
            return all;
        }
        java.util.Set<String> left = new java.util.HashSet<>();
        all.plan().tasks().stream().filter(t -> unreachable.contains(t.node())).forEach(t -> left.add(t.id()));
        List<String> notes = new ArrayList<>(all.notes());
        for (Node node : cluster.nodes()) {
            if (unreachable.contains(node.name())) {
                notes.add(node.name() + " does not answer over SSH (--force): nothing runs on it, so it keeps what kubeha"
                        + " and kubeadm put there; before anything is installed on it again, reset it by hand (its"
                        + " reset.sh from kubeha export --operation reset does what this reset would have)");
            }
        }
        return new Result(all.plan().without(left), notes);
    }

    public Result build() {
        tasks.clear();
        List<String> workers = resetWorkers();
        List<String> masters = resetControlPlane(workers);
        resetExternalEtcd(masters);
        return new Result(new Plan(cluster.name(), tasks), notes());
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        boolean stacked = cluster.etcd().stacked();
        notes.add("order: the workers first (in parallel), then the control-plane nodes ("
                + (stacked ? "one at a time, " + cluster.controlPlaneNodes().get(0).name() + " last"
                : "in parallel") + ")" + (stacked ? "" : ", etcd last"));
        if (stacked) {
            notes.add("etcd: kubeadm reset on each control-plane node removes its own stacked etcd member first, so"
                    + " the members left keep quorum until the last one goes; the data of each is deleted");
        } else {
            notes.add("etcd: every member is stopped at once when no API server uses etcd any more; the cluster's data"
                    + " is deleted, so there is no quorum left to keep");
        }
        notes.add("stays on the nodes: what prepare-node.sh installed (containerd and its images, kubeadm, kubelet,"
                + " kubectl" + (haproxyKeepalived() ? ", HAProxy, keepalived" : "") + ") and its kernel and sysctl settings");
        return notes;
    }

    /** Workers that are not control-plane nodes too: nothing depends on them, so they go first and together. */
    private List<String> resetWorkers() {
        List<String> ids = new ArrayList<>();
        for (Node worker : cluster.workerNodes()) {
            if (!worker.hasRole(Role.CONTROL_PLANE)) {
                ids.add(add(Task.on(worker.name(), worker.name() + "/reset")
                        .title("kubeadm reset, then the CNI configuration, interfaces and iptables rules it leaves, and kubeha's files")
                        .steps(kubernetesNode(worker, false))
                        .retrySafe(true)
                        .build()));
            }
        }
        return ids;
    }

    /**
     * Stacked etcd: one master at a time, the first master last, so that kubeadm reset can take
     * each node's member out of an etcd that still has quorum. With external etcd the masters
     * depend on nothing of each other.
     */
    private List<String> resetControlPlane(List<String> workers) {
        List<Node> masters = new ArrayList<>(cluster.controlPlaneNodes());
        java.util.Collections.reverse(masters);
        boolean stacked = cluster.etcd().stacked();
        List<String> ids = new ArrayList<>();
        String previous = null;
        for (Node master : masters) {
            String title = stacked
                    ? "kubeadm reset (removes this node's etcd member; the others keep quorum), "
                    : "kubeadm reset, ";
            title += haproxyKeepalived() ? "HAProxy and keepalived stopped, what kubeadm reset leaves, kubeha's files"
                    : "then what it leaves, and kubeha's files";
            Task.Builder t = Task.on(master.name(), master.name() + "/reset").title(title).after(workers)
                    .steps(kubernetesNode(master, true)).retrySafe(true);
            if (stacked && previous != null) {
                t.after(previous);
            }
            previous = add(t.build());
            ids.add(previous);
        }
        return ids;
    }

    /**
     * etcd outside kubeadm, once no API server is left to use it. Stopping the members one at a
     * time would gain nothing: the second stopped of three takes quorum anyway, and the data goes.
     */
    private void resetExternalEtcd(List<String> masters) {
        if (cluster.etcd().stacked()) {
            return;
        }
        boolean systemd = cluster.etcd().runtime() == EtcdRuntime.SYSTEMD;
        for (Node member : cluster.etcdMembers()) {
            if (systemd) {
                add(Task.on(member.name(), member.name() + "/reset-etcd")
                        .title("stop etcd (every member at once: no API server uses it any more) and delete its unit,"
                                + " data, binaries and certificates" + (kubernetesNode(member) ? "" : ", and kubeha's files"))
                        .after(masters)
                        .steps(systemdEtcd(member))
                        .retrySafe(true)
                        .build());
            } else if (cluster.etcd().topology() == EtcdTopology.DEDICATED) {
                add(Task.on(member.name(), member.name() + "/reset")
                        .title("kubeadm reset (stops the kubelet and its etcd pod: every member at once, no API server"
                                + " uses it any more), then etcd's data, the kubelet drop-in and kubeha's files")
                        .after(masters)
                        .steps(staticPodEtcd())
                        .retrySafe(true)
                        .build());
            }
        }
    }

    /** A control-plane node or worker: kubeadm reset and everything it leaves. */
    List<Step> kubernetesNode(Node node, boolean master) {
        List<Step> steps = new ArrayList<>();
        steps.add(removeAdminConfCopies());
        steps.add(kubeadmReset());
        if (master && haproxyKeepalived()) {
            // After kubeadm reset, which may still reach the API through the virtual IP;
            // keepalived first, so that the address moves to a node whose HAProxy still serves.
            steps.add(stopAndDisable("keepalived"));
            steps.add(stopAndDisable("haproxy"));
            steps.add(root(Command.of(rm("-f", NodePaths.LOAD_BALANCER_FILES))));
        }
        if (master && cluster.etcd().stacked()) {
            // kubeadm reset empties the data directory of its own etcd member; the directory goes too.
            steps.add(root(Command.of("rm", "-rf", NodePaths.ETCD_DATA_DIR)));
        }
        steps.add(cniConfiguration());
        steps.addAll(cniInterfaces());
        steps.add(iptables("iptables"));
        steps.add(iptables("ip6tables"));
        steps.add(nftables());
        if (!cluster.etcdMembersRunBySystemd().contains(node)) {
            // A co-located member's etcd still runs on these files: its own task removes them.
            steps.add(kubernetesFiles());
            steps.add(kubehaFiles());
        }
        return steps;
    }

    private boolean kubernetesNode(Node node) {
        return node.hasRole(Role.CONTROL_PLANE) || node.hasRole(Role.WORKER);
    }

    /** etcd under systemd: the unit kubeha wrote, its environment, data, binaries and certificates. */
    List<Step> systemdEtcd(Node member) {
        List<Step> steps = new ArrayList<>();
        steps.add(root(new Command("if [ -e " + Shell.quote(NodePaths.ETCD_UNIT) + " ]; then "
                + Command.of("systemctl", "stop", "etcd").line() + " && " + Command.of("systemctl", "disable", "etcd").line()
                + "; fi")));
        steps.add(root(Command.allOf(Command.of("rm", "-f", NodePaths.ETCD_UNIT, NodePaths.ETCD_ENV),
                Command.of("systemctl", "daemon-reload"))));
        steps.add(root(Command.of("rm", "-rf", NodePaths.ETCD_DATA_DIR)));
        steps.add(root(Command.of(rm("-f", NodePaths.ETCD_BINARIES))));
        steps.add(root(Command.of("rm", "-rf", NodePaths.ETCD_PKI_DIR)));
        // A co-located member's node was reset as a control-plane node already; a dedicated one
        // holds nothing of Kubernetes but the etcd certificates.
        steps.add(kubernetesFiles());
        steps.add(kubehaFiles());
        return steps;
    }

    /** A dedicated member whose etcd the kubelet runs as a static pod, set up by kubeha (not by kubeadm). */
    List<Step> staticPodEtcd() {
        List<Step> steps = new ArrayList<>();
        // kubeadm reset stops the kubelet, removes the etcd container and, read from the static
        // pod's etcd-data volume, empties etcd's data directory.
        steps.add(kubeadmReset());
        steps.add(root(Command.allOf(Command.of("rm", "-f", NodePaths.ETCD_KUBELET_DROP_IN),
                Command.of("systemctl", "daemon-reload"))));
        steps.add(root(Command.of("rm", "-rf", NodePaths.ETCD_DATA_DIR)));
        steps.add(kubernetesFiles());
        steps.add(kubehaFiles());
        return steps;
    }

    /**
     * Copies of admin.conf that the operator made as kubeadm init suggests (root's and the SSH
     * user's {@code ~/.kube/config}); only exact copies: another cluster's kubeconfig stays.
     * Before kubeadm reset, which removes the original they are compared with.
     */
    private Step removeAdminConfCopies() {
        String admin = Shell.quote(NodePaths.ADMIN_CONF);
        String user = cluster.ssh().user();
        String homes = "/root/.kube/config" + ("root".equals(user) ? ""
                : " \"$(getent passwd " + Shell.quote(user) + " | cut -d: -f6)/.kube/config\"");
        return root(new Command("if [ -f " + admin + " ]; then for f in " + homes + "; do"
                + " if [ -f \"$f\" ] && cmp -s \"$f\" " + admin + "; then rm -f \"$f\"; fi; done; fi"));
    }

    /**
     * {@code --force}: no question; {@code --cleanup-tmp-dir}: /etc/kubernetes/tmp too (kubeadm's
     * backups); {@code --cri-socket}: containerd's, as the kubeadm configuration names it, so that
     * a node with a second container runtime does not stop kubeadm at "found multiple CRI endpoints".
     */
    private static Step kubeadmReset() {
        return root(new Command("if command -v kubeadm >/dev/null 2>&1; then "
                + Command.of("kubeadm", "reset", "--force", "--cleanup-tmp-dir", "--cri-socket", NodePaths.CRI_SOCKET).line()
                + "; else echo " + Shell.quote("kubeadm is not installed: nothing of kubeadm to reset") + "; fi"))
                .withTimeout(ClusterPlanBuilder.KUBEADM_TIMEOUT);
    }

    /** Stops and disables a service installed from a package, when it is there at all. */
    private static Step stopAndDisable(String unit) {
        return root(new Command("if " + Command.of("systemctl", "cat", unit + ".service").quiet().line() + "; then "
                + Command.of("systemctl", "stop", unit).line() + " && " + Command.of("systemctl", "disable", unit).line()
                + "; fi"));
    }

    /** kubeadm reset leaves the CNI configuration; the directory itself belongs to the CNI packages. */
    private static Step cniConfiguration() {
        String dir = Shell.quote(CNI_CONFIG_DIR);
        return root(new Command("if [ -d " + dir + " ]; then find " + dir + " -mindepth 1 -delete; fi && "
                + Command.of(rm("-rf", CNI_STATE)).line()));
    }

    private static List<Step> cniInterfaces() {
        List<Step> steps = new ArrayList<>();
        // kube-proxy's IPVS mode leaves its virtual servers; kube-ipvs0 tells it ran in that mode
        // (ipvsadm --clear would remove a host's own virtual servers otherwise).
        steps.add(root(new Command("if " + Command.of("ip", "link", "show", "kube-ipvs0").quiet().line()
                + " && command -v ipvsadm >/dev/null 2>&1; then ipvsadm --clear; fi")));
        StringBuilder line = new StringBuilder("for i in");
        CNI_INTERFACES.forEach(i -> line.append(' ').append(Shell.quote(i)));
        line.append("; do if ip link show \"$i\" >/dev/null 2>&1; then ip link delete \"$i\"; fi; done");
        steps.add(root(new Command(line.toString())));
        return steps;
    }

    /**
     * {@code tool} is iptables or ip6tables; a node without it has no such rules. grep's 1 (no
     * line left, no table loaded) is no failure, also under the bundle script's pipefail.
     */
    private static Step iptables(String tool) {
        return root(new Command("if command -v " + tool + "-save >/dev/null 2>&1 && command -v " + tool
                + "-restore >/dev/null 2>&1; then " + tool + "-save | { grep -v -E " + Shell.quote(KUBERNETES_CHAINS)
                + " || [ $? -eq 1 ]; } | " + tool + "-restore; fi"));
    }

    private static Step nftables() {
        StringBuilder line = new StringBuilder("if command -v nft >/dev/null 2>&1; then");
        for (String table : NFT_TABLES) {
            String words = String.join(" ", List.of(table.split(" ")).stream().map(Shell::quote).toList());
            line.append(" if nft list table ").append(words).append(" >/dev/null 2>&1; then nft delete table ")
                    .append(words).append("; fi;");
        }
        return root(new Command(line.append(" fi").toString()));
    }

    /**
     * What is left of kubeadm's directories once it emptied them: /etc/kubernetes (and the etcd
     * certificates kubeha put there), /var/lib/kubelet. {@code --one-file-system}: a volume still
     * mounted under /var/lib/kubelet (kubeadm warns when it cannot unmount one) is not emptied.
     */
    private static Step kubernetesFiles() {
        return root(Command.of("rm", "-rf", "--one-file-system", NodePaths.KUBERNETES_DIR, NodePaths.KUBELET_DIR));
    }

    /** kubeha's scripts, configuration, packages and images, and the registry configuration it gave containerd. */
    private Step kubehaFiles() {
        List<String> paths = new ArrayList<>(List.of(NodePaths.KUBEHA_CONFIG_DIR, NodePaths.KUBEHA_STATE_DIR));
        cluster.siteRegistry().ifPresent(registry -> {
            paths.add(NodePaths.CONTAINERD_CERTS_DIR + "/" + registry);
            paths.add(NodePaths.CONTAINERD_CERTS_DIR + "/_default");
        });
        return root(Command.of(rm("-rf", paths)));
    }

    private boolean haproxyKeepalived() {
        return cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED;
    }

    private static List<String> rm(String flag, List<String> paths) {
        List<String> argv = new ArrayList<>(List.of("rm", flag));
        argv.addAll(paths);
        return argv;
    }

    private static Step.RunCommand root(Command command) {
        return Step.RunCommand.rootIdempotent(command);
    }

    private String add(Task task) {
        tasks.add(task);
        return task.id();
    }
}

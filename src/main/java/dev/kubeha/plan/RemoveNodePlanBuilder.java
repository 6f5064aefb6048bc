package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.HostPort;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.NodeRemoval;
import dev.kubeha.model.Role;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.render.ClusterRenderer;
import dev.kubeha.render.NodeFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The plan of {@code kubeha remove-node}: nodes taken out of a running cluster, written once here:
 * <pre>
 * etcd/healthy-before: the members that stay answer healthy (nothing changes otherwise)
 *   → removing an etcd member outside kubeadm: every remaining master's API server stops naming it,
 *     one master at a time, each waiting for its new API server to be ready
 *   → per node, in cluster.json's order:
 *       a worker or master: cordon and drain (on a remaining master), then
 *       an etcd member, one at a time: etcdctl member remove (on a member that stays; a stacked
 *         master's own kubeadm reset does it first when the node answers), then the members that
 *         stay healthy again before the next;
 *       the node reset as kubeha reset would (when it answers), then kubectl delete node
 *   → the load balancer without the removed masters: HAProxy and keepalived re-rendered and
 *     reloaded on every remaining master, or the external load balancer's checkpoint
 * </pre>
 * The node is deleted from the API after its reset, not before: a kubelet still running would
 * register the node again. A node the caller found unreachable ({@code --force}) gets no task at
 * all: no drain (its pods could not confirm their end; they go with the node object), no reset;
 * the notes say so, and the node must be reset by hand before it comes back.
 *
 * <p>Every task can run again (a removal that stopped is simply run again): drain and delete
 * accept a node that is gone, member remove accepts a member that is gone, the reset steps are
 * {@link ResetPlanBuilder}'s.
 */
public final class RemoveNodePlanBuilder {
    /** The first task: nothing changes unless the etcd members that stay are healthy. */
    public static final String HEALTH_GATE = "etcd/healthy-before";
    /** The note of a plan in which every removed node answers (a bundle's runbook says it in its own words). */
    public static final String EVERY_NODE_ANSWERS = "every removed node is expected to answer over SSH; with --force,"
            + " one that does not gets none of its own tasks (drain, reset) and the rest runs";
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final String KUBECTL_KUBECONFIG = "--kubeconfig=" + NodePaths.ADMIN_CONF;

    private final Cluster cluster;
    private final NodeRemoval removal;
    private final ClusterPki pki;
    private final byte[] registryCa;
    private final Set<String> unreachable;
    private final List<Task> tasks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param cluster     the cluster as installed (cluster.json before the removal)
     * @param removal     an allowed {@link NodeRemoval} of it
     * @param pki         the workspace's PKI: the remaining masters' files are rendered from it
     * @param registryCa  the content of {@code images.registryCa}, or null
     * @param unreachable removed nodes that do not answer over SSH ({@code --force}): no task runs on them
     */
    public RemoveNodePlanBuilder(Cluster cluster, NodeRemoval removal, ClusterPki pki, byte[] registryCa,
                                 Set<String> unreachable) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.removal = Objects.requireNonNull(removal, "removal");
        if (!removal.allowed()) {
            throw new IllegalArgumentException("the removal is refused: " + String.join("; ", removal.problems()));
        }
        this.pki = Objects.requireNonNull(pki, "pki");
        this.registryCa = registryCa;
        this.unreachable = Set.copyOf(unreachable);
        for (String name : this.unreachable) {
            if (removal.removed().stream().noneMatch(n -> n.name().equals(name))) {
                throw new IllegalArgumentException(name + " is not removed: only a removed node may be left unreached");
            }
        }
    }

    /** The plan and what the operator should know about it, one line each. */
    public record Result(Plan plan, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * @throws IllegalArgumentException the remaining cluster cannot be rendered (a private address
     *                                  is missing); the message names the node or field
     */
    public Result build() {
        try {
            return planned();
        } catch (dev.kubeha.render.RenderException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Result planned() {
        tasks.clear();
        notes.clear();
        Cluster remaining = removal.remaining();
        Node operator = remaining.controlPlaneNodes().get(0);
        List<Node> staying = remaining.etcdMembers();
        Node etcdOperator = cluster.etcd().stacked() ? operator : staying.get(0);
        EtcdMemberCommands etcd = new EtcdMemberCommands(cluster);
        ResetPlanBuilder reset = new ResetPlanBuilder(cluster);

        String health = add(Task.on(etcdOperator.name(), HEALTH_GATE)
                .title("the etcd members that stay (" + names(staying) + ") are healthy: nothing changes otherwise")
                // Asked once (etcdctl waits up to its own timeouts): an unhealthy etcd refuses the removal now.
                .step(Step.RunCommand.rootIdempotent(etcd.healthy(etcdOperator, staying).command()))
                .retrySafe(true));
        String etcdChain = apiServersWithoutRemovedMembers(remaining, health);

        List<String> mastersDone = new ArrayList<>();
        for (Node node : removal.removed()) {
            boolean kubernetes = node.hasRole(Role.CONTROL_PLANE) || node.hasRole(Role.WORKER);
            boolean member = cluster.etcdMembers().contains(node);
            boolean answers = !unreachable.contains(node.name());
            String last = member ? etcdChain : health;
            if (kubernetes && answers) {
                last = add(drain(operator, node, last));
            }
            String resetTask = null;
            if (member && cluster.etcd().stacked()) {
                // kubeadm reset removes the node's own member while etcd keeps quorum; the member
                // remove after it finds the member gone, or takes it out when the node is dead.
                if (answers) {
                    resetTask = last = add(resetTask(reset, node, last));
                }
                last = add(removeMember(etcd, etcdOperator, staying, node, last));
                etcdChain = last = add(healthAfter(etcd, etcdOperator, staying, node, last));
            } else if (member) {
                last = add(removeMember(etcd, etcdOperator, staying, node, last));
                etcdChain = add(healthAfter(etcd, etcdOperator, staying, node, last));
                if (answers) {
                    resetTask = last = add(resetTask(reset, node, last));
                }
                last = resetTask == null ? etcdChain : last;
            } else if (answers) {
                resetTask = last = add(resetTask(reset, node, last));
            }
            if (kubernetes) {
                last = add(Task.on(operator.name(), node.name() + "/delete-node")
                        .title("kubectl delete node " + node.name())
                        .after(last)
                        .step(Step.RunCommand.rootIdempotent(Command.of("kubectl", KUBECTL_KUBECONFIG, "delete", "node",
                                node.name(), "--ignore-not-found")))
                        .retrySafe(true));
            }
            if (node.hasRole(Role.CONTROL_PLANE)) {
                mastersDone.add(last);
            }
            if (!answers) {
                notes.add(node.name() + " does not answer over SSH (--force): nothing runs on it (no drain, no reset);"
                        + (kubernetes ? " its pods go with its node object;" : "")
                        + " reset it by hand before it is started again, or it rejoins with its old state");
            }
            if (resetTask != null && cluster.etcd().stacked() && member) {
                notes.add(node.name() + ": kubeadm reset takes its own etcd member out; " + node.name()
                        + "/remove-etcd-member then finds it gone (or removes it when kubeadm reset could not)");
            }
        }
        loadBalancer(remaining, operator, mastersDone);
        if (unreachable.isEmpty()) {
            notes.add(EVERY_NODE_ANSWERS);
        }
        notes.add("cluster.json is rewritten without " + names(removal.removed()) + " once every task succeeded");
        return new Result(new Plan(cluster.name(), tasks), notes);
    }

    /**
     * Removing an etcd member that kubeadm does not manage: each remaining master's kube-apiserver
     * names every member in --etcd-servers. Before the member goes, the API servers stop using it,
     * one master at a time so that the API stays served: kubeha's kubeadm.yaml re-rendered for the
     * remaining cluster, {@code kubeadm init phase control-plane apiserver} rewrites the static pod
     * (the kubelet restarts it), and the task waits until the running API server names none of the
     * removed members and is ready. The first master also uploads the new ClusterConfiguration,
     * so later joins and upgrades name the remaining members only.
     */
    private String apiServersWithoutRemovedMembers(Cluster remaining, String after) {
        List<Node> removedMembers = cluster.etcd().stacked() ? List.of()
                : removal.removed().stream().filter(cluster.etcdMembers()::contains).toList();
        if (removedMembers.isEmpty()) {
            return after;
        }
        RenderedFiles files = RenderedFiles.of(remaining, pki, registryCa);
        String previous = after;
        boolean first = true;
        for (Node master : remaining.controlPlaneNodes()) {
            NodeFile config = ClusterRenderer.controlPlaneConfiguration(remaining, pki.joinMaterial(), master);
            String path = config.path();
            Task.Builder t = Task.on(master.name(), master.name() + "/apiserver-etcd")
                    .title("kube-apiserver without " + names(removedMembers) + " in --etcd-servers (kubeadm init phase"
                            + " control-plane apiserver), then ready")
                    .after(previous)
                    .steps(files.files(master, Stage.KUBEADM).stream()
                            .filter(f -> f.path().equals(NodePaths.KUBEADM_CONFIG)).toList())
                    .step(Step.UploadFile.rootOwned(path, config.mode(), config.content(), config.secret()))
                    .step(Step.RunCommand.rootIdempotent(Command.of("kubeadm", "init", "phase", "control-plane",
                            "apiserver", "--config", path)).withTimeout(ClusterPlanBuilder.KUBEADM_TIMEOUT));
            if (first) {
                t.step(Step.RunCommand.rootIdempotent(Command.of("kubeadm", "init", "phase", "upload-config", "kubeadm",
                        "--config", path)).withTimeout(ClusterPlanBuilder.KUBEADM_TIMEOUT));
            }
            t.step(new Step.WaitFor(Check.asRoot(apiServerWithout(master, removedMembers)),
                    ClusterPlanBuilder.WAIT_TIMEOUT, ClusterPlanBuilder.WAIT_INTERVAL));
            previous = add(t.retrySafe(true));
            first = false;
        }
        return previous;
    }

    /**
     * The kube-apiserver process of this master (found by its advertise address, since the kubelet
     * restarts it when the manifest changed) runs without the removed members' URLs, and answers
     * /readyz: the old process would answer too until the kubelet replaced it.
     */
    private static Command apiServerWithout(Node master, List<Node> removedMembers) {
        String pattern = "^kube-apiserver .*--advertise-address=" + master.privateAddress() + "( |$)";
        StringBuilder urls = new StringBuilder();
        for (Node m : removedMembers) {
            urls.append(" -e ").append(Shell.quote(EtcdMemberCommands.clientUrl(m)));
        }
        String host = master.privateAddress().contains(":") ? "[" + master.privateAddress() + "]" : master.privateAddress();
        return new Command("pids=$(pgrep -f -- " + Shell.quote(pattern) + ") && [ -n \"$pids\" ] && for pid in $pids; do"
                + " if tr '\\0' ' ' < /proc/\"$pid\"/cmdline | grep -qF" + urls + "; then exit 1; fi; done && "
                + Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                "https://" + host + ":" + ClusterPlanBuilder.API_SERVER_PORT + "/readyz").line());
    }

    /** Cordon, then drain: only a node the API still knows (the task may run again after its delete). */
    private Task drain(Node operator, Node node, String after) {
        String name = Shell.quote(node.name());
        Command get = Command.of("kubectl", KUBECTL_KUBECONFIG, "get", "node", node.name(), "--ignore-not-found", "-o", "name");
        Command cordon = Command.of("kubectl", KUBECTL_KUBECONFIG, "cordon", node.name());
        Command drain = Command.of("kubectl", KUBECTL_KUBECONFIG, "drain", node.name(), "--ignore-daemonsets",
                "--delete-emptydir-data", "--timeout=" + DRAIN_TIMEOUT.toSeconds() + "s");
        return Task.on(operator.name(), node.name() + "/drain")
                .title("cordon and drain " + node.name() + " (pods of DaemonSets stay, emptyDir data goes)")
                .after(after)
                .step(Step.RunCommand.rootIdempotent(new Command("found=$(" + get.line() + ") || exit 1; if [ -n \"$found\" ];"
                        + " then " + Command.allOf(cordon, drain).line() + "; else echo " + name
                        + "' is not a node of the cluster (any more): nothing to drain'; fi"))
                        .withTimeout(DRAIN_TIMEOUT.plusMinutes(1)))
                .retrySafe(true)
                .build();
    }

    private Task removeMember(EtcdMemberCommands etcd, Node on, List<Node> staying, Node member, String after) {
        return Task.on(on.name(), member.name() + "/remove-etcd-member")
                .title("etcdctl member remove " + member.name() + " (found by its name in member list)")
                .after(after)
                .step(Step.RunCommand.rootIdempotent(etcd.removeMember(on, staying, member.name())))
                .retrySafe(true)
                .build();
    }

    private Task healthAfter(EtcdMemberCommands etcd, Node on, List<Node> staying, Node member, String after) {
        return Task.on(on.name(), "etcd/healthy-without-" + member.name())
                .title("etcd healthy without " + member.name() + " (" + names(staying) + ")")
                .after(after)
                .step(new Step.WaitFor(etcd.healthy(on, staying), ClusterPlanBuilder.WAIT_TIMEOUT,
                        ClusterPlanBuilder.WAIT_INTERVAL))
                .retrySafe(true)
                .build();
    }

    /** The node's steps of {@code kubeha reset}: what kubeha and kubeadm put there, etcd's too. */
    private Task resetTask(ResetPlanBuilder reset, Node node, String after) {
        boolean master = node.hasRole(Role.CONTROL_PLANE);
        boolean kubernetes = master || node.hasRole(Role.WORKER);
        List<Step> steps = new ArrayList<>();
        String title;
        if (kubernetes) {
            steps.addAll(reset.kubernetesNode(node, master));
            title = "kubeadm reset, then what it leaves, and kubeha's files";
            if (cluster.etcdMembersRunBySystemd().contains(node)) {
                steps.addAll(reset.systemdEtcd(node));
                title += "; etcd stopped, its unit, data, binaries and certificates deleted";
            }
        } else if (cluster.etcd().runtime() == EtcdRuntime.SYSTEMD) {
            steps.addAll(reset.systemdEtcd(node));
            title = "etcd stopped (no longer a member), its unit, data, binaries and certificates deleted, and kubeha's files";
        } else {
            steps.addAll(reset.staticPodEtcd());
            title = "kubeadm reset (stops the kubelet and its etcd pod), then etcd's data, the kubelet drop-in and kubeha's files";
        }
        return Task.on(node.name(), node.name() + "/reset").title(title).after(after).steps(steps).retrySafe(true).build();
    }

    private void loadBalancer(Cluster remaining, Node operator, List<String> mastersDone) {
        List<Node> removedMasters = removal.removed().stream().filter(n -> n.hasRole(Role.CONTROL_PLANE)).toList();
        if (removedMasters.isEmpty()) {
            return;
        }
        if (cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED) {
            RenderedFiles files = RenderedFiles.of(remaining, pki, registryCa);
            HostPort vip = HostPort.parse(cluster.loadBalancer().endpoint()).value().orElseThrow(() ->
                    new IllegalArgumentException("loadBalancer.endpoint is not host:port: fix it in cluster.json"));
            // One master after another, each until the virtual IP accepts connections again: the
            // API server is reached through it while they reload.
            List<String> previous = mastersDone;
            for (Node master : remaining.controlPlaneNodes()) {
                previous = List.of(add(Task.on(master.name(), master.name() + "/load-balancer")
                        .title("HAProxy and keepalived without " + names(removedMasters) + ", reloaded")
                        .after(previous)
                        .steps(files.files(master, Stage.LOAD_BALANCER))
                        .step(Step.RunCommand.rootIdempotent(Command.allOf(Command.of("systemctl", "reload", "haproxy"),
                                Command.of("systemctl", "reload", "keepalived"))))
                        .step(new Step.WaitFor(ClusterPlanBuilder.acceptsConnections(vip),
                                ClusterPlanBuilder.WAIT_TIMEOUT, ClusterPlanBuilder.WAIT_INTERVAL))
                        .retrySafe(true)));
            }
            return;
        }
        LoadBalancerCheckpoint checkpoint = LoadBalancerCheckpoint.removal(cluster.loadBalancer().endpoint(),
                removedMasters.stream().map(m -> new LoadBalancerCheckpoint.Backend(m.name(), apiServer(m))).toList());
        HostPort endpoint = HostPort.parse(cluster.loadBalancer().endpoint()).value().orElseThrow(() ->
                new IllegalArgumentException("loadBalancer.endpoint is not host:port: fix it in cluster.json"));
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        add(Task.on(operator.name(), "load-balancer/remove-backends")
                .title(checkpoint.describe() + "; it then still serves the API server's /healthz")
                .after(mastersDone)
                .step(new Step.WaitFor(Check.asRoot(Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                        "https://" + host + ":" + endpoint.port() + "/healthz")),
                        ClusterPlanBuilder.WAIT_TIMEOUT, ClusterPlanBuilder.WAIT_INTERVAL))
                .retrySafe(true)
                .checkpoint(checkpoint));
    }

    private static String apiServer(Node master) {
        String address = master.privateAddress() != null ? master.privateAddress() : master.host();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + ClusterPlanBuilder.API_SERVER_PORT;
    }

    private static String names(List<Node> nodes) {
        Set<String> names = new LinkedHashSet<>();
        nodes.forEach(n -> names.add(n.name()));
        return String.join(", ", names);
    }

    private String add(Task.Builder builder) {
        return add(builder.build());
    }

    private String add(Task task) {
        tasks.add(task);
        return task.id();
    }
}

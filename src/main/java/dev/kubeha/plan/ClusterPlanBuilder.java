package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.HostPort;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a validated cluster into its installation plan. The order of the guide is written here
 * once, as real dependencies rather than phases:
 * <pre>
 * prepare (every node, parallel)
 *   → etcd on each external member (parallel) → etcd healthy
 *   → load balancer (HAProxy/keepalived on each control-plane node, or a check of the external one)
 *   → kubeadm init on master0
 *   → external load balancer: the operator adds every master, it serves /healthz (a checkpoint)
 *   → other masters join (one at a time with stacked etcd, in parallel with external etcd)
 *   → CNI applied on master0 → workers join (parallel)
 *   → verify (nodes Ready, etcd healthy, load balancer serves /healthz) → fetch admin.conf
 * </pre>
 * Files come from a {@link NodeFileSource}; commands refer to {@link NodePaths}.
 */
public final class ClusterPlanBuilder {
    static final Duration KUBEADM_TIMEOUT = Duration.ofMinutes(15);
    static final Duration WAIT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration WAIT_INTERVAL = Duration.ofSeconds(5);
    /** The API server's port on each control-plane node: kubeadm's bindPort, as the renderer writes it. */
    static final int API_SERVER_PORT = 6443;
    private static final String KUBECTL_KUBECONFIG = "--kubeconfig=" + NodePaths.ADMIN_CONF;

    private final Cluster cluster;
    private final NodeFileSource files;
    private final CniSource cni;
    /** Nodes that have a prepare task: an etcd node run by systemd needs no kubelet and has none. */
    private final java.util.Set<String> prepared = new java.util.HashSet<>();

    public ClusterPlanBuilder(Cluster cluster, NodeFileSource files, CniSource cni) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.files = Objects.requireNonNull(files, "files");
        this.cni = cni == null ? new CniSource.None() : cni;
    }

    /** The plan and what the user should know about it. */
    public record Result(Plan plan, List<String> warnings) {
    }

    public Result build() {
        List<Node> masters = cluster.controlPlaneNodes();
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " has no control-plane node: add one with role control-plane");
        }
        Node master0 = masters.get(0);
        boolean stacked = cluster.etcd().stacked();
        List<Task> tasks = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        for (Node node : cluster.nodes()) {
            Task prepare = prepare(node);
            if (prepare != null) {
                tasks.add(prepare);
                prepared.add(node.name());
            }
        }

        // External etcd: every member set up in parallel, then one health check across all of them.
        List<String> etcdReady = new ArrayList<>();
        if (!stacked) {
            List<Node> members = cluster.etcdMembers();
            List<String> memberTasks = new ArrayList<>();
            for (Node member : members) {
                Task t = etcdMember(member);
                tasks.add(t);
                memberTasks.add(t.id());
            }
            Task healthy = Task.on(members.get(0).name(), "etcd/healthy")
                    .title("etcd cluster healthy")
                    .after(memberTasks)
                    .step(new Step.WaitFor(etcdHealth(members), WAIT_TIMEOUT, WAIT_INTERVAL))
                    .retrySafe(true)
                    .build();
            tasks.add(healthy);
            etcdReady.add(healthy.id());
        }

        // The load balancer must answer before kubeadm init, since controlPlaneEndpoint points at it.
        List<String> lbInstalled = new ArrayList<>(List.of(preparedFirst(master0)));
        String reachableTitle = "external load balancer " + cluster.loadBalancer().endpoint() + " accepts connections";
        if (cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED) {
            lbInstalled.clear();
            for (Node master : masters) {
                Task t = Task.on(master.name(), id(master, "load-balancer"))
                        .title("HAProxy and keepalived")
                        .after(preparedFirst(master))
                        .steps(files.files(master, Stage.LOAD_BALANCER))
                        .step(Step.RunCommand.rootIdempotent(Command.allOf(
                                Command.of("systemctl", "daemon-reload"),
                                Command.of("systemctl", "enable", "haproxy", "keepalived"),
                                Command.of("systemctl", "restart", "haproxy", "keepalived"))))
                        .retrySafe(true)
                        .build();
                tasks.add(t);
                lbInstalled.add(t.id());
            }
            // keepalived takes a few seconds to elect the holder of the virtual IP.
            reachableTitle = "virtual IP " + cluster.loadBalancer().endpoint() + " accepts connections";
        }
        HostPort lbEndpoint = endpoint();
        Task reachable = Task.on(master0.name(), "load-balancer/reachable")
                .title(reachableTitle)
                .after(lbInstalled.toArray(String[]::new))
                .step(new Step.WaitFor(Check.asRoot(Command.of("timeout", "5", "bash", "-c",
                        "exec 3<>/dev/tcp/" + lbEndpoint.host() + "/" + lbEndpoint.port())), WAIT_TIMEOUT, WAIT_INTERVAL))
                .retrySafe(true)
                .build();
        tasks.add(reachable);
        List<String> lbReady = List.of(reachable.id());

        Task init = Task.on(master0.name(), id(master0, "kubeadm-init"))
                .title("kubeadm init")
                .after(preparedFirst(master0))
                .after(etcdReady)
                .after(lbReady)
                .steps(files.files(master0, Stage.KUBEADM))
                .step(Step.RunCommand.root(Command.of("kubeadm", "init", "--config", NodePaths.KUBEADM_CONFIG))
                        .withTimeout(KUBEADM_TIMEOUT))
                // admin.conf alone would be written half-way through a failed init: the API must answer too.
                .probe(Check.asRoot(Command.allOf(
                        Command.of("test", "-e", NodePaths.ADMIN_CONF),
                        Command.of("kubectl", KUBECTL_KUBECONFIG, "get", "--raw=/readyz").quiet())))
                .build();
        tasks.add(init);

        List<Node> joiningWorkers = cluster.workerNodes().stream()
                .filter(n -> !n.hasRole(dev.kubeha.model.Role.CONTROL_PLANE)).toList();
        // The guide's "add master1 and master2 to the load balancer" once master0 serves: the
        // operator's step, checked from master0 (the endpoint may be reachable from the nodes
        // only) before anything joins through the endpoint.
        List<String> endpointServes = new ArrayList<>();
        if (cluster.loadBalancer().mode() == LoadBalancerMode.EXTERNAL && (masters.size() > 1 || !joiningWorkers.isEmpty())) {
            LoadBalancerCheckpoint checkpoint = new LoadBalancerCheckpoint(cluster.loadBalancer().endpoint(),
                    masters.stream().map(m -> new LoadBalancerCheckpoint.Backend(m.name(), hostPort(m))).toList());
            endpointServes.add(addTask(tasks, Task.on(master0.name(), "load-balancer/serves-api")
                    .title(checkpoint.describe() + "; it then serves the API server's /healthz")
                    .after(init.id())
                    // Not quiet: each failed attempt's reason (curl's one line) is the checkpoint's status.
                    .step(new Step.WaitFor(Check.asRoot(Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                            healthz(endpoint()))), WAIT_TIMEOUT, WAIT_INTERVAL))
                    .retrySafe(true)
                    .checkpoint(checkpoint)));
        }

        // Stacked etcd grows by one member per join, and etcd must keep quorum while it does:
        // control-plane joins go one at a time. With external etcd they are independent.
        List<String> controlPlaneJoined = new ArrayList<>();
        String previous = init.id();
        for (Node master : masters.subList(1, masters.size())) {
            Task.Builder join = joinTask(master, "join the control plane").after(stacked ? previous : init.id())
                    .after(endpointServes);
            if (cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED) {
                join.after(id(master, "load-balancer"));
            }
            Task t = join.build();
            tasks.add(t);
            controlPlaneJoined.add(t.id());
            previous = t.id();
        }

        List<String> networkReady = new ArrayList<>(List.of(init.id()));
        Task cniTask = cniTask(master0, init.id());
        if (cniTask != null) {
            tasks.add(cniTask);
            networkReady = List.of(cniTask.id());
        } else {
            warnings.add("no CNI manifest given: the nodes stay NotReady until you apply one, so the verify task will fail");
        }

        List<String> workersJoined = new ArrayList<>();
        for (Node worker : joiningWorkers) {
            Task t = joinTask(worker, "join as a worker").after(networkReady).after(endpointServes).build();
            tasks.add(t);
            workersJoined.add(t.id());
        }

        List<String> everythingJoined = new ArrayList<>(networkReady);
        everythingJoined.addAll(controlPlaneJoined);
        everythingJoined.addAll(workersJoined);
        // The checks on master0 are one task: as separate tasks they would queue behind each other
        // anyway (one task per node at a time) and lengthen the run by a poll each.
        List<String> verified = new ArrayList<>();
        HostPort endpoint = endpoint();
        Task.Builder verify = Task.on(master0.name(), "verify/cluster")
                .title("every node Ready, etcd healthy, load balancer serves /healthz")
                .after(everythingJoined)
                .step(new Step.WaitFor(Check.asRoot(Command.of("kubectl", KUBECTL_KUBECONFIG, "wait",
                        "--for=condition=Ready", "nodes", "--all", "--timeout=30s")), WAIT_TIMEOUT, WAIT_INTERVAL))
                .retrySafe(true);
        if (stacked) {
            verify.step(new Step.WaitFor(Check.asRoot(Command.of("kubectl", KUBECTL_KUBECONFIG, "-n", "kube-system",
                    "wait", "--for=condition=Ready", "pods", "-l", "component=etcd", "--timeout=30s")),
                    WAIT_TIMEOUT, WAIT_INTERVAL));
        }
        verify.step(new Step.WaitFor(Check.asRoot(Command.of("curl", "-fsSk", "--max-time", "5",
                healthz(endpoint)).quiet()),
                WAIT_TIMEOUT, WAIT_INTERVAL));
        verified.add(addTask(tasks, verify));
        if (!stacked) {
            List<Node> members = cluster.etcdMembers();
            verified.add(addTask(tasks, Task.on(members.get(0).name(), "verify/etcd")
                    .title("every etcd member healthy")
                    .after(everythingJoined)
                    .step(new Step.WaitFor(etcdHealth(members), WAIT_TIMEOUT, WAIT_INTERVAL))
                    .retrySafe(true)));
        }

        tasks.add(Task.on(master0.name(), "fetch/admin-conf")
                .title("fetch admin.conf into the workspace")
                .after(verified)
                .step(new Step.FetchFile(NodePaths.ADMIN_CONF, NodePaths.ADMIN_CONF_IN_WORKSPACE, 0600, true))
                .retrySafe(true)
                .build());

        return new Result(new Plan(cluster.name(), tasks), List.copyOf(warnings));
    }

    private Task prepare(Node node) {
        List<Step.UploadFile> uploads = files.files(node, Stage.PREPARE);
        if (uploads.stream().noneMatch(f -> f.path().equals(NodePaths.PREPARE_SCRIPT))) {
            return null;
        }
        // HAProxy and keepalived come with the other packages, from the same place.
        boolean loadBalancer = cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED
                && node.hasRole(dev.kubeha.model.Role.CONTROL_PLANE);
        Command run = loadBalancer ? Command.of("bash", NodePaths.PREPARE_SCRIPT, "--load-balancer")
                : Command.of("bash", NodePaths.PREPARE_SCRIPT);
        return Task.on(node.name(), id(node, "prepare"))
                .title(loadBalancer ? "prepare the node, with HAProxy and keepalived" : "prepare the node")
                .steps(uploads)
                .step(Step.RunCommand.rootIdempotent(run))
                .retrySafe(true)
                .build();
    }

    /** The node's prepare task id, or nothing when the node has none. */
    private String[] preparedFirst(Node node) {
        return prepared.contains(node.name()) ? new String[] {id(node, "prepare")} : new String[0];
    }

    private Task etcdMember(Node member) {
        Task.Builder t = Task.on(member.name(), id(member, "etcd"))
                .title("etcd member")
                .after(preparedFirst(member))
                .steps(files.files(member, Stage.ETCD))
                .retrySafe(true);
        if (cluster.etcd().runtime() == EtcdRuntime.SYSTEMD) {
            // --no-block: a member reports ready only once the cluster has quorum, so each start
            // would wait for the others; the etcd/healthy task waits for all of them instead.
            t.step(Step.RunCommand.rootIdempotent(Command.of("bash", NodePaths.INSTALL_ETCD_SCRIPT)));
            t.step(Step.RunCommand.rootIdempotent(Command.allOf(
                    Command.of("systemctl", "daemon-reload"),
                    Command.of("systemctl", "enable", "etcd"),
                    Command.of("systemctl", "restart", "--no-block", "etcd"))));
        } else {
            // The kubelet runs the etcd static pod from /etc/kubernetes/manifests.
            t.step(Step.RunCommand.rootIdempotent(Command.allOf(
                    Command.of("systemctl", "enable", "kubelet"),
                    Command.of("systemctl", "restart", "kubelet"))));
        }
        return t.build();
    }

    private Check etcdHealth(List<Node> members) {
        List<Command> probes = new ArrayList<>();
        for (Node member : members) {
            if (member.privateAddress() == null) {
                throw new IllegalArgumentException("node " + member.name()
                        + ": etcd member needs privateAddress in the plan; detect it first or set it in cluster.json");
            }
            probes.add(Command.of("curl", "-fsS", "--max-time", "5",
                    "--cacert", NodePaths.ETCD_CA,
                    "--cert", NodePaths.ETCD_HEALTHCHECK_CERT,
                    "--key", NodePaths.ETCD_HEALTHCHECK_KEY,
                    "https://" + hostForUrl(member.privateAddress()) + ":2379/health").quiet());
        }
        return Check.asRoot(Command.allOf(probes.toArray(Command[]::new)));
    }

    private Task.Builder joinTask(Node node, String title) {
        return Task.on(node.name(), id(node, "kubeadm-join"))
                .title(title)
                .after(preparedFirst(node))
                .steps(files.files(node, Stage.KUBEADM))
                .step(Step.RunCommand.root(Command.of("kubeadm", "join", "--config", NodePaths.KUBEADM_CONFIG))
                        .withTimeout(KUBEADM_TIMEOUT))
                .probe(Check.asRoot(Command.allOf(
                        Command.of("test", "-e", NodePaths.KUBELET_CONF),
                        Command.of("systemctl", "is-active", "--quiet", "kubelet"))));
    }

    private Task cniTask(Node master0, String after) {
        Task.Builder t = Task.on(master0.name(), "cni/apply").title("apply the CNI manifest").after(after).retrySafe(true);
        if (cni instanceof CniSource.Manifest m) {
            t.step(Step.UploadFile.rootOwned(NodePaths.CNI_MANIFEST, 0644, m.content(), false));
            t.step(Step.RunCommand.rootIdempotent(Command.of("kubectl", KUBECTL_KUBECONFIG, "apply", "-f", NodePaths.CNI_MANIFEST)));
        } else if (cni instanceof CniSource.Url u) {
            t.step(Step.RunCommand.rootIdempotent(Command.of("kubectl", KUBECTL_KUBECONFIG, "apply", "-f", u.url())));
        } else {
            return null;
        }
        return t.build();
    }

    private HostPort endpoint() {
        HostPort.Parsed parsed = HostPort.parse(cluster.loadBalancer().endpoint());
        return parsed.value().orElseThrow(() ->
                new IllegalArgumentException("loadBalancer.endpoint " + parsed.error() + ": fix it in cluster.json"));
    }

    private static String healthz(HostPort endpoint) {
        return "https://" + hostForUrl(endpoint.host()) + ":" + endpoint.port() + "/healthz";
    }

    /** Where a control-plane node's API server listens, as the load balancer reaches it. */
    private static String hostPort(Node master) {
        String address = master.privateAddress() != null ? master.privateAddress() : master.host();
        return hostForUrl(address) + ":" + API_SERVER_PORT;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String id(Node node, String what) {
        return node.name() + "/" + what;
    }

    private static String addTask(List<Task> tasks, Task.Builder builder) {
        Task t = builder.build();
        tasks.add(t);
        return t.id();
    }
}

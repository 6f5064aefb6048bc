package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.render.ImageImportScript;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.HostPort;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a validated cluster into its installation plan. The order of the guide is written here
 * once, in {@link #build()}: one method per stage, each adding its tasks and returning their ids
 * for the stages that need them. The ids are real dependencies rather than phases:
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
    static final String ETCD_HEALTHY = "etcd/healthy";
    static final String BOOTSTRAP_TOKEN = "bootstrap-token/known";
    /** The task of a member, {@code <member>/etcd-quorum}, that waits for the others before it restarts. */
    static final String ETCD_QUORUM = "etcd-quorum";
    /** The task of a joining member, {@code <member>/etcd-member-add}, run on a member that runs. */
    static final String ETCD_MEMBER_ADD = "etcd-member-add";

    private final Cluster cluster;
    private final NodeFileSource files;
    private final CniSource cni;
    private final EtcdUploads etcdUploads;
    private ImageImports images = ImageImports.NONE;
    private PackageUploads packages = PackageUploads.NONE;
    private ClusterState state = ClusterState.NONE;
    /** The control-plane configuration each master's API server is rewritten from; null: none given. */
    private java.util.function.Function<Node, Step.UploadFile> controlPlaneConfigurations;
    private String bootstrapToken;
    private String bootstrapTokenDescription;
    /** Whether etcd members restart one at a time, each behind a gate: etcd runs and a member's task would run. */
    private boolean rolling;
    /** The plan being built: each stage adds its tasks here, in the order the stages run. */
    private final List<Task> tasks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public ClusterPlanBuilder(Cluster cluster, NodeFileSource files, CniSource cni) {
        this(cluster, files, cni, EtcdUploads.NONE);
    }

    /** @param etcdUploads the verified etcd tarball each member run by systemd receives */
    public ClusterPlanBuilder(Cluster cluster, NodeFileSource files, CniSource cni, EtcdUploads etcdUploads) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.files = Objects.requireNonNull(files, "files");
        this.cni = cni == null ? new CniSource.None() : cni;
        this.etcdUploads = Objects.requireNonNull(etcdUploads, "etcdUploads");
    }

    /** Packages every prepared node receives before prepare-node.sh runs; none by default. */
    public ClusterPlanBuilder withPackages(PackageUploads packages) {
        this.packages = Objects.requireNonNull(packages, "packages");
        return this;
    }

    /** The images each node imports from the bundle before kubeadm runs; none by default. */
    public ClusterPlanBuilder withImages(ImageImports images) {
        this.images = Objects.requireNonNull(images, "images");
        return this;
    }

    /**
     * What is already on the nodes (an installed cluster, a resumed run): the plan leaves out
     * {@code kubeadm init} once the cluster exists, the joins of nodes that are joined and the tasks
     * done with the same digest, and restarts etcd members one at a time behind a health gate
     * while etcd runs. {@link ClusterState#NONE} by default: the whole installation.
     */
    public ClusterPlanBuilder against(ClusterState value) {
        this.state = Objects.requireNonNull(value, "value");
        return this;
    }

    /**
     * The bootstrap token the joins' configurations name (secret). When nodes join a cluster that
     * exists, master0 first makes sure the cluster knows it ({@code kubeadm token create} unless
     * {@code kubeadm token list} shows it): the one kubeadm init made lasts 24 hours.
     */
    public ClusterPlanBuilder withBootstrapToken(String token, String description) {
        this.bootstrapToken = Objects.requireNonNull(token, "token");
        this.bootstrapTokenDescription = Objects.requireNonNull(description, "description");
        return this;
    }

    /**
     * What {@code kubeadm init phase control-plane apiserver} reads on each master (the cluster's
     * ClusterConfiguration with that master's InitConfiguration, no token): needed when an external
     * etcd member joins, so that every API server names it in --etcd-servers. Without it the plan
     * leaves the API servers as they are (the members they name keep serving them).
     */
    public ClusterPlanBuilder withControlPlaneConfigurations(java.util.function.Function<Node, Step.UploadFile> value) {
        this.controlPlaneConfigurations = Objects.requireNonNull(value, "value");
        return this;
    }

    /** The tasks that only check and fetch: run on every apply, never left out as done. */
    static final java.util.Set<String> VERIFICATION = java.util.Set.of("verify/cluster", "verify/etcd", "fetch/admin-conf");

    /** Whether a task only verifies the cluster (or fetches admin.conf) and changes nothing on it. */
    public static boolean verifies(Task task) {
        return VERIFICATION.contains(task.id());
    }

    /** The plan and what the user should know about it. */
    public record Result(Plan plan, List<String> warnings) {
    }

    /**
     * The stages of the installation, in the order they are added to the plan. Each stage adds its
     * tasks and returns their ids; a later stage's tasks wait for exactly the ids it is given, so
     * the plan stays a graph: a worker's join, say, waits for its own node's preparation and not
     * for every node's.
     */
    public Result build() {
        rolling = false;
        stages();
        if (state.etcdRunning() && restartsAMember()) {
            rolling = true;
            stages();
        }
        List<Task> planned = state.installed() ? withoutWhatIsThere(tasks) : List.copyOf(tasks);
        return new Result(new Plan(cluster.name(), planned), List.copyOf(warnings));
    }

    /** Whether a member's etcd task differs from what the journal records done, or is not recorded: it would restart. */
    private boolean restartsAMember() {
        Map<String, List<String>> joining = etcdJoining(cluster, state);
        return tasks.stream().filter(t -> !cluster.etcd().stacked()
                        && cluster.etcdMembers().stream().anyMatch(m -> !joining.containsKey(m.name()) && t.id().equals(id(m, "etcd"))))
                .anyMatch(t -> !t.recordedAs(state.recorded().get(t.id())));
    }

    private void stages() {
        // Each call writes the whole plan afresh.
        tasks.clear();
        warnings.clear();
        Node master0 = master0();
        NodeTasks prepared = prepareNodes();
        List<String> etcdHealthy = apiServersNamingEveryMember(externalEtcd(prepared));
        NodeTasks loadBalancers = loadBalancers(prepared);
        List<String> endpointReachable = loadBalancerReachable(master0, prepared, loadBalancers);
        String init = kubeadmInit(master0, prepared, etcdHealthy, endpointReachable);
        List<String> endpointServes = externalLoadBalancerServes(master0, init);
        List<String> mastersJoined = joinControlPlane(init, prepared, endpointServes, loadBalancers);
        List<String> networkReady = applyCni(master0, init);
        List<String> workersJoined = joinWorkers(prepared, networkReady, endpointServes);
        List<String> everythingJoined = new ArrayList<>(networkReady);
        everythingJoined.addAll(mastersJoined);
        everythingJoined.addAll(workersJoined);
        List<String> verified = verify(master0, everythingJoined);
        fetchAdminConf(master0, verified);
    }

    private Node master0() {
        List<Node> masters = cluster.controlPlaneNodes();
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " has no control-plane node: add one with role control-plane");
        }
        return masters.get(0);
    }

    /**
     * Every node in parallel; an etcd node run by systemd needs no kubelet and has no prepare task.
     * A node that imports images from the bundle counts as prepared once they are in containerd.
     */
    private NodeTasks prepareNodes() {
        Map<String, String> prepared = new LinkedHashMap<>();
        for (Node node : cluster.nodes()) {
            Task prepare = prepare(node);
            if (prepare != null) {
                String id = add(prepare);
                List<ImageImportScript.Entry> imports = images.of(node.name());
                if (!imports.isEmpty()) {
                    id = add(importImages(node, imports, id));
                }
                prepared.put(node.name(), id);
            }
        }
        return new NodeTasks(prepared);
    }

    /** containerd gets the node's images from the bundle, so kubeadm and the kubelet pull nothing. */
    private Task importImages(Node node, List<ImageImportScript.Entry> imports, String prepared) {
        Task.Builder t = Task.on(node.name(), id(node, "images"))
                .title("import " + imports.size() + (imports.size() == 1 ? " container image" : " container images"))
                .after(prepared);
        for (ImageImportScript.Entry e : imports) {
            Step.UploadFile.LocalFile local = images.uploads().get(e.fileName());
            if (local != null) {
                t.step(Step.UploadFile.fromFile(NodePaths.IMAGES_DIR + "/" + e.fileName(), 0644, local));
            }
        }
        return t
                .step(Step.UploadFile.rootOwned(NodePaths.IMPORT_IMAGES_SCRIPT, 0755,
                        ImageImportScript.script().getBytes(StandardCharsets.UTF_8), false))
                .step(Step.UploadFile.rootOwned(NodePaths.IMAGES_LIST, 0644,
                        ImageImportScript.list(imports).getBytes(StandardCharsets.UTF_8), false))
                .step(Step.RunCommand.rootIdempotent(Command.of("bash", NodePaths.IMPORT_IMAGES_SCRIPT)))
                .probe(Check.asRoot(Command.of("bash", NodePaths.IMPORT_IMAGES_SCRIPT, "--check").quiet()))
                .retrySafe(true)
                .build();
    }

    /**
     * External etcd. On a new cluster every member is set up in parallel (a member reports ready
     * only once the cluster has quorum), then one health check across all of them. While etcd
     * runs, a restart costs a member: members restart one after another, each only once every
     * other member is healthy, so that the cluster keeps quorum throughout. Members of the cluster
     * file that etcd does not have yet join after those, one at a time (etcd's runtime
     * reconfiguration): once every member is healthy, a member that runs adds it ({@code etcdctl
     * member add}), then it starts with {@code initial-cluster-state=existing}. The next is added
     * only once every member, the one added included, is healthy: until a member added has started,
     * the cluster tolerates one failure fewer, and etcd (--strict-reconfig-check, the default)
     * refuses another add while a member is not connected.
     */
    private List<String> externalEtcd(NodeTasks prepared) {
        if (cluster.etcd().stacked()) {
            return List.of();
        }
        List<Node> members = cluster.etcdMembers();
        Map<String, List<String>> joining = etcdJoining(cluster, state);
        List<Node> running = members.stream().filter(m -> !joining.containsKey(m.name())).toList();
        List<String> memberTasks = new ArrayList<>();
        String previous = null;
        for (Node member : running) {
            Task.Builder task = etcdMember(member, prepared);
            if (rolling) {
                List<Node> others = running.stream().filter(m -> !m.equals(member)).toList();
                if (!others.isEmpty()) {
                    task.after(add(Task.on(member.name(), id(member, ETCD_QUORUM))
                            .title("etcd members other than " + member.name() + " healthy, before " + member.name()
                                    + " restarts")
                            .after(previous == null ? prepared.of(member) : List.of(previous))
                            .step(new Step.WaitFor(etcdHealth(others), WAIT_TIMEOUT, WAIT_INTERVAL))
                            .retrySafe(true)));
                }
            }
            previous = add(task);
            memberTasks.add(previous);
        }
        memberTasks.addAll(joinEtcd(running, joining, prepared, List.copyOf(memberTasks)));
        return List.of(add(Task.on(members.get(0).name(), ETCD_HEALTHY)
                .title("etcd cluster healthy")
                .after(memberTasks)
                .step(new Step.WaitFor(etcdHealth(members), WAIT_TIMEOUT, WAIT_INTERVAL))
                .retrySafe(true)));
    }

    /**
     * The members that join the running etcd cluster, one after another after {@code after}: on the
     * first member that runs, a gate (every member healthy) and {@code etcdctl member add}; then the
     * member's own task, whose files say {@code initial-cluster-state=existing}. Returns the
     * joining members' tasks.
     */
    private List<String> joinEtcd(List<Node> running, Map<String, List<String>> joining, NodeTasks prepared,
                                  List<String> after) {
        if (joining.isEmpty()) {
            return List.of();
        }
        EtcdMemberCommands etcd = new EtcdMemberCommands(cluster);
        Node operator = running.get(0);
        List<Node> inCluster = new ArrayList<>(running);
        List<String> joined = new ArrayList<>();
        List<String> previous = after;
        for (Node member : cluster.etcdMembers()) {
            if (!joining.containsKey(member.name())) {
                continue;
            }
            String gate = add(Task.on(operator.name(), id(member, ETCD_QUORUM))
                    .title("etcd members " + names(inCluster) + " healthy, before " + member.name() + " is added")
                    .after(previous)
                    .step(new Step.WaitFor(etcdHealth(inCluster), WAIT_TIMEOUT, WAIT_INTERVAL))
                    .retrySafe(true));
            String added = add(Task.on(operator.name(), id(member, ETCD_MEMBER_ADD))
                    .title("etcdctl member add " + member.name() + " --peer-urls=" + EtcdMemberCommands.peerUrl(member)
                            + " (unless the member list has it)")
                    .after(gate)
                    .step(Step.RunCommand.rootIdempotent(etcd.addMember(operator, inCluster, member)))
                    .retrySafe(true));
            previous = List.of(add(etcdMember(member, prepared)
                    .title("etcd member, joining the running cluster (initial-cluster-state=existing)")
                    .after(added)));
            joined.addAll(previous);
            inCluster.add(member);
        }
        return joined;
    }

    /**
     * Which members of the cluster file join the running external etcd cluster, in the file's
     * order, each with the members its {@code initial-cluster} names: the members etcd has, those
     * joining before it, and itself (etcd checks that the list matches its members, count and peer
     * URLs). Empty when etcd does not run yet, is kubeadm's, or its members are not known (every
     * member of the file counts as one). The renderer and the plan ask the same question here.
     *
     * @throws IllegalArgumentException etcd has a member the cluster file does not name (a
     *                                  joining member's initial-cluster would not match it), or
     *                                  none of the file's members is one
     */
    public static Map<String, List<String>> etcdJoining(Cluster cluster, ClusterState state) {
        if (cluster.etcd().stacked() || !state.etcdRunning() || state.etcdMembers() == null) {
            return Map.of();
        }
        List<Node> members = cluster.etcdMembers();
        List<String> inCluster = new ArrayList<>(members.stream().map(Node::name)
                .filter(state.etcdMembers()::contains).toList());
        if (inCluster.size() == members.size()) {
            return Map.of();
        }
        if (inCluster.isEmpty()) {
            throw new IllegalArgumentException("none of the etcd members in cluster.json (" + names(members)
                    + ") is a member of the running etcd cluster (" + String.join(", ", state.etcdMembers().stream().sorted().toList())
                    + "): kubeha adds members to the etcd cluster it made, it does not replace it");
        }
        List<String> unknown = new ArrayList<>(state.etcdMembers().stream()
                .filter(n -> members.stream().noneMatch(m -> m.name().equals(n))).sorted().toList());
        java.util.Set<String> ours = new java.util.HashSet<>();
        members.forEach(m -> ours.add(EtcdMemberCommands.peerUrl(m)));
        state.etcdPeerUrls().stream().filter(u -> !ours.contains(u)).sorted().forEach(unknown::add);
        List<String> joiningNames = members.stream().map(Node::name).filter(n -> !inCluster.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("etcd has " + (unknown.size() == 1 ? "a member" : "members") + " that cluster.json"
                    + " does not name (" + String.join(", ", unknown) + "): " + String.join(", ", joiningNames)
                    + " cannot join until it is removed (etcdctl member remove) or named in cluster.json");
        }
        Map<String, List<String>> joining = new LinkedHashMap<>();
        for (String name : joiningNames) {
            inCluster.add(name);
            joining.put(name, List.copyOf(inCluster));
        }
        return java.util.Collections.unmodifiableMap(joining);
    }

    /**
     * After an external etcd member joined, each master's kube-apiserver still names the members
     * it was made with in --etcd-servers (from the ClusterConfiguration's etcd.external.endpoints):
     * one master after another, kubeha's control-plane configuration is uploaded, {@code kubeadm
     * init phase control-plane apiserver} rewrites the API server's static pod (the kubelet restarts
     * it) and the task waits until that API server names every member and is ready; on the first,
     * {@code kubeadm init phase upload-config kubeadm} stores the new ClusterConfiguration for later
     * joins and upgrades. Planned when a member joins in this plan or the journal records one added
     * (the run may have stopped before the API servers), and left out once done as it is today.
     * Returns what comes after etcd: {@code etcdHealthy}, or the last API server's task.
     */
    private List<String> apiServersNamingEveryMember(List<String> etcdHealthy) {
        if (cluster.etcd().stacked() || controlPlaneConfigurations == null || !state.controlPlaneExists()) {
            return etcdHealthy;
        }
        boolean joins = !etcdJoining(cluster, state).isEmpty();
        boolean joinedBefore = cluster.etcdMembers().stream().anyMatch(m -> state.recorded().containsKey(id(m, ETCD_MEMBER_ADD)));
        if (!joins && !joinedBefore) {
            return etcdHealthy;
        }
        List<String> previous = etcdHealthy;
        boolean first = true;
        for (Node master : cluster.controlPlaneNodes()) {
            if (!state.joined().contains(master.name())) {
                continue; // a master that joins now reads the new configuration from the cluster
            }
            Step.UploadFile config = controlPlaneConfigurations.apply(master);
            Task.Builder t = Task.on(master.name(), id(master, "apiserver-etcd"))
                    .title("kube-apiserver names every etcd member in --etcd-servers (kubeadm init phase control-plane"
                            + " apiserver" + (first ? ", then upload-config kubeadm" : "") + "), then ready")
                    .after(previous)
                    .step(config)
                    .step(Step.RunCommand.rootIdempotent(Command.of("kubeadm", "init", "phase", "control-plane",
                            "apiserver", "--config", config.path())).withTimeout(KUBEADM_TIMEOUT));
            if (first) {
                t.step(Step.RunCommand.rootIdempotent(Command.of("kubeadm", "init", "phase", "upload-config", "kubeadm",
                        "--config", config.path())).withTimeout(KUBEADM_TIMEOUT));
            }
            t.step(new Step.WaitFor(Check.asRoot(apiServerNaming(master, cluster.etcdMembers())), WAIT_TIMEOUT, WAIT_INTERVAL));
            previous = List.of(add(t.retrySafe(true)));
            first = false;
        }
        return previous;
    }

    /**
     * The kube-apiserver process of this master (found by its advertise address: the kubelet
     * replaces it when the manifest changed) names every member's client URL, and answers /readyz:
     * until the kubelet replaced it, the old process answers too.
     */
    private static Command apiServerNaming(Node master, List<Node> members) {
        String pattern = "^kube-apiserver .*--advertise-address=" + master.privateAddress() + "( |$)";
        StringBuilder checks = new StringBuilder();
        for (Node m : members) {
            checks.append(" && grep -qF -- ").append(Shell.quote(EtcdMemberCommands.clientUrl(m))).append(" \"$cmd\"");
        }
        return new Command("pids=$(pgrep -f -- " + Shell.quote(pattern) + ") && [ -n \"$pids\" ] && for pid in $pids; do"
                + " cmd=/proc/\"$pid\"/cmdline; [ -r \"$cmd\" ]" + checks + " || exit 1; done && "
                + Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                "https://" + hostForUrl(master.privateAddress()) + ":" + API_SERVER_PORT + "/readyz").line());
    }

    private static String names(List<Node> nodes) {
        return String.join(", ", nodes.stream().map(Node::name).toList());
    }

    /**
     * HAProxy and keepalived on each control-plane node when we run the load balancer; none
     * otherwise. Each is reloaded (started where it does not run yet) and the node waits until the
     * virtual IP accepts connections again. On a new cluster the masters do that in parallel; on a
     * cluster that exists, which reaches its API server through the virtual IP, one master after
     * another, so that a configuration that changes on every master (a master added to
     * cluster.json is a backend of each) never takes the endpoint away. The order is not part of a
     * task's digest: an apply that changes nothing leaves these out as done either way.
     */
    private NodeTasks loadBalancers(NodeTasks prepared) {
        Map<String, String> installed = new LinkedHashMap<>();
        if (cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED) {
            HostPort vip = endpoint();
            boolean serving = state.controlPlaneExists();
            String previous = null;
            for (Node master : cluster.controlPlaneNodes()) {
                Task.Builder t = Task.on(master.name(), id(master, "load-balancer"))
                        .title(serving ? "HAProxy and keepalived, reloaded one master at a time" : "HAProxy and keepalived")
                        .after(prepared.of(master))
                        .steps(files.files(master, Stage.LOAD_BALANCER))
                        .step(Step.RunCommand.rootIdempotent(Command.allOf(
                                Command.of("systemctl", "daemon-reload"),
                                Command.of("systemctl", "enable", "haproxy", "keepalived"),
                                Command.of("systemctl", "reload-or-restart", "haproxy", "keepalived"))))
                        .step(new Step.WaitFor(acceptsConnections(vip), WAIT_TIMEOUT, WAIT_INTERVAL))
                        .retrySafe(true);
                if (serving && previous != null) {
                    t.after(previous);
                }
                previous = add(t);
                installed.put(master.name(), previous);
            }
        }
        return new NodeTasks(installed);
    }

    /** A TCP connection to host:port opens, from the node. */
    static Check acceptsConnections(HostPort endpoint) {
        return Check.asRoot(Command.of("timeout", "5", "bash", "-c",
                "exec 3<>/dev/tcp/" + endpoint.host() + "/" + endpoint.port()));
    }

    /** The load balancer must answer before kubeadm init, since controlPlaneEndpoint points at it. */
    private List<String> loadBalancerReachable(Node master0, NodeTasks prepared, NodeTasks loadBalancers) {
        boolean ours = cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED;
        // keepalived takes a few seconds to elect the holder of the virtual IP.
        String title = (ours ? "virtual IP " : "external load balancer ") + cluster.loadBalancer().endpoint()
                + " accepts connections";
        HostPort lbEndpoint = endpoint();
        return List.of(add(Task.on(master0.name(), "load-balancer/reachable")
                .title(title)
                .after(ours ? loadBalancers.all() : prepared.of(master0))
                .step(new Step.WaitFor(acceptsConnections(lbEndpoint), WAIT_TIMEOUT, WAIT_INTERVAL))
                .retrySafe(true)));
    }

    private String kubeadmInit(Node master0, NodeTasks prepared, List<String> etcdHealthy, List<String> endpointReachable) {
        return add(Task.on(master0.name(), id(master0, "kubeadm-init"))
                .title("kubeadm init")
                .after(prepared.of(master0))
                .after(etcdHealthy)
                .after(endpointReachable)
                .steps(files.files(master0, Stage.KUBEADM))
                .step(Step.RunCommand.root(Command.of("kubeadm", "init", "--config", NodePaths.KUBEADM_CONFIG))
                        .withTimeout(KUBEADM_TIMEOUT))
                // admin.conf alone would be written half-way through a failed init: the API must answer too.
                .probe(Check.asRoot(Command.allOf(
                        Command.of("test", "-e", NodePaths.ADMIN_CONF),
                        Command.of("kubectl", KUBECTL_KUBECONFIG, "get", "--raw=/readyz").quiet()))));
    }

    /**
     * The guide's "add master1 and master2 to the load balancer" once master0 serves: the
     * operator's step, checked from master0 (the endpoint may be reachable from the nodes only)
     * before anything joins through the endpoint. Nothing when nothing joins, or the load
     * balancer is ours. On a cluster that exists, the checkpoint names only the masters that have
     * not joined yet (a master added to cluster.json), with those the load balancer already
     * forwards to; with no new master there is nothing to ask.
     */
    private List<String> externalLoadBalancerServes(Node master0, String init) {
        List<Node> masters = cluster.controlPlaneNodes();
        boolean somethingJoins = masters.size() > 1 || !joiningWorkers().isEmpty();
        if (cluster.loadBalancer().mode() != LoadBalancerMode.EXTERNAL || !somethingJoins) {
            return List.of();
        }
        Task asInstalled = servesApi(master0, init, new LoadBalancerCheckpoint(cluster.loadBalancer().endpoint(),
                backends(masters)));
        // A resume whose journal records the installation's checkpoint done as it is today: the
        // operator put every master behind the load balancer already (the executor skips it).
        boolean recordedAsIs = state.resuming() && asInstalled.digest().equals(state.recorded().get(asInstalled.id()));
        if (!state.controlPlaneExists() || recordedAsIs) {
            return List.of(add(asInstalled));
        }
        List<Node> fresh = masters.stream().filter(m -> !m.equals(master0) && !state.joined().contains(m.name())).toList();
        if (fresh.isEmpty()) {
            return List.of();
        }
        return List.of(add(servesApi(master0, init, LoadBalancerCheckpoint.addition(cluster.loadBalancer().endpoint(),
                backends(fresh), backends(masters.stream().filter(m -> !fresh.contains(m)).toList())))));
    }

    private Task servesApi(Node master0, String init, LoadBalancerCheckpoint checkpoint) {
        return Task.on(master0.name(), "load-balancer/serves-api")
                .title(checkpoint.describe() + "; it then serves the API server's /healthz")
                .after(init)
                // Not quiet: each failed attempt's reason (curl's one line) is the checkpoint's status.
                .step(new Step.WaitFor(Check.asRoot(Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                        healthz(endpoint()))), WAIT_TIMEOUT, WAIT_INTERVAL))
                .retrySafe(true)
                .checkpoint(checkpoint)
                .build();
    }

    private static List<LoadBalancerCheckpoint.Backend> backends(List<Node> masters) {
        return masters.stream().map(m -> new LoadBalancerCheckpoint.Backend(m.name(), hostPort(m))).toList();
    }

    /**
     * Stacked etcd grows by one member per join, and etcd must keep quorum while it does:
     * control-plane joins go one at a time. With external etcd they are independent.
     */
    private List<String> joinControlPlane(String init, NodeTasks prepared, List<String> endpointServes,
                                          NodeTasks loadBalancers) {
        List<Node> masters = cluster.controlPlaneNodes();
        List<String> joined = new ArrayList<>();
        String previous = init;
        for (Node master : masters.subList(1, masters.size())) {
            previous = add(joinTask(master, "join the control plane")
                    .after(prepared.of(master))
                    .after(cluster.etcd().stacked() ? previous : init)
                    .after(endpointServes)
                    .after(loadBalancers.of(master)));
            joined.add(previous);
        }
        return joined;
    }

    /** The CNI applied on master0; what the workers wait for (init itself when there is no CNI). */
    private List<String> applyCni(Node master0, String init) {
        Task cniTask = cniTask(master0, init);
        if (cniTask == null) {
            warnings.add("no CNI manifest given: the nodes stay NotReady until you apply one, so the verify task will fail");
            return List.of(init);
        }
        return List.of(add(cniTask));
    }

    private List<String> joinWorkers(NodeTasks prepared, List<String> networkReady, List<String> endpointServes) {
        List<String> joined = new ArrayList<>();
        for (Node worker : joiningWorkers()) {
            joined.add(add(joinTask(worker, "join as a worker")
                    .after(prepared.of(worker))
                    .after(networkReady)
                    .after(endpointServes)));
        }
        return joined;
    }

    /** Workers that are not also control-plane nodes: those join as masters. */
    private List<Node> joiningWorkers() {
        return cluster.workerNodes().stream().filter(n -> !n.hasRole(dev.kubeha.model.Role.CONTROL_PLANE)).toList();
    }

    /** Nodes Ready, etcd healthy and the load balancer serving, once everything has joined. */
    private List<String> verify(Node master0, List<String> everythingJoined) {
        boolean stacked = cluster.etcd().stacked();
        List<String> verified = new ArrayList<>();
        // The checks on master0 are one task: as separate tasks they would queue behind each other
        // anyway (one task per node at a time) and lengthen the run by a poll each.
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
                healthz(endpoint())).quiet()),
                WAIT_TIMEOUT, WAIT_INTERVAL));
        verified.add(add(verify));
        if (!stacked) {
            List<Node> members = cluster.etcdMembers();
            verified.add(add(Task.on(members.get(0).name(), "verify/etcd")
                    .title("every etcd member healthy")
                    .after(everythingJoined)
                    .step(new Step.WaitFor(etcdHealth(members), WAIT_TIMEOUT, WAIT_INTERVAL))
                    .retrySafe(true)));
        }
        return verified;
    }

    private void fetchAdminConf(Node master0, List<String> verified) {
        add(Task.on(master0.name(), "fetch/admin-conf")
                .title("fetch admin.conf into the workspace")
                .after(verified)
                .step(new Step.FetchFile(NodePaths.ADMIN_CONF, NodePaths.ADMIN_CONF_IN_WORKSPACE, 0600, true))
                .retrySafe(true));
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
        Task.Builder t = Task.on(node.name(), id(node, "prepare"))
                .title(loadBalancer ? "prepare the node, with HAProxy and keepalived" : "prepare the node")
                .steps(uploads);
        // Brought from the workstation: prepare-node.sh installs from the packages directory.
        for (PackageUploads.Package p : packages.packages()) {
            if (p.forLoadBalancer() && !loadBalancer) {
                continue;
            }
            t.step(Step.UploadFile.fromFile(NodePaths.PACKAGES_DIR + "/" + p.fileName(), 0644, p.file()));
        }
        return t
                .step(Step.RunCommand.rootIdempotent(run))
                .retrySafe(true)
                .build();
    }

    private Task.Builder etcdMember(Node member, NodeTasks prepared) {
        Task.Builder t = Task.on(member.name(), id(member, "etcd"))
                .title("etcd member")
                .after(prepared.of(member))
                .steps(files.files(member, Stage.ETCD))
                .retrySafe(true);
        if (cluster.etcd().runtime() == EtcdRuntime.SYSTEMD) {
            // --no-block: a member reports ready only once the cluster has quorum, so each start
            // would wait for the others; the etcd/healthy task waits for all of them instead.
            EtcdUploads.Tarball tarball = etcdUploads.byNode().get(member.name());
            if (tarball == null) {
                t.step(Step.RunCommand.rootIdempotent(Command.of("bash", NodePaths.INSTALL_ETCD_SCRIPT)));
            } else {
                // Verified on the workstation; the script checks the sha256 again on arrival.
                t.step(Step.UploadFile.rootOwned(tarball.remotePath(), 0644, tarball.content(), false));
                t.step(Step.RunCommand.rootIdempotent(Command.of("bash", NodePaths.INSTALL_ETCD_SCRIPT,
                        tarball.remotePath(), tarball.sha256())));
            }
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
        return t;
    }

    private Check etcdHealth(List<Node> members) {
        List<Command> probes = new ArrayList<>();
        for (Node member : members) {
            if (member.privateAddress() == null) {
                throw new IllegalArgumentException("node " + member.name()
                        + ": etcd member needs privateAddress in the plan; detect it first or set it in cluster.json");
            }
            probes.add(EtcdCommands.health(member.privateAddress()).quiet());
        }
        return Check.asRoot(Command.allOf(probes.toArray(Command[]::new)));
    }

    private Task.Builder joinTask(Node node, String title) {
        return Task.on(node.name(), id(node, "kubeadm-join"))
                .title(title)
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

    /**
     * The plan for a cluster that is (partly) there: without {@code kubeadm init} once the
     * cluster exists, without the join of a joined node, without a task done with the same digest
     * (verification always stays). A task that waited for one left out waits for what that one
     * waited for, so the order among the tasks that stay is the installation's.
     */
    private List<Task> withoutWhatIsThere(List<Task> all) {
        java.util.Set<String> left = new java.util.HashSet<>();
        for (Task t : all) {
            if (verifies(t)) {
                continue;
            }
            boolean init = t.id().equals(id(master0(), "kubeadm-init"));
            boolean join = t.id().equals(t.node() + "/kubeadm-join");
            if (init || join) {
                // What the nodes say decides, not the journal: a node reset since its join joins again.
                // On a resume, one the journal records done as it is today stays for the executor to skip.
                boolean there = init ? state.controlPlaneExists() : state.joined().contains(t.node());
                boolean skippedByTheExecutor = state.resuming() && t.recordedAs(state.recorded().get(t.id()));
                if (there && !skippedByTheExecutor) {
                    left.add(t.id());
                }
            } else if (t.recordedAs(state.done().get(t.id()))) {
                left.add(t.id());
            }
        }
        // A member that restarts needs its health gate before and the whole cluster's check after.
        Map<String, List<String>> joining = etcdJoining(cluster, state);
        for (Node member : cluster.etcd().stacked() ? List.<Node>of() : cluster.etcdMembers()) {
            if (joining.containsKey(member.name())) {
                // etcd has not got it (the member list says so), whatever the journal records: it joins.
                left.removeAll(List.of(id(member, ETCD_QUORUM), id(member, ETCD_MEMBER_ADD), id(member, "etcd"), ETCD_HEALTHY));
            } else if (left.contains(id(member, "etcd"))) {
                left.add(id(member, ETCD_QUORUM));
            } else {
                left.remove(id(member, ETCD_QUORUM));
                left.remove(ETCD_HEALTHY);
            }
        }
        Map<String, Task> byId = new LinkedHashMap<>();
        all.forEach(t -> byId.put(t.id(), t));
        Map<String, List<String>> waitsFor = new java.util.HashMap<>();
        List<Task> kept = new ArrayList<>();
        for (Task t : all) {
            List<String> deps = new ArrayList<>();
            for (String d : t.dependsOn()) {
                for (String e : left.contains(d) ? waitsFor.get(d) : List.of(d)) {
                    if (!deps.contains(e)) {
                        deps.add(e);
                    }
                }
            }
            waitsFor.put(t.id(), deps);
            if (!left.contains(t.id())) {
                kept.add(new Task(t.id(), t.node(), t.title(), deps, t.steps(), t.probe(), t.retrySafe(), t.checkpoint()));
            }
        }
        return withTokenForJoins(kept);
    }

    /**
     * On a cluster that exists, a join needs a token the cluster knows: master0 creates it first
     * when missing. Also on a resume whose joins are still to come: the token kubeadm init made
     * lasts a day, and a renewed one (a new digest) is created again; one the cluster still knows
     * costs a {@code kubeadm token list}.
     */
    private List<Task> withTokenForJoins(List<Task> kept) {
        boolean joining = kept.stream().anyMatch(t -> t.id().equals(t.node() + "/kubeadm-join")
                && !state.joined().contains(t.node()));
        if (!state.controlPlaneExists() || !joining || bootstrapToken == null) {
            return kept;
        }
        Node master0 = master0();
        String tokenId = bootstrapToken.substring(0, bootstrapToken.indexOf('.'));
        Command known = new Command("{ " + Command.of("kubeadm", "token", "list").line() + " | "
                + Command.of("grep", "-q", "^" + tokenId + "\\.").line() + "; }");
        // From a file: on the command line the token would be in every user's process list.
        Command create = Command.of("kubeadm", "token", "create", "--config", NodePaths.BOOTSTRAP_TOKEN_CONFIG);
        Task token = Task.on(master0.name(), BOOTSTRAP_TOKEN)
                .title("the cluster knows the bootstrap token the joins use (kubeadm token create when missing or expired)")
                .step(Step.UploadFile.rootOwned(NodePaths.BOOTSTRAP_TOKEN_CONFIG, 0600,
                        dev.kubeha.render.ClusterRenderer.bootstrapTokenConfiguration(bootstrapToken, bootstrapTokenDescription)
                                .getBytes(StandardCharsets.UTF_8), true))
                .step(new Step.RunCommand(new Command(known.line() + " || " + create.line()), true, Step.DEFAULT_TIMEOUT,
                        true, List.of(bootstrapToken)))
                .retrySafe(true)
                .build();
        List<Task> withToken = new ArrayList<>(List.of(token));
        for (Task t : kept) {
            if (t.id().equals(t.node() + "/kubeadm-join")) {
                List<String> deps = new ArrayList<>(t.dependsOn());
                deps.add(token.id());
                t = new Task(t.id(), t.node(), t.title(), deps, t.steps(), t.probe(), t.retrySafe(), t.checkpoint());
            }
            withToken.add(t);
        }
        return withToken;
    }

    private static String id(Node node, String what) {
        return node.name() + "/" + what;
    }

    private String add(Task.Builder builder) {
        return add(builder.build());
    }

    private String add(Task task) {
        tasks.add(task);
        return task.id();
    }

    /**
     * One task per node, by node name, in plan order: what a later task on the same node waits for
     * (its node's preparation, its node's load balancer).
     */
    private record NodeTasks(Map<String, String> byNode) {
        /** The node's task id, or nothing when the node has none. */
        List<String> of(Node node) {
            String taskId = byNode.get(node.name());
            return taskId == null ? List.of() : List.of(taskId);
        }

        List<String> all() {
            return List.copyOf(byNode.values());
        }
    }
}

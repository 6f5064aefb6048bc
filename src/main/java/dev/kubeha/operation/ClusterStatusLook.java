package dev.kubeha.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.exec.Connection;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.Transport;
import dev.kubeha.exec.TransportException;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.pki.CertificateInfo;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.EtcdCommands;
import dev.kubeha.plan.NodePaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an installed cluster looks like now, read-only, for the window's Cluster page: each node
 * with its roles from cluster.json and, from {@code kubectl get nodes -o json} with admin.conf on
 * the first master that answers, its kubelet version and Ready condition; the etcd members (with
 * external etcd each member's {@code /health} and the member list asked from a member, as {@link
 * dev.kubeha.exec.ClusterSurvey} asks; stacked etcd: the etcd pods' Ready condition); the
 * certificates in the workspace's PKI by expiry, read from the files (nothing is generated); the
 * load balancer with its backends and whether its endpoint answers {@code /healthz} from a master.
 * A node that does not answer is recorded as such with why; nothing here throws for a node.
 */
public final class ClusterStatusLook {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Command GET_NODES = Command.of("kubectl", "--kubeconfig=" + NodePaths.ADMIN_CONF, "get", "nodes",
            "-o", "json", "--request-timeout=10s");
    static final Command GET_ETCD_PODS = Command.of("kubectl", "--kubeconfig=" + NodePaths.ADMIN_CONF, "-n", "kube-system",
            "get", "pods", "-l", "component=etcd", "-o", "json", "--request-timeout=10s");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterStatusLook() {
    }

    /** Whether a node is Ready as the API server says; UNKNOWN when no API server answered. */
    public enum Readiness { READY, NOT_READY, NOT_REGISTERED, UNKNOWN, NOT_ASKED }

    /** An etcd member's health: UNKNOWN when it could not be asked. */
    public enum Health { HEALTHY, UNHEALTHY, UNKNOWN, NOT_ASKED }

    /**
     * One node of cluster.json as found.
     *
     * @param kubeletVersion as the API server lists it; null when unknown or no Kubernetes node (a dedicated etcd host)
     * @param problem        why the node could not be asked over SSH; null when it answered
     */
    public record NodeStatus(String name, List<Role> roles, String host, boolean reached, String problem,
                             String kubeletVersion, Readiness ready) {
        public NodeStatus {
            roles = List.copyOf(roles);
        }

        /** Whether the node is a Kubernetes node (a master or a worker), which the API server lists. */
        public boolean kubernetesNode() {
            return roles.contains(Role.CONTROL_PLANE) || roles.contains(Role.WORKER);
        }
    }

    /**
     * One etcd member: those cluster.json names, then any the member list names that it does not.
     *
     * @param listed whether the member list (or, stacked, the etcd pods) names it; null when nobody could tell
     */
    public record EtcdMemberStatus(String name, Boolean listed, Health health) {
    }

    /**
     * @param backends the API servers behind it ({@code master0 10.0.0.21:6443})
     * @param healthz  whether {@code https://ENDPOINT/healthz} answered from a master; null when no master could ask
     */
    public record LoadBalancerStatus(LoadBalancerMode mode, String endpoint, List<String> backends, Boolean healthz,
                                     String from) {
        public LoadBalancerStatus {
            backends = List.copyOf(backends);
        }
    }

    /**
     * @param apiFrom             the master that answered kubectl, or null when none did
     * @param certificates        soonest expiry first
     * @param certificatesProblem why the PKI could not be read; null when it could
     */
    public record Status(Instant at, List<NodeStatus> nodes, String apiFrom, boolean stackedEtcd,
                         List<EtcdMemberStatus> etcd, List<CertificateInfo> certificates, String certificatesProblem,
                         LoadBalancerStatus loadBalancer) {
        public Status {
            nodes = List.copyOf(nodes);
            etcd = List.copyOf(etcd);
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * What is known without asking a node: the nodes, members and load balancer as cluster.json
     * describes them (not asked yet) and the workspace's certificates; the page shows it before Refresh.
     */
    public static Status unasked(Cluster cluster, Workspace workspace, Clock clock) {
        List<NodeStatus> nodes = cluster.nodes().stream().map(n -> new NodeStatus(n.name(), n.roles(), n.host(), true, null,
                null, n.hasRole(Role.CONTROL_PLANE) || n.hasRole(Role.WORKER) ? Readiness.NOT_ASKED : null)).toList();
        List<EtcdMemberStatus> etcd = cluster.etcdMembers().stream()
                .map(m -> new EtcdMemberStatus(m.name(), null, Health.NOT_ASKED)).toList();
        List<String> backends = cluster.controlPlaneNodes().stream()
                .map(m -> m.name() + " " + (m.privateAddress() == null ? m.host() : m.privateAddress()) + ":6443").toList();
        List<CertificateInfo> certificates = List.of();
        String certificatesProblem = null;
        try {
            certificates = certificates(workspace.pki().directory());
        } catch (IOException e) {
            certificatesProblem = workspace.pki().directory() + ": " + e.getMessage();
        }
        return new Status(clock.instant(), nodes, null, cluster.etcd().stacked(), etcd, certificates, certificatesProblem,
                new LoadBalancerStatus(cluster.loadBalancer().mode(), cluster.loadBalancer().endpoint(), backends, null, null));
    }

    /** Looks at every node of {@code cluster}, at most {@code concurrency} at once, and reads the workspace's PKI. */
    public static Status look(Cluster cluster, Workspace workspace, Transport transport, int concurrency, Clock clock) {
        List<Answer> answers = askAll(cluster, transport, concurrency);
        Answer api = answers.stream().filter(a -> a.apiNodes != null).findFirst().orElse(null);
        List<NodeStatus> nodes = new ArrayList<>();
        for (int i = 0; i < cluster.nodes().size(); i++) {
            Node node = cluster.nodes().get(i);
            Answer a = answers.get(i);
            String version = null;
            Readiness ready = Readiness.UNKNOWN;
            boolean kubernetes = node.hasRole(Role.CONTROL_PLANE) || node.hasRole(Role.WORKER);
            if (kubernetes && api != null) {
                ApiNode listed = api.apiNodes.get(node.name());
                version = listed == null ? null : listed.kubeletVersion();
                ready = listed == null ? Readiness.NOT_REGISTERED : listed.ready() ? Readiness.READY : Readiness.NOT_READY;
            }
            nodes.add(new NodeStatus(node.name(), node.roles(), node.host(), a.problem == null, a.problem, version,
                    kubernetes ? ready : null));
        }
        boolean stacked = cluster.etcd().stacked();
        List<EtcdMemberStatus> etcd = stacked ? stackedMembers(cluster, api) : externalMembers(cluster, answers);
        Answer lbFrom = answers.stream().filter(a -> a.healthz != null).findFirst().orElse(null);
        var lb = cluster.loadBalancer();
        List<String> backends = cluster.controlPlaneNodes().stream()
                .map(m -> m.name() + " " + (m.privateAddress() == null ? m.host() : m.privateAddress()) + ":6443").toList();
        LoadBalancerStatus balancer = new LoadBalancerStatus(lb.mode(), lb.endpoint(), backends,
                lbFrom == null ? null : lbFrom.healthz, lbFrom == null ? null : lbFrom.node);
        List<CertificateInfo> certificates = List.of();
        String certificatesProblem = null;
        try {
            certificates = certificates(workspace.pki().directory());
        } catch (IOException e) {
            certificatesProblem = workspace.pki().directory() + ": " + e.getMessage();
        }
        return new Status(clock.instant(), nodes, api == null ? null : api.node, stacked, etcd, certificates,
                certificatesProblem, balancer);
    }

    private static List<EtcdMemberStatus> externalMembers(Cluster cluster, List<Answer> answers) {
        List<String> listed = answers.stream().map(a -> a.members).filter(m -> m != null && !m.isEmpty()).findFirst()
                .orElse(null);
        Map<String, Boolean> healthy = new LinkedHashMap<>();
        answers.stream().filter(a -> a.etcdHealthy != null).forEach(a -> healthy.put(a.node, a.etcdHealthy));
        List<EtcdMemberStatus> members = new ArrayList<>();
        for (Node m : cluster.etcdMembers()) {
            Boolean h = healthy.get(m.name());
            members.add(new EtcdMemberStatus(m.name(), listed == null ? null : listed.contains(m.name()),
                    h == null ? Health.UNKNOWN : h ? Health.HEALTHY : Health.UNHEALTHY));
        }
        if (listed != null) {
            listed.stream().filter(n -> cluster.node(n).isEmpty())
                    .forEach(n -> members.add(new EtcdMemberStatus(n, true, Health.UNKNOWN)));
        }
        return members;
    }

    /** Stacked etcd: the members are the masters, each healthy when its etcd pod is Ready. */
    private static List<EtcdMemberStatus> stackedMembers(Cluster cluster, Answer api) {
        Map<String, Boolean> pods = api == null ? null : api.etcdPods;
        List<EtcdMemberStatus> members = new ArrayList<>();
        for (Node m : cluster.etcdMembers()) {
            Boolean ready = pods == null ? null : pods.get(m.name());
            members.add(new EtcdMemberStatus(m.name(), pods == null ? null : pods.containsKey(m.name()),
                    ready == null ? Health.UNKNOWN : ready ? Health.HEALTHY : Health.UNHEALTHY));
        }
        return members;
    }

    /** A Kubernetes node as {@code kubectl get nodes -o json} lists it. */
    record ApiNode(String name, String kubeletVersion, boolean ready) {
    }

    /** One node's answers; apiNodes null when it asked no API server, etcdHealthy null when it is no member asked. */
    private static final class Answer {
        final String node;
        String problem;
        Map<String, ApiNode> apiNodes;
        Map<String, Boolean> etcdPods;
        Boolean etcdHealthy;
        List<String> members;
        Boolean healthz;

        Answer(String node) {
            this.node = node;
        }
    }

    /** Every node's answers in cluster.json's order, at most {@code concurrency} nodes at once. */
    private static List<Answer> askAll(Cluster cluster, Transport transport, int concurrency) {
        List<Node> nodes = cluster.nodes();
        if (nodes.isEmpty()) {
            return List.of();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(concurrency, nodes.size())), r -> {
                    Thread t = new Thread(r, "kubeha-status");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<Answer>> pending = new ArrayList<>();
            for (Node node : nodes) {
                pending.add(pool.submit(() -> ask(cluster, node, transport)));
            }
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    answers.add(pending.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Answer failed = new Answer(nodes.get(i).name());
                    failed.problem = String.valueOf(e.getCause());
                    answers.add(failed);
                }
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking at the cluster", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Answer ask(Cluster cluster, Node node, Transport transport) {
        Answer answer = new Answer(node.name());
        try (Connection connection = transport.connect(node.name())) {
            if (node.hasRole(Role.CONTROL_PLANE)) {
                List<String> out = new ArrayList<>();
                if (run(connection, GET_NODES, out) == 0) {
                    answer.apiNodes = apiNodes(String.join("\n", out));
                }
                if (answer.apiNodes != null && cluster.etcd().stacked()) {
                    out.clear();
                    if (run(connection, GET_ETCD_PODS, out) == 0) {
                        answer.etcdPods = etcdPods(String.join("\n", out));
                    }
                }
                String endpoint = cluster.loadBalancer().endpoint();
                if (endpoint != null) {
                    answer.healthz = run(connection, Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                            "https://" + endpoint + "/healthz"), new ArrayList<>()) == 0;
                }
            }
            if (!cluster.etcd().stacked() && cluster.etcdMembers().contains(node) && node.privateAddress() != null) {
                List<String> out = new ArrayList<>();
                answer.etcdHealthy = run(connection, EtcdCommands.health(node.privateAddress()), out) == 0
                        && String.join("", out).replace(" ", "").contains("\"health\":\"true\"");
                out.clear();
                if (run(connection, EtcdCommands.memberList(node.privateAddress()), out) == 0) {
                    answer.members = memberNames(String.join("\n", out));
                }
            }
        } catch (TransportException e) {
            answer.problem = e.getMessage();
        }
        return answer;
    }

    /** Name to node from {@code kubectl get nodes -o json}; null when the output is no node list. */
    static Map<String, ApiNode> apiNodes(String json) {
        try {
            JsonNode items = JSON.readTree(json).path("items");
            if (!items.isArray()) {
                return null;
            }
            Map<String, ApiNode> nodes = new LinkedHashMap<>();
            for (JsonNode item : items) {
                String name = item.path("metadata").path("name").asText("");
                String version = item.path("status").path("nodeInfo").path("kubeletVersion").asText(null);
                nodes.put(name, new ApiNode(name, version, ready(item)));
            }
            return nodes;
        } catch (IOException e) {
            return null;
        }
    }

    /** Node name to whether its etcd pod is Ready, from {@code kubectl get pods -o json}; null when unreadable. */
    static Map<String, Boolean> etcdPods(String json) {
        try {
            JsonNode items = JSON.readTree(json).path("items");
            if (!items.isArray()) {
                return null;
            }
            Map<String, Boolean> pods = new LinkedHashMap<>();
            for (JsonNode item : items) {
                pods.put(item.path("spec").path("nodeName").asText(""), ready(item));
            }
            return pods;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean ready(JsonNode item) {
        for (JsonNode c : item.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    /** The names in the v3 gateway's member list; empty when it is not one. */
    static List<String> memberNames(String json) {
        try {
            List<String> names = new ArrayList<>();
            JSON.readTree(json).path("members").forEach(m -> names.add(m.path("name").asText("")));
            return names.stream().filter(n -> !n.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every certificate file under the PKI directory, soonest expiry first; keys are never opened. */
    static List<CertificateInfo> certificates(Path pki) throws IOException {
        if (!Files.isDirectory(pki)) {
            return List.of();
        }
        List<CertificateInfo> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(pki)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList()) {
                try {
                    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
                    found.add(CertificateInfo.of(pki.relativize(file).toString().replace('\\', '/'), cert));
                } catch (GeneralSecurityException e) {
                    throw new IOException(pki.relativize(file) + " is no certificate: " + e.getMessage(), e);
                }
            }
        }
        found.sort(Comparator.comparing(CertificateInfo::notAfter).thenComparing(CertificateInfo::file));
        return found;
    }

    private static int run(Connection connection, Command command, List<String> output) throws TransportException {
        // Standard output only: the answers are parsed, warnings go to standard error.
        return connection.run(command, true, null, (stream, line) -> {
            if (stream == OutputStreamKind.STDOUT) {
                output.add(line);
            }
        }, TIMEOUT);
    }
}

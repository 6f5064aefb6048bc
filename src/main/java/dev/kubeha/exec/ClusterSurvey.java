package dev.kubeha.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.EtcdCommands;
import dev.kubeha.plan.NodePaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A look at what runs on a cluster's nodes, read-only, before a plan for an installed cluster is
 * made: on each node whether {@code /etc/kubernetes/kubelet.conf} is there (kubeadm init or join
 * went through) and the kubelet is active, and {@code /etc/kubernetes/admin.conf} on the masters;
 * {@code kubectl get nodes} with admin.conf on the first master that answers; with external etcd,
 * each member's {@code /health} and the member list, asked from a member (the health-check client
 * certificate is there). A node that cannot be reached is recorded as such, not fatal: what the
 * journal says stands for it.
 */
public final class ClusterSurvey {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Command KUBELET_CONF = Command.of("test", "-e", NodePaths.KUBELET_CONF);
    static final Command KUBELET_ACTIVE = Command.of("systemctl", "is-active", "--quiet", "kubelet");
    static final Command ADMIN_CONF = Command.of("test", "-e", NodePaths.ADMIN_CONF);
    static final Command GET_NODES = Command.of("kubectl", "--kubeconfig=" + NodePaths.ADMIN_CONF, "get", "nodes",
            "-o", "name", "--request-timeout=10s");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterSurvey() {
    }

    /**
     * One node as found.
     *
     * @param problem why the node could not be asked (null when it was)
     */
    public record NodeLook(String node, boolean reached, boolean kubeletConf, boolean kubeletActive, boolean adminConf,
                           String problem) {
    }

    /**
     * What the look found.
     *
     * @param apiNodes    names {@code kubectl get nodes} listed, or empty when no master answered
     * @param apiFrom     the master that answered kubectl, or null
     * @param etcdHealthy external etcd member names to whether {@code /health} said so (empty with stacked etcd
     *                    or when no member could be asked)
     * @param etcdMembers the member list's names, from a member; empty when none answered. A member
     *                    added but never started has no name yet and is not among them
     * @param etcdPeerUrls every member's peer URLs in the same list, unstarted members' included
     */
    public record Look(List<NodeLook> nodes, List<String> apiNodes, String apiFrom, Map<String, Boolean> etcdHealthy,
                       List<String> etcdMembers, List<String> etcdPeerUrls) {
        public Look {
            nodes = List.copyOf(nodes);
            apiNodes = List.copyOf(apiNodes);
            etcdHealthy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(etcdHealthy));
            etcdMembers = List.copyOf(etcdMembers);
            etcdPeerUrls = List.copyOf(etcdPeerUrls);
        }

        public Look(List<NodeLook> nodes, List<String> apiNodes, String apiFrom, Map<String, Boolean> etcdHealthy,
                    List<String> etcdMembers) {
            this(nodes, apiNodes, apiFrom, etcdHealthy, etcdMembers, List.of());
        }

        public Optional<NodeLook> node(String name) {
            return nodes.stream().filter(n -> n.node().equals(name)).findFirst();
        }

        /** Whether any etcd member answered: the etcd cluster runs. */
        public boolean etcdAnswers() {
            return etcdHealthy.containsValue(true) || !etcdMembers.isEmpty();
        }
    }

    /**
     * Looks at every node of {@code cluster}, at most {@code concurrency} at once, one connection
     * per node: each master with admin.conf asks kubectl, each external etcd member its own
     * {@code /health} and the member list.
     */
    public static Look look(Cluster cluster, Transport transport, int concurrency) {
        List<Answer> answers;
        try {
            answers = NodeQuestions.askAll(cluster.nodes(), concurrency, "looking at the nodes",
                    n -> lookAt(cluster, n, transport));
        } catch (NodeQuestions.NodeProblem e) {
            // lookAt records its problems; only an interruption gets here.
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<String> apiNodes = List.of();
        String apiFrom = null;
        Map<String, Boolean> healthy = new LinkedHashMap<>();
        List<String> members = List.of();
        List<String> peerUrls = List.of();
        for (Answer a : answers) {
            if (apiFrom == null && a.apiNodes() != null) {
                apiNodes = a.apiNodes();
                apiFrom = a.look().node();
            }
            if (a.etcdHealthy() != null) {
                healthy.put(a.look().node(), a.etcdHealthy());
            }
            if (members.isEmpty() && !a.etcdMembers().isEmpty()) {
                members = a.etcdMembers();
                peerUrls = a.etcdPeerUrls();
            }
        }
        return new Look(answers.stream().map(Answer::look).toList(), apiNodes, apiFrom, healthy, members, peerUrls);
    }

    /** One node's answers: apiNodes null when it asked no API server, etcdHealthy null when it is no member asked. */
    private record Answer(NodeLook look, List<String> apiNodes, Boolean etcdHealthy, List<String> etcdMembers,
                          List<String> etcdPeerUrls) {
    }

    /** The names in the v3 gateway's member list; empty when it is not one. */
    static List<String> memberNames(String json) {
        try {
            JsonNode list = JSON.readTree(json).path("members");
            List<String> names = new ArrayList<>();
            list.forEach(m -> names.add(m.path("name").asText("")));
            return names.stream().filter(n -> !n.isEmpty()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** Every member's peer URLs in the v3 gateway's member list, started or not; empty when it is not one. */
    static List<String> memberPeerUrls(String json) {
        try {
            List<String> urls = new ArrayList<>();
            JSON.readTree(json).path("members").forEach(m -> m.path("peerURLs").forEach(u -> urls.add(u.asText(""))));
            return urls.stream().filter(u -> !u.isEmpty()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static Answer lookAt(Cluster cluster, Node node, Transport transport) {
        Connection connection = null;
        try {
            connection = transport.connect(node.name());
            boolean kubeletConf = connection.run(KUBELET_CONF, true, null, OutputSink.DISCARD, TIMEOUT) == 0;
            boolean kubeletActive = connection.run(KUBELET_ACTIVE, true, null, OutputSink.DISCARD, TIMEOUT) == 0;
            boolean adminConf = node.hasRole(Role.CONTROL_PLANE)
                    && connection.run(ADMIN_CONF, true, null, OutputSink.DISCARD, TIMEOUT) == 0;
            List<String> apiNodes = null;
            if (adminConf) {
                List<String> out = new ArrayList<>();
                if (run(connection, GET_NODES, out) == 0) {
                    apiNodes = out.stream().map(String::trim).filter(l -> l.startsWith("node/"))
                            .map(l -> l.substring("node/".length())).toList();
                }
            }
            Boolean etcdHealthy = null;
            List<String> members = List.of();
            List<String> peerUrls = List.of();
            if (!cluster.etcd().stacked() && cluster.etcdMembers().contains(node) && node.privateAddress() != null) {
                List<String> out = new ArrayList<>();
                etcdHealthy = run(connection, EtcdCommands.health(node.privateAddress()), out) == 0
                        && String.join("", out).replace(" ", "").contains("\"health\":\"true\"");
                out.clear();
                if (run(connection, EtcdCommands.memberList(node.privateAddress()), out) == 0) {
                    members = memberNames(String.join("\n", out));
                    peerUrls = memberPeerUrls(String.join("\n", out));
                }
            }
            return new Answer(new NodeLook(node.name(), true, kubeletConf, kubeletActive, adminConf, null), apiNodes,
                    etcdHealthy, members, peerUrls);
        } catch (TransportException e) {
            return new Answer(new NodeLook(node.name(), false, false, false, false, e.getMessage()), null, null, List.of(), List.of());
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
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

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
     * @param etcdMembers the member list's names, from a member; empty when none answered
     */
    public record Look(List<NodeLook> nodes, List<String> apiNodes, String apiFrom, Map<String, Boolean> etcdHealthy,
                       List<String> etcdMembers) {
        public Look {
            nodes = List.copyOf(nodes);
            apiNodes = List.copyOf(apiNodes);
            etcdHealthy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(etcdHealthy));
            etcdMembers = List.copyOf(etcdMembers);
        }

        public Optional<NodeLook> node(String name) {
            return nodes.stream().filter(n -> n.node().equals(name)).findFirst();
        }

        /** Whether any etcd member answered: the etcd cluster runs. */
        public boolean etcdAnswers() {
            return etcdHealthy.containsValue(true) || !etcdMembers.isEmpty();
        }
    }

    /** Looks at every node of {@code cluster}, at most {@code concurrency} at once. */
    public static Look look(Cluster cluster, Transport transport, int concurrency) {
        List<NodeLook> nodes;
        try {
            nodes = NodeQuestions.askAll(cluster.nodes(), concurrency, "looking at the nodes", n -> lookAt(n, transport));
        } catch (NodeQuestions.NodeProblem e) {
            // lookAt records its problems; only an interruption gets here.
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<String> apiNodes = List.of();
        String apiFrom = null;
        for (Node master : cluster.controlPlaneNodes()) {
            NodeLook look = nodes.get(cluster.nodes().indexOf(master));
            if (!look.reached() || !look.adminConf()) {
                continue;
            }
            List<String> out = new ArrayList<>();
            if (run(transport, master.name(), GET_NODES, out) == 0) {
                apiNodes = out.stream().map(String::trim).filter(l -> l.startsWith("node/"))
                        .map(l -> l.substring("node/".length())).toList();
                apiFrom = master.name();
                break;
            }
        }
        Map<String, Boolean> healthy = new LinkedHashMap<>();
        List<String> members = List.of();
        if (!cluster.etcd().stacked()) {
            List<Node> etcd = cluster.etcdMembers();
            Node asker = etcd.stream().filter(m -> nodes.get(cluster.nodes().indexOf(m)).reached()).findFirst().orElse(null);
            if (asker != null) {
                for (Node m : etcd) {
                    if (m.privateAddress() == null) {
                        continue;
                    }
                    List<String> out = new ArrayList<>();
                    healthy.put(m.name(), run(transport, asker.name(), EtcdCommands.health(m.privateAddress()), out) == 0
                            && String.join("", out).replace(" ", "").contains("\"health\":\"true\""));
                }
                for (Node m : etcd) {
                    List<String> out = new ArrayList<>();
                    if (m.privateAddress() != null
                            && run(transport, asker.name(), EtcdCommands.memberList(m.privateAddress()), out) == 0) {
                        members = memberNames(String.join("\n", out));
                        if (!members.isEmpty()) {
                            break;
                        }
                    }
                }
            }
        }
        return new Look(nodes, apiNodes, apiFrom, healthy, members);
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

    private static NodeLook lookAt(Node node, Transport transport) {
        Connection connection = null;
        try {
            connection = transport.connect(node.name());
            boolean kubeletConf = connection.run(KUBELET_CONF, true, null, OutputSink.DISCARD, TIMEOUT) == 0;
            boolean kubeletActive = connection.run(KUBELET_ACTIVE, true, null, OutputSink.DISCARD, TIMEOUT) == 0;
            boolean adminConf = node.hasRole(Role.CONTROL_PLANE)
                    && connection.run(ADMIN_CONF, true, null, OutputSink.DISCARD, TIMEOUT) == 0;
            return new NodeLook(node.name(), true, kubeletConf, kubeletActive, adminConf, null);
        } catch (TransportException e) {
            return new NodeLook(node.name(), false, false, false, false, e.getMessage());
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static int run(Transport transport, String node, Command command, List<String> output) {
        Connection connection = null;
        try {
            connection = transport.connect(node);
            // Standard output only: the answers are parsed, warnings go to standard error.
            return connection.run(command, true, null, (stream, line) -> {
                if (stream == OutputStreamKind.STDOUT) {
                    output.add(line);
                }
            }, TIMEOUT);
        } catch (TransportException e) {
            return -1;
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }
}

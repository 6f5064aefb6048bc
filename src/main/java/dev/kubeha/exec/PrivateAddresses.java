package dev.kubeha.exec;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.IpAddress;
import dev.kubeha.model.Node;
import dev.kubeha.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills in the private addresses the cluster file leaves out, by asking each such node for the
 * IPv4 address of its private interface ({@code ip -o -4 addr show dev IFACE}). This runs before
 * the plan exists: the PKI and the kubeadm and etcd files need the addresses, so it cannot be a
 * task of the plan.
 */
public final class PrivateAddresses {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    // "2: eth1    inet 10.0.0.31/24 brd 10.0.0.255 scope global eth1\       valid_lft forever ..."
    private static final Pattern INET = Pattern.compile("\\binet (\\d{1,3}(?:\\.\\d{1,3}){3})/\\d{1,2}\\b");

    /** One address found on a node. */
    public record Detected(String node, String privateInterface, String address) {
    }

    /** The cluster with the addresses filled in, and what was found. */
    public record Result(Cluster cluster, List<Detected> detected) {
        public Result {
            detected = List.copyOf(detected);
        }
    }

    private PrivateAddresses() {
    }

    /** The command that prints a node's IPv4 addresses on one interface, one per line. */
    public static Command command(String privateInterface) {
        return Command.of("ip", "-o", "-4", "addr", "show", "dev", privateInterface);
    }

    /**
     * Asks every node without a private address, at most {@code concurrency} at a time.
     *
     * @throws DetectionException naming each node that could not tell, and why
     */
    public static Result detect(Cluster cluster, Transport transport, int concurrency) throws DetectionException {
        List<Node> missing = cluster.nodes().stream().filter(n -> n.privateAddress() == null).toList();
        if (missing.isEmpty()) {
            return new Result(cluster, List.of());
        }
        try {
            List<Detected> found = NodeQuestions.askAll(missing, concurrency, "detecting private addresses",
                    node -> detectOne(cluster, node, transport));
            return new Result(withAddresses(cluster, found), found);
        } catch (NodeQuestions.NodeProblem e) {
            throw new DetectionException(e.getMessage());
        }
    }

    private static Detected detectOne(Cluster cluster, Node node, Transport transport) throws NodeQuestions.NodeProblem {
        String iface = cluster.privateInterfaceFor(node);
        int index = cluster.nodes().indexOf(node);
        if (iface == null) {
            throw new NodeQuestions.NodeProblem("node " + node.name() + ": no privateAddress and no privateInterface to detect"
                    + " it from; set nodes[" + index + "].privateAddress or privateInterface");
        }
        List<String> output = new ArrayList<>();
        List<String> everything = new ArrayList<>();
        int exit;
        Connection connection = null;
        try {
            connection = transport.connect(node.name());
            exit = connection.run(command(iface), false, null, collectInto(output), TIMEOUT);
            if (exit != 0 || parse(output).isEmpty()) {
                // The interface name is wrong more often than the address is missing: say what the node has.
                connection.run(Command.of("ip", "-o", "-4", "addr", "show"), false, null, collectInto(everything), TIMEOUT);
            }
        } catch (TransportException e) {
            throw new NodeQuestions.NodeProblem("node " + node.name() + ": cannot detect its private address: " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        Optional<String> address = exit == 0 ? parse(output) : Optional.empty();
        if (address.isPresent()) {
            return new Detected(node.name(), iface, address.get());
        }
        List<String> interfaces = interfaces(everything);
        throw new NodeQuestions.NodeProblem("node " + node.name() + ": no IPv4 address on interface " + iface + " ("
                + command(iface) + (exit == 0 ? " printed none" : " exited with code " + exit) + "); "
                + (interfaces.isEmpty() ? "it reports no IPv4 interface" : "it has " + String.join(", ", interfaces))
                + ": check the interface name, or set nodes[" + index + "].privateAddress");
    }

    static OutputSink collectInto(List<String> lines) {
        return (stream, line) -> {
            synchronized (lines) {
                lines.add(line);
            }
        };
    }

    /** {@code eth1 10.0.0.31} for every line of {@code ip -o -4 addr show}. */
    static List<String> interfaces(List<String> lines) {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            Matcher m = INET.matcher(line);
            if (fields.length > 1 && m.find()) {
                result.add(fields[1] + " " + m.group(1));
            }
        }
        return result;
    }

    /** The first IPv4 address in {@code ip -o -4 addr} output. */
    static Optional<String> parse(List<String> lines) {
        for (String line : lines) {
            Matcher m = INET.matcher(line);
            if (m.find() && IpAddress.parse(m.group(1)).isPresent()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static Cluster withAddresses(Cluster c, List<Detected> found) {
        Map<String, String> byNode = new LinkedHashMap<>();
        found.forEach(d -> byNode.put(d.node(), d.address()));
        List<Node> nodes = c.nodes().stream().map(n -> byNode.containsKey(n.name())
                ? new Node(n.name(), n.host(), byNode.get(n.name()), n.publicAddress(), n.roles(), n.privateInterface(), n.ssh())
                : n).toList();
        return c.withNodes(nodes);
    }

    /** A private address could not be found; the message names the node and what to do. */
    public static final class DetectionException extends Exception {
        public DetectionException(String message) {
            super(message);
        }
    }
}

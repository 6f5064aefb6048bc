package dev.kubeha.exec;

import dev.kubeha.model.Node;
import dev.kubeha.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which CPU architecture each node has ({@code uname -m}), in the names release files use:
 * {@code amd64}, {@code arm64}. Asked before the plan exists, because what the workstation
 * uploads (the etcd release tarball) depends on it.
 */
public final class NodeArchitectures {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Command UNAME = Command.of("uname", "-m");

    private NodeArchitectures() {
    }

    /** {@code x86_64} to {@code amd64}, {@code aarch64} to {@code arm64}; empty for what no release is built for. */
    public static Optional<String> releaseName(String machine) {
        return switch (machine.trim()) {
            case "x86_64", "amd64" -> Optional.of("amd64");
            case "aarch64", "arm64" -> Optional.of("arm64");
            case "ppc64le" -> Optional.of("ppc64le");
            case "s390x" -> Optional.of("s390x");
            default -> Optional.empty();
        };
    }

    /**
     * The architecture of each of {@code nodes}, by name in their order, at most {@code concurrency} asked at once.
     *
     * @throws DetectionException naming each node that could not tell, and why
     */
    public static Map<String, String> detect(List<Node> nodes, Transport transport, int concurrency)
            throws DetectionException {
        try {
            List<String> arches = NodeQuestions.askAll(nodes, concurrency, "detecting the nodes' architecture",
                    node -> detectOne(node, transport));
            Map<String, String> result = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                result.put(nodes.get(i).name(), arches.get(i));
            }
            return result;
        } catch (NodeQuestions.NodeProblem e) {
            throw new DetectionException(e.getMessage());
        }
    }

    private static String detectOne(Node node, Transport transport) throws NodeQuestions.NodeProblem {
        List<String> output = new ArrayList<>();
        int exit;
        Connection connection = null;
        try {
            connection = transport.connect(node.name());
            exit = connection.run(UNAME, false, null, PrivateAddresses.collectInto(output), TIMEOUT);
        } catch (TransportException e) {
            throw new NodeQuestions.NodeProblem("node " + node.name() + ": cannot tell its architecture: " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        String machine = output.isEmpty() ? "" : output.get(0).trim();
        if (exit != 0 || machine.isEmpty()) {
            throw new NodeQuestions.NodeProblem("node " + node.name() + ": cannot tell its architecture (" + UNAME
                    + (exit != 0 ? " exited with code " + exit : " printed nothing") + ")");
        }
        return releaseName(machine).orElseThrow(() -> new NodeQuestions.NodeProblem("node " + node.name()
                + ": its architecture " + machine + " has no etcd or Kubernetes release; use amd64 or arm64 hosts"));
    }

    /** The architecture could not be found; the message names the node and what to do. */
    public static final class DetectionException extends Exception {
        public DetectionException(String message) {
            super(message);
        }
    }
}

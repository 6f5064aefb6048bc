package dev.kubeha.exec.ssh;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.SshSettings;
import dev.kubeha.model.ValidationContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and as whom to log in to one node.
 *
 * @param identityFile private key file, or null to log in with a password
 * @param sudo         whether commands "as root" go through sudo (the user is not root)
 */
public record SshTarget(String node, String host, int port, String user, Path identityFile, boolean sudo) {
    public SshTarget {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("node " + node + ": SSH port " + port + " is out of range");
        }
    }

    /** The target of a node of a cluster: the node's SSH overrides over the cluster's settings. */
    public static SshTarget of(Cluster cluster, Node node) {
        SshSettings ssh = cluster.sshFor(node);
        return new SshTarget(node.name(), node.host(), ssh.port(), ssh.user(), expandHome(ssh.identityFile()),
                ssh.sudo() && !"root".equals(ssh.user()));
    }

    /**
     * The targets of every node of a cluster, by node name, in the cluster's order; key files
     * relative to the cluster file, as the validator reads them.
     */
    public static Map<String, SshTarget> allOf(Cluster cluster, ValidationContext context) {
        Map<String, SshTarget> targets = new LinkedHashMap<>();
        for (Node node : cluster.nodes()) {
            SshTarget t = of(cluster, node);
            String identity = cluster.sshFor(node).identityFile();
            targets.put(node.name(), new SshTarget(t.node(), t.host(), t.port(), t.user(),
                    identity == null ? null : context.resolve(identity), t.sudo()));
        }
        return targets;
    }

    static Path expandHome(String file) {
        if (file == null) {
            return null;
        }
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + file.substring(1));
        }
        return Path.of(file);
    }

    public boolean isRoot() {
        return "root".equals(user);
    }

    /** {@code user@host:port} for messages. */
    public String describe() {
        return "node " + node + " (" + user + "@" + host + ":" + port + ")";
    }
}

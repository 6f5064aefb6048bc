package dev.kubeha.ui.wizard;

import dev.kubeha.model.Problem;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validator's problems in the words of the window: field paths ({@code networking.podSubnet},
 * {@code nodes[3].privateAddress}) become the labels and host names the user sees ("Pod CIDR",
 * "host worker0, Private address"). The CLI keeps the paths: they are right for a file.
 */
final class ProblemWords {
    /** A field path's label in the bundle. */
    private static final Map<String, String> FIELD_KEYS = Map.ofEntries(
            Map.entry("name", "field.name"),
            Map.entry("kubernetesVersion", "field.kubernetesVersion"),
            Map.entry("pki.keyAlgorithm", "field.keyAlgorithm"),
            Map.entry("pki.certificateValidity", "field.certificateValidity"),
            Map.entry("pki.caValidity", "field.caValidity"),
            Map.entry("ssh.user", "field.sshUser"),
            Map.entry("ssh.port", "field.sshPort"),
            Map.entry("ssh.identityFile", "field.identityFile"),
            Map.entry("ssh.sudo", "field.sudo"),
            Map.entry("privateInterface", "field.privateInterface"),
            Map.entry("networking.podSubnet", "field.podSubnet"),
            Map.entry("networking.serviceSubnet", "field.serviceSubnet"),
            Map.entry("networking.dnsDomain", "field.dnsDomain"),
            Map.entry("cni.manifest", "field.cniManifest"),
            Map.entry("airGapped.distro", "field.airGappedDistro"),
            Map.entry("airGapped.packages", "field.airGappedPackages"),
            Map.entry("etcd.topology", "etcd.topology"),
            Map.entry("etcd.runtime", "etcd.runtime"),
            Map.entry("etcd.version", "field.etcdVersion"),
            Map.entry("loadBalancer.mode", "lb.mode"),
            Map.entry("loadBalancer.endpoint", "field.lbEndpoint"),
            Map.entry("loadBalancer.virtualIp", "field.virtualIp"),
            Map.entry("apiServer.certSANs", "lb.sans"));

    /** A host field's column in the bundle. */
    private static final Map<String, String> COLUMN_KEYS = Map.ofEntries(
            Map.entry("name", "hosts.col.name"),
            Map.entry("host", "hosts.col.host"),
            Map.entry("privateAddress", "hosts.col.privateAddress"),
            Map.entry("publicAddress", "hosts.col.host"),
            Map.entry("roles", "hosts.col.roles"),
            Map.entry("privateInterface", "hosts.col.interface"),
            Map.entry("ssh.user", "hosts.col.user"),
            Map.entry("ssh.port", "hosts.col.port"),
            Map.entry("ssh.identityFile", "hosts.col.identityFile"));

    private static final Pattern NODE_PATH = Pattern.compile("nodes\\[(\\d+)](?:\\.([A-Za-z.]+))?");
    /** A node the validator describes as {@code worker0 (nodes[3])}. */
    private static final Pattern NAMED_NODE = Pattern.compile("(\\S+) \\(nodes\\[(\\d+)]\\)");
    private static final Pattern SAN_PATH = Pattern.compile("apiServer\\.certSANs\\[(\\d+)]");
    private static final Pattern FIELD_PATH = Pattern.compile(
            "\\b(?:pki|ssh|networking|cni|etcd|loadBalancer)\\.[A-Za-z]+\\b|\\bprivateInterface\\b");

    private final ResourceBundle messages;
    /** A host's name by its index in the table; null or empty when it has none. */
    private final IntFunction<String> hostName;

    ProblemWords(ResourceBundle messages, IntFunction<String> hostName) {
        this.messages = messages;
        this.hostName = hostName;
    }

    /** A label's text as read: without its mnemonic ("Cluster na_me", "集群名称(_M)"). */
    static String plain(String label) {
        return label.replaceAll("\\(_[A-Za-z0-9]\\)$", "").replace("_", "").strip();
    }

    private String text(String key) {
        return plain(messages.getString(key));
    }

    /** One line of a problem list: "Error: Pod CIDR: … — hint". */
    String describe(Problem p) {
        String place = place(p.path());
        return messages.getString("severity." + p.severity().label()) + ": "
                + (place.isEmpty() ? "" : place + ": ") + sentence(p);
    }

    /** The message and hint, in the window's words. */
    String sentence(Problem p) {
        return words(p.message()) + (p.hint() == null ? "" : " \u2014 " + words(p.hint()));
    }

    /** What the user sees for a path: the field's label, or the host and its column. */
    String place(String path) {
        if (path.isEmpty()) {
            return "";
        }
        Matcher node = NODE_PATH.matcher(path);
        if (node.matches()) {
            String host = host(Integer.parseInt(node.group(1)));
            String column = node.group(2) == null ? null : COLUMN_KEYS.get(node.group(2));
            return column == null ? host : String.format(messages.getString("problem.hostColumn"), host, text(column));
        }
        Matcher san = SAN_PATH.matcher(path);
        if (san.matches()) {
            return String.format(messages.getString("problem.san"), Integer.parseInt(san.group(1)) + 1);
        }
        String key = FIELD_KEYS.get(path);
        return key == null ? path : text(key);
    }

    /** "host worker0 (row 4)", or "the host in row 4" while it has no name. */
    String host(int index) {
        String name = hostName.apply(index);
        return name == null || name.isBlank() ? String.format(messages.getString("problem.hostRow"), index + 1)
                : String.format(messages.getString("problem.host"), name, index + 1);
    }

    /** Replaces the paths a message names by what the user sees. */
    String words(String text) {
        String out = replace(NAMED_NODE, text, m -> host(Integer.parseInt(m.group(2))));
        out = replace(NODE_PATH, out, m -> place(m.group()));
        out = replace(SAN_PATH, out, m -> place(m.group()));
        return replace(FIELD_PATH, out, m -> FIELD_KEYS.containsKey(m.group()) ? text(FIELD_KEYS.get(m.group())) : m.group());
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The table rows a problem is about: its own row and every other host its message names (both
     * of two duplicates, not only the second).
     */
    static List<Integer> rows(Problem p) {
        TreeSet<Integer> rows = new TreeSet<>();
        Matcher own = NODE_PATH.matcher(p.path());
        if (own.matches()) {
            rows.add(Integer.parseInt(own.group(1)));
        }
        Matcher named = NODE_PATH.matcher(p.message());
        while (named.find()) {
            rows.add(Integer.parseInt(named.group(1)));
        }
        return List.copyOf(rows);
    }

    /** The host field ({@code privateAddress}) a problem at {@code nodes[i].privateAddress} is about, or null. */
    static String hostField(String path) {
        Matcher node = NODE_PATH.matcher(path);
        return node.matches() ? node.group(2) : null;
    }
}

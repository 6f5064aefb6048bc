package dev.kubeha.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code systemctl} on a simulated host, and what starting a unit does. The kubelet runs only with
 * a configuration (kubeadm's kubelet.conf, or kubeha's standalone drop-in for an etcd node) and
 * then starts the static pods in /etc/kubernetes/manifests; without one it restarts in a loop, as
 * the real one does.
 */
final class Systemd {
    static final String ETCD_DROP_IN = "/etc/systemd/system/kubelet.service.d/20-etcd-service-manager.conf";
    private static final Pattern CONFIG_FLAG = Pattern.compile("--config=(\\S+)");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final SimulatedHost host;

    Systemd(SimulatedHost host) {
        this.host = host;
    }

    int systemctl(List<String> args, Io io) throws IOException, InterruptedException {
        List<String> options = args.stream().filter(a -> a.startsWith("-")).toList();
        List<String> words = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (words.isEmpty()) {
            io.err.println("systemctl: the simulated host lists no units");
            return 1;
        }
        String verb = words.get(0);
        List<String> units = words.subList(1, words.size()).stream().map(u -> u.replaceFirst("\\.service$", "")).toList();
        boolean readOnly = verb.equals("is-active") || verb.equals("status") || verb.equals("is-enabled");
        if (!readOnly && !io.root) {
            io.err.println("Failed to " + verb + " unit: Access denied");
            return 1;
        }
        switch (verb) {
            case "daemon-reload":
                host.pace.work(0.2);
                return 0;
            case "enable":
            case "disable":
                for (String u : units) {
                    if (!host.unitExists(u)) {
                        io.err.println("Failed to " + verb + " unit: Unit file " + u + ".service does not exist.");
                        return 1;
                    }
                }
                for (String u : units) {
                    boolean on = verb.equals("enable");
                    if (on && !host.enabled(u)) {
                        io.err.println("Created symlink /etc/systemd/system/multi-user.target.wants/" + u
                                + ".service \u2192 /lib/systemd/system/" + u + ".service.");
                    }
                    host.enable(u, on);
                    if (options.contains("--now")) {
                        if (on) {
                            start(u);
                        } else {
                            host.active(u, false);
                        }
                    }
                }
                return 0;
            case "reload":
                for (String u : units) {
                    if (!host.active(u)) {
                        io.err.println("Failed to reload " + u + ".service: Unit " + u + ".service is not active.");
                        return 1;
                    }
                }
                host.pace.work(0.2);
                return 0;
            case "start":
            case "restart":
            case "reload-or-restart":
                for (String u : units) {
                    if (!host.unitExists(u)) {
                        io.err.println("Failed to " + verb + " " + u + ".service: Unit " + u + ".service not found.");
                        return 5;
                    }
                }
                for (String u : units) {
                    host.pace.work(0.5);
                    start(u);
                }
                return 0;
            case "stop":
                for (String u : units) {
                    host.active(u, false);
                }
                return 0;
            case "is-active":
                if (units.size() != 1) {
                    break;
                }
                String state = state(units.get(0));
                if (!options.contains("--quiet") && !options.contains("-q")) {
                    io.out.println(state);
                }
                return state.equals("active") ? 0 : 3;
            case "is-enabled":
                if (units.size() != 1) {
                    break;
                }
                io.out.println(host.enabled(units.get(0)) ? "enabled" : "disabled");
                return host.enabled(units.get(0)) ? 0 : 1;
            case "status":
                if (units.size() != 1) {
                    break;
                }
                String u = units.get(0);
                if (!host.unitExists(u)) {
                    io.err.println("Unit " + u + ".service could not be found.");
                    return 4;
                }
                io.out.println("\u25cf " + u + ".service");
                io.out.println("     Loaded: loaded (/lib/systemd/system/" + u + ".service; "
                        + (host.enabled(u) ? "enabled" : "disabled") + ")");
                io.out.println("     Active: " + state(u) + (state(u).equals("activating") ? " (auto-restart)" : ""));
                return state(u).equals("active") ? 0 : 3;
            default:
                io.err.println("Unknown command verb " + verb + ".");
                return 1;
        }
        io.err.println("systemctl: the simulated host takes one unit here, not " + units);
        return 1;
    }

    /** active, activating (a kubelet without configuration restarting in a loop) or inactive. */
    private String state(String unit) {
        if (host.active(unit)) {
            return "active";
        }
        // An enabled kubelet without a configuration restarts every few seconds, as after the package install.
        if (unit.equals("kubelet") && host.enabled(unit) && host.installed("kubelet")) {
            return "activating";
        }
        return "inactive";
    }

    /** Starts a unit; the kubelet only with a configuration, and then its static pods. */
    void start(String unit) throws IOException {
        if (!unit.equals("kubelet")) {
            host.active(unit, true);
            return;
        }
        boolean configured = Files.exists(host.file("/etc/kubernetes/kubelet.conf")) || standaloneConfig();
        host.active("kubelet", configured);
        if (configured) {
            startStaticPods();
        }
    }

    /** kubeha's drop-in for an etcd node runs the kubelet with a local config file only. */
    private boolean standaloneConfig() throws IOException {
        Path dropIn = host.file(ETCD_DROP_IN);
        if (!Files.exists(dropIn)) {
            return false;
        }
        Matcher m = CONFIG_FLAG.matcher(Files.readString(dropIn));
        return m.find() && host.file(m.group(1)) != null && Files.exists(host.file(m.group(1)));
    }

    /** The etcd static pod: its flags say its name, where it listens, its cluster and its certificates. */
    private void startStaticPods() throws IOException {
        Path manifest = host.file("/etc/kubernetes/manifests/etcd.yaml");
        if (!Files.exists(manifest)) {
            return;
        }
        JsonNode pod = YAML.readTree(manifest.toFile());
        List<String> command = new ArrayList<>();
        pod.path("spec").path("containers").path(0).path("command").forEach(n -> command.add(n.asText()));
        String name = flag(command, "--name");
        String clients = flag(command, "--listen-client-urls");
        String initial = flag(command, "--initial-cluster");
        if (name == null || clients == null || initial == null) {
            return; // etcd would exit at once: nothing listens
        }
        List<String> endpoints = Arrays.stream(clients.split(",")).map(Systemd::hostPort).toList();
        List<String> members = Arrays.stream(initial.split(",")).map(m -> m.substring(0, m.indexOf('='))).toList();
        host.network.startEtcd(new DemoNetwork.EtcdMember(name, host,
                endpoints.stream().map(e -> e.startsWith("127.0.0.1:") ? host.name + "/" + e : e).toList(), members,
                flag(command, "--cert-file"), flag(command, "--trusted-ca-file")));
    }

    static String flag(List<String> command, String name) {
        for (String c : command) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** {@code https://10.0.0.11:2379} → {@code 10.0.0.11:2379}. */
    static String hostPort(String url) {
        String rest = url.replaceFirst("^[a-z]+://", "");
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}

package dev.kubeha.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl} against the simulated cluster, through the server its kubeconfig names: {@code get
 * --raw=/readyz}, {@code get nodes}, {@code apply -f} (a pod network manifest, from a file on the host
 * or from the flannel or Calico release URL), and {@code wait --for=condition=Ready} for nodes and the
 * etcd pods. Nodes are Ready once a pod network was applied and their kubelet runs.
 */
final class Kubectl {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*https://(\\S+):(\\d+)\\s*$");

    private final SimulatedHost host;

    Kubectl(SimulatedHost host) {
        this.host = host;
    }

    int run(List<String> argv, Io io) throws IOException, InterruptedException {
        String kubeconfig = null;
        String namespace = "default";
        List<String> args = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--kubeconfig=")) {
                kubeconfig = a.substring("--kubeconfig=".length());
            } else if (a.equals("--kubeconfig") && i + 1 < argv.size()) {
                kubeconfig = argv.get(++i);
            } else if ((a.equals("-n") || a.equals("--namespace")) && i + 1 < argv.size()) {
                namespace = argv.get(++i);
            } else {
                args.add(a);
            }
        }
        if (args.isEmpty()) {
            io.err.println("kubectl controls the Kubernetes cluster manager.");
            return 1;
        }
        if (kubeconfig == null) {
            // No KUBECONFIG and no ~/.kube/config on a fresh host: kubectl falls back to localhost:8080.
            io.err.println("E0101 00:00:00.000000 memcache.go:265] couldn't get current server API group list: Get"
                    + " \"http://localhost:8080/api?timeout=32s\": dial tcp 127.0.0.1:8080: connect: connection refused");
            io.err.println("The connection to the server localhost:8080 was refused - did you specify the right host or port?");
            return 1;
        }
        Path config = host.file(kubeconfig);
        if (config == null || !Files.exists(config)) {
            io.err.println("error: stat " + kubeconfig + ": no such file or directory");
            return 1;
        }
        if (!io.root && host.rootOnly(config)) {
            io.err.println("error: error loading config file \"" + kubeconfig + "\": open " + kubeconfig
                    + ": permission denied");
            return 1;
        }
        Matcher server = SERVER.matcher(Files.readString(config));
        if (!server.find()) {
            io.err.println("error: no server found for cluster in " + kubeconfig);
            return 1;
        }
        String address = server.group(1);
        int port = Integer.parseInt(server.group(2));
        host.pace.work(0.2);
        DemoNetwork.KubeApi api = host.network.kube();
        if (!host.network.apiReachable(address, port) || api == null) {
            io.err.println("The connection to the server " + address + ":" + port
                    + " was refused - did you specify the right host or port?");
            return 1;
        }
        String verb = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (verb) {
            case "get" -> get(api, namespace, rest, io);
            case "apply" -> apply(api, rest, io);
            case "wait" -> waitFor(api, namespace, rest, io);
            default -> {
                io.err.println("error: unknown command \"" + verb + "\" for \"kubectl\"");
                yield 1;
            }
        };
    }

    private int get(DemoNetwork.KubeApi api, String namespace, List<String> args, Io io) {
        if (args.size() == 1 && args.get(0).startsWith("--raw=")) {
            String path = args.get(0).substring("--raw=".length());
            if (List.of("/readyz", "/livez", "/healthz").contains(path)) {
                io.out.println("ok");
                return 0;
            }
            io.err.println("Error from server (NotFound): the server could not find the requested resource");
            return 1;
        }
        boolean json = args.contains("-o") && args.get(args.indexOf("-o") + 1 < args.size() ? args.indexOf("-o") + 1 : 0)
                .equals("json") || args.contains("-ojson") || args.contains("--output=json");
        if (!args.isEmpty() && (args.get(0).equals("nodes") || args.get(0).equals("node") || args.get(0).equals("no"))
                && json) {
            io.out.println(KubectlJson.nodes(api));
            return 0;
        }
        if (!args.isEmpty() && (args.get(0).equals("pods") || args.get(0).equals("pod") || args.get(0).equals("po"))
                && json && args.contains("-l") && "component=etcd".equals(args.get(args.indexOf("-l") + 1))) {
            io.out.println(KubectlJson.etcdPods(api, namespace));
            return 0;
        }
        if (!args.isEmpty() && (args.get(0).equals("nodes") || args.get(0).equals("node") || args.get(0).equals("no"))) {
            boolean wide = args.contains("-o") && args.contains("wide") || args.contains("-owide");
            io.out.println(String.format("%-12s %-10s %-15s %-5s %-9s%s", "NAME", "STATUS", "ROLES", "AGE", "VERSION",
                    wide ? " INTERNAL-IP" : "").stripTrailing());
            java.time.Instant now = java.time.Instant.now();
            for (DemoNetwork.KubeNode n : api.nodes()) {
                io.out.println(String.format("%-12s %-10s %-15s %-5s %-9s%s", n.name(),
                        n.ready(api.networkReady()) ? "Ready" : "NotReady", n.role(), n.age(now), n.version(),
                        wide ? " " + n.address() : "").stripTrailing());
            }
            return 0;
        }
        io.err.println("error: the server doesn't have a resource type \"" + (args.isEmpty() ? "" : args.get(0)) + "\"");
        return 1;
    }

    private int apply(DemoNetwork.KubeApi api, List<String> args, Io io) throws IOException {
        if (args.size() != 2 || !args.get(0).equals("-f")) {
            io.err.println("error: must specify one of -f and -k");
            return 1;
        }
        String source = args.get(1);
        List<String> objects;
        if (source.startsWith("https://")) {
            objects = release(source);
            if (objects == null) {
                io.err.println("error: unable to read URL \"" + source + "\", server reported 404 Not Found, status"
                        + " code=404 (the demo's simulated internet serves the flannel and Calico manifests only)");
                return 1;
            }
        } else {
            Path file = host.file(source);
            if (file == null || !Files.isRegularFile(file)) {
                io.err.println("error: the path \"" + source + "\" does not exist");
                return 1;
            }
            objects = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && doc.hasNonNull("kind")) {
                        objects.add(objectName(doc));
                    }
                }
            } catch (IOException e) {
                io.err.println("error: error parsing " + source + ": " + e.getMessage().lines().findFirst().orElse(""));
                return 1;
            }
        }
        boolean first = api.applyNetwork(source);
        for (String o : objects) {
            io.out.println(o + (first ? " created" : " unchanged"));
        }
        return 0;
    }

    /** {@code daemonset.apps/kube-flannel-ds} for a document of kind DaemonSet in apps/v1. */
    private static String objectName(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText("v1");
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return doc.get("kind").asText().toLowerCase(Locale.ROOT) + group + "/" + doc.path("metadata").path("name").asText();
    }

    /** What the release manifests of the two pod networks the simulated internet serves create. */
    private static List<String> release(String url) {
        String file = url.substring(url.lastIndexOf('/') + 1);
        if (file.equals("kube-flannel.yml")) {
            return List.of("namespace/kube-flannel", "serviceaccount/flannel",
                    "clusterrole.rbac.authorization.k8s.io/flannel", "clusterrolebinding.rbac.authorization.k8s.io/flannel",
                    "configmap/kube-flannel-cfg", "daemonset.apps/kube-flannel-ds");
        }
        if (file.equals("calico.yaml")) {
            return List.of("poddisruptionbudget.policy/calico-kube-controllers", "serviceaccount/calico-kube-controllers",
                    "serviceaccount/calico-node", "configmap/calico-config",
                    "clusterrole.rbac.authorization.k8s.io/calico-node", "daemonset.apps/calico-node",
                    "deployment.apps/calico-kube-controllers");
        }
        return null;
    }

    private int waitFor(DemoNetwork.KubeApi api, String namespace, List<String> args, Io io) throws InterruptedException {
        if (!args.contains("--for=condition=Ready")) {
            io.err.println("kubeha demo: the simulated kubectl waits for condition=Ready only");
            return 1;
        }
        host.pace.work(0.3);
        if (args.contains("nodes") && args.contains("--all")) {
            List<DemoNetwork.KubeNode> nodes = api.nodes();
            for (DemoNetwork.KubeNode n : nodes) {
                if (!n.ready(api.networkReady())) {
                    io.err.println("error: timed out waiting for the condition on nodes/" + n.name());
                    return 1;
                }
            }
            nodes.forEach(n -> io.out.println("node/" + n.name() + " condition met"));
            return 0;
        }
        int label = args.indexOf("-l");
        if (args.contains("pods") && label >= 0 && label + 1 < args.size() && args.get(label + 1).equals("component=etcd")
                && namespace.equals("kube-system")) {
            if (!api.stackedEtcd) {
                io.err.println("error: no matching resources found");
                return 1;
            }
            api.nodes().stream().filter(n -> n.role().equals("control-plane"))
                    .forEach(n -> io.out.println("pod/etcd-" + n.name() + " condition met"));
            return 0;
        }
        io.err.println("kubeha demo: the simulated kubectl cannot wait for " + String.join(" ", args));
        return 1;
    }
}

package dev.kubeha.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeha.pki.Pem;
import dev.kubeha.pki.PkiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubeadm init --config FILE} and {@code kubeadm join --config FILE} on a simulated host: the
 * configuration is read as kubeadm reads it (its kinds and fields), the preflight checks that can
 * fail on these hosts are made (root, installed, container runtime, swap, port 6443, the external
 * etcd members, the discovery token and CA hash, the shared certificates of a control-plane join),
 * and the effects are those of the real one: API server on the advertised address, kubelet running
 * with kubelet.conf, admin.conf signed by the cluster's CA, the node registered.
 */
final class Kubeadm {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String PKI = "/etc/kubernetes/pki/";
    /** The files a control-plane join needs on disk (kubeha uploads them; kubeadm does not make them). */
    private static final List<String> SHARED_CERTS = List.of("ca.crt", "ca.key", "sa.key", "sa.pub",
            "front-proxy-ca.crt", "front-proxy-ca.key");

    private final SimulatedHost host;

    Kubeadm(SimulatedHost host) {
        this.host = host;
    }

    int run(List<String> args, Io io) throws IOException, InterruptedException {
        if (args.equals(List.of("version", "-o", "short"))) {
            io.out.println("v" + host.kubernetesVersion());
            return 0;
        }
        if (args.isEmpty() || !(args.get(0).equals("init") || args.get(0).equals("join"))) {
            io.err.println("kubeha demo: the simulated kubeadm knows init and join --config FILE, not "
                    + String.join(" ", args));
            return 1;
        }
        String config = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--config") && i + 1 < args.size()) {
                config = args.get(++i);
            } else if (a.startsWith("--config=")) {
                config = a.substring("--config=".length());
            } else {
                io.err.println("unknown flag: " + a);
                io.err.println("To see the stack trace of this error execute with --v=5 or higher");
                return 1;
            }
        }
        if (config == null) {
            io.err.println("kubeha demo: kubeha always runs kubeadm " + args.get(0) + " with --config FILE");
            return 1;
        }
        if (!io.root) {
            io.out.println("[preflight] Running pre-flight checks");
            return preflightError(io, "[ERROR IsPrivilegedUser]: user is not running as root");
        }
        Path file = host.file(config);
        if (file == null || !Files.isRegularFile(file)) {
            io.err.println("open " + config + ": no such file or directory");
            io.err.println("To see the stack trace of this error execute with --v=5 or higher");
            return 1;
        }
        Map<String, JsonNode> docs = new HashMap<>();
        try (MappingIterator<JsonNode> it = YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.hasNonNull("kind")) {
                    docs.put(doc.get("kind").asText(), doc);
                }
            }
        }
        return args.get(0).equals("init") ? init(docs, io) : join(docs, io);
    }

    private static int preflightError(Io io, String... errors) {
        io.err.println("error execution phase preflight: [preflight] Some fatal errors occurred:");
        for (String e : errors) {
            io.err.println("\t" + e);
        }
        io.err.println("[preflight] If you know what you are doing, you can make a check non-fatal with"
                + " `--ignore-preflight-errors=...`");
        io.err.println("To see the stack trace of this error execute with --v=5 or higher");
        return 1;
    }

    /** The checks every node makes; empty when they pass. */
    private List<String> nodeChecks(String version) {
        List<String> errors = new ArrayList<>();
        if (!host.active("containerd")) {
            errors.add("[ERROR CRI]: container runtime is not running: output: time=\"...\" level=fatal msg=\"validate"
                    + " service connection: validate CRI v1 runtime API for endpoint"
                    + " \\\"unix:///var/run/containerd/containerd.sock\\\": connect: no such file or directory\"");
        }
        if (host.swapOn()) {
            errors.add("[ERROR Swap]: running with swap on is not supported. Please disable swap");
        }
        if (version != null && !version.equals("v" + host.kubernetesVersion())) {
            errors.add("[ERROR KubeletVersion]: the kubelet version v" + host.kubernetesVersion()
                    + " does not match the control plane version " + version);
        }
        if (Files.exists(host.file("/etc/kubernetes/kubelet.conf"))) {
            errors.add("[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists");
        }
        return errors;
    }

    private List<String> externalEtcdChecks(JsonNode cluster) {
        List<String> errors = new ArrayList<>();
        JsonNode external = cluster.path("etcd").path("external");
        if (external.isMissingNode()) {
            return errors;
        }
        for (String f : List.of("caFile", "certFile", "keyFile")) {
            String path = external.path(f).asText();
            if (!Files.exists(host.file(path))) {
                errors.add("[ERROR ExternalEtcdClientCertificates]: " + path + " doesn't exist");
            }
        }
        for (JsonNode e : external.path("endpoints")) {
            String hostPort = Systemd.hostPort(e.asText());
            String address = hostPort.substring(0, hostPort.lastIndexOf(':'));
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            var member = host.network.etcdAt(address, port);
            if (member.isEmpty()) {
                errors.add("[ERROR ExternalEtcdVersion]: Get \"" + e.asText() + "/version\": dial tcp " + hostPort
                        + ": connect: connection refused");
            } else if (!host.network.hasQuorum(member.get())) {
                errors.add("[ERROR ExternalEtcdVersion]: Get \"" + e.asText() + "/version\": context deadline exceeded");
            }
        }
        return errors;
    }

    // --- init ----------------------------------------------------------------------------------------

    private int init(Map<String, JsonNode> docs, Io io) throws IOException, InterruptedException {
        JsonNode cluster = docs.getOrDefault("ClusterConfiguration", YAML.createObjectNode());
        JsonNode init = docs.getOrDefault("InitConfiguration", YAML.createObjectNode());
        String version = cluster.path("kubernetesVersion").asText(null);
        String name = init.path("nodeRegistration").path("name").asText(host.name);
        String advertise = init.path("localAPIEndpoint").path("advertiseAddress").asText(host.privateAddress());
        int port = init.path("localAPIEndpoint").path("bindPort").asInt(6443);
        String endpoint = cluster.path("controlPlaneEndpoint").asText(advertise + ":" + port);
        String token = init.path("bootstrapTokens").path(0).path("token").asText(null);
        io.out.println("[init] Using Kubernetes version: " + version);
        io.out.println("[preflight] Running pre-flight checks");
        host.pace.work(0.5);
        List<String> errors = nodeChecks(version);
        if (host.network.apiServerAt(advertise, port)) {
            errors.add("[ERROR Port-" + port + "]: Port " + port + " is in use");
        }
        errors.addAll(externalEtcdChecks(cluster));
        if (!errors.isEmpty()) {
            return preflightError(io, errors.toArray(String[]::new));
        }
        io.out.println("[preflight] Pulling images required for setting up a Kubernetes cluster");
        io.out.println("[preflight] This might take a minute or two, depending on the speed of your internet connection");
        host.pace.work(1.5);
        io.out.println("[certs] Using certificateDir folder \"/etc/kubernetes/pki\"");
        X509Certificate ca;
        PrivateKey caKey;
        try {
            ca = Pem.readCertificate(Files.readAllBytes(existing(PKI + "ca.crt")), PKI + "ca.crt");
            caKey = Pem.readPrivateKey(Files.readAllBytes(existing(PKI + "ca.key")), PKI + "ca.key");
        } catch (java.nio.file.NoSuchFileException | PkiException e) {
            io.err.println("kubeha demo: " + e.getMessage() + ": the simulated kubeadm uses the CA kubeha uploads and"
                    + " makes none of its own");
            return 1;
        }
        io.out.println("[certs] Using existing ca certificate authority");
        io.out.println("[certs] Generating \"apiserver\" certificate and key");
        io.out.println("[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default "
                + "kubernetes.default.svc kubernetes.default.svc.cluster.local " + name + "] and IPs [10.96.0.1 " + advertise
                + " " + endpoint.substring(0, endpoint.lastIndexOf(':')) + "]");
        io.out.println("[certs] Generating \"apiserver-kubelet-client\" certificate and key");
        io.out.println("[certs] Using existing front-proxy-ca certificate authority");
        io.out.println("[certs] Generating \"front-proxy-client\" certificate and key");
        boolean external = !cluster.path("etcd").path("external").isMissingNode();
        if (external) {
            io.out.println("[certs] External etcd mode: Skipping etcd/ca certificate authority generation");
        }
        io.out.println("[certs] Using the existing \"sa\" key");
        host.pace.work(0.5);
        DemoNetwork.KubeApi api = new DemoNetwork.KubeApi(cluster.path("clusterName").asText("kubernetes"), endpoint,
                version, token, ca, caKey, !external);
        io.out.println("[kubeconfig] Using kubeconfig folder \"/etc/kubernetes\"");
        for (String f : List.of("admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf")) {
            io.out.println("[kubeconfig] Writing \"" + f + "\" kubeconfig file");
        }
        writePrivate("/etc/kubernetes/admin.conf", Kubeconfigs.admin(api));
        writePrivate("/etc/kubernetes/kubelet.conf", Kubeconfigs.kubelet(api, name));
        if (!external) {
            io.out.println("[etcd] Creating static Pod manifest for local etcd in \"/etc/kubernetes/manifests\"");
            host.network.startEtcd(new DemoNetwork.EtcdMember(name, host, List.of(advertise + ":2379"), List.of(name),
                    PKI + "etcd/server.crt", PKI + "etcd/ca.crt"));
        }
        io.out.println("[control-plane] Using manifest folder \"/etc/kubernetes/manifests\"");
        io.out.println("[control-plane] Creating static Pod manifest for \"kube-apiserver\"");
        io.out.println("[control-plane] Creating static Pod manifest for \"kube-controller-manager\"");
        io.out.println("[control-plane] Creating static Pod manifest for \"kube-scheduler\"");
        io.out.println("[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"");
        io.out.println("[kubelet-start] Starting the kubelet");
        host.enable("kubelet", true);
        host.active("kubelet", true);
        io.out.println("[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from"
                + " directory \"/etc/kubernetes/manifests\"");
        host.pace.work(2);
        io.out.println("[kubelet-check] The kubelet is healthy after 1.502105783s");
        host.network.startApiServer(advertise, port, host);
        host.network.kube(api);
        api.register(new DemoNetwork.KubeNode(name, "control-plane", advertise, version, host));
        io.out.println("[control-plane-check] kube-apiserver is healthy after 4.513617468s");
        io.out.println("[upload-config] Storing the configuration used in ConfigMap \"kubeadm-config\" in the"
                + " \"kube-system\" Namespace");
        // kubeha runs init without --upload-certs: it copies the shared certificates itself.
        io.out.println("[upload-certs] Skipping phase. Please see --upload-certs");
        io.out.println("[mark-control-plane] Marking the node " + name + " as control-plane by adding the taints"
                + " [node-role.kubernetes.io/control-plane:NoSchedule]");
        io.out.println("[bootstrap-token] Using token: " + token);
        io.out.println("[addons] Applied essential addon: CoreDNS");
        io.out.println("[addons] Applied essential addon: kube-proxy");
        host.pace.work(0.5);
        io.out.println();
        io.out.println("Your Kubernetes control-plane has initialized successfully!");
        io.out.println();
        io.out.println("You can now join any number of control-plane nodes by copying certificate authorities");
        io.out.println("and service account keys on each node and then running the following as root:");
        io.out.println();
        io.out.println("  kubeadm join " + endpoint + " --token " + token + " \\");
        io.out.println("\t--discovery-token-ca-cert-hash " + api.caCertHash() + " \\");
        io.out.println("\t--control-plane");
        io.out.println();
        io.out.println("Then you can join any number of worker nodes by running the following on each as root:");
        io.out.println();
        io.out.println("kubeadm join " + endpoint + " --token " + token + " \\");
        io.out.println("\t--discovery-token-ca-cert-hash " + api.caCertHash());
        return 0;
    }

    private Path existing(String path) throws java.nio.file.NoSuchFileException {
        Path p = host.file(path);
        if (!Files.exists(p)) {
            throw new java.nio.file.NoSuchFileException(path);
        }
        return p;
    }

    private void writePrivate(String path, byte[] content) throws IOException {
        Path p = host.file(path);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        HostShell.setMode(p, "0600");
    }

    // --- join ----------------------------------------------------------------------------------------

    private int join(Map<String, JsonNode> docs, Io io) throws IOException, InterruptedException {
        JsonNode join = docs.get("JoinConfiguration");
        if (join == null) {
            io.err.println("no JoinConfiguration found in the configuration file");
            return 1;
        }
        String name = join.path("nodeRegistration").path("name").asText(host.name);
        JsonNode discovery = join.path("discovery").path("bootstrapToken");
        String endpoint = discovery.path("apiServerEndpoint").asText();
        String token = discovery.path("token").asText();
        JsonNode controlPlane = join.path("controlPlane");
        boolean asControlPlane = !controlPlane.isMissingNode();
        io.out.println("[preflight] Running pre-flight checks");
        host.pace.work(0.5);
        List<String> errors = nodeChecks(null);
        if (!errors.isEmpty()) {
            return preflightError(io, errors.toArray(String[]::new));
        }
        int colon = endpoint.lastIndexOf(':');
        String address = colon < 0 ? endpoint : endpoint.substring(0, colon);
        int port = colon < 0 ? 6443 : Integer.parseInt(endpoint.substring(colon + 1));
        DemoNetwork.KubeApi api = host.network.kube();
        String identity = "error execution phase preflight: couldn't validate the identity of the API Server: ";
        if (!host.network.apiReachable(address, port) || api == null) {
            io.err.println(identity + "Get \"https://" + endpoint + "/api/v1/namespaces/kube-public/configmaps/"
                    + "cluster-info?timeout=10s\": " + (host.network.accepts(address, port) ? "EOF"
                    : "dial tcp " + endpoint + ": connect: connection refused"));
            return 1;
        }
        String tokenId = token.contains(".") ? token.substring(0, token.indexOf('.')) : token;
        if (!token.equals(api.token)) {
            io.err.println(identity + "could not find a JWS signature in the cluster-info ConfigMap for token ID \""
                    + tokenId + "\"");
            return 1;
        }
        List<String> pinned = new ArrayList<>();
        discovery.path("caCertHashes").forEach(h -> pinned.add(h.asText()));
        if (!discovery.path("unsafeSkipCAVerification").asBoolean(false) && !pinned.contains(api.caCertHash())) {
            io.err.println(identity + "cluster CA found in cluster-info ConfigMap is invalid: none of the public keys \""
                    + api.caCertHash() + "\" are pinned");
            return 1;
        }
        io.out.println("[preflight] Reading configuration from the \"kubeadm-config\" ConfigMap in namespace \"kube-system\"...");
        host.pace.work(0.5);
        String advertise = controlPlane.path("localAPIEndpoint").path("advertiseAddress").asText(host.privateAddress());
        int bindPort = controlPlane.path("localAPIEndpoint").path("bindPort").asInt(6443);
        if (asControlPlane) {
            // As the real kubeadm: with controlPlane.certificateKey set it downloads the kubeadm-certs
            // Secret (phase control-plane-prepare/download-certs), which init uploads only with
            // --upload-certs; kubeha copies the shared certificates instead and sets no key.
            if (!controlPlane.path("certificateKey").asText("").isEmpty()) {
                io.err.println("error execution phase control-plane-prepare/download-certs: error downloading certs:"
                        + " secrets \"kubeadm-certs\" not found");
                return 1;
            }
            io.out.println("[preflight] Running pre-flight checks before initializing the new control plane instance");
            List<String> missing = new ArrayList<>();
            for (String f : SHARED_CERTS) {
                if (!Files.exists(host.file(PKI + f))) {
                    missing.add(PKI + f);
                }
            }
            if (!missing.isEmpty()) {
                io.err.println("error execution phase control-plane-prepare/certs: error creating PKI assets: failure"
                        + " loading " + missing.get(0) + ": open " + missing.get(0) + ": no such file or directory");
                return 1;
            }
            if (host.network.apiServerAt(advertise, bindPort)) {
                return preflightError(io, "[ERROR Port-" + bindPort + "]: Port " + bindPort + " is in use");
            }
            io.out.println("[certs] Using certificateDir folder \"/etc/kubernetes/pki\"");
            io.out.println("[certs] Generating \"apiserver\" certificate and key");
            io.out.println("[certs] Generating \"apiserver-kubelet-client\" certificate and key");
            io.out.println("[certs] Generating \"front-proxy-client\" certificate and key");
            io.out.println("[certs] Valid certificates and keys now exist in \"/etc/kubernetes/pki\"");
            io.out.println("[kubeconfig] Writing \"admin.conf\" kubeconfig file");
            writePrivate("/etc/kubernetes/admin.conf", Kubeconfigs.admin(api));
            io.out.println("[control-plane] Creating static Pod manifest for \"kube-apiserver\"");
            io.out.println("[control-plane] Creating static Pod manifest for \"kube-controller-manager\"");
            io.out.println("[control-plane] Creating static Pod manifest for \"kube-scheduler\"");
            if (api.stackedEtcd) {
                io.out.println("[etcd] Announced new etcd member joining to the existing etcd cluster");
                host.network.startEtcd(new DemoNetwork.EtcdMember(name, host, List.of(advertise + ":2379"), List.of(name),
                        PKI + "etcd/server.crt", PKI + "etcd/ca.crt"));
            }
            host.pace.work(1);
        } else {
            Path ca = host.file(PKI + "ca.crt");
            Files.createDirectories(ca.getParent());
            Files.write(ca, Pem.encode(api.ca));
        }
        io.out.println("[kubelet-start] Writing kubelet configuration to file \"/var/lib/kubelet/config.yaml\"");
        io.out.println("[kubelet-start] Starting the kubelet");
        writePrivate("/etc/kubernetes/kubelet.conf", Kubeconfigs.kubelet(api, name));
        host.enable("kubelet", true);
        host.active("kubelet", true);
        io.out.println("[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap");
        host.pace.work(1.5);
        if (asControlPlane) {
            host.network.startApiServer(advertise, bindPort, host);
            io.out.println("[control-plane-check] kube-apiserver is healthy after 3.012387402s");
            io.out.println("[mark-control-plane] Marking the node " + name + " as control-plane by adding the taints"
                    + " [node-role.kubernetes.io/control-plane:NoSchedule]");
        }
        api.register(new DemoNetwork.KubeNode(name, asControlPlane ? "control-plane" : "<none>", advertise,
                api.version, host));
        io.out.println();
        io.out.println("This node has joined the cluster" + (asControlPlane ? " and a new control plane instance was created" : "")
                + ":");
        io.out.println("* Certificate signing request was sent to apiserver and a response was received.");
        io.out.println("* The Kubelet was informed of the new secure connection details.");
        io.out.println();
        io.out.println("Run 'kubectl get nodes' on the control-plane to see this node join the cluster.");
        return 0;
    }
}

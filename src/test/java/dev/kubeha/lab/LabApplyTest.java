package dev.kubeha.lab;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha apply} end to end against the node lab, one test per etcd topology × runtime
 * (dedicated systemd, dedicated static pod, co-located systemd, stacked) plus faults (a worker's
 * sshd killed mid-run, then {@code --resume}; a wrong private interface). Real SSH, real SFTP
 * uploads, the real install-etcd.sh and prepare-node.sh, a real three-member etcd cluster over
 * TLS with the generated certificates (run by systemd's or the kubelet's stand-in); kubeadm,
 * kubectl, the kubelet and the kernel/package tools are the lab's stand-ins
 * (src/test/lab/standins). Each installing test starts with {@link NodeLab#fresh()} hosts.
 */
@Timeout(600)
class LabApplyTest {
    static final String VERSION = "v1.37.1";
    static final String LB = "10.77.0.100:6443";

    @RegisterExtension
    static final NodeLab lab = NodeLab.forKubernetes(VERSION)
            .host("etcd0", "10.77.0.11")
            .host("etcd1", "10.77.0.12")
            .host("etcd2", "10.77.0.13")
            .host("master0", "10.77.0.21")
            .host("master1", "10.77.0.22")
            .host("master2", "10.77.0.23")
            .host("worker0", "10.77.0.31")
            .loadBalancer("10.77.0.100", 6443);

    @TempDir
    Path temp;

    Path cluster() throws IOException {
        return cluster("dedicated", "systemd");
    }

    /** The lab cluster with etcd {@code topology} (dedicated: etcd0..2; co-located: on the masters) and {@code runtime}. */
    Path cluster(String topology, String runtime) throws IOException {
        return cluster(topology, runtime, """
                "ssh": { "user": "root", "identityFile": "%s", "sudo": false }""".formatted(lab.clientKey()), """
                "loadBalancer": { "mode": "external", "endpoint": "%s" }""".formatted(LB));
    }

    /** As {@link #cluster(String, String)}, with the {@code ssh} and {@code loadBalancer} members given. */
    Path cluster(String topology, String runtime, String ssh, String loadBalancer) throws IOException {
        String json = """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "lab", "kubernetesVersion": "%s",
                  %s,
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "etcd0", "host": "10.77.0.11", "privateAddress": "10.77.0.11", "roles": ["etcd"] },
                    { "name": "etcd1", "host": "10.77.0.12", "privateAddress": "10.77.0.12", "roles": ["etcd"] },
                    { "name": "etcd2", "host": "10.77.0.13", "privateAddress": "10.77.0.13", "roles": ["etcd"] },
                    { "name": "master0", "host": "10.77.0.21", "privateAddress": "10.77.0.21", "roles": ["control-plane"] },
                    { "name": "master1", "host": "10.77.0.22", "privateAddress": "10.77.0.22", "roles": ["control-plane"] },
                    { "name": "worker0", "host": "10.77.0.31", "roles": ["worker"] }
                  ],
                  "etcd": { "topology": "%s", "runtime": "%s", "version": "3.5.24" },
                  %s,
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(VERSION, ssh, topology, runtime, loadBalancer);
        if (topology.equals("co-located")) {
            // etcd on the three masters; no etcd nodes.
            json = json.replaceAll("\\n *\\{ \"name\": \"etcd\\d\"[^\\n]*", "").replace("""
                    { "name": "worker0",""", """
                    { "name": "master2", "host": "10.77.0.23", "privateAddress": "10.77.0.23", "roles": ["control-plane"] },
                    { "name": "worker0",""");
        }
        return Files.writeString(Files.createTempFile(temp, "cluster-" + topology + "-" + runtime + "-", ".json"), json);
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    Run apply(Path file, Path workspace, String... more) {
        return apply(Map.of(), file, workspace, more);
    }

    /** {@code kubeha apply} with these environment variables (for the secrets: KUBEHA_SUDO_PASSWORD, ...). */
    Run apply(Map<String, String> environment, Path file, Path workspace, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("apply", file.toString(), "--yes", "--accept-new-host-keys",
                "--workspace", workspace.toString(), "--include-packages", lab.packages().toString()));
        args.addAll(List.of(more));
        long started = System.nanoTime();
        int code = Cli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                Terminal.nonInteractive(environment));
        System.out.printf("kubeha %s on the lab took %d ms%n", String.join(" ", more).isEmpty() ? "apply" : "apply " + String.join(" ", more),
                (System.nanoTime() - started) / 1_000_000);
        return new Run(code, out.toString(), err.toString());
    }

    /** Waits until the journal says the task SUCCEEDED, within the deadline. */
    static void awaitSucceeded(Path workspace, String id, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            var journal = Workspace.at(workspace).journal().load();
            if (journal.isPresent() && journal.get().tasks().stream()
                    .anyMatch(e -> e.id().equals(id) && e.state() == TaskState.SUCCEEDED)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " did not succeed within " + timeoutSeconds + " s: " + journal);
            }
            Thread.sleep(20);
        }
    }

    /** Every task of the plan in the journal, each SUCCEEDED. */
    static void assertJournalComplete(Path workspace, String... ids) throws IOException {
        Journal.Snapshot journal = Workspace.at(workspace).journal().load().orElseThrow();
        assertThat(journal.tasks()).extracting(Journal.Entry::id).containsExactlyInAnyOrder(ids);
        assertThat(journal.tasks()).allSatisfy(e -> assertThat(e.state()).as(e.id()).isEqualTo(TaskState.SUCCEEDED));
    }

    /** A real etcd cluster at the addresses, healthy over TLS for the API servers' generated client certificate. */
    static void assertEtcdHealthy(Path workspace, String... ips) throws IOException {
        Path pki = workspace.resolve("pki");
        String endpoints = String.join(",", Arrays.stream(ips).map(ip -> "https://" + ip + ":2379").toList());
        NodeLab.Result health = NodeLab.run(List.of("env", "ETCDCTL_API=3", "/usr/bin/etcdctl",
                "--endpoints", endpoints,
                "--cacert", pki.resolve("etcd/ca.crt").toString(),
                "--cert", pki.resolve("apiserver-etcd-client.crt").toString(),
                "--key", pki.resolve("apiserver-etcd-client.key").toString(),
                "--command-timeout=5s", "endpoint", "health"));
        assertThat(health.code()).as(health.output()).isZero();
        for (String ip : ips) {
            assertThat(health.output()).contains("https://" + ip + ":2379 is healthy");
        }
        NodeLab.Result members = NodeLab.run(List.of("env", "ETCDCTL_API=3", "/usr/bin/etcdctl",
                "--endpoints", endpoints,
                "--cacert", pki.resolve("etcd/ca.crt").toString(),
                "--cert", pki.resolve("apiserver-etcd-client.crt").toString(),
                "--key", pki.resolve("apiserver-etcd-client.key").toString(),
                "--command-timeout=5s", "member", "list"));
        assertThat(members.code()).as(members.output()).isZero();
        assertThat(members.output().lines().filter(l -> l.contains(", started, ")).count()).as(members.output())
                .isEqualTo(ips.length);
    }

    @Test
    void installsCoLocatedSystemdEtcdOnTheThreeMasters() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-co-located");
        Path file = cluster("co-located", "systemd");
        assertThat(Files.readString(file)).doesNotContain("\"etcd0\"").contains("\"master2\"");

        Run run = apply(file, workspace);

        String all = run.all() + diagnostics();
        assertThat(run.code()).as(all).isZero();
        assertThat(run.out()).as(all).contains("  etcd:          co-located, systemd, on master0, master1, master2\n",
                "Cluster lab is installed: 18 tasks succeeded in ");
        assertJournalComplete(workspace,
                "master0/prepare", "master1/prepare", "master2/prepare", "worker0/prepare",
                "master0/etcd", "master1/etcd", "master2/etcd", "etcd/healthy", "load-balancer/reachable",
                "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "master2/kubeadm-join", "cni/apply",
                "worker0/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertEtcdHealthy(workspace, "10.77.0.21", "10.77.0.22", "10.77.0.23");

        for (String master : List.of("master0", "master1", "master2")) {
            assertThat(lab.exec(master, "/usr/local/bin/etcd", "--version").output()).startsWith("etcd Version: 3.5.24\n");
            assertThat(lab.calls(master)).containsSubsequence(
                    "systemctl daemon-reload", "systemctl enable etcd", "systemctl restart --no-block etcd",
                    master.equals("master0") ? "kubeadm init --config /etc/kubeha/kubeadm.yaml"
                            : "kubeadm join --config /etc/kubeha/kubeadm.yaml");
        }
        // kubeadm is told the etcd is external: the three members under systemd, not its own.
        assertThat(lab.exec("master0", "cat", "/etc/kubeha/kubeadm.yaml").output()).contains("external:",
                "https://10.77.0.21:2379", "https://10.77.0.22:2379", "https://10.77.0.23:2379").doesNotContain("local:");
        assertThat(lab.calls("worker0")).noneMatch(c -> c.endsWith(" etcd"));
        assertThat(lab.exec("worker0", "test", "-e", "/usr/local/bin/etcd").code()).isEqualTo(1);
        for (String unused : List.of("etcd0", "etcd1", "etcd2")) {
            assertThat(lab.calls(unused)).as(unused).isEmpty();
        }
    }

    /** The co-located cluster's hosts. */
    static final List<String> CO_LOCATED_HOSTS = List.of("master0", "master1", "master2", "worker0");

    /**
     * The hosts as a minimal distribution install that reaches no internet: no kubeadm, kubelet,
     * kubectl or containerd.io until their packages are installed (their stand-ins come with the
     * lab's packages), no registry (kubeadm's preflight fails on any image containerd lacks) and no
     * package repository (apt-get finds only what is installed; see the stand-ins).
     */
    void bareWithoutInternet(List<String> hosts) throws IOException {
        for (String host : hosts) {
            assertThat(lab.exec(host, "bash", "-c", "touch /etc/kubeha-lab/no-internet && cd /usr/local/sbin"
                    + " && rm kubeadm kubelet kubectl containerd ctr").code()).isZero();
        }
    }

    /** The cluster file with a CNI manifest on this machine whose one image is flannel/flannel:v0.26.1. */
    Path withLocalCni(Path file) throws IOException {
        Path manifest = Files.writeString(Files.createTempFile(temp, "flannel-", ".yml"), """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: kube-flannel, namespace: kube-flannel}
                spec:
                  template:
                    spec:
                      containers:
                        - name: kube-flannel
                          image: flannel/flannel:v0.26.1
                """);
        return Files.writeString(file, Files.readString(file).replace("https://example.com/cni.yaml", manifest.toString()));
    }

    /**
     * A docker-registry on loopback holding every image {@code kubeha images FILE} lists (tiny test
     * images, amd64 and arm64), the mirror of registry.k8s.io and docker.io; {@code mirrorArguments}
     * point kubeha at it.
     */
    record Mirror(dev.kubeha.artifact.TestRegistry registry) implements AutoCloseable {
        static Mirror of(Path file, Path dir) throws Exception {
            dev.kubeha.artifact.TestRegistry registry = dev.kubeha.artifact.TestRegistry.start(Files.createDirectories(dir));
            try {
                StringWriter listed = new StringWriter();
                assertThat(Cli.run(new String[] {"images", file.toString()}, new PrintWriter(listed),
                        new PrintWriter(new StringWriter()), Terminal.nonInteractive(Map.of()))).isZero();
                for (String reference : listed.toString().lines().toList()) {
                    String path = reference.substring(reference.indexOf('/') + 1);
                    int colon = path.lastIndexOf(':');
                    registry.pushImage(path.substring(0, colon), path.substring(colon + 1), List.of("amd64", "arm64"));
                }
                return new Mirror(registry);
            } catch (Exception | Error e) {
                registry.stop();
                throw e;
            }
        }

        List<String> mirrorArguments() {
            return List.of("--images", "--image-mirror", "registry.k8s.io=" + registry.host(), "--image-mirror",
                    "docker.io=" + registry.host(), "--insecure-registry", registry.host());
        }

        @Override
        public void close() {
            registry.stop();
        }
    }

    /** What the lab's apt-get installed on {@code host} from package files: "NAME VERSION" lines. */
    List<String> installedPackages(String host) throws IOException {
        NodeLab.Result r = lab.exec(host, "bash", "-c",
                ". /etc/kubeha-lab/lib.sh && cat \"$state_dir/dpkg-installed\" 2>/dev/null || true");
        return r.output().lines().toList();
    }

    /** The node packages of debian-12 (amd64) the test mirror serves, as the lab's apt-get records them installed. */
    static final List<String> NODE_PACKAGES = List.of("kubeadm 1.37.1-1.1", "kubelet 1.37.1-1.1", "kubectl 1.37.1-1.1",
            "cri-tools 1.37.0-1.1", "kubernetes-cni 1.7.1-1.1", "containerd.io 2.2.1-1", "iptables 1.8.9-2",
            "ebtables 2.0.11-5", "socat 1.7.4.4-2");

    /**
     * A site without internet: the lab hosts reach no registry and no package repository, so apply
     * --images --fetch-packages fetches every image and package on this machine (a docker-registry
     * and signed apt repositories on loopback), streams them to each node over SFTP, where
     * prepare-node.sh installs the packages with apt-get from the files alone and import-images.sh
     * imports the images into containerd (ctr stand-in) before kubeadm init and join.
     */
    @Test
    void installsNodesWithoutInternetWithTheImagesAndPackagesFromThisMachine() throws Exception {
        lab.fresh();
        bareWithoutInternet(CO_LOCATED_HOSTS);
        Path file = withLocalCni(cluster("co-located", "static-pod"));
        Path workspace = temp.resolve("ws-air-gapped");
        try (Mirror mirror = Mirror.of(file, temp.resolve("registry"));
             dev.kubeha.artifact.TestDebianMirror packages = new dev.kubeha.artifact.TestDebianMirror(
                     Files.createDirectories(temp.resolve("apt")))) {
            List<String> more = new ArrayList<>(mirror.mirrorArguments());
            more.addAll(packages.fetchArguments());
            Run run = apply(Map.of("KUBEHA_CACHE", temp.resolve("cache").toString()), file, workspace, more.toArray(String[]::new));

            String all = run.all() + diagnostics();
            assertThat(run.code()).as(all).isZero();
            assertThat(run.err()).as(all).contains("kubeha: 9 packages for debian-12 (amd64)\n",
                    "kubeha: 9 packages are uploaded to every node that runs prepare-node.sh\n");
            assertJournalComplete(workspace, "master0/prepare", "master0/images", "master1/prepare", "master1/images",
                    "master2/prepare", "master2/images", "worker0/prepare", "worker0/images", "load-balancer/reachable",
                    "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "master2/kubeadm-join",
                    "cni/apply", "worker0/kubeadm-join", "verify/cluster", "fetch/admin-conf");
            List<String> calls = lab.calls("master0");
            assertThat(calls).as(all).filteredOn(c -> c.startsWith("apt-get install")).containsExactly(
                    "apt-get install -y -q --no-install-recommends --allow-change-held-packages "
                            + NODE_PACKAGES.stream().map(p -> "/var/lib/kubeha/packages/" + p.replace(' ', '_') + "_amd64.deb")
                            .sorted().collect(java.util.stream.Collectors.joining(" ")));
            assertThat(calls).as(all).containsSubsequence(
                    "ctr -n k8s.io images import --platform linux/amd64"
                            + " /var/lib/kubeha/images/registry.k8s.io_kube-apiserver_v1.37.1.tar",
                    "kubeadm init --config /etc/kubeha/kubeadm.yaml");
            for (String host : CO_LOCATED_HOSTS) {
                assertThat(installedPackages(host)).as(host).containsExactlyInAnyOrderElementsOf(NODE_PACKAGES);
                assertThat(lab.exec(host, "containerd", "--version").output()).as(host)
                        .isEqualTo("containerd containerd.io v2.2.1 kubeha-lab-stand-in\n");
            }
            String workerImages = lab.exec("worker0", "bash", "-c", ". /etc/kubeha-lab/lib.sh && cat \"$state_dir/images\"").output();
            assertThat(workerImages.lines()).containsExactlyInAnyOrder("registry.k8s.io/kube-proxy:" + VERSION,
                    "registry.k8s.io/coredns/coredns:v1.14.6", "registry.k8s.io/pause:3.10.2", "docker.io/flannel/flannel:v0.26.1");
        }
    }

    /**
     * The same site without internet, in haproxy-keepalived mode, installed from an exported bundle
     * alone: export --images --fetch-packages says it is complete for an air-gapped site; every node
     * runs its install.sh round by round as RUNBOOK.md says (the bundle lies in /tmp, which the lab
     * hosts share), installing the packages from the bundle's packages/ (HAProxy and keepalived from
     * packages/load-balancer/, on the masters only) and importing its images from images/ before kubeadm.
     */
    @Test
    void aBundleWithItsImagesAndPackagesInstallsNodesWithoutInternetWithInstallSh() throws Exception {
        lab.fresh();
        bareWithoutInternet(CO_LOCATED_HOSTS);
        Path file = withLocalCni(cluster("co-located", "static-pod", """
                "ssh": { "user": "root", "identityFile": "%s", "sudo": false }""".formatted(lab.clientKey()), """
                "loadBalancer": { "mode": "haproxy-keepalived", "virtualIp": "10.77.0.200" }"""));
        // An offline export cannot detect worker0's private address: it is written down.
        Files.writeString(file, Files.readString(file)
                .replace("\"host\": \"10.77.0.31\",", "\"host\": \"10.77.0.31\", \"privateAddress\": \"10.77.0.31\","));
        Path bundle = temp.resolve("bundle-air-gapped");
        try (Mirror mirror = Mirror.of(file, temp.resolve("registry-bundle"));
             dev.kubeha.artifact.TestDebianMirror packages = new dev.kubeha.artifact.TestDebianMirror(
                     Files.createDirectories(temp.resolve("apt-bundle")))) {
            List<String> args = new ArrayList<>(List.of("export", file.toString(), "--out", bundle.toString(), "--workspace",
                    temp.resolve("ws-bundle").toString(), "--include-packages", lab.packages().toString()));
            args.addAll(mirror.mirrorArguments());
            args.addAll(packages.fetchArguments());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                    Terminal.nonInteractive(Map.of("KUBEHA_CACHE", temp.resolve("cache-bundle").toString())));
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out + "\n" + err).contains("complete for an air-gapped site");
        }
        assertThat(bundle.resolve("packages/load-balancer/haproxy_2.6.12-1+deb12u2_amd64.deb")).exists();
        // The rounds of RUNBOOK.md, each node of a round in turn.
        String runbook = Files.readString(bundle.resolve("RUNBOOK.md"));
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("(?m)^## Round (\\d+)$|^\\| (\\S+) \\| `sudo nodes/").matcher(runbook);
        String round = null;
        StringBuilder log = new StringBuilder();
        while (rows.find()) {
            if (rows.group(1) != null) {
                round = rows.group(1);
                continue;
            }
            String node = rows.group(2);
            NodeLab.Result r = lab.exec(node, "bash", bundle.resolve("nodes/" + node + "/install.sh").toString(), "--round", round);
            log.append(r.output());
            assertThat(r.code()).as(node + " round " + round + ":\n" + log + diagnostics()).isZero();
        }
        assertThat(log.toString()).contains("[master0] master0/images: import 8 container images\n",
                "import-images: imported registry.k8s.io/kube-apiserver:" + VERSION + "\n",
                "[worker0] worker0/images: import 4 container images\n", "[preflight] every image is present\n",
                "prepare-node: installing the packages in " + bundle.resolve("packages") + "/load-balancer (haproxy and keepalived)\n",
                "[master0] round 5 done on master0: that was the last round");
        assertThat(lab.calls("master0")).containsSubsequence("ctr -n k8s.io images import --platform linux/amd64 "
                + bundle.resolve("images/registry.k8s.io_kube-apiserver_v1.37.1.tar"), "kubeadm init --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.calls("worker0")).contains("kubeadm join --config /etc/kubeha/kubeadm.yaml");
        List<String> loadBalancer = List.of("haproxy 2.6.12-1+deb12u2", "liblua5.3-0 5.3.6-2", "keepalived 1:2.2.7-1+b2",
                "libnl-3-200 3.7.0-0.2+b1");
        for (String master : List.of("master0", "master1", "master2")) {
            assertThat(installedPackages(master)).as(master).containsAll(NODE_PACKAGES).containsAll(loadBalancer);
            assertThat(lab.exec(master, "test", "-x", "/usr/sbin/haproxy").code()).as(master).isZero();
        }
        assertThat(installedPackages("worker0")).containsExactlyInAnyOrderElementsOf(NODE_PACKAGES);
    }

    @Test
    void installsStackedEtcdAsKubeadmsOwn() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-stacked");

        Run run = apply(cluster("co-located", "static-pod"), workspace);

        String all = run.all() + diagnostics();
        assertThat(run.code()).as(all).isZero();
        assertThat(run.out()).as(all).contains("  etcd:          co-located, static-pod, on master0, master1, master2\n",
                "Cluster lab is installed: 13 tasks succeeded in ");
        // kubeadm's own etcd: no etcd task of kubeha's, no etcd/healthy or verify/etcd.
        assertJournalComplete(workspace,
                "master0/prepare", "master1/prepare", "master2/prepare", "worker0/prepare", "load-balancer/reachable",
                "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "master2/kubeadm-join", "cni/apply",
                "worker0/kubeadm-join", "verify/cluster", "fetch/admin-conf");
        // Stacked members join one at a time.
        assertThat(run.out()).as(all).containsSubsequence("master1  kubeadm-join              succeeded\n",
                "master2  kubeadm-join              running\n");

        // kubeadm init got etcd.local (the lab's kubeadm runs no etcd: there is none to ask).
        JsonNode clusterConfiguration = null;
        try (var docs = new YAMLMapper().readerFor(JsonNode.class)
                .<JsonNode>readValues(lab.exec("master0", "cat", "/etc/kubeha/kubeadm.yaml").output())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc.path("kind").asText().equals("ClusterConfiguration")) {
                    clusterConfiguration = doc;
                }
            }
        }
        assertThat(clusterConfiguration).isNotNull();
        assertThat(clusterConfiguration.path("etcd").has("local")).as(clusterConfiguration.toString()).isTrue();
        assertThat(clusterConfiguration.path("etcd").has("external")).as(clusterConfiguration.toString()).isFalse();
        assertThat(lab.calls("master0")).containsOnlyOnce("kubeadm init --config /etc/kubeha/kubeadm.yaml").contains(
                "kubectl --kubeconfig=/etc/kubernetes/admin.conf -n kube-system wait --for=condition=Ready pods"
                        + " -l component=etcd --timeout=30s");
        for (String host : List.of("master0", "master1", "master2", "worker0")) {
            assertThat(lab.calls(host)).as(host).noneMatch(c -> c.endsWith(" etcd") || c.equals("systemctl restart kubelet"));
            assertThat(lab.exec(host, "test", "-e", "/etc/kubernetes/manifests/etcd.yaml").code()).as(host).isEqualTo(1);
        }
        assertThat(lab.calls("master1")).containsOnlyOnce("kubeadm join --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.calls("master2")).containsOnlyOnce("kubeadm join --config /etc/kubeha/kubeadm.yaml");
    }

    @Test
    void aWorkersSshdKilledMidRunFailsTheRunAndResumeCompletesIt() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-fault");
        Path file = cluster();
        // The run stops at master0's kubeadm init: every etcd task and worker0's prepare are done,
        // worker0's join is still to come. Then worker0's sshd dies, and init goes on.
        lab.hold("master0", "kubeadm init");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<Run> first = background.submit(() -> apply(file, workspace));
            try {
                // Generous: on a loaded machine the tasks before init take minutes (a failure, not a wait, is what counts).
                assertThat(lab.awaitHeld("master0", 180)).isEqualTo("kubeadm init --config /etc/kubeha/kubeadm.yaml");
                // worker0's prepare does not come before init in the plan: wait for it (the journal is
                // replaced atomically), so that the next thing worker0 sees is its join.
                awaitSucceeded(workspace, "worker0/prepare", 30);
                lab.killSshd("worker0");
            } finally {
                lab.release("master0");
            }
            Run run = first.get(240, TimeUnit.SECONDS);
            String all = run.all() + diagnostics();
            assertThat(run.code()).as(all).isEqualTo(1);
            assertThat(run.all()).as(all).contains(
                    " on node worker0: gave up after 4 attempts: cannot connect to node worker0 (root@10.77.0.31:22):"
                            + " connection refused; check that the host is up and sshd listens on port 22.",
                    "kubeha: 1 task failed (worker0/kubeadm-join), 3 skipped: fix the cause on node worker0 (see the log),"
                            + " then run kubeha apply " + file + " --resume");
            Journal.Snapshot journal = Workspace.at(workspace).journal().load().orElseThrow();
            assertThat(journal.tasks()).filteredOn(e -> e.state() != TaskState.SUCCEEDED).extracting(Journal.Entry::id)
                    .as(all).containsExactlyInAnyOrder("worker0/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        } finally {
            background.shutdownNow();
            lab.startSshd("worker0");
        }

        Run resumed = apply(file, workspace, "--resume");

        String all = resumed.all() + diagnostics();
        assertThat(resumed.code()).as(all).isZero();
        // kubeadm init ran in the first run: master0 makes sure the cluster knows the token (it may
        // have expired by the time of a resume) before worker0 joins again.
        assertThat(resumed.out()).as(all).contains("resuming: 12 of 17 tasks were done in an earlier run\n",
                "[12/17] master0  bootstrap-token/known     running\n", "[13/17] worker0  kubeadm-join              running\n",
                "Cluster lab is installed: 17 tasks succeeded in ");
        assertJournalComplete(workspace,
                "etcd0/etcd", "etcd1/etcd", "etcd2/etcd",
                "etcd/healthy", "master0/prepare", "master1/prepare", "worker0/prepare", "load-balancer/reachable",
                "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "cni/apply", "bootstrap-token/known",
                "worker0/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertEtcdHealthy(workspace, "10.77.0.11", "10.77.0.12", "10.77.0.13");
        // What may not run twice ran once.
        assertThat(lab.calls("master0")).containsOnlyOnce("kubeadm init --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.calls("master1")).containsOnlyOnce("kubeadm join --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.calls("worker0")).containsOnlyOnce("kubeadm join --config /etc/kubeha/kubeadm.yaml");
    }

    @Test
    void installsDedicatedStaticPodEtcdRunByTheKubelet() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-static-pod");

        Run run = apply(cluster("dedicated", "static-pod"), workspace);

        String all = run.all() + diagnostics();
        assertThat(run.code()).as(all).isZero();
        assertThat(run.out()).as(all).contains("Cluster lab is installed: 19 tasks succeeded in ");
        assertJournalComplete(workspace,
                "etcd0/prepare", "etcd1/prepare", "etcd2/prepare", "etcd0/etcd", "etcd1/etcd", "etcd2/etcd",
                "etcd/healthy", "master0/prepare", "master1/prepare", "worker0/prepare", "load-balancer/reachable",
                "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "cni/apply", "worker0/kubeadm-join",
                "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertEtcdHealthy(workspace, "10.77.0.11", "10.77.0.12", "10.77.0.13");

        YAMLMapper yaml = new YAMLMapper();
        for (String member : List.of("etcd0", "etcd1", "etcd2")) {
            // The kubelet (stand-in) ran the manifest's command, read the way a YAML parser reads it.
            JsonNode pod = yaml.readTree(lab.exec(member, "cat", "/etc/kubernetes/manifests/etcd.yaml").output());
            List<String> command = new ArrayList<>();
            pod.path("spec").path("containers").get(0).path("command").forEach(a -> command.add(a.asText()));
            assertThat(command).contains("etcd", "--name=" + member);
            assertThat(lab.podCommand(member, "etcd")).isEqualTo(command);
            assertThat(lab.calls(member)).containsSubsequence("systemctl enable kubelet", "systemctl restart kubelet")
                    .noneMatch(c -> c.startsWith("kubeadm init") || c.startsWith("kubeadm join") || c.endsWith(" etcd"));
            // No etcd release installed: the static pod's image is the etcd, not /usr/local/bin/etcd.
            assertThat(lab.exec(member, "test", "-e", "/usr/local/bin/etcd").code()).isEqualTo(1);
        }
        assertThat(lab.calls("master0")).containsOnlyOnce("kubeadm init --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.exec("master0", "cat", "/etc/kubeha/kubeadm.yaml").output())
                .contains("external:", "https://10.77.0.11:2379", "https://10.77.0.13:2379");
    }

    @Test
    void installsDedicatedSystemdEtcdTwoMastersAndAWorker() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();

        int code = Cli.run(new String[] {"apply", cluster().toString(), "--yes", "--accept-new-host-keys",
                "--workspace", workspace.toString(), "--include-packages", lab.packages().toString()},
                new PrintWriter(out), new PrintWriter(err));

        System.out.printf("kubeha apply on the lab took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        String all = out + "\n" + err + diagnostics();
        assertThat(code).as(all).isZero();
        Path tarball = lab.packages().resolve("etcd-v3.5.24-linux-amd64.tar.gz");
        String sha256 = dev.kubeha.artifact.Sha256.of(tarball);
        assertThat(out.toString()).as(all).contains(
                "detecting the private address of worker0 over SSH\n", "  worker0: 10.77.0.31 on eth1\n",
                // Only the workstation has the tarball; kubeha knows no published sha256 of the lab's 3.5.24.
                "etcd 3.5.24 for etcd0, etcd1, etcd2 (run by systemd): the release tarball comes from this machine\n",
                "\n  " + tarball + ": taken as given (kubeha knows no published sha256 for it)\n"
                        + "  etcd-v3.5.24-linux-amd64.tar.gz: sha256 " + sha256 + " (not checked: no published sha256)\n",
                "Cluster lab is installed: 16 tasks succeeded in ");

        // The journal is complete: every task of the plan, each SUCCEEDED.
        Journal.Snapshot journal = Workspace.at(workspace).journal().load().orElseThrow();
        assertThat(journal.tasks()).extracting(Journal.Entry::id).containsExactlyInAnyOrder(
                "etcd0/etcd", "etcd1/etcd", "etcd2/etcd",
                "etcd/healthy", "master0/prepare", "master1/prepare", "worker0/prepare", "load-balancer/reachable",
                "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "cni/apply", "worker0/kubeadm-join",
                "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertThat(journal.tasks()).allSatisfy(e -> assertThat(e.state()).as(e.id()).isEqualTo(TaskState.SUCCEEDED));

        // A real etcd cluster, healthy over TLS for the API servers' generated client certificate.
        Path pki = workspace.resolve("pki");
        NodeLab.Result health = NodeLab.run(List.of("env", "ETCDCTL_API=3", "/usr/bin/etcdctl",
                "--endpoints", "https://10.77.0.11:2379,https://10.77.0.12:2379,https://10.77.0.13:2379",
                "--cacert", pki.resolve("etcd/ca.crt").toString(),
                "--cert", pki.resolve("apiserver-etcd-client.crt").toString(),
                "--key", pki.resolve("apiserver-etcd-client.key").toString(),
                "--command-timeout=5s", "endpoint", "health"));
        assertThat(health.code()).as(health.output()).isZero();
        for (String ip : List.of("10.77.0.11", "10.77.0.12", "10.77.0.13")) {
            assertThat(health.output()).contains("https://" + ip + ":2379 is healthy");
        }

        // install-etcd.sh (the real one) put the release in /usr/local/bin of each member only.
        for (String member : List.of("etcd0", "etcd1", "etcd2")) {
            NodeLab.Result version = lab.exec(member, "/usr/local/bin/etcd", "--version");
            assertThat(version.output()).startsWith("etcd Version: 3.5.24\n");
            assertThat(lab.calls(member)).containsSubsequence(
                    "systemctl daemon-reload", "systemctl enable etcd", "systemctl restart --no-block etcd");
            // Uploaded by apply and checked again on the member against the sha256 the workstation saw.
            assertThat(lab.exec(member, "sha256sum", "/var/lib/kubeha/packages/etcd-v3.5.24-linux-amd64.tar.gz").output())
                    .startsWith(sha256 + " ");
            assertThat(lab.calls(member)).noneMatch(c -> c.startsWith("kubeadm"));
        }
        // Nothing of the install reached the real machine's files.
        assertThat(Files.exists(Path.of("/etc/etcd.env"))).isFalse();
        assertThat(Files.exists(Path.of("/etc/kubeha/kubeadm.yaml"))).isFalse();

        // kubeadm ran once per node, with the uploaded configuration; prepare-node.sh ran for real.
        assertThat(lab.calls("master0")).containsOnlyOnce("kubeadm init --config /etc/kubeha/kubeadm.yaml")
                .contains("kubeadm version -o short", "containerd config default", "systemctl restart containerd",
                        "systemctl enable kubelet", "kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f https://example.com/cni.yaml");
        assertThat(lab.calls("master1")).containsOnlyOnce("kubeadm join --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.calls("worker0")).containsOnlyOnce("kubeadm join --config /etc/kubeha/kubeadm.yaml");
        assertThat(lab.exec("worker0", "cat", "/etc/kubeha/kubeadm.yaml").output()).contains("value: 10.77.0.31");

        assertThat(Files.readString(workspace.resolve("admin.conf"))).contains("server: https://" + LB + "\n");
    }

    @Test
    void installsAsAUserWhoBecomesRootThroughSudoWithItsPassword() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-sudo");
        Path file = cluster("dedicated", "systemd", """
                "ssh": { "user": "%s", "identityFile": "%s", "sudo": true }""".formatted(lab.sudoUser(), lab.clientKey()), """
                "loadBalancer": { "mode": "external", "endpoint": "%s" }""".formatted(LB));

        // A wrong sudo password: the first command as root fails on every node, naming sudo.
        Run wrong = apply(Map.of("KUBEHA_SUDO_PASSWORD", "not-the-password"), file, workspace);

        String wrongAll = wrong.all() + diagnostics();
        assertThat(wrong.code()).as(wrongAll).isEqualTo(1);
        assertThat(wrong.all()).as(wrongAll).contains("rejected the sudo password; check it and run again").doesNotContain("not-the-password");
        for (String host : List.of("etcd0", "master0", "worker0")) {
            assertThat(lab.calls(host)).as(host).isEmpty();
        }

        Run run = apply(Map.of("KUBEHA_SUDO_PASSWORD", lab.sudoPassword()), file, workspace, "--resume");

        String all = run.all() + diagnostics();
        assertThat(run.code()).as(all).isZero();
        assertThat(run.all()).as(all).doesNotContain(lab.sudoPassword());
        assertThat(run.out()).as(all).contains("Cluster lab is installed: 16 tasks succeeded in ");
        assertJournalComplete(workspace,
                "etcd0/etcd", "etcd1/etcd", "etcd2/etcd",
                "etcd/healthy", "master0/prepare", "master1/prepare", "worker0/prepare", "load-balancer/reachable",
                "master0/kubeadm-init", "load-balancer/serves-api", "master1/kubeadm-join", "cni/apply", "worker0/kubeadm-join",
                "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertEtcdHealthy(workspace, "10.77.0.11", "10.77.0.12", "10.77.0.13");
        // Uploaded through the user's private staging directory, put in place by root.
        for (String host : List.of("etcd0", "master0")) {
            assertThat(lab.exec(host, "stat", "-c", "%a %U:%G", "/etc/kubernetes/pki/etcd/ca.crt").output())
                    .as(host).isEqualTo("644 root:root\n");
            assertThat(lab.exec(host, "stat", "-c", "%a %U:%G", "/home/kubeha/.kubeha-upload").output())
                    .as(host).isEqualTo("700 kubeha:kubeha\n");
            assertThat(lab.exec(host, "find", "/home/kubeha/.kubeha-upload", "-type", "f").output()).as(host).isEmpty();
        }
        assertThat(lab.exec("etcd0", "stat", "-c", "%a %U:%G", "/etc/kubernetes/pki/etcd/server.key").output())
                .isEqualTo("600 root:root\n");
        assertThat(lab.calls("master0")).containsOnlyOnce("kubeadm init --config /etc/kubeha/kubeadm.yaml");
    }

    @Test
    void installsHaproxyAndKeepalivedOnTheMastersAndTheVirtualIpMovesWhenHaproxyStops() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-haproxy");
        Path file = cluster("co-located", "static-pod", """
                "ssh": { "user": "root", "identityFile": "%s", "sudo": false }""".formatted(lab.clientKey()), """
                "loadBalancer": { "mode": "haproxy-keepalived", "virtualIp": "10.77.0.200" }""");

        Run run = apply(file, workspace);

        String all = run.all() + diagnostics();
        assertThat(run.code()).as(all).isZero();
        assertJournalComplete(workspace,
                "master0/prepare", "master1/prepare", "master2/prepare", "worker0/prepare",
                "master0/load-balancer", "master1/load-balancer", "master2/load-balancer", "load-balancer/reachable",
                "master0/kubeadm-init", "master1/kubeadm-join", "master2/kubeadm-join", "cni/apply",
                "worker0/kubeadm-join", "verify/cluster", "fetch/admin-conf");
        // The hosts had neither: prepare installed them, from the (lab's) distribution repository.
        for (String master : List.of("master0", "master1", "master2")) {
            assertThat(lab.calls(master)).as(master).containsSubsequence(
                    "apt-get update -q", "apt-get install -y -q haproxy keepalived",
                    "systemctl reload-or-restart haproxy keepalived", master.equals("master0")
                            ? "kubeadm init --config /etc/kubeha/kubeadm.yaml" : "kubeadm join --config /etc/kubeha/kubeadm.yaml");
            assertThat(lab.exec(master, "systemctl", "is-active", "haproxy", "keepalived").output()).as(master)
                    .isEqualTo("active\nactive\n");
        }
        assertThat(lab.calls("worker0")).noneMatch(c -> c.startsWith("apt-get") || c.contains("haproxy"));

        // The virtual IP is on the first master, and HAProxy there answers through it.
        assertThat(vipHolders()).as(all).containsExactly("master0");
        assertThat(curlHealthz().code()).isZero();

        // HAProxy on master0 stops: its check fails, keepalived lowers its priority, master1 takes over.
        assertThat(lab.exec("master0", "systemctl", "stop", "haproxy").code()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!vipHolders().equals(List.of("master1"))) {
            assertThat(System.nanoTime()).as("the virtual IP is still on %s", vipHolders()).isLessThan(deadline);
            Thread.sleep(200);
        }
        // Through the virtual IP again once the bridge has learnt its new place (keepalived's gratuitous ARP).
        NodeLab.Result served = curlHealthz();
        while (served.code() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            served = curlHealthz();
        }
        assertThat(served.code()).as(served.output()).isZero();
    }

    /** The masters whose eth1 holds the virtual IP 10.77.0.200. */
    List<String> vipHolders() throws IOException {
        List<String> holders = new ArrayList<>();
        for (String master : List.of("master0", "master1", "master2")) {
            if (lab.exec(master, "ip", "-o", "-4", "address", "show", "dev", "eth1").output().contains(" 10.77.0.200/")) {
                holders.add(master);
            }
        }
        return holders;
    }

    /** GET https://10.77.0.200:8443/healthz from the test side (the root namespace, on the lab's bridge). */
    static NodeLab.Result curlHealthz() throws IOException {
        return NodeLab.run(List.of("curl", "-fsSk", "--max-time", "5", "https://10.77.0.200:8443/healthz"));
    }

    @Test
    void aWrongPrivateInterfaceNamesTheHostAndStopsBeforeAnyInstall() throws Exception {
        Path file = Files.writeString(temp.resolve("wrong-interface.json"),
                Files.readString(cluster()).replace("\"privateInterface\": \"eth1\"", "\"privateInterface\": \"ens9\""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> before = lab.calls("worker0");

        int code = Cli.run(new String[] {"apply", file.toString(), "--yes", "--accept-new-host-keys",
                "--workspace", temp.resolve("ws-wrong").toString(), "--include-packages", lab.packages().toString()},
                new PrintWriter(out), new PrintWriter(err));

        assertThat(code).as(out + "\n" + err).isNotZero();
        assertThat(err.toString()).contains("node worker0: no IPv4 address on interface ens9 (ip -o -4 addr show dev ens9"
                + " exited with code 1); it has lo 127.0.0.1, eth1 10.77.0.31: check the interface name, or set"
                + " nodes[5].privateAddress");
        assertThat(lab.calls("worker0")).isEqualTo(before);
    }

    String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (String host : List.of("etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0")) {
            try {
                text.append("\n--- ").append(host).append(" calls\n").append(String.join("\n", lab.calls(host)));
                if (host.startsWith("master")) {
                    text.append("\n--- ").append(host).append(" eth1: ")
                            .append(lab.exec(host, "ip", "-o", "-4", "address", "show", "dev", "eth1").output());
                }
                for (String unit : List.of("haproxy", "keepalived")) {
                    String log = lab.unitLog(host, unit);
                    if (!log.isEmpty()) {
                        text.append("\n--- ").append(host).append(" ").append(unit).append("\n").append(log);
                    }
                }
                String etcd = lab.unitLog(host, "etcd") + lab.podLog(host, "etcd");
                if (!etcd.isEmpty()) {
                    List<String> lines = etcd.lines().toList();
                    text.append("\n--- ").append(host).append(" etcd (last lines)\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
                }
            } catch (IOException e) {
                text.append("\n--- ").append(host).append(": ").append(e.getMessage());
            }
        }
        return text.toString();
    }
}

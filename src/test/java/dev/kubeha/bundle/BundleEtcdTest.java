package dev.kubeha.bundle;

import dev.kubeha.operation.Workspace;
import static dev.kubeha.model.ClusterFixtures.node;
import static dev.kubeha.model.ClusterFixtures.validWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiWorkspace;
import dev.kubeha.plan.ClusterPlanBuilder;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.RenderedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: a real three-member etcd on 127.0.0.11-13 started from the exported bundle as the
 * nodes would start it, once from {@code etcd.service} with its EnvironmentFile and once from the
 * static pod's container command, with the bundle's certificates at the paths the bundle names
 * (bind-mounted in private mount namespaces, see {@link EtcdLab}); healthy through etcdctl with
 * master0's apiserver-etcd-client certificate, as the API servers will reach it.
 */
class BundleEtcdTest {
    static final List<String> MEMBERS = List.of("etcd0", "etcd1", "etcd2");
    static final List<String> ADDRESSES = List.of("127.0.0.11", "127.0.0.12", "127.0.0.13");
    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Debian's etcd-server 3.4.23 stands in for what a node runs: the release binary
     * install-etcd.sh puts at /usr/local/bin/etcd (systemd), or the image's {@code etcd} (static pod).
     */
    static final String ETCD = "/usr/bin/etcd";
    /**
     * What the cluster file names: the oldest external etcd kubeadm of the supported releases
     * accepts. The members run the machine's etcd-server (Debian 12: 3.4.23, too old for kubeha's
     * validation), which takes the same flags as any etcd before 3.6, the only split the renderer
     * makes ({@code EtcdFlags.atLeast36}).
     */
    static final String ETCD_VERSION = "3.5.24";

    @TempDir
    Path dir;
    private EtcdLab lab;
    /** etcdctl's --cacert, --cert and --key: master0's, from the bundle. */
    private List<String> etcdClient;

    @BeforeAll
    static void theLabCanRun() throws Exception {
        EtcdLab.require();
    }

    @AfterEach
    void stopTheMembers() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theSystemdUnitWithItsEnvironmentFileStartsAHealthyCluster() throws Exception {
        Path bundle = export("systemd", BundleFormat.DIR, dir.resolve("bundle"));
        lab = EtcdLab.open(dir.resolve("lab"));
        for (int i = 0; i < MEMBERS.size(); i++) {
            String member = MEMBERS.get(i);
            Path root = bundle.resolve("nodes/" + member + "/root");
            SystemdFiles.Service service = SystemdFiles.service(Files.readString(root.resolve("etc/systemd/system/etcd.service")));
            assertThat(service.environmentFiles()).containsExactly("/etc/etcd.env");
            assertThat(service.execStart()).containsExactly("/usr/local/bin/etcd");

            // What systemd gives the service: its default PATH and the variables of the file, nothing else.
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", EtcdLab.PATH);
            Map<String, String> file = SystemdFiles.environment(Files.readString(onNode(root, service.environmentFiles().get(0))));
            assertThat(file).containsEntry("ETCD_NAME", member).containsKeys("ETCD_DATA_DIR", "ETCD_CERT_FILE");
            int index = i;
            file.forEach((key, value) -> env.put(key, oneHost(index, flagOf(key), value)));

            List<EtcdLab.Bind> binds = new ArrayList<>();
            Set<String> dirs = new LinkedHashSet<>();
            for (Map.Entry<String, String> e : file.entrySet()) {
                String value = e.getValue();
                if (e.getKey().equals("ETCD_DATA_DIR")) {
                    // etcd makes its data dir on a node; an empty one stands in for the host's.
                    binds.add(new EtcdLab.Bind(value, dataDir(member)));
                } else if (value.startsWith("/")) {
                    assertThat(onNode(root, value)).as("%s of %s is in the bundle", e.getKey(), member).isRegularFile();
                    dirs.add(parent(value));
                }
            }
            dirs.forEach(d -> binds.add(new EtcdLab.Bind(d, onNode(root, d))));

            List<String> argv = new ArrayList<>(service.execStart());
            argv.set(0, ETCD); // Debian's etcd for /usr/local/bin/etcd, see ETCD
            lab.start(member, argv, env, binds);
        }
        assertHealthy(bundle);
        // The metrics listener the rendered flags open on member etcd0 (kept as rendered, see oneHost).
        assertServesHealth("http://127.0.0.1:2381/health");
    }

    @Test
    void theStaticPodsCommandStartsAHealthyClusterFromTheExtractedTarGz() throws Exception {
        Path archive = export("static-pod", BundleFormat.TAR_GZ, dir.resolve("bundle.tar.gz"));
        Path bundle = Files.createDirectory(dir.resolve("extracted"));
        sh(bundle, "tar", "-xzpf", archive.toString());
        String sums = sh(bundle, "sha256sum", "-c", "--strict", BundleWriter.CHECKSUMS);
        assertThat(sums).contains("nodes/etcd0/root/etc/kubernetes/manifests/etcd.yaml: OK").doesNotContain("FAILED");
        try (Stream<Path> files = Files.walk(bundle.resolve("nodes"))) {
            List<Path> keys = files.filter(p -> p.getFileName().toString().endsWith(".key")).toList();
            assertThat(keys).contains(bundle.resolve("nodes/etcd2/root/etc/kubernetes/pki/etcd/peer.key"));
            for (Path key : keys) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                        .isEqualTo("rw-------");
            }
        }

        lab = EtcdLab.open(dir.resolve("lab"));
        JsonNode etcd0 = null;
        for (int i = 0; i < MEMBERS.size(); i++) {
            String member = MEMBERS.get(i);
            Path root = bundle.resolve("nodes/" + member + "/root");
            JsonNode pod = new YAMLMapper().readTree(onNode(root, "/etc/kubernetes/manifests/etcd.yaml").toFile());
            JsonNode container = pod.at("/spec/containers/0");
            List<String> argv = new ArrayList<>();
            container.get("command").forEach(a -> argv.add(a.asText()));
            if (container.has("args")) {
                container.get("args").forEach(a -> argv.add(a.asText()));
            }
            assertThat(argv.get(0)).isEqualTo("etcd");
            argv.set(0, ETCD); // Debian's etcd for the image's, see ETCD
            for (int a = 1; a < argv.size(); a++) {
                String arg = argv.get(a);
                int eq = arg.indexOf('=');
                assertThat(arg).as("one flag per argv item").startsWith("--").contains("=");
                argv.set(a, arg.substring(0, eq + 1) + oneHost(i, arg.substring(2, eq), arg.substring(eq + 1)));
            }

            // The container sees its hostPath volumes at their mount paths, and nothing else of the host.
            Map<String, String> hostPaths = new LinkedHashMap<>();
            pod.at("/spec/volumes").forEach(v -> hostPaths.put(v.get("name").asText(), v.at("/hostPath/path").asText()));
            List<EtcdLab.Bind> binds = new ArrayList<>();
            List<String> mountPaths = new ArrayList<>();
            for (JsonNode mount : container.get("volumeMounts")) {
                String hostPath = hostPaths.get(mount.get("name").asText());
                assertThat(hostPath).as("volume %s of %s", mount.get("name"), member).isNotEmpty();
                String mountPath = mount.get("mountPath").asText();
                mountPaths.add(mountPath);
                // The bundle's directory, or (the data dir, which the kubelet creates: DirectoryOrCreate) an empty one.
                Path source = Files.isDirectory(onNode(root, hostPath)) ? onNode(root, hostPath) : dataDir(member);
                binds.add(new EtcdLab.Bind(mountPath, source));
            }
            for (String arg : argv.subList(1, argv.size())) {
                String value = arg.substring(arg.indexOf('=') + 1);
                if (value.startsWith("/")) {
                    assertThat(mountPaths).as("%s of %s is inside a volume of the pod", arg, member)
                            .anyMatch(m -> value.equals(m) || value.startsWith(m + "/"));
                }
            }
            lab.start(member, argv, Map.of("PATH", EtcdLab.PATH), binds);
            if (i == 0) {
                etcd0 = container;
            }
        }
        assertHealthy(bundle);
        // The kubelet's probes, as the manifest has them, against etcd0 (its loopback listeners are as rendered).
        for (String probe : List.of("livenessProbe", "startupProbe")) {
            JsonNode get = etcd0.at("/" + probe + "/httpGet");
            assertThat(get.isMissingNode()).as(probe).isFalse();
            assertServesHealth(get.get("scheme").asText().toLowerCase() + "://" + get.get("host").asText() + ":"
                    + get.get("port").asInt() + get.get("path").asText());
        }
    }

    /** The dedicated-etcd cluster of the fixture on 127.0.0.x, exported with BundleWriter; returns where. */
    private Path export(String runtime, BundleFormat format, Path out) throws Exception {
        Cluster cluster = ClusterFixtures.parse(validWith(r -> {
            // etcd0-2 on .11-.13; masters and workers (never started) on .21-.23 and .31-.32.
            List<String> addresses = List.of("127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.21", "127.0.0.22",
                    "127.0.0.23", "127.0.0.31", "127.0.0.32");
            for (int i = 0; i < addresses.size(); i++) {
                node(r, i).put("privateAddress", addresses.get(i));
            }
            r.withObjectProperty("etcd").put("runtime", runtime).put("version", ETCD_VERSION);
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
        }));
        assertThat(new ClusterValidator(new ValidationContext(dir, dir)).validate(cluster)).filteredOn(Problem::isError).isEmpty();
        assertThat(cluster.etcdMembers()).extracting(n -> n.name()).containsExactlyElementsOf(MEMBERS);
        ClusterPki pki = new ClusterPkiGenerator().ensure(cluster, Workspace.at(dir.resolve("workspace-" + runtime)).pki()).pki();
        Plan plan = new ClusterPlanBuilder(cluster, RenderedFiles.of(cluster, pki),
                new CniSource.Manifest("kind: List\n".getBytes(StandardCharsets.UTF_8))).build().plan();
        new BundleWriter().write(BundleContents.of(cluster, plan, null), out, format, null);
        return out;
    }

    /**
     * Three members on one machine cannot all listen on 127.0.0.1: the rendered flags give every
     * member {@code https://127.0.0.1:2379} besides its own address (etcdctl on the node) and
     * {@code http://127.0.0.1:2381} for the probes. Right on separate nodes; here etcd0 keeps
     * both as rendered and the others listen on their own address instead. Only these two flags
     * change, and only after checking that they are rendered as expected.
     */
    static String oneHost(int member, String flag, String value) {
        String own = ADDRESSES.get(member);
        switch (flag) {
            case "listen-client-urls" -> {
                assertThat(value).isEqualTo("https://" + own + ":2379,https://127.0.0.1:2379");
                return member == 0 ? value : "https://" + own + ":2379";
            }
            case "listen-metrics-urls" -> {
                assertThat(value).isEqualTo("http://127.0.0.1:2381");
                return member == 0 ? value : "http://" + own + ":2381";
            }
            default -> {
                return value;
            }
        }
    }

    /** {@code ETCD_LISTEN_CLIENT_URLS} is {@code --listen-client-urls}, as etcd reads it. */
    static String flagOf(String variable) {
        return variable.startsWith("ETCD_") ? variable.substring(5).toLowerCase().replace('_', '-') : "";
    }

    /**
     * Checks the cluster as the API servers will reach it: the endpoints and the files of
     * master0's kubeadm ClusterConfiguration ({@code etcd.external}), taken from the bundle.
     */
    private void assertHealthy(Path bundle) throws Exception {
        Path master = bundle.resolve("nodes/master0/root");
        JsonNode external = null;
        try (var docs = new YAMLMapper().readerFor(JsonNode.class)
                .<JsonNode>readValues(onNode(master, "/etc/kubeha/kubeadm.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc.path("kind").asText().equals("ClusterConfiguration")) {
                    external = doc.at("/etcd/external");
                }
            }
        }
        assertThat(external).as("etcd.external of master0's ClusterConfiguration").isNotNull();
        List<String> endpoints = new ArrayList<>();
        external.get("endpoints").forEach(e -> endpoints.add(e.asText()));
        assertThat(endpoints).containsExactlyElementsOf(ADDRESSES.stream().map(ip -> "https://" + ip + ":2379").toList());
        assertThat(external.get("certFile").asText()).isEqualTo("/etc/kubernetes/pki/apiserver-etcd-client.crt");
        etcdClient = List.of(
                "--cacert=" + onNode(master, external.get("caFile").asText()),
                "--cert=" + onNode(master, external.get("certFile").asText()),
                "--key=" + onNode(master, external.get("keyFile").asText()));

        long deadline = System.nanoTime() + WAIT.toNanos();
        EtcdLab.Result health;
        while (true) {
            health = etcdctl(endpoints, "endpoint", "health");
            String exited = lab.exited();
            if (health.exitCode() == 0 || !exited.isEmpty() || System.nanoTime() > deadline) {
                assertThat(exited).as("members still running%s", lab.logs()).isEmpty();
                break;
            }
            Thread.sleep(300);
        }
        assertThat(health.exitCode()).as("etcdctl endpoint health within %s s:\n%s%s", WAIT.toSeconds(),
                health.output(), lab.logs()).isZero();
        for (String endpoint : endpoints) {
            assertThat(health.output()).contains(endpoint + " is healthy");
        }

        EtcdLab.Result list = etcdctl(endpoints, "member", "list", "--write-out=json");
        assertThat(list.exitCode()).as(list.output() + lab.logs()).isZero();
        List<String> names = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (JsonNode m : new ObjectMapper().readTree(list.output()).get("members")) {
            names.add(m.get("name").asText());
            m.get("peerURLs").forEach(u -> peers.add(u.asText()));
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(MEMBERS);
        assertThat(peers).containsExactlyInAnyOrderElementsOf(ADDRESSES.stream().map(ip -> "https://" + ip + ":2380").toList());

        // A write through one member is read through another: the three form one cluster.
        EtcdLab.Result put = etcdctl(endpoints.subList(0, 1), "put", "kubeha", "bundle");
        assertThat(put.output()).as(lab.logs()).isEqualTo("OK\n");
        EtcdLab.Result get = etcdctl(endpoints.subList(2, 3), "get", "kubeha", "--print-value-only");
        assertThat(get.output()).as(lab.logs()).isEqualTo("bundle\n");

        // The loopback client URL, for etcdctl on the member itself: the server certificate covers 127.0.0.1.
        EtcdLab.Result local = etcdctl(List.of("https://127.0.0.1:2379"), "endpoint", "health");
        assertThat(local.output()).as(lab.logs()).contains("https://127.0.0.1:2379 is healthy");
    }

    private EtcdLab.Result etcdctl(List<String> endpoints, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints=" + String.join(",", endpoints),
                "--dial-timeout=2s", "--command-timeout=3s"));
        command.addAll(etcdClient);
        command.addAll(List.of(args));
        return lab.run(Map.of("ETCDCTL_API", "3"), command.toArray(String[]::new));
    }

    private void assertServesHealth(String url) throws Exception {
        EtcdLab.Result r = lab.run(Map.of(), "/usr/bin/curl", "-sS", "--max-time", "3", "-w", "\n%{http_code}", url);
        assertThat(r.output()).as("GET %s%s", url, lab.logs()).endsWith("\n200").contains("\"health\":\"true\"");
    }

    private Path dataDir(String member) throws IOException {
        Path data = dir.resolve("data/" + member);
        Files.createDirectories(data.getParent());
        // etcd refuses a data directory others can read.
        return Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Where the bundle keeps a node's absolute path. */
    private static Path onNode(Path root, String absolute) {
        assertThat(absolute).startsWith("/");
        return root.resolve(absolute.substring(1));
    }

    private static String parent(String absolute) {
        return absolute.substring(0, absolute.lastIndexOf('/'));
    }

    private static String sh(Path cwd, String... command) throws IOException, InterruptedException {
        return BundleWriterTest.sh(cwd, command);
    }
}

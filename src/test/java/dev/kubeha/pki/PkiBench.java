package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark, not a test (surefire runs only *Test classes). Times, in one JVM and one run:
 * <ol>
 *   <li>kubeha's full PKI for 3 dedicated etcd + 3 masters + 100 workers, written to a fresh
 *       workspace each time (what {@code kubeha certs} does on first use);</li>
 *   <li>kubeha's engine making exactly the certificates of the seed guide's cfssl flow (etcd CA,
 *       one client, server and peer per member; one key each);</li>
 *   <li>the seed guide's cfssl flow itself, run as processes ({@code cfssl gencert | cfssljson}),
 *       with its own key types (RSA-2048 CA, ECDSA-P256 leaves) and with RSA-2048 throughout.</li>
 * </ol>
 * Usage: {@code PkiBench [runs] [key algorithm]}, defaults 15 and RSA-2048. Prints the median,
 * minimum and maximum of the timed runs after untimed warm-up runs.
 */
public final class PkiBench {
    private static final int WARMUP = 3;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        KeyAlgorithm algorithm = args.length > 1 ? KeyAlgorithm.valueOf(args[1].replace('-', '_')) : KeyAlgorithm.RSA_2048;
        Path temp = Files.createTempDirectory("kubeha-bench");
        try {
            System.out.printf(Locale.ROOT, "kubeha PKI benchmark: %d cores, Java %s, %s, %d timed runs after %d warm-up,"
                    + " load average %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    algorithm.wireName(), runs, WARMUP, loadAverage());
            Cluster cluster = cluster(algorithm);
            int[] counter = {0};
            report("kubeha full PKI (3 CAs + sa + 11 etcd leaves, 9 keys), to disk", runs, () -> {
                Path ws = temp.resolve("ws" + counter[0]++);
                new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki());
            });
            report("kubeha engine, the cfssl flow's 8 certificates (8 keys)", runs, () -> cfsslEquivalent(algorithm));
            if (!onPath("cfssl") || !onPath("cfssljson")) {
                System.out.println("cfssl: not installed (Debian package golang-cfssl); skipped");
                return;
            }
            report("cfssl seed flow (RSA-2048 CA, ECDSA-P256 leaves), 8 x gencert", runs,
                    () -> cfssl(temp.resolve("cfssl-seed-" + counter[0]++), "ecdsa", 256));
            report("cfssl seed flow, RSA-2048 throughout, 8 x gencert", runs,
                    () -> cfssl(temp.resolve("cfssl-rsa-" + counter[0]++), "rsa", 2048));
            System.out.println("load average at the end: " + loadAverage());
        } finally {
            try (Stream<Path> all = Files.walk(temp)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static void report(String name, int runs, Work work) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            work.run();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        millis.sort(null);
        double median = runs % 2 == 1 ? millis.get(runs / 2) : (millis.get(runs / 2 - 1) + millis.get(runs / 2)) / 2;
        System.out.printf(Locale.ROOT, "%-66s median %7.1f ms   min %7.1f   max %7.1f%n", name, median,
                millis.get(0), millis.get(runs - 1));
    }

    static Cluster cluster(KeyAlgorithm algorithm) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(PkiFixtures.node("etcd" + i, "10.0.0." + (10 + i), null, Role.ETCD));
            nodes.add(PkiFixtures.node("master" + i, "10.0.0." + (20 + i), "203.0.113." + (20 + i), Role.CONTROL_PLANE));
        }
        for (int i = 0; i < 100; i++) {
            nodes.add(PkiFixtures.node("worker" + i, "10.0.1." + (10 + i), null, Role.WORKER));
        }
        return PkiFixtures.cluster(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, algorithm, nodes);
    }

    private static final ExecutorService POOL = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            r -> {
                Thread t = new Thread(r, "bench");
                t.setDaemon(true);
                return t;
            });

    /** The certificates of the cfssl flow, one key each, keys in parallel, in memory. */
    private static void cfsslEquivalent(KeyAlgorithm algorithm) throws Exception {
        List<CompletableFuture<KeyPair>> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(CompletableFuture.supplyAsync(() -> Keys.generate(algorithm, new SecureRandom()), POOL));
        }
        CertificateSigner signer = new CertificateSigner(new SecureRandom());
        Instant now = Instant.now();
        KeyPair caKeys = keys.get(0).get();
        X509Certificate ca = signer.selfSignedCa("etcd", caKeys, Validity.startingAt(now, Duration.ofHours(43800)));
        Validity validity = Validity.startingAt(now, Duration.ofHours(43800));
        Pem.encode(ca);
        Pem.encode(caKeys.getPrivate());
        List<LeafSpec> specs = new ArrayList<>(PkiRequirements.of(cluster(algorithm)).leaves().stream()
                .filter(l -> l.kind() == LeafKind.ETCD_SERVER || l.kind() == LeafKind.ETCD_PEER).toList());
        specs.add(PkiRequirements.of(cluster(algorithm)).leaf(PkiRequirements.ETCDCTL_CLIENT).orElseThrow());
        for (int i = 0; i < specs.size(); i++) {
            KeyPair pair = keys.get(i + 1).get();
            Pem.encode(signer.leaf(specs.get(i), pair.getPublic(), ca, caKeys.getPrivate(), validity));
            Pem.encode(pair.getPrivate());
        }
    }

    /** The seed guide's commands: etcd CA, one client, then server and peer for each member. */
    private static void cfssl(Path dir, String algo, int size) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca-config.json"), """
                {"signing": {"default": {"expiry": "43800h"}, "profiles": {
                  "server": {"expiry": "43800h", "usages": ["signing", "key encipherment", "server auth", "client auth"]},
                  "client": {"expiry": "43800h", "usages": ["signing", "key encipherment", "client auth"]},
                  "peer":   {"expiry": "43800h", "usages": ["signing", "key encipherment", "server auth", "client auth"]}}}}
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ca-csr.json"), "{\"CN\": \"etcd\", \"key\": {\"algo\": \"rsa\", \"size\": 2048}}");
        Files.writeString(dir.resolve("client.json"),
                "{\"CN\": \"client\", \"key\": {\"algo\": \"" + algo + "\", \"size\": " + size + "}}");
        sh(dir, "cfssl gencert -initca ca-csr.json | cfssljson -bare ca -");
        sh(dir, "cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -profile=client client.json"
                + " | cfssljson -bare client");
        for (int i = 0; i < 3; i++) {
            String name = "etcd" + i;
            String ip = "10.0.0." + (10 + i);
            Path member = dir.resolve(name);
            Files.createDirectories(member);
            Files.writeString(member.resolve("config.json"), "{\"CN\": \"" + name + "\", \"hosts\": [\"" + name
                    + "\", \"" + ip + "\"], \"key\": {\"algo\": \"" + algo + "\", \"size\": " + size + "}}");
            for (String profile : List.of("server", "peer")) {
                sh(member, "cfssl gencert -ca=../ca.pem -ca-key=../ca-key.pem -config=../ca-config.json -profile="
                        + profile + " config.json | cfssljson -bare " + profile);
            }
        }
    }

    private static void sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("failed: " + script);
        }
    }

    /** Other processes skew the numbers: the reader should know how busy the machine was. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}

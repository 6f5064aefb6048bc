package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real three-member etcd (Debian's etcd-server) on 127.0.0.11-13 with our server and peer
 * certificates and client-certificate authentication on both sides; etcdctl reaches it with our
 * client certificates.
 */
class EtcdInteropTest {
    static final List<String> ADDRESSES = List.of("127.0.0.11", "127.0.0.12", "127.0.0.13");
    static final long WAIT_MILLIS = 30_000;

    @TempDir
    static Path temp;
    static Path pki;
    static int clientPort;
    static int peerPort;
    static final List<Process> members = new ArrayList<>();

    @BeforeAll
    static void startEtcd() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/etcd")), "etcd-server is not installed");
        Cluster cluster = PkiFixtures.cluster(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, KeyAlgorithm.ECDSA_P256,
                List.of(PkiFixtures.node("etcd0", ADDRESSES.get(0), null, Role.ETCD),
                        PkiFixtures.node("etcd1", ADDRESSES.get(1), null, Role.ETCD),
                        PkiFixtures.node("etcd2", ADDRESSES.get(2), null, Role.ETCD),
                        PkiFixtures.node("master0", "127.0.0.21", null, Role.CONTROL_PLANE)));
        new ClusterPkiGenerator().ensure(cluster, Workspace.at(temp).pki());
        pki = temp.resolve("pki");
        clientPort = freePortOnAllMembers();
        peerPort = freePortOnAllMembers();
        while (peerPort == clientPort) {
            peerPort = freePortOnAllMembers();
        }
        StringBuilder initialCluster = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            initialCluster.append(i == 0 ? "" : ",").append("etcd").append(i).append("=https://")
                    .append(ADDRESSES.get(i)).append(':').append(peerPort);
        }
        for (int i = 0; i < 3; i++) {
            String name = "etcd" + i;
            String ip = ADDRESSES.get(i);
            Path member = pki.resolve("etcd").resolve(name);
            List<String> command = List.of("/usr/bin/etcd",
                    "--name", name,
                    "--data-dir", temp.resolve("data-" + name).toString(),
                    "--listen-client-urls", "https://" + ip + ":" + clientPort,
                    "--advertise-client-urls", "https://" + ip + ":" + clientPort,
                    "--listen-peer-urls", "https://" + ip + ":" + peerPort,
                    "--initial-advertise-peer-urls", "https://" + ip + ":" + peerPort,
                    "--initial-cluster", initialCluster.toString(),
                    "--initial-cluster-state", "new",
                    "--initial-cluster-token", "kubeha-interop",
                    "--cert-file", member.resolve("server.crt").toString(),
                    "--key-file", member.resolve("server.key").toString(),
                    "--client-cert-auth",
                    "--trusted-ca-file", pki.resolve("etcd/ca.crt").toString(),
                    "--peer-cert-file", member.resolve("peer.crt").toString(),
                    "--peer-key-file", member.resolve("peer.key").toString(),
                    "--peer-client-cert-auth",
                    "--peer-trusted-ca-file", pki.resolve("etcd/ca.crt").toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(temp.resolve(name + ".log").toFile());
            // etcd 3.4 reads ETCD_* variables as flags: keep the caller's out.
            builder.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
            members.add(builder.start());
        }
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        for (Process p : members) {
            p.destroy();
        }
        for (Process p : members) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyMemberIsHealthyForTheApiServersClientCertificate() throws Exception {
        PkiFixtures.Result health = waitUntilHealthy("apiserver-etcd-client");
        assertThat(health.exitCode()).as(health.output() + logs()).isZero();
        for (String ip : ADDRESSES) {
            assertThat(health.output()).contains("https://" + ip + ":" + clientPort + " is healthy");
        }
        // The other client certificates work too: write with the operator's, read with the healthcheck one.
        assertThat(etcdctl("etcd/etcdctl-client", "put", "kubeha", "works").output()).isEqualTo("OK\n");
        assertThat(etcdctl("etcd/etcd2/healthcheck-client", "get", "kubeha", "--print-value-only").output())
                .isEqualTo("works\n");
        assertThat(etcdctl("etcd/etcdctl-client", "member", "list").output())
                .contains("etcd0", "etcd1", "etcd2", "https://127.0.0.12:" + peerPort);
    }

    @Test
    void refusesAClientWithoutACertificate() {
        PkiFixtures.Result run = PkiFixtures.runAllowingFailure(pki, etcdctlCommand(null, "--command-timeout=3s",
                "get", "kubeha"));
        assertThat(run.exitCode()).isNotZero();
    }

    static PkiFixtures.Result waitUntilHealthy(String client) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        PkiFixtures.Result last;
        do {
            last = etcdctl(client, "endpoint", "health", "--command-timeout=3s");
            if (last.exitCode() == 0) {
                return last;
            }
            for (Process p : members) {
                if (!p.isAlive()) {
                    return new PkiFixtures.Result(-1, "an etcd member exited with " + p.exitValue());
                }
            }
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        return last;
    }

    static PkiFixtures.Result etcdctl(String client, String... args) {
        return PkiFixtures.runAllowingFailure(pki, etcdctlCommand(client, args));
    }

    static String[] etcdctlCommand(String client, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "ETCDCTL_API=3", "/usr/bin/etcdctl",
                "--endpoints", String.join(",", ADDRESSES.stream().map(ip -> "https://" + ip + ":" + clientPort).toList()),
                "--cacert", "etcd/ca.crt"));
        if (client != null) {
            command.addAll(List.of("--cert", client + ".crt", "--key", client + ".key"));
        }
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    static String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Path log = temp.resolve("etcd" + i + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                text.append("\n--- etcd").append(i).append(" (last lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return text.toString();
    }

    /** A port in the dynamic range that is free on all three addresses right now. */
    static int freePortOnAllMembers() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (ADDRESSES.stream().allMatch(ip -> free(ip, port))) {
                return port;
            }
        }
        throw new IOException("no free port on " + ADDRESSES);
    }

    static boolean free(String ip, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

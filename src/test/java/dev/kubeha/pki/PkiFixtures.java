package dev.kubeha.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.Node;
import dev.kubeha.model.PkiSettings;
import dev.kubeha.model.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Clusters and command runners shared by the PKI tests. */
final class PkiFixtures {
    private PkiFixtures() {
    }

    static Node node(String name, String privateAddress, String publicAddress, Role... roles) {
        return new Node(name, privateAddress != null ? privateAddress : name + ".example", privateAddress,
                publicAddress, List.of(roles), null, null);
    }

    /** Three dedicated etcd members, three masters (with public addresses) and one worker. */
    static Cluster dedicated(KeyAlgorithm algorithm) {
        return cluster(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, algorithm, List.of(
                node("etcd0", "10.0.0.10", "203.0.113.10", Role.ETCD),
                node("etcd1", "10.0.0.11", null, Role.ETCD),
                node("etcd2", "10.0.0.12", "etcd2.example.com", Role.ETCD),
                node("master0", "10.0.0.20", "203.0.113.20", Role.CONTROL_PLANE),
                node("master1", "10.0.0.21", null, Role.CONTROL_PLANE),
                node("master2", "10.0.0.22", null, Role.CONTROL_PLANE),
                node("worker0", "10.0.0.30", null, Role.WORKER)));
    }

    static Cluster cluster(EtcdTopology topology, EtcdRuntime runtime, KeyAlgorithm algorithm, List<Node> nodes) {
        return new Cluster(null, null, "test", "v1.37.1", null, "eth1", nodes,
                new EtcdSettings(topology, runtime, null), null, null, new PkiSettings(algorithm, null, null));
    }

    /** The same cluster with one node changed. */
    static Cluster withNode(Cluster cluster, String name, UnaryOperator<Node> change) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            nodes.add(n.name().equals(name) ? change.apply(n) : n);
        }
        return new Cluster(cluster.apiVersion(), cluster.kind(), cluster.name(), cluster.kubernetesVersion(),
                cluster.ssh(), cluster.privateInterface(), nodes, cluster.etcd(), cluster.loadBalancer(),
                cluster.networking(), cluster.pki());
    }

    static Cluster withPki(Cluster cluster, PkiSettings pki) {
        return new Cluster(cluster.apiVersion(), cluster.kind(), cluster.name(), cluster.kubernetesVersion(),
                cluster.ssh(), cluster.privateInterface(), cluster.nodes(), cluster.etcd(), cluster.loadBalancer(),
                cluster.networking(), pki);
    }

    static Node withPrivateAddress(Node n, String address) {
        return new Node(n.name(), n.host(), address, n.publicAddress(), n.roles(), n.privateInterface(), n.ssh());
    }

    /** Output of a command run in {@code dir}; fails the test unless it exits 0. */
    static String run(Path dir, String... command) {
        Result r = runAllowingFailure(dir, command);
        assertThat(r.exitCode()).as("%s\n%s", String.join(" ", command), r.output()).isZero();
        return r.output();
    }

    record Result(int exitCode, String output) {
    }

    static Result runAllowingFailure(Path dir, String... command) {
        try {
            Path out = Files.createTempFile("cmd", ".out");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + String.join(" ", command));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String sh(Path dir, String script) {
        return run(dir, "bash", "-c", "set -o pipefail; " + script);
    }

    /** Copies a directory tree, keeping file modes. */
    static void copyTree(Path from, Path to) throws IOException {
        run(from.getParent(), "cp", "-a", from.toString(), to.toString());
    }
}

package dev.kubeha.demo;

import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.operation.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The demo's lab: eight simulated hosts (three dedicated etcd members run as static pods, three
 * control-plane nodes, two workers) behind an external load balancer appliance, each a real SSH
 * server on 127.0.0.1, and the files that describe them in the lab's directory:
 * <pre>
 * &lt;dir&gt;/cluster.json          the demo cluster (no secrets: the key is a file, passwords are asked)
 * &lt;dir&gt;/id_ecdsa(.pub)        the client key the hosts accept (0600)
 * &lt;dir&gt;/workspace/known_hosts the hosts' keys, trusted ahead (see {@link #start})
 * &lt;dir&gt;/hosts/&lt;name&gt;/         each host's file system (0700)
 * </pre>
 * Closing the lab stops the servers and deletes the hosts' file systems (and the directory, for a
 * temporary lab).
 */
public final class DemoLab implements AutoCloseable {
    /** The login user on every host; sudo asks for {@link #SUDO_PASSWORD}. */
    public static final String USER = "demo";
    /** The sudo (and SSH login) password of the demo user: shown in the demo window, not a secret. Unlike the
     * cluster and user name it is no common word, since the run masks it wherever it appears. */
    public static final String SUDO_PASSWORD = "demo-sudo";
    public static final String CLUSTER_NAME = "demo";
    public static final String LOAD_BALANCER = "10.0.0.100:6443";
    public static final String CNI_MANIFEST = "https://github.com/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml";

    /** One host of the lab: its name, role in cluster.json, and the last octet of its addresses. */
    private record Layout(String name, String role, int octet) {
    }

    private static final List<Layout> LAYOUT = List.of(
            new Layout("etcd0", "etcd", 11), new Layout("etcd1", "etcd", 12), new Layout("etcd2", "etcd", 13),
            new Layout("master0", "control-plane", 21), new Layout("master1", "control-plane", 22),
            new Layout("master2", "control-plane", 23),
            new Layout("worker0", "worker", 31), new Layout("worker1", "worker", 32));

    private final Path dir;
    private final boolean temporary;
    private final Map<String, SimulatedHost> hosts = new LinkedHashMap<>();
    private Thread shutdownHook;
    private boolean closed;

    private DemoLab(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    /** A lab in a new private temporary directory, removed on {@link #close()} or when the JVM exits. */
    public static DemoLab startTemporary(Pace pace) throws IOException {
        Path dir = Files.createTempDirectory("kubeha-demo-");
        DemoLab lab = new DemoLab(dir, true);
        try {
            lab.populate(pace);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        lab.shutdownHook = new Thread(lab::closeQuietly, "kubeha-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        return lab;
    }

    /**
     * A lab in {@code dir}, which must not exist yet or be empty (the lab never writes over a
     * user's files). The hosts' keys are written to the workspace's known_hosts ahead: they were
     * made by this process a moment ago and never crossed a network, so there is nothing to compare
     * a fingerprint with, and eight questions would only teach the user to click Yes.
     */
    public static DemoLab start(Path dir, Pace pace) throws IOException {
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IOException(dir + " is not empty: the demo lab needs a directory of its own");
            }
        }
        DemoLab lab = new DemoLab(dir, false);
        try {
            lab.populate(pace);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void populate(Pace pace) throws IOException {
        SimulatedHost.privateDir(dir);
        KeyPair client = SimulatedHost.newHostKey();
        writeClientKey(client);
        DemoNetwork network = new DemoNetwork(LOAD_BALANCER.substring(0, LOAD_BALANCER.indexOf(':')),
                Integer.parseInt(LOAD_BALANCER.substring(LOAD_BALANCER.indexOf(':') + 1)));
        Path hostsDir = Files.createDirectories(dir.resolve("hosts"));
        SimulatedHost.privateDir(hostsDir);
        for (Layout l : LAYOUT) {
            List<SimulatedHost.Interface> interfaces = List.of(
                    new SimulatedHost.Interface(2, "eth0", "10.10.0." + l.octet(), 24),
                    new SimulatedHost.Interface(3, "eth1", "10.0.0." + l.octet(), 24));
            SimulatedHost host = new SimulatedHost(l.name(), USER, hostsDir.resolve(l.name()), interfaces, network, pace,
                    client.getPublic(), SUDO_PASSWORD);
            hosts.put(l.name(), host);
            network.attach(host, l.role().equals("control-plane"));
        }
        Path workspace = Files.createDirectories(workspace());
        SimulatedHost.privateDir(workspace);
        KnownHosts known = Workspace.at(workspace).knownHosts();
        for (SimulatedHost h : hosts.values()) {
            known.add("127.0.0.1", h.port(), h.hostKey());
        }
        Files.writeString(clusterFile(), clusterJson());
    }

    private void writeClientKey(KeyPair client) throws IOException {
        Path key = clientKey();
        PrivateFiles.createFile(key, PrivateFiles.SECRET);
        try (OutputStream out = Files.newOutputStream(key, StandardOpenOption.TRUNCATE_EXISTING)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "kubeha-demo", null, out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write the demo's client key", e);
        }
        try (OutputStream out = Files.newOutputStream(Path.of(key + ".pub"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(client, "kubeha-demo", out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write the demo's client key", e);
        }
    }

    /** The demo cluster: every private address known (so that Preview and Export work too). */
    private String clusterJson() {
        List<String> nodes = new ArrayList<>();
        for (Layout l : LAYOUT) {
            SimulatedHost h = hosts.get(l.name());
            nodes.add("""
                            { "name": "%s", "host": "127.0.0.1", "privateAddress": "%s", "roles": ["%s"], "ssh": { "port": %d } }"""
                    .formatted(l.name(), h.privateAddress(), l.role(), h.port()));
        }
        return """
                {
                  "apiVersion": "kubeha/v1",
                  "kind": "Cluster",
                  "name": "%s",
                  "kubernetesVersion": "v1.37.1",
                  "ssh": { "user": "%s", "identityFile": "id_ecdsa", "sudo": true },
                  "privateInterface": "eth1",
                  "nodes": [
                %s
                  ],
                  "etcd": { "topology": "dedicated", "runtime": "static-pod", "version": "3.6.5" },
                  "loadBalancer": { "mode": "external", "endpoint": "%s" },
                  "networking": { "podSubnet": "10.244.0.0/16", "serviceSubnet": "10.96.0.0/12", "dnsDomain": "cluster.local" },
                  "pki": { "keyAlgorithm": "ECDSA-P256", "certificateValidity": "8760h", "caValidity": "87600h" },
                  "cni": { "manifest": "%s" }
                }
                """.formatted(CLUSTER_NAME, USER, String.join(",\n", nodes), LOAD_BALANCER, CNI_MANIFEST);
    }

    /** The lab's directory. */
    public Path dir() {
        return dir;
    }

    public Path clusterFile() {
        return dir.resolve("cluster.json");
    }

    /** The workspace the demo installs with: PKI, journal, logs, known_hosts (the hosts' keys), admin.conf. */
    public Path workspace() {
        return dir.resolve("workspace");
    }

    public Path clientKey() {
        return dir.resolve("id_ecdsa");
    }

    /** The hosts' names, in the cluster file's order. */
    public List<String> hostNames() {
        return List.copyOf(hosts.keySet());
    }

    /** The SSH port of a host. */
    public int port(String host) {
        return require(host).port();
    }

    SimulatedHost host(String name) {
        return require(name);
    }

    /** Every command line a host received over SSH, in order. */
    public List<String> commandsOf(String host) {
        return Collections.unmodifiableList(require(host).received);
    }

    /** Where a path of a host lies in its simulated file system. */
    public Path fileOf(String host, String absolutePath) {
        return require(host).file(absolutePath);
    }

    private SimulatedHost require(String name) {
        SimulatedHost h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("the demo lab has no host " + name + "; it has " + hosts.keySet());
        }
        return h;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // Shutting down: nothing more to do.
        }
    }

    /** Stops every host and deletes their file systems (and the lab's directory when temporary). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (SimulatedHost h : hosts.values()) {
            try {
                h.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        deleteTree(temporary ? dir : dir.resolve("hosts"));
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting; the hook runs or ran.
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

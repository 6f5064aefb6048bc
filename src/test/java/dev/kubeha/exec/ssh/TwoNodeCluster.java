package dev.kubeha.exec.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two embedded SSH nodes, master0 and worker0, behind a sudo password, that answer what a real
 * install asks of them (kubeadm init writes admin.conf and prints the join command with the
 * token; kubeadm join leaves kubelet.conf behind), and the cluster file that names them. Shared by
 * the tests that install through the CLI and through the window.
 */
public final class TwoNodeCluster implements AutoCloseable {
    public static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    public static final String SUDO_PASSWORD = "sudo-Secret-42";

    public final EmbeddedNode master0;
    public final EmbeddedNode worker0;
    /** worker0's kubeadm join fails while this is set. */
    public final AtomicBoolean joinFails = new AtomicBoolean();
    /** When set, worker0's kubeadm join calls this first; a non-null result is its exit code instead. */
    public volatile Callable<Integer> joinInstead;
    private final Path dir;

    private TwoNodeCluster(Path dir, EmbeddedNode master0, EmbeddedNode worker0) {
        this.dir = dir;
        this.master0 = master0;
        this.worker0 = worker0;
    }

    /** Starts both nodes under {@code dir}, with the client key {@code id_ecdsa} the cluster file names. */
    public static TwoNodeCluster start(Path dir) throws Exception {
        Path authorized = Path.of(EmbeddedNode.clientKey(dir) + ".pub");
        TwoNodeCluster c = new TwoNodeCluster(dir,
                EmbeddedNode.start("master0", dir.resolve("nodes/master0"), authorized),
                EmbeddedNode.start("worker0", dir.resolve("nodes/worker0"), authorized));
        c.script();
        return c;
    }

    private void script() {
        for (EmbeddedNode n : new EmbeddedNode[] {master0, worker0}) {
            n.sudoPassword(SUDO_PASSWORD);
        }
        // kubeadm init writes admin.conf and, like the real one, prints the join command with the token.
        master0.on("^kubeadm init", stdout -> {
            Matcher token = TOKEN.matcher(Files.readString(master0.file("/etc/kubeha/kubeadm.yaml")));
            assertThat(token.find()).isTrue();
            Path admin = master0.file("/etc/kubernetes/admin.conf");
            Files.createDirectories(admin.getParent());
            Files.writeString(admin, "kind: Config\n");
            stdout.println("kubeadm join lb.example.com:6443 --token " + token.group() + " --discovery-token-ca-cert-hash sha256:0f");
            return 0;
        });
        worker0.on("^ip -o -4 addr show dev eth1$", stdout -> {
            stdout.println("3: eth1    inet 10.0.0.30/24 brd 10.0.0.255 scope global eth1\\       valid_lft forever");
            return 0;
        });
        // The join's probe asks for kubelet.conf, which only a join that went through leaves behind.
        worker0.on("^test -e /etc/kubernetes/kubelet.conf", stdout ->
                Files.exists(worker0.file("/etc/kubernetes/kubelet.conf")) ? 0 : 1);
        worker0.on("^kubeadm join", stdout -> {
            Callable<Integer> instead = joinInstead;
            Integer exit = instead == null ? null : instead.call();
            if (exit != null) {
                return exit;
            }
            if (joinFails.get()) {
                stdout.println("error execution phase preflight: port 10250 is in use");
                return 1;
            }
            Path kubelet = worker0.file("/etc/kubernetes/kubelet.conf");
            Files.createDirectories(kubelet.getParent());
            Files.writeString(kubelet, "kind: Config\n");
            return 0;
        });
    }

    /**
     * Writes the cluster file: stacked etcd, external load balancer; worker0's private address is
     * left to detection over SSH unless {@code workerAddress}.
     */
    public Path clusterFile(boolean workerAddress) throws Exception {
        return Files.writeString(dir.resolve("cluster.json"), """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "lab", "kubernetesVersion": "v1.37.1",
                  "ssh": { "user": "kube", "identityFile": "id_ecdsa", "sudo": true },
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "master0", "host": "127.0.0.1", "privateAddress": "10.0.0.20", "roles": ["control-plane"],
                      "ssh": { "port": %d } },
                    { "name": "worker0", "host": "127.0.0.1", %s"roles": ["worker"], "ssh": { "port": %d } }
                  ],
                  "etcd": { "topology": "co-located", "runtime": "static-pod" },
                  "loadBalancer": { "mode": "external", "endpoint": "lb.example.com:6443" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(master0.port(), workerAddress ? "\"privateAddress\": \"10.0.0.30\", " : "", worker0.port()));
    }

    @Override
    public void close() throws Exception {
        master0.close();
        worker0.close();
    }
}

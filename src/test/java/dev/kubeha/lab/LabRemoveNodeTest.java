package dev.kubeha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha remove-node} end to end against the node lab: the dedicated systemd cluster
 * installed with {@code kubeha apply} (a real three-member etcd over TLS), then worker0 and the
 * member etcd2 removed: the real etcdctl on etcd0 removes etcd2, the two members that stay are
 * healthy, both masters' API servers (the lab's stand-ins, restarted by kubeadm's) stop naming
 * etcd2, worker0 and etcd2 are reset, cluster.json loses both; removing etcd1 next is refused at
 * quorum. kubeadm, kubectl and systemctl are the lab's stand-ins (src/test/lab/standins).
 */
@Timeout(300)
class LabRemoveNodeTest {
    static final String VERSION = "v1.37.1";
    static final String LB = "10.77.0.100:6443";

    @RegisterExtension
    static final NodeLab lab = NodeLab.forKubernetes(VERSION)
            .host("etcd0", "10.77.0.11")
            .host("etcd1", "10.77.0.12")
            .host("etcd2", "10.77.0.13")
            .host("master0", "10.77.0.21")
            .host("master1", "10.77.0.22")
            .host("worker0", "10.77.0.31")
            .loadBalancer("10.77.0.100", 6443);

    @TempDir
    Path temp;

    record Run(int code, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    Path cluster() throws IOException {
        return Files.writeString(temp.resolve("cluster.json"), """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "lab", "kubernetesVersion": "%s",
                  "ssh": { "user": "root", "identityFile": "%s", "sudo": false },
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "etcd0", "host": "10.77.0.11", "privateAddress": "10.77.0.11", "roles": ["etcd"] },
                    { "name": "etcd1", "host": "10.77.0.12", "privateAddress": "10.77.0.12", "roles": ["etcd"] },
                    { "name": "etcd2", "host": "10.77.0.13", "privateAddress": "10.77.0.13", "roles": ["etcd"] },
                    { "name": "master0", "host": "10.77.0.21", "privateAddress": "10.77.0.21", "roles": ["control-plane"] },
                    { "name": "master1", "host": "10.77.0.22", "privateAddress": "10.77.0.22", "roles": ["control-plane"] },
                    { "name": "worker0", "host": "10.77.0.31", "roles": ["worker"] }
                  ],
                  "etcd": { "topology": "dedicated", "runtime": "systemd", "version": "3.5.24" },
                  "loadBalancer": { "mode": "external", "endpoint": "%s" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(VERSION, lab.clientKey(), LB));
    }

    Run kubeha(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(Map.of()));
        System.out.printf("kubeha %s on the lab took %d ms%n", args[0], (System.nanoTime() - started) / 1_000_000);
        return new Run(code, out.toString(), err.toString());
    }

    /** etcdctl of this machine against the members, with the workspace's apiserver-etcd-client certificate. */
    static NodeLab.Result etcdctl(Path workspace, List<String> ips, String... command) throws IOException {
        Path pki = workspace.resolve("pki");
        List<String> argv = new ArrayList<>(List.of("env", "ETCDCTL_API=3", "/usr/bin/etcdctl",
                "--endpoints", String.join(",", ips.stream().map(ip -> "https://" + ip + ":2379").toList()),
                "--cacert", pki.resolve("etcd/ca.crt").toString(),
                "--cert", pki.resolve("apiserver-etcd-client.crt").toString(),
                "--key", pki.resolve("apiserver-etcd-client.key").toString(),
                "--command-timeout=5s"));
        argv.addAll(List.of(command));
        return NodeLab.run(argv);
    }

    @Test
    void removesAWorkerAndAnEtcdMemberThenRefusesTheNextMemberAtQuorum() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws");
        Path file = cluster();
        Run install = kubeha("apply", file.toString(), "--yes", "--accept-new-host-keys", "--workspace", workspace.toString(),
                "--include-packages", lab.packages().toString());
        assertThat(install.code()).as(install.all() + diagnostics()).isZero();

        Run remove = kubeha("remove-node", file.toString(), "worker0", "etcd2", "--yes", "--workspace", workspace.toString());

        assertThat(remove.code()).as(remove.all() + diagnostics()).isZero();
        assertThat(remove.err()).contains("kubeha: warning: etcd goes from 3 to 2 members: an even number tolerates no more"
                + " failures than one member fewer\n");
        assertThat(remove.out()).contains("Removed etcd2 and worker0 from cluster lab: 9 tasks succeeded in ");

        // The real etcd: two members left, both healthy.
        List<String> staying = List.of("10.77.0.11", "10.77.0.12");
        NodeLab.Result members = etcdctl(workspace, staying, "member", "list");
        assertThat(members.code()).as(members.output()).isZero();
        assertThat(members.output().lines().toList()).as(members.output()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains(", started, ")).noneMatch(l -> l.contains("etcd2"));
        NodeLab.Result health = etcdctl(workspace, staying, "endpoint", "health");
        assertThat(health.code()).as(health.output()).isZero();
        assertThat(health.output()).contains("https://10.77.0.11:2379 is healthy", "https://10.77.0.12:2379 is healthy");

        // Each master's API server was rewritten without etcd2, one after the other.
        for (String master : List.of("master0", "master1")) {
            assertThat(lab.calls(master)).as(master).contains(
                    "kubeadm init phase control-plane apiserver --config /etc/kubeha/kubeadm-control-plane.yaml");
            String manifest = lab.exec(master, "cat", "/etc/kubernetes/manifests/kube-apiserver.yaml").output();
            assertThat(manifest).contains("--etcd-servers=https://10.77.0.11:2379,https://10.77.0.12:2379")
                    .doesNotContain("10.77.0.13");
        }
        assertThat(lab.calls("master0")).contains(
                "kubeadm init phase upload-config kubeadm --config /etc/kubeha/kubeadm-control-plane.yaml",
                "kubectl --kubeconfig=/etc/kubernetes/admin.conf cordon worker0",
                "kubectl --kubeconfig=/etc/kubernetes/admin.conf drain worker0 --ignore-daemonsets --delete-emptydir-data"
                        + " --timeout=300s",
                "kubectl --kubeconfig=/etc/kubernetes/admin.conf delete node worker0 --ignore-not-found");
        assertThat(lab.calls("master1")).noneMatch(c -> c.contains("upload-config"));

        // worker0 and etcd2 are reset: kubeadm reset and kubeha's files on the worker, etcd on the member.
        assertThat(lab.calls("worker0")).contains(
                "kubeadm reset --force --cleanup-tmp-dir --cri-socket unix:///var/run/containerd/containerd.sock");
        for (String path : List.of("/etc/kubeha", "/var/lib/kubeha", "/etc/kubernetes/kubelet.conf")) {
            assertThat(lab.exec("worker0", "test", "-e", path).code()).as("worker0 " + path).isNotZero();
        }
        assertThat(lab.calls("etcd2")).contains("systemctl stop etcd", "systemctl disable etcd");
        for (String path : List.of("/etc/systemd/system/etcd.service", "/var/lib/etcd", "/usr/local/bin/etcd",
                "/etc/kubernetes/pki/etcd", "/etc/kubeha")) {
            assertThat(lab.exec("etcd2", "test", "-e", path).code()).as("etcd2 " + path).isNotZero();
        }

        // cluster.json without them; the old one in the archive.
        assertThat(ClusterFiles.read(file).cluster().nodes()).extracting(Node::name)
                .containsExactly("etcd0", "etcd1", "master0", "master1");
        assertThat(workspace.resolve("remove-node-journal.json")).doesNotExist();

        // Two members of two: removing one more leaves fewer than the quorum; nothing is reached.
        int calls = lab.calls("etcd0").size() + lab.calls("etcd1").size() + lab.calls("master0").size();
        Run refused = kubeha("remove-node", file.toString(), "etcd1", "--yes", "--workspace", workspace.toString());
        assertThat(refused.code()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).endsWith("kubeha: removing etcd1 leaves 1 of the 2 etcd members, fewer than the 2 that"
                + " keep quorum: while it is gone, one more failure loses the cluster's data; add a member (apply) first,"
                + " or use --force; nothing was changed\n");
        assertThat(lab.calls("etcd0").size() + lab.calls("etcd1").size() + lab.calls("master0").size()).isEqualTo(calls);
        assertThat(etcdctl(workspace, staying, "endpoint", "health").code()).isZero();
    }

    String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (String host : List.of("etcd0", "etcd1", "etcd2", "master0", "master1", "worker0")) {
            try {
                text.append("\n--- ").append(host).append(" calls\n").append(String.join("\n", lab.calls(host)));
                String etcd = lab.unitLog(host, "etcd");
                if (!etcd.isEmpty()) {
                    text.append("\n--- ").append(host).append(" etcd\n").append(etcd);
                }
            } catch (IOException e) {
                text.append("\n--- ").append(host).append(": ").append(e.getMessage());
            }
        }
        return text.toString();
    }
}

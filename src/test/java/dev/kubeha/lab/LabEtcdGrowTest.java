package dev.kubeha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fourth dedicated etcd member added to cluster.json joins on the next {@code kubeha apply},
 * against the node lab with a real etcd over TLS, run by systemd or as a static pod (the lab's
 * kubelet runs the manifest's command, its crictl runs etcdctl "in the container"): the real
 * etcdctl on etcd0 adds etcd3, etcd3 starts with initial-cluster-state=existing, the member list shows four
 * started members, all healthy; etcd0..etcd2 keep running as they were (same processes, not
 * restarted), and each master's API server (the lab's stand-in, rewritten by kubeadm's stand-in)
 * names the fourth member. A second apply then has nothing to change.
 */
@Timeout(300)
class LabEtcdGrowTest {
    static final String VERSION = "v1.37.1";
    static final String LB = "10.77.0.100:6443";
    static final List<String> OLD_MEMBERS = List.of("etcd0", "etcd1", "etcd2");

    @RegisterExtension
    static final NodeLab lab = NodeLab.forKubernetes(VERSION)
            .host("etcd0", "10.77.0.11")
            .host("etcd1", "10.77.0.12")
            .host("etcd2", "10.77.0.13")
            .host("etcd3", "10.77.0.14")
            .host("master0", "10.77.0.21")
            .host("master1", "10.77.0.22")
            .loadBalancer("10.77.0.100", 6443);

    @TempDir
    Path temp;

    record Run(int code, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    Path cluster(String runtime, boolean withEtcd3) throws IOException {
        String etcd3 = withEtcd3
                ? "{ \"name\": \"etcd3\", \"host\": \"10.77.0.14\", \"privateAddress\": \"10.77.0.14\", \"roles\": [\"etcd\"] },"
                : "";
        return Files.writeString(temp.resolve("cluster.json"), """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "lab", "kubernetesVersion": "%s",
                  "ssh": { "user": "root", "identityFile": "%s", "sudo": false },
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "etcd0", "host": "10.77.0.11", "privateAddress": "10.77.0.11", "roles": ["etcd"] },
                    { "name": "etcd1", "host": "10.77.0.12", "privateAddress": "10.77.0.12", "roles": ["etcd"] },
                    { "name": "etcd2", "host": "10.77.0.13", "privateAddress": "10.77.0.13", "roles": ["etcd"] },
                    %s
                    { "name": "master0", "host": "10.77.0.21", "privateAddress": "10.77.0.21", "roles": ["control-plane"] },
                    { "name": "master1", "host": "10.77.0.22", "privateAddress": "10.77.0.22", "roles": ["control-plane"] }
                  ],
                  "etcd": { "topology": "dedicated", "runtime": "%s", "version": "3.5.24" },
                  "loadBalancer": { "mode": "external", "endpoint": "%s" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(VERSION, lab.clientKey(), etcd3, runtime, LB));
    }

    Run kubeha(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(Map.of()));
        System.out.printf("kubeha %s on the lab took %d ms%n", args[0], (System.nanoTime() - started) / 1_000_000);
        return new Run(code, out.toString(), err.toString());
    }

    /** The pid of the etcd process the systemctl stand-in (or the kubelet's, for the static pod) started on the host. */
    static String etcdPid(String runtime, String host) throws IOException {
        String file = runtime.equals("systemd") ? "state/units/etcd.pid" : "state/pods/etcd.pid";
        return Files.readString(lab.dir().resolve("hosts").resolve(host).resolve(file)).strip();
    }

    /** The member's etcd flags as its etcd was started: etcd.env, or the static pod's command. */
    static String etcdFlags(String runtime, String host) throws IOException {
        return runtime.equals("systemd") ? lab.exec(host, "cat", "/etc/etcd.env").output()
                : String.join("\n", lab.podCommand(host, "etcd")) + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"systemd", "static-pod"})
    void aFourthMemberJoinsWithoutRestartingTheOthers(String runtime) throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws");
        Run install = kubeha("apply", cluster(runtime, false).toString(), "--yes", "--accept-new-host-keys", "--workspace",
                workspace.toString(), "--include-packages", lab.packages().toString());
        assertThat(install.code()).as(install.all() + diagnostics()).isZero();
        Map<String, String> pids = new HashMap<>();
        Map<String, Integer> calls = new HashMap<>();
        for (String m : OLD_MEMBERS) {
            pids.put(m, etcdPid(runtime, m));
            calls.put(m, lab.calls(m).size());
        }

        Path file = cluster(runtime, true);
        Run plan = kubeha("apply", file.toString(), "--dry-run", "--workspace", workspace.toString(),
                "--include-packages", lab.packages().toString());
        assertThat(plan.code()).as(plan.all()).isZero();
        // The dry run (the journal alone: etcd3's task is not recorded done) shows the same tasks.
        assertThat(plan.out()).as(plan.all()).contains("etcd3/etcd-quorum", "etcd3/etcd-member-add", "master0/apiserver-etcd",
                "master1/apiserver-etcd");
        if (runtime.equals("static-pod")) {
            // Under systemd a dry run brings no etcd tarball, so its members' tasks differ from the
            // installation's (install-etcd.sh without the tarball) and show as restarts: a dry run's
            // limit of its own, not the join's.
            assertThat(plan.out()).as(plan.all()).doesNotContain("etcd0/etcd-quorum", "etcd1/etcd-quorum", "etcd2/etcd-quorum");
        }

        Run grow = kubeha("apply", file.toString(), "--yes", "--accept-new-host-keys", "--workspace", workspace.toString(),
                "--include-packages", lab.packages().toString());
        assertThat(grow.code()).as(grow.all() + diagnostics()).isZero();
        System.out.println(grow.out());
        if (runtime.equals("static-pod")) {
            // etcdctl ran in etcd0's etcd container (the lab's crictl), nowhere else.
            assertThat(lab.calls("etcd0")).anyMatch(c -> c.startsWith("crictl --runtime-endpoint")
                    && c.contains(" member add etcd3 --peer-urls=https://10.77.0.14:2380"));
        }

        // The real etcd: four started members, every one healthy.
        List<String> all = List.of("10.77.0.11", "10.77.0.12", "10.77.0.13", "10.77.0.14");
        NodeLab.Result members = LabRemoveNodeTest.etcdctl(workspace, all, "member", "list");
        assertThat(members.code()).as(members.output()).isZero();
        assertThat(members.output().lines().toList()).as(members.output()).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains(", started, "))
                .anySatisfy(l -> assertThat(l).contains(", etcd3, https://10.77.0.14:2380, https://10.77.0.14:2379"));
        NodeLab.Result health = LabRemoveNodeTest.etcdctl(workspace, all, "endpoint", "health");
        assertThat(health.code()).as(health.output()).isZero();

        // etcd3 joined the cluster; the old members ran on untouched: same processes, no call of ours but the look.
        String state = runtime.equals("systemd") ? "ETCD_INITIAL_CLUSTER_STATE=" : "--initial-cluster-state=";
        String initial = runtime.equals("systemd") ? "ETCD_INITIAL_CLUSTER=" : "--initial-cluster=";
        assertThat(etcdFlags(runtime, "etcd3")).contains(state + "existing\n", initial + "etcd0=https://10.77.0.11:2380,"
                + "etcd1=https://10.77.0.12:2380,etcd2=https://10.77.0.13:2380,etcd3=https://10.77.0.14:2380\n");
        for (String m : OLD_MEMBERS) {
            assertThat(etcdPid(runtime, m)).as(m + " etcd pid").isEqualTo(pids.get(m));
            List<String> since = lab.calls(m).subList(calls.get(m), lab.calls(m).size());
            assertThat(since).as(m).noneMatch(c -> c.startsWith("systemctl restart") || c.startsWith("systemctl stop"));
            assertThat(etcdFlags(runtime, m)).as(m).contains(state + "new\n").doesNotContain("etcd3");
        }

        // Each master's API server names the fourth member; master0 stored the configuration.
        for (String master : List.of("master0", "master1")) {
            assertThat(lab.calls(master)).as(master).contains(
                    "kubeadm init phase control-plane apiserver --config /etc/kubeha/kubeadm-control-plane.yaml");
            String manifest = lab.exec(master, "cat", "/etc/kubernetes/manifests/kube-apiserver.yaml").output();
            assertThat(manifest).contains("--etcd-servers=https://10.77.0.11:2379,https://10.77.0.12:2379,"
                    + "https://10.77.0.13:2379,https://10.77.0.14:2379");
        }
        assertThat(lab.calls("master0")).contains(
                "kubeadm init phase upload-config kubeadm --config /etc/kubeha/kubeadm-control-plane.yaml");

        // Nothing left to change.
        Run again = kubeha("apply", file.toString(), "--yes", "--workspace", workspace.toString(),
                "--include-packages", lab.packages().toString());
        assertThat(again.code()).as(again.all() + diagnostics()).isZero();
        assertThat(again.out()).as(again.all()).contains("nothing to change");
    }

    String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (String host : List.of("etcd0", "etcd1", "etcd2", "etcd3", "master0", "master1")) {
            try {
                text.append("\n--- ").append(host).append(" calls\n").append(String.join("\n", lab.calls(host)));
                String etcd = lab.unitLog(host, "etcd") + lab.podLog(host, "etcd");
                if (!etcd.isEmpty()) {
                    text.append("\n--- ").append(host).append(" etcd\n").append(etcd.length() > 4000
                            ? etcd.substring(etcd.length() - 4000) : etcd);
                }
            } catch (IOException e) {
                text.append("\n--- ").append(host).append(": ").append(e.getMessage());
            }
        }
        return text.toString();
    }
}

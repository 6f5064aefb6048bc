package dev.kubeha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha reset} end to end against the node lab: a cluster installed with {@code kubeha
 * apply} (dedicated etcd under systemd: a real three-member etcd over TLS, two masters, a worker),
 * a CNI's traces added by hand (its bridge and VXLAN interfaces, its configuration, a copy of
 * admin.conf), then {@code reset --yes}: afterwards no file of kubeha or kubeadm is left on any
 * node, etcd and the API servers no longer run, and {@code apply} installs the cluster again on
 * the same hosts. The hosts are those of {@link LabApplyTest}; kubeadm's stand-in resets as the
 * real one does (src/test/lab/standins/kubeadm), leaving what the real one leaves.
 */
@Timeout(600)
class LabResetTest {
    static final String VERSION = "v1.37.1";
    static final String LB = "10.77.0.100:6443";
    static final List<String> HOSTS = List.of("etcd0", "etcd1", "etcd2", "master0", "master1", "worker0");
    /** What kubeha and kubeadm put on the nodes of this cluster; none of it may be left after a reset. */
    static final List<String> GONE = List.of("/etc/kubernetes", "/var/lib/etcd", "/etc/kubeha", "/var/lib/kubeha",
            "/var/lib/kubelet", "/etc/systemd/system/etcd.service", "/etc/etcd.env", "/usr/local/bin/etcd",
            "/usr/local/bin/etcdctl", "/usr/local/bin/etcdutl", "/etc/cni/net.d/10-flannel.conflist", "/var/lib/cni",
            "/run/flannel");

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
                    { "name": "worker0", "host": "10.77.0.31", "privateAddress": "10.77.0.31", "roles": ["worker"] }
                  ],
                  "etcd": { "topology": "dedicated", "runtime": "systemd", "version": "3.5.24" },
                  "loadBalancer": { "mode": "external", "endpoint": "%s" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(VERSION, lab.clientKey(), LB));
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    static Run kubeha(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(Map.of()));
        System.out.printf("kubeha %s on the lab took %d ms%n", args[0], (System.nanoTime() - started) / 1_000_000);
        return new Run(code, out.toString(), err.toString());
    }

    Run apply(Path file, Path workspace) {
        return kubeha("apply", file.toString(), "--yes", "--accept-new-host-keys", "--workspace", workspace.toString(),
                "--include-packages", lab.packages().toString());
    }

    /** A CNI's traces, as flannel leaves them: its bridge and VXLAN device, its configuration and IPAM state. */
    void cniTraces(String host) throws IOException {
        for (List<String> command : List.of(
                List.of("ip", "link", "add", "cni0", "type", "bridge"),
                List.of("ip", "link", "add", "flannel.1", "type", "vxlan", "id", "1", "dev", "eth1", "dstport", "8472"),
                List.of("install", "-d", "/etc/cni/net.d", "/var/lib/cni/networks/cbr0", "/run/flannel"),
                List.of("bash", "-c", "echo '{\"name\": \"cbr0\"}' > /etc/cni/net.d/10-flannel.conflist"
                        + " && echo FLANNEL_NETWORK=10.244.0.0/16 > /run/flannel/subnet.env"))) {
            NodeLab.Result r = lab.exec(host, command.toArray(String[]::new));
            assertThat(r.code()).as(host + ": " + command + "\n" + r.output()).isZero();
        }
    }

    static boolean listens(String address) {
        try {
            return NodeLab.run(List.of("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + address.replace(':', '/')))
                    .code() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void afterAnInstallResetLeavesNothingOfKubehaOrKubeadmAndTheClusterInstallsAgain() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws");
        Path file = cluster();
        // A lab host sees the real machine's files below its overlays: Debian's etcd-server has a
        // /var/lib/etcd, which is not kubeha's to remove where no member of this cluster ran.
        boolean machineEtcd = lab.exec("worker0", "test", "-e", "/var/lib/etcd").code() == 0;
        Run installed = apply(file, workspace);
        assertThat(installed.code()).as(installed.all() + diagnostics()).isZero();
        for (String host : List.of("master0", "master1", "worker0")) {
            cniTraces(host);
        }
        // master0's root copied admin.conf as kubeadm init suggests; worker0's root has another cluster's kubeconfig.
        assertThat(lab.exec("master0", "bash", "-c", "install -d /root/.kube && cp /etc/kubernetes/admin.conf"
                + " /root/.kube/config").code()).isZero();
        assertThat(lab.exec("worker0", "bash", "-c", "install -d /root/.kube && echo 'kind: Config # another cluster'"
                + " > /root/.kube/config").code()).isZero();
        assertThat(listens("10.77.0.11:2379")).isTrue();
        assertThat(listens("10.77.0.21:6443")).isTrue();
        List<Integer> callsBefore = new ArrayList<>();
        for (String host : HOSTS) {
            callsBefore.add(lab.calls(host).size());
        }

        Run reset = kubeha("reset", file.toString(), "--yes", "--workspace", workspace.toString());

        assertThat(reset.code()).as(reset.all() + diagnostics()).isZero();
        System.out.println(reset.out());
        List<List<String>> resetCalls = new ArrayList<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            List<String> calls = lab.calls(HOSTS.get(i));
            resetCalls.add(List.copyOf(calls.subList(callsBefore.get(i), calls.size())));
        }
        assertThat(reset.out()).contains("Cluster lab is reset: 6 tasks succeeded in ",
                "PKI kept in " + workspace.resolve("pki") + ": the next kubeha apply " + file);
        for (String host : HOSTS) {
            for (String path : GONE) {
                if (!(machineEtcd && path.equals("/var/lib/etcd") && !host.startsWith("etcd"))) {
                    assertThat(lab.exec(host, "test", "-e", path).code()).as(host + ": " + path).isEqualTo(1);
                }
            }
            for (String unit : List.of("etcd", "kubelet")) {
                assertThat(lab.exec(host, "systemctl", "is-active", "--quiet", unit).code()).as(host + ": " + unit)
                        .isNotZero();
            }
        }
        for (String host : List.of("master0", "master1", "worker0")) {
            for (String device : List.of("cni0", "flannel.1")) {
                assertThat(lab.exec(host, "ip", "link", "show", device).code()).as(host + ": " + device).isNotZero();
            }
            // The directory belongs to the CNI packages: only its contents go.
            assertThat(lab.exec(host, "test", "-d", "/etc/cni/net.d").code()).as(host).isZero();
        }
        assertThat(lab.exec("master0", "test", "-e", "/root/.kube/config").code()).isEqualTo(1);
        assertThat(lab.exec("worker0", "cat", "/root/.kube/config").output()).isEqualTo("kind: Config # another cluster\n");
        for (String address : List.of("10.77.0.11:2379", "10.77.0.12:2379", "10.77.0.13:2379", "10.77.0.21:6443",
                "10.77.0.22:6443")) {
            assertThat(listens(address)).as(address).isFalse();
        }
        // kubeadm reset ran on the Kubernetes nodes, with --force; the etcd members were stopped under systemd.
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            if (host.startsWith("etcd")) {
                assertThat(resetCalls.get(i)).as(host).containsSubsequence("systemctl stop etcd", "systemctl disable etcd",
                        "systemctl daemon-reload").noneMatch(c -> c.startsWith("kubeadm"));
            } else {
                assertThat(resetCalls.get(i)).as(host).containsExactly("kubeadm reset --force --cleanup-tmp-dir --cri-socket"
                        + " unix:///var/run/containerd/containerd.sock");
            }
        }
        // The workspace: both journals archived, the PKI kept, the cluster file as it was.
        assertThat(workspace.resolve("journal.json")).doesNotExist();
        assertThat(workspace.resolve("admin.conf")).doesNotExist();
        try (Stream<Path> archived = Files.list(workspace.resolve("archive"))) {
            assertThat(archived.map(p -> p.getFileName().toString()).sorted().toList()).satisfiesExactly(
                    install -> assertThat(install).matches("journal-\\d{8}-\\d{6}\\.json"),
                    done -> assertThat(done).matches("journal-\\d{8}-\\d{6}\\.reset\\.json"));
        }
        assertThat(workspace.resolve("pki/etcd/ca.crt")).exists();

        // Back to before kubeha: the same hosts take the cluster again (kubeadm's preflight finds nothing of the last).
        Run again = apply(file, workspace);
        assertThat(again.code()).as(again.all() + diagnostics()).isZero();
        assertThat(again.out()).contains("Cluster lab is installed: 16 tasks succeeded in ");
        assertThat(again.err()).contains("PKI in " + workspace.resolve("pki") + ": reused, nothing to make");
        LabApplyTest.assertEtcdHealthy(workspace, "10.77.0.11", "10.77.0.12", "10.77.0.13");
    }

    /** Each refusal is one line, exit code 2, and reaches no node. */
    /**
     * The reset as a bundle for a site kubeha does not reach: {@code export --operation reset},
     * then each round of its RUNBOOK.md with {@code reset.sh} on the nodes it names. Afterwards the
     * nodes hold nothing of kubeha, not even the script's own markers.
     */
    @Test
    void aResetBundleRunRoundByRoundLeavesNothingEither() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-bundle");
        Path file = cluster();
        Run installed = apply(file, workspace);
        assertThat(installed.code()).as(installed.all() + diagnostics()).isZero();
        cniTraces("worker0");
        Path bundle = temp.resolve("reset-bundle");
        Run exported = kubeha("export", file.toString(), "--operation", "reset", "--out", bundle.toString());
        assertThat(exported.code()).as(exported.all()).isZero();

        String runbook = Files.readString(bundle.resolve("RUNBOOK.md"));
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("(?m)^## Round (\\d+)$|^\\| (\\S+) \\| `sudo nodes/")
                .matcher(runbook);
        String round = null;
        List<String> ran = new ArrayList<>();
        while (rows.find()) {
            if (rows.group(1) != null) {
                round = rows.group(1);
                continue;
            }
            String node = rows.group(2);
            NodeLab.Result r = lab.exec(node, "bash", bundle.resolve("nodes/" + node + "/reset.sh").toString(), "--round",
                    round);
            assertThat(r.code()).as(node + " round " + round + ":\n" + r.output() + diagnostics()).isZero();
            assertThat(r.output()).as(node).contains("[" + node + "] every task of " + node + " is done, and its markers"
                    + " are gone: nothing of kubeha is left here");
            ran.add(round + " " + node);
        }
        assertThat(ran).containsExactly("1 worker0", "2 master1", "2 master0", "3 etcd0", "3 etcd1", "3 etcd2");
        for (String host : HOSTS) {
            for (String path : List.of("/etc/kubernetes", "/etc/kubeha", "/var/lib/kubeha", "/var/lib/kubeha-reset",
                    "/var/lib/kubelet", "/etc/cni/net.d/10-flannel.conflist")) {
                assertThat(lab.exec(host, "test", "-e", path).code()).as(host + ": " + path).isEqualTo(1);
            }
        }
        for (String member : List.of("etcd0", "etcd1", "etcd2")) {
            for (String path : List.of("/var/lib/etcd", "/etc/systemd/system/etcd.service", "/usr/local/bin/etcd")) {
                assertThat(lab.exec(member, "test", "-e", path).code()).as(member + ": " + path).isEqualTo(1);
            }
        }
        assertThat(lab.exec("worker0", "ip", "link", "show", "cni0").code()).isNotZero();
        assertThat(listens("10.77.0.11:2379")).isFalse();
    }

    /** The last line of a command's error stream; the lines before it are validate's warnings, if any. */
    static String onlyLine(Run run) {
        List<String> lines = run.err().lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(l -> assertThat(l).startsWith("warning: "));
        return lines.get(lines.size() - 1);
    }

    @Test
    void badInputIsOneLineAndReachesNoNode() throws Exception {
        lab.fresh();
        Path file = cluster();
        Path workspace = temp.resolve("never-installed");

        Run never = kubeha("reset", file.toString(), "--yes", "--workspace", workspace.toString());
        assertThat(never.code()).isEqualTo(2);
        assertThat(onlyLine(never)).isEqualTo("kubeha: workspace " + workspace + " has no journal of cluster lab:"
                + " nothing was installed from it, so there is nothing to reset (name the install's workspace with"
                + " --workspace)");

        Path missing = temp.resolve("missing.json");
        Run unknown = kubeha("reset", missing.toString(), "--yes", "--workspace", workspace.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("kubeha: " + missing + ": no such file\n");

        Run noTerminal = kubeha("reset", file.toString(), "--workspace", workspace.toString());
        assertThat(noTerminal.code()).isEqualTo(2);
        assertThat(onlyLine(noTerminal)).isEqualTo("kubeha: reset deletes cluster lab from its 6 nodes and asks"
                + " first, but there is no terminal to ask: run it in a terminal, or pass --yes");

        for (String host : HOSTS) {
            assertThat(lab.calls(host)).as(host).isEmpty();
        }
    }

    String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (String host : HOSTS) {
            try {
                text.append("\n--- ").append(host).append(" calls\n").append(String.join("\n", lab.calls(host)));
                String etcd = lab.unitLog(host, "etcd");
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

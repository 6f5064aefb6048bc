package dev.kubeha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.operation.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's second day against the node lab (real sshd, real etcd over TLS, the lab's
 * stand-ins for kubeadm, kubectl and the kubelet): {@code kubeha apply} on an installed cluster
 * looks at the nodes, changes nothing that is as described, never runs kubeadm init or a join a
 * second time, and restarts etcd members only one at a time while the others are healthy.
 */
@Timeout(420)
class LabSecondDayTest {
    static final String VERSION = "v1.37.1";
    static final String LB = "10.77.0.100:6443";
    static final String INIT = "kubeadm init --config /etc/kubeha/kubeadm.yaml";
    static final String JOIN = "kubeadm join --config /etc/kubeha/kubeadm.yaml";
    static final String RESTART_ETCD = "systemctl restart --no-block etcd";
    static final String WAIT_READY = "kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for=condition=Ready nodes --all"
            + " --timeout=30s";

    @RegisterExtension
    static final NodeLab lab = NodeLab.forKubernetes(VERSION)
            .host("etcd0", "10.77.0.11")
            .host("etcd1", "10.77.0.12")
            .host("etcd2", "10.77.0.13")
            .host("master0", "10.77.0.21")
            .host("master1", "10.77.0.22")
            .host("master2", "10.77.0.23")
            .host("worker0", "10.77.0.31")
            .host("worker1", "10.77.0.32")
            .loadBalancer("10.77.0.100", 6443);

    @TempDir
    Path temp;

    /** The lab cluster with etcd {@code topology} (dedicated: etcd0..2; co-located: on master0..2), run by systemd. */
    Path cluster(String topology) throws IOException {
        String json = """
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
                  "etcd": { "topology": "%s", "runtime": "systemd", "version": "3.5.24" },
                  "loadBalancer": { "mode": "external", "endpoint": "%s" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(VERSION, lab.clientKey(), topology, LB);
        if (topology.equals("co-located")) {
            json = json.replaceAll("\\n *\\{ \"name\": \"etcd\\d\"[^\\n]*", "").replace("""
                    { "name": "worker0",""", """
                    { "name": "master2", "host": "10.77.0.23", "privateAddress": "10.77.0.23", "roles": ["control-plane"] },
                    { "name": "worker0",""");
        }
        return Files.writeString(Files.createTempFile(temp, "cluster-" + topology + "-", ".json"), json);
    }

    /** The cluster file with worker1 added after worker0. */
    static Path withWorker1(Path file) throws IOException {
        String json = Files.readString(file);
        String worker0 = "{ \"name\": \"worker0\", \"host\": \"10.77.0.31\", \"roles\": [\"worker\"] }";
        assertThat(json).contains(worker0);
        return Files.writeString(file, json.replace(worker0, worker0 + ",\n    { \"name\": \"worker1\", \"host\":"
                + " \"10.77.0.32\", \"privateAddress\": \"10.77.0.32\", \"roles\": [\"worker\"] }"));
    }

    /** The cluster file with master2 added after master1. */
    static Path withMaster2(Path file) throws IOException {
        String json = Files.readString(file);
        String master1 = "{ \"name\": \"master1\", \"host\": \"10.77.0.22\", \"privateAddress\": \"10.77.0.22\","
                + " \"roles\": [\"control-plane\"] }";
        assertThat(json).contains(master1);
        return Files.writeString(file, json.replace(master1, master1 + ",\n    { \"name\": \"master2\", \"host\":"
                + " \"10.77.0.23\", \"privateAddress\": \"10.77.0.23\", \"roles\": [\"control-plane\"] }"));
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    Run apply(Path file, Path workspace, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("apply", file.toString(), "--yes", "--accept-new-host-keys",
                "--workspace", workspace.toString(), "--include-packages", lab.packages().toString()));
        args.addAll(List.of(more));
        long started = System.nanoTime();
        int code = Cli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                Terminal.nonInteractive(java.util.Map.of()));
        System.out.printf("kubeha apply %s on the lab took %d ms%n", String.join(" ", more),
                (System.nanoTime() - started) / 1_000_000);
        return new Run(code, out.toString(), err.toString());
    }

    static long count(List<String> calls, String call) {
        return calls.stream().filter(call::equals).count();
    }

    /** The etcd cluster at these addresses answers healthy on every member and lists them all as started. */
    static void assertEtcdHealthy(Path workspace, String... ips) throws IOException {
        Path pki = workspace.resolve("pki");
        String endpoints = String.join(",", Arrays.stream(ips).map(ip -> "https://" + ip + ":2379").toList());
        List<String> etcdctl = List.of("env", "ETCDCTL_API=3", "/usr/bin/etcdctl", "--endpoints", endpoints,
                "--cacert", pki.resolve("etcd/ca.crt").toString(), "--cert", pki.resolve("apiserver-etcd-client.crt").toString(),
                "--key", pki.resolve("apiserver-etcd-client.key").toString(), "--command-timeout=5s");
        NodeLab.Result health = NodeLab.run(Stream.concat(etcdctl.stream(), Stream.of("endpoint", "health")).toList());
        assertThat(health.code()).as(health.output()).isZero();
        NodeLab.Result members = NodeLab.run(Stream.concat(etcdctl.stream(), Stream.of("member", "list")).toList());
        assertThat(members.code()).as(members.output()).isZero();
        assertThat(members.output().lines().filter(l -> l.contains(", started, ")).count()).as(members.output())
                .isEqualTo(ips.length);
    }

    String diagnostics(String... hosts) {
        StringBuilder text = new StringBuilder();
        for (String host : hosts) {
            try {
                text.append("\n--- ").append(host).append(" calls\n").append(String.join("\n", lab.calls(host)));
                List<String> etcd = lab.unitLog(host, "etcd").lines().toList();
                if (!etcd.isEmpty()) {
                    text.append("\n--- ").append(host).append(" etcd (last lines)\n")
                            .append(String.join("\n", etcd.subList(Math.max(0, etcd.size() - 10), etcd.size())));
                }
            } catch (IOException e) {
                text.append("\n--- ").append(host).append(": ").append(e.getMessage());
            }
        }
        return text.toString();
    }

    static Path newestLog(Path workspace) throws IOException {
        try (Stream<Path> logs = Files.list(workspace.resolve("logs"))) {
            return logs.max(java.util.Comparator.comparing(Path::getFileName)).orElseThrow();
        }
    }

    /**
     * Install; apply again: exit 0, nothing changes, kubeadm init and every join ran once
     * (lab.calls), no etcd member restarted, the verification ran again. A --resume of the
     * finished journal verifies too. And the lab's kubeadm refuses a second init on master0, as
     * the real one's preflight does.
     */
    @Test
    void installThenApplyAgainChangesNothingAndVerifies() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-again");
        Path file = cluster("dedicated");
        String[] hosts = {"etcd0", "etcd1", "etcd2", "master0", "master1", "worker0"};

        Run install = apply(file, workspace);
        assertThat(install.code()).as(install.all() + diagnostics(hosts)).isZero();
        assertThat(install.out()).contains("Cluster lab is installed: 16 tasks succeeded in ");

        Run again = apply(file, workspace);

        String all = again.all() + diagnostics(hosts);
        assertThat(again.code()).as(all).isZero();
        assertThat(again.out()).as(all).contains(
                "cluster lab is installed: the plan holds only what differs from " + file + ", then the verification\n",
                "  on the nodes: kubectl get nodes on master0 lists master0, master1, worker0; etcd members etcd0, etcd1,"
                        + " etcd2, healthy: etcd0, etcd1, etcd2\n",
                "Plan: 3 tasks;",
                "nothing to change: 6 nodes as described (verified in ");
        assertThat(lab.calls("master0")).as(all).containsOnlyOnce(INIT);
        assertThat(count(lab.calls("master0"), WAIT_READY)).as(all).isEqualTo(2);
        for (String host : List.of("master1", "worker0")) {
            assertThat(lab.calls(host)).as(host).containsOnlyOnce(JOIN);
        }
        for (String host : List.of("etcd0", "etcd1", "etcd2")) {
            assertThat(count(lab.calls(host), RESTART_ETCD)).as(host).isEqualTo(1);
        }
        Journal.Snapshot journal = Workspace.at(workspace).journal().load().orElseThrow();
        assertThat(journal.tasks()).hasSize(16).allSatisfy(e -> assertThat(e.state()).as(e.id()).isEqualTo(TaskState.SUCCEEDED));
        assertEtcdHealthy(workspace, "10.77.0.11", "10.77.0.12", "10.77.0.13");

        Run resumed = apply(file, workspace, "--resume");

        assertThat(resumed.code()).as(resumed.all()).isZero();
        assertThat(resumed.out()).contains("nothing to change: 6 nodes as described (verified in ");
        assertThat(count(lab.calls("master0"), WAIT_READY)).isEqualTo(3);
        assertThat(lab.calls("master0")).containsOnlyOnce(INIT);

        // What a plan that ran init again would meet: the lab's kubeadm refuses as the real preflight does.
        NodeLab.Result second = lab.exec("master0", "/usr/local/sbin/kubeadm", "init", "--config", "/etc/kubeha/kubeadm.yaml");
        assertThat(second.code()).isEqualTo(1);
        assertThat(second.output()).contains("error execution phase preflight: [preflight] Some fatal errors occurred:",
                "[ERROR Port-6443]: Port 6443 is in use", "[ERROR Port-10250]: Port 10250 is in use",
                "[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml"
                        + " already exists");
        NodeLab.Result join = lab.exec("worker0", "/usr/local/sbin/kubeadm", "join", "--config", "/etc/kubeha/kubeadm.yaml");
        assertThat(join.code()).isEqualTo(1);
        assertThat(join.output()).contains("[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf"
                + " already exists");
    }

    /**
     * The journal removed (what the refusal of a second apply used to suggest): apply finds the
     * cluster on the nodes, runs neither kubeadm init nor a join, and restarts the three etcd
     * members on the masters one after another, each after the others answered healthy; etcd
     * keeps all three members and ends healthy.
     */
    @Test
    void withoutTheJournalApplyRestartsEtcdOneMemberAtATimeAndNeverInitsAgain() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-no-journal");
        Path file = cluster("co-located");
        String[] hosts = {"master0", "master1", "master2", "worker0"};
        Run install = apply(file, workspace);
        assertThat(install.code()).as(install.all() + diagnostics(hosts)).isZero();
        Files.delete(workspace.resolve("journal.json"));

        Run again = apply(file, workspace);

        String all = again.all() + diagnostics(hosts);
        assertThat(again.code()).as(all).isZero();
        assertThat(again.out()).as(all).contains(
                "cluster lab is installed: the plan holds only what differs from " + file + ", then the verification\n",
                "Cluster lab is as described: ");
        assertThat(lab.calls("master0")).as(all).containsOnlyOnce(INIT);
        for (String host : List.of("master1", "master2", "worker0")) {
            assertThat(lab.calls(host)).as(host).containsOnlyOnce(JOIN);
        }
        for (String host : List.of("master0", "master1", "master2")) {
            assertThat(count(lab.calls(host), RESTART_ETCD)).as(host).isEqualTo(2);
        }
        // One member at a time: each restart's gate passed only after the previous restart's task ended.
        // The log's lines without their time: "master0 master0/etcd succeeded".
        List<String> log = Files.readAllLines(newestLog(workspace)).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        List<String> order = log.stream().filter(l -> l.matches("master\\d master\\d/etcd(-quorum)? succeeded"))
                .map(l -> l.split(" ")[1]).toList();
        assertThat(order).as(String.join("\n", log)).containsExactly("master0/etcd-quorum", "master0/etcd",
                "master1/etcd-quorum", "master1/etcd", "master2/etcd-quorum", "master2/etcd");
        assertThat(log).anyMatch(l -> l.equals("master0 etcd/healthy succeeded"));
        assertEtcdHealthy(workspace, "10.77.0.21", "10.77.0.22", "10.77.0.23");
        // The journal records this run; the next apply has nothing to change.
        Run third = apply(file, workspace);
        assertThat(third.code()).as(third.all()).isZero();
        assertThat(third.out()).contains("nothing to change: 4 nodes as described (verified in ");
        for (String host : List.of("master0", "master1", "master2")) {
            assertThat(count(lab.calls(host), RESTART_ETCD)).as(host).isEqualTo(2);
        }
    }

    /**
     * A worker and a master added to cluster.json two days after the install (on the lab's clock,
     * where the API server's tokens expire, and on the workstation's, where the token file ages):
     * the next apply makes a new bootstrap token, has master0 create it on the cluster, checks that
     * the external load balancer serves with master2 named as its new backend, and runs only
     * worker1's and master2's preparation and join, then the verification. The stored token no
     * longer joins.
     */
    @Test
    void aWorkerAndAMasterAddedTwoDaysLaterJoinWithANewTokenAndNothingElseRuns() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-add-nodes");
        Path file = cluster("dedicated");
        String[] hosts = {"etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0", "worker1"};
        Run install = apply(file, workspace);
        assertThat(install.code()).as(install.all() + diagnostics(hosts)).isZero();
        Path tokenFile = workspace.resolve("pki/bootstrap-token");
        String oldToken = Files.readString(tokenFile).trim();

        // Two days later.
        Files.writeString(lab.dir().resolve("api/clock-offset"), String.valueOf(2 * 86400));
        Files.setLastModifiedTime(tokenFile, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        // What the old token meets now: kubeadm's discovery finds it no more.
        NodeLab.Result list = lab.exec("master0", "/usr/local/sbin/kubeadm", "token", "list");
        assertThat(list.code()).as(list.output()).isZero();
        assertThat(list.output()).doesNotContain(oldToken.substring(0, 6));
        withMaster2(withWorker1(file));

        Run add = apply(file, workspace);

        String all = add.all() + diagnostics(hosts);
        assertThat(add.code()).as(all).isZero();
        String newToken = Files.readString(tokenFile).trim();
        assertThat(newToken).isNotEqualTo(oldToken).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(add.out()).as(all).contains(
                "the bootstrap token in " + tokenFile + " was made ",
                ", more than 24 h ago (kubeadm's lifetime): a new one replaces it, created on the cluster before master2,"
                        + " worker1 join\n",
                "Plan: 9 tasks;",
                "Cluster lab is as described: 9 tasks succeeded in ");
        assertThat(add.all() + Files.readString(newestLog(workspace))).doesNotContain(newToken.substring(7), oldToken.substring(7));
        assertThat(Workspace.at(workspace).journal().load().orElseThrow().tasks()).hasSize(21)
                .allSatisfy(e -> assertThat(e.state()).as(e.id()).isEqualTo(TaskState.SUCCEEDED))
                .extracting(Journal.Entry::id).contains("bootstrap-token/known", "worker1/prepare", "worker1/kubeadm-join",
                        "master2/prepare", "master2/kubeadm-join");
        assertThat(lab.calls("worker1")).as(all).containsOnlyOnce(JOIN);
        assertThat(lab.calls("master2")).as(all).containsOnlyOnce(JOIN);
        // The plan's token list after the test's own, then the create; the installed nodes' tasks did not run.
        assertThat(count(lab.calls("master0"), "kubeadm token list")).as(all).isEqualTo(2);
        assertThat(lab.calls("master0")).as(all).containsOnlyOnce(INIT)
                .containsOnlyOnce("kubeadm token create " + newToken + " --ttl 24h0m0s --description kubeha: joins the nodes of lab");
        for (String host : List.of("master1", "worker0")) {
            assertThat(lab.calls(host)).as(host).containsOnlyOnce(JOIN);
        }
        List<String> log = Files.readAllLines(newestLog(workspace)).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        List<String> ran = log.stream().filter(l -> l.endsWith(" running")).map(l -> l.split(" ")[1]).toList();
        assertThat(ran).as(all).containsExactlyInAnyOrder("bootstrap-token/known", "worker1/prepare", "worker1/kubeadm-join",
                "master2/prepare", "load-balancer/serves-api", "master2/kubeadm-join",
                "verify/cluster", "verify/etcd", "fetch/admin-conf");
        // The operator's part names the new master alone.
        assertThat(add.out()).as(all).contains("    add master2 10.77.0.23:6443 to the load balancer " + LB
                + " (it forwards to master0, master1 already); waiting until it serves /healthz from master0\n");
        for (String host : List.of("etcd0", "etcd1", "etcd2")) {
            assertThat(count(lab.calls(host), RESTART_ETCD)).as(host).isEqualTo(1);
        }
        NodeLab.Result nodes = lab.exec("master0", "/usr/local/sbin/kubectl", "--kubeconfig=/etc/kubernetes/admin.conf", "get", "nodes", "-o", "name");
        assertThat(nodes.output().lines()).containsExactlyInAnyOrder("node/master0", "node/master1", "node/master2",
                "node/worker0", "node/worker1");

        // And the next apply has nothing to change.
        Run again = apply(file, workspace);
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("nothing to change: 8 nodes as described (verified in ");
    }

    /**
     * HAProxy and keepalived on the masters, kubeadm's own (stacked) etcd: master2 added to
     * cluster.json joins on the next apply. Every master's HAProxy gets master2 as a backend and
     * the masters reload one after another, each until the virtual IP answers again, before
     * master2 joins through it; nothing else of the installation runs again.
     */
    @Test
    void aMasterAddedBehindHaproxyReloadsTheMastersOneAtATimeThenJoins() throws Exception {
        lab.fresh();
        Path workspace = temp.resolve("ws-add-master-haproxy");
        String master2 = "{ \"name\": \"master2\", \"host\": \"10.77.0.23\", \"privateAddress\": \"10.77.0.23\","
                + " \"roles\": [\"control-plane\"] },\n    ";
        String json = """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "lab", "kubernetesVersion": "%s",
                  "ssh": { "user": "root", "identityFile": "%s", "sudo": false },
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "master0", "host": "10.77.0.21", "privateAddress": "10.77.0.21", "roles": ["control-plane"] },
                    { "name": "master1", "host": "10.77.0.22", "privateAddress": "10.77.0.22", "roles": ["control-plane"] },
                    { "name": "worker0", "host": "10.77.0.31", "roles": ["worker"] }
                  ],
                  "etcd": { "topology": "co-located", "runtime": "static-pod" },
                  "loadBalancer": { "mode": "haproxy-keepalived", "virtualIp": "10.77.0.200" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(VERSION, lab.clientKey());
        Path file = Files.writeString(temp.resolve("cluster-haproxy.json"), json);
        String[] hosts = {"master0", "master1", "master2", "worker0"};
        Run install = apply(file, workspace);
        assertThat(install.code()).as(install.all() + diagnostics(hosts)).isZero();
        Files.writeString(file, json.replace("{ \"name\": \"worker0\"", master2 + "{ \"name\": \"worker0\""));

        Run add = apply(file, workspace);

        String all = add.all() + diagnostics(hosts);
        assertThat(add.code()).as(all).isZero();
        assertThat(add.out()).as(all).contains("Cluster lab is as described: ");
        List<String> log = Files.readAllLines(newestLog(workspace)).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        List<String> ran = log.stream().filter(l -> l.endsWith(" running")).map(l -> l.split(" ")[1]).toList();
        assertThat(ran).as(all).containsExactlyInAnyOrder("bootstrap-token/known", "master2/prepare",
                "master0/load-balancer", "master1/load-balancer", "master2/load-balancer", "master2/kubeadm-join",
                "verify/cluster", "fetch/admin-conf");
        // One master at a time: each reload starts after the previous one's virtual IP check passed.
        List<String> order = log.stream().filter(l -> l.matches("master\\d master\\d/load-balancer (running|succeeded)"))
                .map(l -> l.split(" ", 2)[1]).toList();
        assertThat(order).as(String.join("\n", log)).containsSubsequence(
                "master0/load-balancer running", "master0/load-balancer succeeded",
                "master1/load-balancer running", "master1/load-balancer succeeded",
                "master2/load-balancer running", "master2/load-balancer succeeded");
        assertThat(order.indexOf("master1/load-balancer running")).isGreaterThan(order.indexOf("master0/load-balancer succeeded"));
        assertThat(order.indexOf("master2/load-balancer running")).isGreaterThan(order.indexOf("master1/load-balancer succeeded"));
        assertThat(log.indexOf("master2 master2/kubeadm-join running")).as(String.join("\n", log))
                .isGreaterThan(log.indexOf("master2 master2/load-balancer succeeded"));
        for (String master : List.of("master0", "master1", "master2")) {
            assertThat(lab.exec(master, "cat", "/etc/haproxy/haproxy.cfg").output()).as(master)
                    .contains("server master0 10.77.0.21:6443", "server master2 10.77.0.23:6443");
            assertThat(lab.exec(master, "systemctl", "is-active", "haproxy", "keepalived").output()).as(master)
                    .isEqualTo("active\nactive\n");
        }
        assertThat(count(lab.calls("master0"), "systemctl reload-or-restart haproxy keepalived")).isEqualTo(2);
        assertThat(lab.calls("master0")).containsOnlyOnce(INIT);
        assertThat(lab.calls("master1")).containsOnlyOnce(JOIN);
        assertThat(lab.calls("master2")).containsOnlyOnce(JOIN);
        assertThat(LabApplyTest.curlHealthz().code()).isZero();

        Run again = apply(file, workspace);
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("nothing to change: 4 nodes as described (verified in ");
    }
}

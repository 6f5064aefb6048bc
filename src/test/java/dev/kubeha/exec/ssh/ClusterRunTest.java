package dev.kubeha.exec.ssh;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Executor;
import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.plan.ClusterPlanBuilder;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.NodeFileSource;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A whole cluster plan per topology, run over SSH against one embedded server per node. */
@Timeout(30)
class ClusterRunTest {

    /** Stand-in for the renderers: one file per node and stage. */
    static final NodeFileSource FILES = (node, stage) -> List.of(Step.UploadFile.rootOwned(
            stage == dev.kubeha.plan.Stage.PREPARE ? dev.kubeha.plan.NodePaths.PREPARE_SCRIPT
                    : "/etc/kubeha/" + stage.name().toLowerCase() + ".conf", 0600,
            (node.name() + " " + stage + "\n").getBytes(StandardCharsets.UTF_8), true));

    @TempDir
    Path dir;
    final Map<String, ScriptedSshNode> servers = new HashMap<>();
    final List<ExecEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (ScriptedSshNode n : servers.values()) {
            n.close();
        }
    }

    static Node node(String name, int i, Role role) {
        return new Node(name, "192.0.2." + i, "10.0.0." + i, null, List.of(role), null, null);
    }

    Cluster cluster(EtcdSettings etcd, LoadBalancer lb, boolean dedicatedEtcd, int workers) {
        List<Node> nodes = new ArrayList<>();
        if (dedicatedEtcd) {
            for (int i = 0; i < 3; i++) {
                nodes.add(node("etcd" + i, 10 + i, Role.ETCD));
            }
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(node("master" + i, 20 + i, Role.CONTROL_PLANE));
        }
        for (int i = 0; i < workers; i++) {
            nodes.add(node("worker" + i, 30 + i, Role.WORKER));
        }
        return new Cluster(null, null, "lab", "v1.37.1", null, null, nodes, etcd, lb, null, null);
    }

    RunResult install(Cluster cluster) throws Exception {
        Path keys = dir.resolve("keys");
        Files.createDirectories(keys);
        Path key = SshTransportTestKeys.ecdsa(keys);
        Map<String, SshTarget> targets = new HashMap<>();
        for (Node n : cluster.nodes()) {
            ScriptedSshNode server = new ScriptedSshNode(n.name(), dir.resolve("nodes").resolve(n.name()),
                    Path.of(key + ".pub"), null);
            servers.put(n.name(), server);
            // The cluster's addresses are documentation addresses; every node is really 127.0.0.1:port.
            targets.put(n.name(), new SshTarget(n.name(), "127.0.0.1", server.port(), "root", key, false));
        }
        ScriptedSshNode master0 = servers.get("master0");
        master0.on("^kubeadm init", call -> {
            Path admin = master0.file("/etc/kubernetes/admin.conf");
            Files.createDirectories(admin.getParent());
            Files.writeString(admin, "kind: Config\n");
            return 0;
        });
        Plan plan = new ClusterPlanBuilder(cluster, FILES, new CniSource.Url("https://example.com/cni.yaml")).build().plan();
        Path workspace = dir.resolve("workspace");
        SshTransport transport = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                SshSecrets.NONE, SshOptions.DEFAULT);
        Executor executor = new Executor(transport, ExecOptions.defaults(workspace));
        executor.addListener(events::add);
        RunResult result = executor.run(plan);
        assertThat(result.succeeded()).as(result.messages().toString()).isTrue();
        for (ScriptedSshNode server : servers.values()) {
            assertThat(server.sessions.get()).as(server.name).isEqualTo(1);
            assertThat(server.count("^bash /etc/kubeha/prepare-node.sh( --load-balancer)?$")).isEqualTo(1);
            assertThat(Files.readString(server.file("/etc/kubeha/prepare-node.sh"))).startsWith(server.name + " PREPARE");
        }
        assertThat(Files.readString(workspace.resolve("admin.conf"))).isEqualTo("kind: Config\n");
        return result;
    }

    /** Index in the event stream where a task reached a state. */
    int when(String taskId, TaskState state) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof ExecEvent.TaskStateChanged s && s.taskId().equals(taskId) && s.state() == state) {
                return i;
            }
        }
        throw new AssertionError(taskId + " never became " + state);
    }

    @Test
    void stackedEtcdWithAnExternalLoadBalancer() throws Exception {
        install(cluster(EtcdSettings.defaults(), new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null),
                false, 2));
        assertThat(servers.get("master0").innerCommands()).contains("kubeadm init --config /etc/kubeha/kubeadm.yaml",
                "kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f https://example.com/cni.yaml");
        // Stacked etcd: the second join starts only after the first has finished.
        assertThat(when("master2/kubeadm-join", TaskState.RUNNING))
                .isGreaterThan(when("master1/kubeadm-join", TaskState.SUCCEEDED));
        assertThat(when("worker0/kubeadm-join", TaskState.RUNNING)).isGreaterThan(when("cni/apply", TaskState.SUCCEEDED));
        assertThat(when("fetch/admin-conf", TaskState.RUNNING)).isGreaterThan(when("verify/cluster", TaskState.SUCCEEDED));
    }

    @Test
    void dedicatedEtcdWithHaproxyAndKeepalived() throws Exception {
        install(cluster(new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, null),
                new LoadBalancer(LoadBalancerMode.HAPROXY_KEEPALIVED, null, "10.0.0.100/24"), true, 1));
        for (int i = 0; i < 3; i++) {
            ScriptedSshNode etcd = servers.get("etcd" + i);
            assertThat(etcd.count("^bash /etc/kubeha/install-etcd.sh$")).isEqualTo(1);
            assertThat(etcd.count("systemctl restart --no-block etcd")).isEqualTo(1);
            assertThat(etcd.file("/etc/kubeha/etcd.conf")).exists();
            assertThat(servers.get("master" + i).count("systemctl reload-or-restart haproxy keepalived")).isEqualTo(1);
            // The masters' prepare installs HAProxy and keepalived too.
            assertThat(servers.get("master" + i).count("^bash /etc/kubeha/prepare-node.sh --load-balancer$")).isEqualTo(1);
        }
        assertThat(when("master0/kubeadm-init", TaskState.RUNNING)).isGreaterThan(when("etcd/healthy", TaskState.SUCCEEDED));
        assertThat(servers.get("etcd0").innerCommands()).anyMatch(c -> c.contains("https://10.0.0.12:2379/health"));
        assertThat(servers.get("worker0").count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
    }

    @Test
    void colocatedEtcdUnderSystemd() throws Exception {
        install(cluster(new EtcdSettings(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, null),
                new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null), false, 1));
        assertThat(servers.get("master2").count("systemctl restart --no-block etcd")).isEqualTo(1);
        assertThat(when("master0/kubeadm-init", TaskState.RUNNING)).isGreaterThan(when("etcd/healthy", TaskState.SUCCEEDED));
    }
}

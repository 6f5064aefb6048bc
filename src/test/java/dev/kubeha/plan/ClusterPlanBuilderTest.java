package dev.kubeha.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPlanBuilderTest {

    /** Fake renderer output: one file per node and stage whose content names both. */
    static final NodeFileSource FAKE_FILES = (node, stage) -> List.of(Step.UploadFile.rootOwned(
            stage == Stage.PREPARE ? NodePaths.PREPARE_SCRIPT : "/etc/kubeha/fake-" + stage.name().toLowerCase() + ".conf", 0600,
            (node.name() + " " + stage).getBytes(StandardCharsets.UTF_8), true));

    static Node node(String name, int i, Role... roles) {
        return new Node(name, "10.0.0." + i, "10.0.1." + i, null, List.of(roles), null, null);
    }

    static Cluster cluster(EtcdSettings etcd, LoadBalancer lb, boolean dedicatedEtcd, int workers) {
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

    static final LoadBalancer EXTERNAL_LB = new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null);

    @Test
    void stackedEtcdJoinsMastersOneAtATime() {
        ClusterPlanBuilder.Result result = new ClusterPlanBuilder(cluster(EtcdSettings.defaults(), EXTERNAL_LB, false, 2),
                FAKE_FILES, new CniSource.Url("https://example.com/cni.yaml")).build();
        Plan plan = result.plan();
        assertThat(result.warnings()).isEmpty();
        assertThat(plan.task("etcd/healthy")).isEmpty();
        assertThat(deps(plan, "master0/kubeadm-init")).containsExactlyInAnyOrder("master0/prepare", "load-balancer/reachable");
        assertThat(deps(plan, "master1/kubeadm-join")).contains("master0/kubeadm-init", "load-balancer/serves-api");
        assertThat(deps(plan, "master2/kubeadm-join")).contains("master1/kubeadm-join").doesNotContain("master0/kubeadm-init");
        assertThat(deps(plan, "worker0/kubeadm-join")).containsExactlyInAnyOrder("worker0/prepare", "cni/apply",
                "load-balancer/serves-api");
        assertThat(deps(plan, "cni/apply")).containsExactly("master0/kubeadm-init");
        assertThat(plan.task("master0/kubeadm-init").orElseThrow().probe()).isNotNull();
        assertThat(plan.task("master0/kubeadm-init").orElseThrow().retrySafe()).isFalse();
        // Fetching admin.conf is last, after every verification.
        assertThat(plan.topologicalOrder().get(plan.tasks().size() - 1).id()).isEqualTo("fetch/admin-conf");
        assertThat(deps(plan, "fetch/admin-conf"))
                .containsExactly("verify/cluster");
        assertThat(plan.task("verify/cluster").orElseThrow().steps()).hasSize(3);
        // The files of the renderer are uploaded by the task of their stage.
        assertThat(plan.task("worker1/kubeadm-join").orElseThrow().steps().get(0))
                .isEqualTo(FAKE_FILES.files(node("worker1", 31, Role.WORKER), Stage.KUBEADM).get(0));
    }

    @Test
    void anAirGappedNodeImportsItsImagesAfterPreparationAndBeforeKubeadm() {
        EtcdSettings pods = new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.STATIC_POD, null);
        var pause = new dev.kubeha.render.ImageImportScript.Entry("a".repeat(64), "pause-3.10.2.oci.tar",
                "registry.k8s.io/pause:3.10.2");
        var proxy = new dev.kubeha.render.ImageImportScript.Entry("b".repeat(64), "kube-proxy-v1.37.1.oci.tar",
                "registry.k8s.io/kube-proxy:v1.37.1");
        ImageImports images = new ImageImports(java.util.Map.of("etcd0", List.of(pause), "master0", List.of(pause, proxy),
                "worker0", List.of(pause, proxy)));
        Plan plan = new ClusterPlanBuilder(cluster(pods, EXTERNAL_LB, true, 1), FAKE_FILES,
                new CniSource.Url("https://example.com/cni.yaml")).withImages(images).build().plan();
        assertThat(deps(plan, "etcd0/images")).containsExactly("etcd0/prepare");
        assertThat(deps(plan, "etcd0/etcd")).containsExactly("etcd0/images");
        assertThat(deps(plan, "master0/kubeadm-init")).contains("master0/images").doesNotContain("master0/prepare");
        assertThat(deps(plan, "worker0/kubeadm-join")).contains("worker0/images");
        assertThat(plan.task("etcd1/images")).isEmpty();
        assertThat(deps(plan, "etcd1/etcd")).containsExactly("etcd1/prepare");
        Task master0 = plan.task("master0/images").orElseThrow();
        assertThat(master0.title()).isEqualTo("import 2 container images");
        assertThat(plan.task("etcd0/images").orElseThrow().title()).isEqualTo("import 1 container image");
        assertThat(master0.retrySafe()).isTrue();
        assertThat(master0.probe().command().line()).isEqualTo("{ bash /etc/kubeha/import-images.sh --check; } >/dev/null 2>&1");
        Step.UploadFile list = (Step.UploadFile) master0.steps().get(1);
        assertThat(list.path()).isEqualTo("/etc/kubeha/images.list");
        assertThat(new String(list.content(), StandardCharsets.UTF_8)).endsWith(
                "a".repeat(64) + " pause-3.10.2.oci.tar registry.k8s.io/pause:3.10.2\n"
                + "b".repeat(64) + " kube-proxy-v1.37.1.oci.tar registry.k8s.io/kube-proxy:v1.37.1\n");
    }

    @Test
    void externalEtcdJoinsMastersInParallelAfterEtcdIsHealthy() {
        EtcdSettings dedicated = new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, null);
        Plan plan = new ClusterPlanBuilder(cluster(dedicated, EXTERNAL_LB, true, 3), FAKE_FILES,
                new CniSource.Manifest("kind: List".getBytes(StandardCharsets.UTF_8))).build().plan();
        assertThat(deps(plan, "etcd/healthy")).containsExactlyInAnyOrder("etcd0/etcd", "etcd1/etcd", "etcd2/etcd");
        assertThat(deps(plan, "etcd1/etcd")).containsExactly("etcd1/prepare");
        assertThat(deps(plan, "master0/kubeadm-init")).contains("etcd/healthy");
        assertThat(deps(plan, "master1/kubeadm-join")).containsExactlyInAnyOrder("master1/prepare", "master0/kubeadm-init",
                "load-balancer/serves-api");
        assertThat(deps(plan, "master2/kubeadm-join")).containsExactlyInAnyOrder("master2/prepare", "master0/kubeadm-init",
                "load-balancer/serves-api");
        assertThat(plan.task("verify/etcd").orElseThrow().node()).isEqualTo("etcd0");
        // Critical path with equal step times: prepare → etcd → healthy → lb? no: lb runs beside etcd.
        Plan.CriticalPath path = plan.criticalPath(s -> java.time.Duration.ofMillis(200));
        assertThat(path.taskIds()).startsWith("etcd0/prepare").endsWith("fetch/admin-conf");
    }

    @Test
    void haproxyKeepalivedRunsOnEveryMasterBeforeInitAndWithoutCniTheBuilderWarns() {
        LoadBalancer lb = new LoadBalancer(LoadBalancerMode.HAPROXY_KEEPALIVED, null, "10.0.1.100/24");
        ClusterPlanBuilder.Result result = new ClusterPlanBuilder(cluster(EtcdSettings.defaults(), lb, false, 1),
                FAKE_FILES, null).build();
        Plan plan = result.plan();
        assertThat(result.warnings()).singleElement().asString().contains("CNI");
        assertThat(plan.task("cni/apply")).isEmpty();
        // Init waits until the virtual IP answers, which needs every master's HAProxy and keepalived.
        assertThat(deps(plan, "master0/kubeadm-init")).contains("load-balancer/reachable");
        assertThat(deps(plan, "load-balancer/reachable")).containsExactly("master0/load-balancer", "master1/load-balancer",
                "master2/load-balancer");
        assertThat(plan.task("load-balancer/reachable").orElseThrow().title())
                .isEqualTo("virtual IP 10.0.1.100:8443 accepts connections");
        assertThat(plan.task("load-balancer/reachable").orElseThrow().steps()).singleElement().asString()
                .contains("/dev/tcp/10.0.1.100/8443");
        assertThat(deps(plan, "worker0/kubeadm-join")).contains("master0/kubeadm-init");
        assertThat(plan.task("verify/cluster").orElseThrow().steps().get(2).describe()).contains("10.0.1.100:8443");
        // Our own load balancer needs no operator: no checkpoint.
        assertThat(plan.task("load-balancer/serves-api")).isEmpty();
        assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.checkpoint()).isNull());
    }

    @Test
    void anExternalLoadBalancerIsACheckpointAfterInitBeforeAnythingJoinsThroughIt() {
        Plan plan = new ClusterPlanBuilder(cluster(EtcdSettings.defaults(), EXTERNAL_LB, false, 1), FAKE_FILES,
                new CniSource.Url("https://example.com/cni.yaml")).build().plan();
        Task checkpoint = plan.task("load-balancer/serves-api").orElseThrow();
        assertThat(checkpoint.node()).isEqualTo("master0");
        assertThat(checkpoint.dependsOn()).containsExactly("master0/kubeadm-init");
        assertThat(checkpoint.retrySafe()).isTrue();
        assertThat(checkpoint.checkpoint()).isEqualTo(new LoadBalancerCheckpoint("lb.example.com:6443", List.of(
                new LoadBalancerCheckpoint.Backend("master0", "10.0.1.20:6443"),
                new LoadBalancerCheckpoint.Backend("master1", "10.0.1.21:6443"),
                new LoadBalancerCheckpoint.Backend("master2", "10.0.1.22:6443"))));
        assertThat(checkpoint.checkpoint().describe()).isEqualTo("add master0 10.0.1.20:6443, master1 10.0.1.21:6443, "
                + "master2 10.0.1.22:6443 to the load balancer lb.example.com:6443");
        // Checked from master0 over SSH, as the nodes see the endpoint; each failed attempt says why.
        assertThat(checkpoint.steps()).singleElement().isInstanceOfSatisfying(Step.WaitFor.class, w -> {
            assertThat(w.check().command().line())
                    .isEqualTo("curl -fsSk --max-time 5 -o /dev/null https://lb.example.com:6443/healthz");
            assertThat(w.check().asRoot()).isTrue();
        });
        // Every join goes through the endpoint, so after the checkpoint; nothing before init waits for it.
        assertThat(plan.transitiveDependants("load-balancer/serves-api")).contains("master1/kubeadm-join",
                "master2/kubeadm-join", "worker0/kubeadm-join", "verify/cluster", "fetch/admin-conf")
                .doesNotContain("cni/apply");
        assertThat(plan.tasks()).filteredOn(t -> t.checkpoint() != null).extracting(Task::id)
                .containsExactly("load-balancer/serves-api");

        // A single master and no worker: nothing joins through the endpoint, no checkpoint.
        Cluster alone = new Cluster(null, null, "lab", "v1.37.1", null, null, List.of(node("master0", 20, Role.CONTROL_PLANE)),
                EtcdSettings.defaults(), EXTERNAL_LB, null, null);
        assertThat(new ClusterPlanBuilder(alone, FAKE_FILES, null).build().plan().task("load-balancer/serves-api")).isEmpty();
    }

    private static List<String> deps(Plan plan, String id) {
        return plan.task(id).orElseThrow(() -> new AssertionError("no task " + id)).dependsOn();
    }
}

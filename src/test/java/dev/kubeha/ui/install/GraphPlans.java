package dev.kubeha.ui.install;

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
import dev.kubeha.plan.NodePaths;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Stage;
import dev.kubeha.plan.Step;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plans built by the real plan builder for the graph's tests and its benchmark. */
final class GraphPlans {
    /** One secret file per node and stage; the prepare stage holds the prepare script. */
    static final NodeFileSource FILES = (node, stage) -> List.of(Step.UploadFile.rootOwned(
            stage == Stage.PREPARE ? NodePaths.PREPARE_SCRIPT : "/etc/kubeha/" + stage.name().toLowerCase(Locale.ROOT) + ".conf",
            0600, (node.name() + " " + stage + "\n").getBytes(StandardCharsets.UTF_8), true));

    private GraphPlans() {
    }

    /** 3 dedicated etcd members (systemd), 3 masters, {@code workers} workers, an external load balancer. */
    static Cluster cluster(int workers) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new Node("etcd" + i, "192.0.2.1", "10.0.0." + (10 + i), null, List.of(Role.ETCD), null, null));
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(new Node("master" + i, "192.0.2.1", "10.0.0." + (20 + i), null, List.of(Role.CONTROL_PLANE), null, null));
        }
        for (int i = 0; i < workers; i++) {
            nodes.add(new Node("worker" + i, "192.0.2.1", "10.0.1." + i, null, List.of(Role.WORKER), null, null));
        }
        return new Cluster(null, null, "big", "v1.37.1", null, null, nodes,
                new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, null),
                new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null), null, null);
    }

    static Plan plan(Cluster cluster) {
        return new ClusterPlanBuilder(cluster, FILES, new CniSource.Url("https://example.com/cni.yaml")).build().plan();
    }
}

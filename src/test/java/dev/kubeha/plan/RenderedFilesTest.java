package dev.kubeha.plan;

import dev.kubeha.operation.Workspace;
import static dev.kubeha.model.ClusterFixtures.node;
import static dev.kubeha.model.ClusterFixtures.validWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFixtures;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiWorkspace;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real renderers' and PKI's files, sorted into the plan's stages, and the plan built over them. */
class RenderedFilesTest {
    @TempDir
    Path workspace;

    private record Built(Cluster cluster, RenderedFiles files, Plan plan) {
    }

    private Built build(Consumer<ObjectNode> change) throws Exception {
        Cluster cluster = ClusterFixtures.parse(validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
            change.accept(r);
        }));
        ClusterPki pki = new ClusterPkiGenerator().ensure(cluster, Workspace.at(workspace).pki()).pki();
        RenderedFiles files = RenderedFiles.of(cluster, pki);
        Plan plan = new ClusterPlanBuilder(cluster, files, new CniSource.Url("https://example.com/cni.yml")).build().plan();
        return new Built(cluster, files, plan);
    }

    private static List<String> paths(RenderedFiles files, Cluster cluster, String node, Stage stage) {
        return files.files(cluster.node(node).orElseThrow(), stage).stream().map(Step.UploadFile::path).toList();
    }

    @Test
    void dedicatedSystemdEtcdMembersGetTheirUnitAndCertificatesAndNoKubelet() throws Exception {
        Built b = build(r -> { });
        assertThat(paths(b.files(), b.cluster(), "etcd0", Stage.PREPARE)).isEmpty();
        assertThat(paths(b.files(), b.cluster(), "etcd0", Stage.ETCD)).contains(
                "/etc/kubeha/install-etcd.sh", "/etc/systemd/system/etcd.service", "/etc/etcd.env",
                "/etc/kubernetes/pki/etcd/ca.crt", "/etc/kubernetes/pki/etcd/server.key",
                "/etc/kubernetes/pki/etcd/peer.crt", "/etc/kubernetes/pki/etcd/healthcheck-client.key");
        assertThat(paths(b.files(), b.cluster(), "etcd0", Stage.KUBEADM)).isEmpty();
        assertThat(b.plan().task("etcd0/prepare")).isEmpty();
        Task etcd = b.plan().task("etcd0/etcd").orElseThrow();
        assertThat(etcd.dependsOn()).isEmpty();
        assertThat(etcd.steps()).filteredOn(s -> s instanceof Step.RunCommand)
                .extracting(Step::describe)
                .containsExactly("run bash /etc/kubeha/install-etcd.sh",
                        "run systemctl daemon-reload && systemctl enable etcd && systemctl restart --no-block etcd");
    }

    @Test
    void mastersGetTheSharedCasAndTheEtcdClientButNoLeafOfTheirOwn() throws Exception {
        Built b = build(r -> { });
        assertThat(paths(b.files(), b.cluster(), "master1", Stage.KUBEADM)).containsExactlyInAnyOrder(
                "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
                "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
                "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub", "/etc/kubernetes/pki/etcd/ca.crt",
                "/etc/kubernetes/pki/apiserver-etcd-client.crt", "/etc/kubernetes/pki/apiserver-etcd-client.key",
                "/etc/kubeha/kubeadm.yaml");
        assertThat(b.files().files(b.cluster().node("master1").orElseThrow(), Stage.KUBEADM))
                .filteredOn(f -> f.path().endsWith(".key") || f.path().endsWith("kubeadm.yaml"))
                .allSatisfy(f -> {
                    assertThat(f.secret()).as(f.path()).isTrue();
                    assertThat(f.mode()).as(f.path()).isEqualTo(0600);
                });
        assertThat(paths(b.files(), b.cluster(), "worker0", Stage.KUBEADM)).containsExactly("/etc/kubeha/kubeadm.yaml");
    }

    @Test
    void haproxyFilesGoWithTheLoadBalancerTask() throws Exception {
        Built b = build(r -> r.withObjectProperty("loadBalancer").put("mode", "haproxy-keepalived")
                .put("virtualIp", "10.0.0.100/24").remove("endpoint"));
        assertThat(paths(b.files(), b.cluster(), "master2", Stage.LOAD_BALANCER)).containsExactlyInAnyOrder(
                "/etc/haproxy/haproxy.cfg", "/etc/keepalived/keepalived.conf", "/etc/keepalived/check_apiserver.sh");
        assertThat(b.plan().task("master2/load-balancer").orElseThrow().dependsOn()).containsExactly("master2/prepare");
    }

    @Test
    void stackedEtcdPutsTheEtcdCaKeyOnTheMastersAndRendersNoEtcdFiles() throws Exception {
        Built b = build(r -> {
            r.withObjectProperty("etcd").put("topology", "co-located").put("runtime", "static-pod");
            for (int i = 0; i < 3; i++) {
                ClusterFixtures.nodes(r).remove(0);
            }
        });
        assertThat(paths(b.files(), b.cluster(), "master0", Stage.KUBEADM)).contains(
                "/etc/kubernetes/pki/etcd/ca.key").doesNotContain("/etc/kubernetes/pki/apiserver-etcd-client.crt");
        assertThat(paths(b.files(), b.cluster(), "master0", Stage.ETCD)).isEmpty();
        assertThat(b.plan().task("master1/kubeadm-join").orElseThrow().dependsOn())
                .containsExactly("master1/prepare", "master0/kubeadm-init", "load-balancer/serves-api");
        assertThat(b.plan().task("master2/kubeadm-join").orElseThrow().dependsOn())
                .containsExactly("master2/prepare", "master1/kubeadm-join", "load-balancer/serves-api");
    }

    @Test
    void dedicatedStaticPodMembersRunAKubeletForTheirEtcdPod() throws Exception {
        Built b = build(r -> r.withObjectProperty("etcd").put("runtime", "static-pod"));
        assertThat(paths(b.files(), b.cluster(), "etcd1", Stage.PREPARE)).containsExactly("/etc/kubeha/prepare-node.sh");
        assertThat(paths(b.files(), b.cluster(), "etcd1", Stage.ETCD)).contains(
                "/etc/kubernetes/manifests/etcd.yaml", "/etc/kubeha/etcd-kubelet.yaml",
                "/etc/systemd/system/kubelet.service.d/20-etcd-service-manager.conf", "/etc/kubernetes/pki/etcd/server.crt");
        assertThat(b.plan().task("etcd1/etcd").orElseThrow().dependsOn()).containsExactly("etcd1/prepare");
    }
}

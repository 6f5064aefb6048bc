package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.CertificatePlacement.CertificateFile;
import dev.kubeha.render.TestClusters.Combination;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatePlacementTest {

    private static List<String> paths(Cluster c, String node) {
        return CertificatePlacement.forNode(c, c.node(node).orElseThrow()).stream().map(CertificateFile::path).toList();
    }

    @Test
    void dedicatedEtcd() {
        Cluster c = TestClusters.cluster(new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL));
        assertThat(paths(c, "master1")).containsExactly(
                "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
                "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
                "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub",
                "/etc/kubernetes/pki/etcd/ca.crt",
                "/etc/kubernetes/pki/apiserver-etcd-client.crt", "/etc/kubernetes/pki/apiserver-etcd-client.key");
        assertThat(paths(c, "etcd2")).containsExactly(
                "/etc/kubernetes/pki/etcd/ca.crt",
                "/etc/kubernetes/pki/etcd/server.crt", "/etc/kubernetes/pki/etcd/server.key",
                "/etc/kubernetes/pki/etcd/peer.crt", "/etc/kubernetes/pki/etcd/peer.key",
                "/etc/kubernetes/pki/etcd/healthcheck-client.crt", "/etc/kubernetes/pki/etcd/healthcheck-client.key");
        assertThat(paths(c, "worker0")).isEmpty();
        // Never a leaf certificate of the API server: kubeadm makes those per master.
        assertThat(paths(c, "master0")).noneMatch(p -> p.contains("apiserver.") || p.contains("etcd/ca.key"));
    }

    @Test
    void stackedEtcdGetsTheEtcdCaKeyAndNoClientPair() {
        Cluster c = TestClusters.cluster(new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL));
        assertThat(paths(c, "master2")).contains("/etc/kubernetes/pki/etcd/ca.key")
                .doesNotContain("/etc/kubernetes/pki/apiserver-etcd-client.crt", "/etc/kubernetes/pki/etcd/server.crt");
    }

    @Test
    void colocatedSystemdMastersAreAlsoMembers() {
        Cluster c = TestClusters.cluster(new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL));
        List<CertificateFile> files = CertificatePlacement.forNode(c, c.node("master0").orElseThrow());
        assertThat(files.stream().map(CertificateFile::path))
                .contains("/etc/kubernetes/pki/apiserver-etcd-client.key", "/etc/kubernetes/pki/etcd/server.crt")
                .doesNotHaveDuplicates();
        files.forEach(f -> assertThat(f.mode()).isEqualTo(f.path().endsWith(".key") ? 0600 : 0644));
    }
}

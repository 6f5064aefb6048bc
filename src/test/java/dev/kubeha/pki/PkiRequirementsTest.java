package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.Role;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiRequirementsTest {
    static final List<dev.kubeha.model.Node> CO_LOCATED_NODES = List.of(
            PkiFixtures.node("master0", "10.0.0.20", null, Role.CONTROL_PLANE),
            PkiFixtures.node("master1", "10.0.0.21", null, Role.CONTROL_PLANE),
            PkiFixtures.node("master2", "10.0.0.22", null, Role.CONTROL_PLANE),
            PkiFixtures.node("worker0", null, null, Role.WORKER));

    @Test
    void stackedEtcdNeedsOnlyTheOperatorsClientBecauseKubeadmMakesTheRest() throws Exception {
        Cluster stacked = PkiFixtures.cluster(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, KeyAlgorithm.ECDSA_P256,
                CO_LOCATED_NODES);
        assertThat(PkiRequirements.of(stacked).leaves()).extracting(LeafSpec::id).containsExactly("etcd/etcdctl-client");
    }

    @Test
    void coLocatedExternalEtcdRunsOnTheControlPlane(@TempDir Path ws) throws Exception {
        Cluster cluster = PkiFixtures.cluster(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, KeyAlgorithm.ECDSA_P256,
                CO_LOCATED_NODES);
        assertThat(PkiRequirements.of(cluster).leaves()).extracting(LeafSpec::id).containsExactly(
                "etcd/master0/server", "etcd/master0/peer", "etcd/master0/healthcheck-client",
                "etcd/master1/server", "etcd/master1/peer", "etcd/master1/healthcheck-client",
                "etcd/master2/server", "etcd/master2/peer", "etcd/master2/healthcheck-client",
                "apiserver-etcd-client", "etcd/etcdctl-client");
        ClusterPki pki = new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki()).pki();
        // A control-plane node that is also a member gets the etcd CA certificate once, and no CA key for it.
        assertThat(NodePkiFiles.forNode(cluster, pki, cluster.node("master1").orElseThrow()))
                .extracting(NodePkiFiles.PkiFile::path).containsExactly(
                        "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
                        "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
                        "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub", "/etc/kubernetes/pki/etcd/ca.crt",
                        "/etc/kubernetes/pki/apiserver-etcd-client.crt", "/etc/kubernetes/pki/apiserver-etcd-client.key",
                        "/etc/kubernetes/pki/etcd/server.crt", "/etc/kubernetes/pki/etcd/server.key",
                        "/etc/kubernetes/pki/etcd/peer.crt", "/etc/kubernetes/pki/etcd/peer.key",
                        "/etc/kubernetes/pki/etcd/healthcheck-client.crt",
                        "/etc/kubernetes/pki/etcd/healthcheck-client.key");
    }

    @Test
    void stackedControlPlaneGetsTheEtcdCaKeyForKubeadm(@TempDir Path ws) throws Exception {
        Cluster stacked = PkiFixtures.cluster(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, KeyAlgorithm.ECDSA_P256,
                CO_LOCATED_NODES);
        ClusterPki pki = new ClusterPkiGenerator().ensure(stacked, Workspace.at(ws).pki()).pki();
        assertThat(NodePkiFiles.forNode(stacked, pki, stacked.node("master0").orElseThrow()))
                .extracting(NodePkiFiles.PkiFile::path).containsExactly(
                        "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
                        "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
                        "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub",
                        "/etc/kubernetes/pki/etcd/ca.crt", "/etc/kubernetes/pki/etcd/ca.key");
        assertThat(pki.leaves()).extracting(l -> l.spec().id()).containsExactly("etcd/etcdctl-client");
    }

    @Test
    void aMemberWithoutPrivateAddressIsNamedAndNothingIsWritten(@TempDir Path ws) {
        Cluster cluster = PkiFixtures.withNode(PkiFixtures.dedicated(KeyAlgorithm.ECDSA_P256), "etcd1",
                n -> PkiFixtures.withPrivateAddress(n, null));
        assertThatThrownBy(() -> new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki()))
                .isInstanceOf(PkiException.class)
                .hasMessage("cannot make the etcd certificates of node etcd1: its private address is not known yet"
                        + " (set privateAddress for it in the cluster file, or detect it from its private interface"
                        + " first)")
                .satisfies(e -> assertThat(((PkiException) e).badInput()).isFalse());
        assertThat(ws.resolve("pki")).doesNotExist();
    }

    @Test
    void aWorkerWithoutPrivateAddressNeedsNone() throws Exception {
        Cluster cluster = PkiFixtures.withNode(PkiFixtures.dedicated(KeyAlgorithm.ECDSA_P256), "worker0",
                n -> PkiFixtures.withPrivateAddress(n, null));
        assertThat(PkiRequirements.of(cluster).leaves()).hasSize(11);
    }

    @Test
    void sansAreCanonicalAndWithoutDuplicates() throws Exception {
        Cluster cluster = PkiFixtures.cluster(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, KeyAlgorithm.ECDSA_P256,
                List.of(PkiFixtures.node("e0", "127.0.0.1", "2001:DB8:0:0::1", Role.ETCD),
                        PkiFixtures.node("m0", "10.0.0.1", null, Role.CONTROL_PLANE)));
        LeafSpec server = PkiRequirements.of(cluster).leaf("etcd/e0/server").orElseThrow();
        assertThat(server.dnsNames()).containsExactly("e0", "localhost");
        assertThat(server.ipAddresses()).containsExactly("127.0.0.1", "2001:db8::1", "::1");
    }
}

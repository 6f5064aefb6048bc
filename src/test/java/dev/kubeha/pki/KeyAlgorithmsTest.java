package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import static dev.kubeha.pki.PkiFixtures.run;
import static dev.kubeha.pki.PkiFixtures.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every key algorithm kubeadm accepts, on the smallest PKI (stacked etcd: CAs, sa and the
 * etcdctl client) to keep RSA-4096 affordable.
 */
class KeyAlgorithmsTest {
    static final Map<KeyAlgorithm, String[]> OPENSSL_TEXT = Map.of(
            KeyAlgorithm.RSA_2048, new String[] {"Public-Key: (2048 bit)", "sha256WithRSAEncryption", "RSA PRIVATE KEY"},
            KeyAlgorithm.RSA_3072, new String[] {"Public-Key: (3072 bit)", "sha256WithRSAEncryption", "RSA PRIVATE KEY"},
            KeyAlgorithm.RSA_4096, new String[] {"Public-Key: (4096 bit)", "sha256WithRSAEncryption", "RSA PRIVATE KEY"},
            KeyAlgorithm.ECDSA_P256, new String[] {"NIST CURVE: P-256", "ecdsa-with-SHA256", "EC PRIVATE KEY"},
            KeyAlgorithm.ECDSA_P384, new String[] {"NIST CURVE: P-384", "ecdsa-with-SHA384", "EC PRIVATE KEY"});

    @TempDir
    Path ws;

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"RSA_3072", "RSA_4096", "ECDSA_P256", "ECDSA_P384"})
    void makesAVerifiablePkiWith(KeyAlgorithm algorithm) throws Exception {
        Cluster cluster = PkiFixtures.cluster(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, algorithm,
                PkiRequirementsTest.CO_LOCATED_NODES);
        ClusterPki pki = new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki()).pki();
        Path dir = ws.resolve("pki");
        String[] expected = OPENSSL_TEXT.get(algorithm);

        for (String file : new String[] {"ca.crt", "front-proxy-ca.crt", "etcd/ca.crt", "etcd/etcdctl-client.crt"}) {
            assertThat(run(dir, "openssl", "x509", "-noout", "-text", "-in", file)).as(file)
                    .contains(expected[0], "Signature Algorithm: " + expected[1]);
        }
        assertThat(run(dir, "openssl", "verify", "-CAfile", "etcd/ca.crt", "etcd/etcdctl-client.crt"))
                .isEqualTo("etcd/etcdctl-client.crt: OK\n");
        for (String key : new String[] {"ca.key", "etcd/ca.key", "sa.key", "etcd/etcdctl-client.key"}) {
            assertThat(Files.readString(dir.resolve(key))).as(key).startsWith("-----BEGIN " + expected[2] + "-----\n");
        }
        assertThat(sh(dir, "openssl pkey -in sa.key -pubout")).isEqualTo(Files.readString(dir.resolve("sa.pub")));

        // kubeadm's documented pipeline, with `openssl pkey` for EC keys as the docs advise.
        String pubin = algorithm.isRsa() ? "openssl rsa -pubin -outform der 2>/dev/null" : "openssl pkey -pubin -outform der";
        String hash = sh(dir, "openssl x509 -pubkey -in ca.crt | " + pubin
                + " | openssl dgst -sha256 -hex | sed 's/^.* //'").strip();
        assertThat(pki.joinMaterial().discoveryHash()).isEqualTo("sha256:" + hash);

        // Reloading from disk: a second run reuses everything (EC keys name their curve).
        assertThat(new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki()).changes())
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(PkiChange.Action.REUSED));
    }
}

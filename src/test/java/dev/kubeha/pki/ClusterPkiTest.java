package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import static dev.kubeha.pki.PkiFixtures.run;
import static dev.kubeha.pki.PkiFixtures.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.Role;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full PKI of a cluster with dedicated etcd, made once with the default RSA-2048 and checked
 * by the JDK and by openssl.
 */
class ClusterPkiTest {
    @TempDir
    static Path temp;
    static Path workspace;
    static Cluster cluster;
    static ClusterPkiGenerator.Result result;
    static ClusterPki pki;

    @BeforeAll
    static void generate() throws Exception {
        workspace = temp.resolve("ws");
        cluster = PkiFixtures.dedicated(KeyAlgorithm.RSA_2048);
        result = new ClusterPkiGenerator().ensure(cluster, Workspace.at(workspace).pki());
        pki = result.pki();
    }

    Path pkiDir() {
        return workspace.resolve("pki");
    }

    @Test
    void makesTheFilesOfTheLayout() {
        assertThat(files(pkiDir())).containsExactlyInAnyOrder(
                "ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub",
                "etcd/ca.crt", "etcd/ca.key",
                "etcd/etcd0/server.crt", "etcd/etcd0/server.key", "etcd/etcd0/peer.crt", "etcd/etcd0/peer.key",
                "etcd/etcd0/healthcheck-client.crt", "etcd/etcd0/healthcheck-client.key",
                "etcd/etcd1/server.crt", "etcd/etcd1/server.key", "etcd/etcd1/peer.crt", "etcd/etcd1/peer.key",
                "etcd/etcd1/healthcheck-client.crt", "etcd/etcd1/healthcheck-client.key",
                "etcd/etcd2/server.crt", "etcd/etcd2/server.key", "etcd/etcd2/peer.crt", "etcd/etcd2/peer.key",
                "etcd/etcd2/healthcheck-client.crt", "etcd/etcd2/healthcheck-client.key",
                "etcd/etcdctl-client.crt", "etcd/etcdctl-client.key",
                "apiserver-etcd-client.crt", "apiserver-etcd-client.key",
                "bootstrap-token");
        assertThat(result.changes()).extracting(PkiChange::action).containsOnly(PkiChange.Action.CREATED);
    }

    @Test
    void setsModesAtCreation() throws Exception {
        try (Stream<Path> all = Files.walk(workspace)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String name = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    assertThat(mode).as(p.toString()).isEqualTo("rwx------");
                } else if (name.endsWith(".crt") || name.endsWith(".pub")) {
                    assertThat(mode).as(p.toString()).isEqualTo("rw-r--r--");
                } else {
                    assertThat(mode).as(p.toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void everyChainVerifiesWithTheJdk() throws Exception {
        for (CaKind kind : CaKind.values()) {
            X509Certificate ca = pki.ca(kind).certificate();
            ca.verify(ca.getPublicKey());
            assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        }
        X509Certificate etcdCa = pki.ca(CaKind.ETCD).certificate();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(etcdCa, null)));
        parameters.setRevocationEnabled(false);
        assertThat(pki.leaves()).hasSize(11);
        for (Leaf leaf : pki.leaves()) {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf.certificate())), parameters);
        }
    }

    @Test
    void everyChainVerifiesWithOpenssl() {
        for (CaKind kind : CaKind.values()) {
            assertThat(run(pkiDir(), "openssl", "verify", "-CAfile", kind.certificatePath(), kind.certificatePath()))
                    .isEqualTo(kind.certificatePath() + ": OK\n");
        }
        for (Leaf leaf : pki.leaves()) {
            String file = leaf.spec().certificatePath();
            assertThat(run(pkiDir(), "openssl", "verify", "-CAfile", "etcd/ca.crt", file)).isEqualTo(file + ": OK\n");
        }
        // The cross check: a leaf must not verify against another CA.
        assertThat(PkiFixtures.runAllowingFailure(pkiDir(), "openssl", "verify", "-CAfile", "ca.crt",
                "etcd/etcd0/server.crt").exitCode()).isNotZero();
    }

    @Test
    void casCarryTheExtensionsKubeadmGivesThem() {
        for (CaKind kind : CaKind.values()) {
            String text = x509Text(kind.certificatePath());
            assertThat(text).contains("Subject: CN = " + kind.commonName() + "\n", "Issuer: CN = " + kind.commonName(),
                    "X509v3 Basic Constraints: critical\n                CA:TRUE",
                    "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment, Certificate Sign",
                    "X509v3 Subject Key Identifier", "Signature Algorithm: sha256WithRSAEncryption",
                    "Public-Key: (2048 bit)");
            X509Certificate ca = pki.ca(kind).certificate();
            assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                    .isEqualTo(Duration.ofHours(87600).plus(Validity.BACKDATE));
        }
    }

    @Test
    void serverAndPeerCertificatesNameTheMember() {
        for (String file : List.of("etcd/etcd0/server.crt", "etcd/etcd0/peer.crt")) {
            String text = x509Text(file);
            assertThat(text).contains("Subject: CN = etcd0\n", "Issuer: CN = etcd-ca\n",
                    "X509v3 Subject Alternative Name: \n                DNS:etcd0, DNS:localhost, IP Address:10.0.0.10,"
                            + " IP Address:203.0.113.10, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n",
                    "X509v3 Extended Key Usage: \n                TLS Web Server Authentication, TLS Web Client"
                            + " Authentication\n",
                    "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n",
                    "X509v3 Basic Constraints: critical\n                CA:FALSE",
                    "X509v3 Authority Key Identifier");
        }
        // No public address: none in the SANs; a DNS public address is a DNS SAN.
        assertThat(x509Text("etcd/etcd1/server.crt")).contains("DNS:etcd1, DNS:localhost, IP Address:10.0.0.11,"
                + " IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n");
        assertThat(x509Text("etcd/etcd2/peer.crt")).contains("DNS:etcd2, DNS:localhost, DNS:etcd2.example.com,"
                + " IP Address:10.0.0.12, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n");
    }

    @Test
    void clientCertificatesAreForClientAuthOnly() {
        Map<String, String> subjects = Map.of(
                "etcd/etcd1/healthcheck-client.crt", "Subject: CN = kube-etcd-healthcheck-client\n",
                "apiserver-etcd-client.crt", "Subject: O = system:masters, CN = kube-apiserver-etcd-client\n",
                "etcd/etcdctl-client.crt", "Subject: O = system:masters, CN = kubeha-etcdctl\n");
        subjects.forEach((file, subject) -> {
            String text = x509Text(file);
            assertThat(text).as(file).contains(subject,
                    "X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n",
                    "X509v3 Authority Key Identifier").doesNotContain("Subject Alternative Name");
        });
    }

    @Test
    void leavesHaveRandomPositive63BitSerialsAndABackdatedStart() {
        Set<BigInteger> serials = pki.leaves().stream().map(l -> l.certificate().getSerialNumber())
                .collect(Collectors.toSet());
        assertThat(serials).hasSize(pki.leaves().size());
        // A member's certificates share its key; every other leaf has its own.
        assertThat(pki.etcdServer("etcd0").orElseThrow().keyPem()).isEqualTo(pki.etcdPeer("etcd0").orElseThrow().keyPem())
                .isEqualTo(pki.etcdHealthcheckClient("etcd0").orElseThrow().keyPem());
        assertThat(pki.leaves().stream().map(l -> new String(l.keyPem())).distinct()).hasSize(5);
        for (Leaf leaf : pki.leaves()) {
            X509Certificate c = leaf.certificate();
            assertThat(c.getSerialNumber().signum()).isPositive();
            assertThat(c.getSerialNumber().bitLength()).isLessThanOrEqualTo(63);
            assertThat(Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()))
                    .isEqualTo(Duration.ofHours(8760).plus(Validity.BACKDATE));
            assertThat(c.getNotBefore().toInstant()).isBefore(java.time.Instant.now().minus(Duration.ofMinutes(4)));
        }
    }

    @Test
    void keysAreInTheFormsKubeadmWrites() {
        assertThat(readString("ca.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(readString("etcd/etcd0/server.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(readString("sa.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(sh(pkiDir(), "openssl rsa -in sa.key -check -noout")).isEqualTo("RSA key ok\n");
        assertThat(sh(pkiDir(), "openssl pkey -in sa.key -pubout")).isEqualTo(readString("sa.pub"));
        // Every key belongs to its certificate.
        for (String base : List.of("ca", "front-proxy-ca", "etcd/ca", "etcd/etcd1/peer", "apiserver-etcd-client")) {
            assertThat(sh(pkiDir(), "openssl pkey -in " + base + ".key -pubout"))
                    .isEqualTo(sh(pkiDir(), "openssl x509 -in " + base + ".crt -noout -pubkey"));
        }
    }

    @Test
    void discoveryHashEqualsKubeadmsOpensslPipeline() {
        String expected = sh(pkiDir(), "openssl x509 -pubkey -in ca.crt | openssl rsa -pubin -outform der 2>/dev/null"
                + " | openssl dgst -sha256 -hex | sed 's/^.* //'").strip();
        assertThat(pki.joinMaterial().discoveryHash()).isEqualTo("sha256:" + expected);
    }

    @Test
    void joinMaterialIsPersistedAndHidden() {
        JoinMaterial join = pki.joinMaterial();
        assertThat(join.bootstrapToken()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(readString("bootstrap-token")).isEqualTo(join.bootstrapToken() + "\n");
        assertThat(join.toString()).doesNotContain(join.bootstrapToken()).doesNotContainIgnoringCase("certificate");
        assertThat(result.changes().toString()).doesNotContain(join.bootstrapToken());
        assertThat(result.changes()).extracting(PkiChange::item).doesNotContain("certificate-key");
    }

    @Test
    void placesSharedFilesOnTheNodesAtKubeadmPaths() {
        Function<String, List<String>> paths = name -> NodePkiFiles.forNode(cluster, pki, cluster.node(name).orElseThrow())
                .stream().map(f -> f.path() + " " + Integer.toOctalString(f.mode())).toList();
        assertThat(paths.apply("master1")).containsExactly(
                "/etc/kubernetes/pki/ca.crt 644", "/etc/kubernetes/pki/ca.key 600",
                "/etc/kubernetes/pki/front-proxy-ca.crt 644", "/etc/kubernetes/pki/front-proxy-ca.key 600",
                "/etc/kubernetes/pki/sa.key 600", "/etc/kubernetes/pki/sa.pub 644",
                "/etc/kubernetes/pki/etcd/ca.crt 644",
                "/etc/kubernetes/pki/apiserver-etcd-client.crt 644", "/etc/kubernetes/pki/apiserver-etcd-client.key 600");
        assertThat(paths.apply("etcd2")).containsExactly(
                "/etc/kubernetes/pki/etcd/ca.crt 644",
                "/etc/kubernetes/pki/etcd/server.crt 644", "/etc/kubernetes/pki/etcd/server.key 600",
                "/etc/kubernetes/pki/etcd/peer.crt 644", "/etc/kubernetes/pki/etcd/peer.key 600",
                "/etc/kubernetes/pki/etcd/healthcheck-client.crt 644",
                "/etc/kubernetes/pki/etcd/healthcheck-client.key 600");
        assertThat(paths.apply("worker0")).isEmpty();
        var server = NodePkiFiles.forNode(cluster, pki, cluster.node("etcd2").orElseThrow()).get(1);
        assertThat(server.content()).isEqualTo(pki.etcdServer("etcd2").orElseThrow().certificatePem());
        assertThat(cluster.nodesWith(Role.WORKER)).hasSize(1);
    }

    @Test
    void rerunKeepsEverythingByteForByte() throws Exception {
        Path copy = temp.resolve("rerun");
        PkiFixtures.copyTree(workspace, copy);
        Map<String, byte[]> before = contents(copy.resolve("pki"));
        ClusterPkiGenerator.Result again = new ClusterPkiGenerator().ensure(cluster, Workspace.at(copy).pki());
        assertThat(again.changes()).extracting(PkiChange::action).containsOnly(PkiChange.Action.REUSED);
        Map<String, byte[]> after = contents(copy.resolve("pki"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));
        assertThat(again.pki().joinMaterial()).isEqualTo(pki.joinMaterial());
        assertThat(again.pki().ca(CaKind.ETCD).certificatePem()).isEqualTo(pki.ca(CaKind.ETCD).certificatePem());
    }

    @Test
    void changedPrivateAddressRegeneratesExactlyThatMembersLeaves() throws Exception {
        Path copy = temp.resolve("moved");
        PkiFixtures.copyTree(workspace, copy);
        Map<String, byte[]> before = contents(copy.resolve("pki"));
        Cluster moved = PkiFixtures.withNode(cluster, "etcd1", n -> PkiFixtures.withPrivateAddress(n, "10.0.0.99"));

        ClusterPkiGenerator.Result again = new ClusterPkiGenerator().ensure(moved, Workspace.at(copy).pki());

        assertThat(again.changes()).filteredOn(c -> c.action() != PkiChange.Action.REUSED).containsExactly(
                new PkiChange("etcd/etcd1/server", PkiChange.Action.REGENERATED,
                        "SANs changed: added IP:10.0.0.99; removed IP:10.0.0.11"),
                new PkiChange("etcd/etcd1/peer", PkiChange.Action.REGENERATED,
                        "SANs changed: added IP:10.0.0.99; removed IP:10.0.0.11"),
                new PkiChange("etcd/etcd1/healthcheck-client", PkiChange.Action.REGENERATED,
                        "shares its key with etcd/etcd1/server, which was made anew"));
        Map<String, byte[]> after = contents(copy.resolve("pki"));
        Set<String> changed = before.keySet().stream().filter(f -> !java.util.Arrays.equals(before.get(f), after.get(f)))
                .collect(Collectors.toSet());
        // The healthcheck client shares the member's key, so it is made anew with it.
        assertThat(changed).containsExactlyInAnyOrder("etcd/etcd1/server.crt", "etcd/etcd1/server.key",
                "etcd/etcd1/peer.crt", "etcd/etcd1/peer.key",
                "etcd/etcd1/healthcheck-client.crt", "etcd/etcd1/healthcheck-client.key");
        assertThat(run(copy.resolve("pki"), "openssl", "x509", "-noout", "-ext", "subjectAltName", "-in",
                "etcd/etcd1/server.crt")).contains("IP Address:10.0.0.99,");
    }

    private String x509Text(String file) {
        return run(pkiDir(), "openssl", "x509", "-noout", "-text", "-in", file);
    }

    private String readString(String file) {
        try {
            return Files.readString(pkiDir().resolve(file));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> files(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, byte[]> contents(Path dir) {
        return files(dir).stream().collect(Collectors.toMap(f -> f, f -> {
            try {
                return Files.readAllBytes(dir.resolve(f));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }));
    }
}

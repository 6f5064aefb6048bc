package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import static dev.kubeha.pki.PkiFixtures.run;
import static dev.kubeha.pki.PkiFixtures.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bring your own CA: CAs made by openssl, imported with and without passphrases, and every way it can go wrong. */
class CaImportTest {
    static final String PASSPHRASE = "correct horse battery";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCasWithOpenssl() {
        // An RSA CA with a legacy-encrypted PKCS#1 key, an EC CA with a PKCS#8-encrypted key,
        // an EC CA with a plain SEC 1 key, and a certificate that is not a CA.
        sh(dir, "openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.crt -subj /CN=corp-etcd-ca"
                + " -days 30 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
                + " 2>/dev/null");
        sh(dir, "openssl rsa -in rsa.key -aes256 -traditional -passout 'pass:" + PASSPHRASE + "' -out rsa-enc.key"
                + " 2>/dev/null");
        sh(dir, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.crt"
                + " -subj '/O=Corp/CN=corp-kubernetes-ca' -days 30 2>/dev/null");
        sh(dir, "openssl pkcs8 -topk8 -v2 aes-256-cbc -in ec.key -passout 'pass:" + PASSPHRASE + "' -out ec-enc.key");
        sh(dir, "openssl ec -in ec.key -aes256 -passout 'pass:" + PASSPHRASE + "' -out ec-legacy.key 2>/dev/null");
        sh(dir, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.crt"
                + " -subj /CN=not-a-ca -days 30 -addext basicConstraints=critical,CA:FALSE 2>/dev/null");
        sh(dir, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout nosign.key"
                + " -out nosign.crt -subj /CN=no-sign -days 30 -addext basicConstraints=critical,CA:TRUE"
                + " -addext keyUsage=critical,digitalSignature 2>/dev/null");
    }

    static CaImport ca(CaKind kind, String cert, String key, String passphrase) {
        return new CaImport(kind, dir.resolve(cert), dir.resolve(key), passphrase == null ? null : passphrase.toCharArray());
    }

    static String load(CaImport ca) throws PkiException {
        return ca.load(Instant.now()).certificate().getSubjectX500Principal().getName();
    }

    @Test
    void importedCasSignTheLeavesAndStayByteIdentical(@TempDir Path ws) throws Exception {
        Cluster cluster = PkiFixtures.dedicated(KeyAlgorithm.ECDSA_P256);
        CertificateAuthority etcd = ca(CaKind.ETCD, "rsa.crt", "rsa-enc.key", PASSPHRASE).load(Instant.now());
        CertificateAuthority kubernetes = ca(CaKind.KUBERNETES, "ec.crt", "ec-enc.key", PASSPHRASE).load(Instant.now());

        ClusterPkiGenerator.Result result = new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki(),
                List.of(etcd, kubernetes));

        assertThat(result.changes()).contains(
                new PkiChange("ca", PkiChange.Action.IMPORTED, "your Kubernetes CA, ECDSA-P256, valid until "
                        + CaChecks.date(kubernetes.certificate().getNotAfter().toInstant())),
                new PkiChange("etcd/ca", PkiChange.Action.IMPORTED, "your etcd CA, RSA-2048, valid until "
                        + CaChecks.date(etcd.certificate().getNotAfter().toInstant())));
        // The imported etcd CA expires in 30 days: its leaves end with it rather than outlive it.
        String caEnd = CaChecks.date(etcd.certificate().getNotAfter().toInstant());
        assertThat(result.changes()).contains(new PkiChange("etcd/etcd0/server", PkiChange.Action.CREATED,
                "new (valid only until " + caEnd + ", when the etcd CA expires)"));
        assertThat(result.pki().etcdServer("etcd0").orElseThrow().certificate().getNotAfter())
                .isEqualTo(etcd.certificate().getNotAfter());
        Path pki = ws.resolve("pki");
        assertThat(sh(pki, "openssl x509 -in etcd/ca.crt -outform der | sha256sum"))
                .isEqualTo(sh(dir, "openssl x509 -in rsa.crt -outform der | sha256sum"));
        assertThat(run(pki, "openssl", "verify", "-CAfile", "etcd/ca.crt", "etcd/etcd0/server.crt"))
                .isEqualTo("etcd/etcd0/server.crt: OK\n");
        assertThat(run(pki, "openssl", "x509", "-noout", "-issuer", "-in", "etcd/etcd0/peer.crt"))
                .isEqualTo("issuer=CN = corp-etcd-ca\n");
        // Stored decrypted (0600), so that later runs need no passphrase.
        assertThat(Files.readString(pki.resolve("etcd/ca.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .doesNotContain("ENCRYPTED");
        assertThat(result.pki().joinMaterial().discoveryHash()).isEqualTo("sha256:" + sh(dir,
                "openssl x509 -pubkey -in ec.crt | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex"
                        + " | sed 's/^.* //'").strip());

        // The same CA again is fine; a different one is refused, and nothing is replaced.
        byte[] before = Files.readAllBytes(pki.resolve("etcd/ca.crt"));
        assertThat(new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki(), List.of(etcd)).changes())
                .contains(new PkiChange("etcd/ca", PkiChange.Action.REUSED, "kept: a CA is never replaced"))
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(PkiChange.Action.REUSED));
        CertificateAuthority other = ca(CaKind.ETCD, "ec.crt", "ec.key", null).load(Instant.now());
        assertThatThrownBy(() -> new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki(), List.of(other)))
                .isInstanceOf(PkiException.class)
                .hasMessage("the workspace already has a different etcd CA (" + pki.resolve("etcd/ca.crt")
                        + "); it is never replaced: import into a new workspace (--workspace), or move the old one"
                        + " away first");
        assertThat(Files.readAllBytes(pki.resolve("etcd/ca.crt"))).isEqualTo(before);
    }

    @Test
    void readsEveryKeyEncoding() throws Exception {
        assertThat(load(ca(CaKind.FRONT_PROXY, "rsa.crt", "rsa.key", null))).isEqualTo("CN=corp-etcd-ca");
        assertThat(load(ca(CaKind.FRONT_PROXY, "rsa.crt", "rsa-enc.key", PASSPHRASE))).isEqualTo("CN=corp-etcd-ca");
        assertThat(load(ca(CaKind.FRONT_PROXY, "ec.crt", "ec.key", null))).isEqualTo("CN=corp-kubernetes-ca,O=Corp");
        assertThat(load(ca(CaKind.FRONT_PROXY, "ec.crt", "ec-enc.key", PASSPHRASE))).isEqualTo("CN=corp-kubernetes-ca,O=Corp");
        assertThat(load(ca(CaKind.FRONT_PROXY, "ec.crt", "ec-legacy.key", PASSPHRASE)))
                .isEqualTo("CN=corp-kubernetes-ca,O=Corp");
    }

    @Test
    void refusesAKeyOfAnotherCertificate() {
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "rsa.crt", "ec.key", null)))
                .isInstanceOf(PkiException.class)
                .hasMessage(dir.resolve("ec.key") + " is not the key of " + dir.resolve("rsa.crt")
                        + ": give the private key that belongs to this CA certificate");
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "ec.crt", "leaf.key", null)))
                .hasMessage(dir.resolve("leaf.key") + " is not the key of " + dir.resolve("ec.crt")
                        + ": give the private key that belongs to this CA certificate");
    }

    @Test
    void wrongOrMissingPassphraseIsNamedWithoutTheSecret() {
        for (String key : List.of("rsa-enc.key", "ec-enc.key", "ec-legacy.key")) {
            String cert = key.startsWith("rsa") ? "rsa.crt" : "ec.crt";
            assertThatThrownBy(() -> load(ca(CaKind.ETCD, cert, key, "not the passphrase")))
                    .isInstanceOf(PkiException.class)
                    .hasMessage(dir.resolve(key) + ": cannot decrypt the private key: wrong passphrase")
                    .satisfies(e -> assertThat(((PkiException) e).badInput()).isTrue())
                    .hasNoCause();
            assertThatThrownBy(() -> load(ca(CaKind.ETCD, cert, key, null)))
                    .hasMessage(dir.resolve(key) + ": the private key is encrypted and no passphrase was given");
        }
        assertThat(ca(CaKind.ETCD, "rsa.crt", "rsa-enc.key", PASSPHRASE).toString()).doesNotContain(PASSPHRASE);
    }

    @Test
    void refusesCertificatesThatAreNoCa() {
        assertThatThrownBy(() -> load(ca(CaKind.KUBERNETES, "leaf.crt", "leaf.key", null)))
                .hasMessage(dir.resolve("leaf.crt") + " is not a CA certificate (basicConstraints CA:TRUE is missing):"
                        + " give the certificate of the Kubernetes CA itself, not one it signed");
        assertThatThrownBy(() -> load(ca(CaKind.KUBERNETES, "nosign.crt", "nosign.key", null)))
                .hasMessage(dir.resolve("nosign.crt") + " may not sign certificates (its keyUsage lacks keyCertSign):"
                        + " give a CA certificate made for signing");
    }

    @Test
    void refusesAnExpiredCa() {
        Instant later = Instant.now().plus(java.time.Duration.ofDays(40));
        assertThatThrownBy(() -> ca(CaKind.ETCD, "ec.crt", "ec.key", null).load(later))
                .hasMessageStartingWith(dir.resolve("ec.crt") + ": the etcd CA expired on ")
                .hasMessageEndingWith(": renew the CA, or start with a new one");
    }

    @Test
    void unreadableOrGarbledFilesAreNamed() throws Exception {
        Files.writeString(dir.resolve("garbled.crt"), "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n"
                + "-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("text.crt"), "hello\n");
        Files.writeString(dir.resolve("truncated.key"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n"
                + "-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "garbled.crt", "ec.key", null)))
                .hasMessage(dir.resolve("garbled.crt")
                        + ": the PEM data is damaged (bad base64 or ASN.1); expected a certificate");
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "text.crt", "ec.key", null)))
                .hasMessage(dir.resolve("text.crt") + ": not a PEM file (no -----BEGIN line); expected a certificate");
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "ec.crt", "truncated.key", null)))
                .hasMessage(dir.resolve("truncated.key")
                        + ": the PEM data is damaged (bad base64 or ASN.1); expected a private key");
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "ec.key", "ec.key", null)))
                .hasMessage(dir.resolve("ec.key") + ": expected a PEM certificate (BEGIN CERTIFICATE), found a private key");
        assertThatThrownBy(() -> load(ca(CaKind.ETCD, "ec.crt", "ec.crt", null)))
                .hasMessage(dir.resolve("ec.crt") + ": expected a PEM private key, found a certificate");
        assertThatThrownBy(() -> load(ca(CaKind.FRONT_PROXY, "missing.crt", "ec.key", null)))
                .hasMessage(dir.resolve("missing.crt") + ": no such file (the front-proxy CA certificate to import)");
    }
}

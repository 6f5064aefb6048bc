package dev.kubeha.pki;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.PkiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a workspace is written, and how later runs treat what they find in it (ECDSA: fast keys). */
class PkiWorkspaceTest {
    @TempDir
    static Path temp;
    static Path base;
    static final Cluster CLUSTER = PkiFixtures.dedicated(KeyAlgorithm.ECDSA_P256);

    @BeforeAll
    static void generate() throws Exception {
        base = temp.resolve("base");
        new ClusterPkiGenerator().ensure(CLUSTER, Workspace.at(base).pki());
    }

    /** A private copy of the base workspace. */
    static Path copy(String name) throws Exception {
        Path ws = temp.resolve(name);
        PkiFixtures.copyTree(base, ws);
        return ws;
    }

    static List<PkiChange> rerun(Cluster cluster, Path ws) throws PkiException {
        return new ClusterPkiGenerator().ensure(cluster, Workspace.at(ws).pki()).changes().stream()
                .filter(c -> c.action() != PkiChange.Action.REUSED).toList();
    }

    @Test
    void writesWithModesFromTheStartAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        PkiWorkspace ws = Workspace.at(dir.resolve("new/ws")).pki();
        ws.writeSecret("etcd/x/secret", new byte[] {1});
        ws.writePublic("etcd/x/public.crt", new byte[] {2});
        ws.writeSecret("etcd/x/secret", new byte[] {3});
        assertThat(Files.readAllBytes(ws.path("etcd/x/secret"))).containsExactly(3);
        for (Path d : List.of(dir.resolve("new"), dir.resolve("new/ws"), ws.directory(), ws.path("etcd"), ws.path("etcd/x"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString()).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.path("etcd/x/secret")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.path("etcd/x/public.crt")))).isEqualTo("rw-r--r--");
        try (var files = Files.list(ws.path("etcd/x"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("secret", "public.crt");
        }
    }

    @Test
    void writeNewNeverReplaces(@TempDir Path dir) throws Exception {
        PkiWorkspace ws = Workspace.at(dir).pki();
        ws.writeNew("ca.crt", new byte[] {1}, false);
        assertThatThrownBy(() -> ws.writeNew("ca.crt", new byte[] {2}, false))
                .hasMessage(ws.path("ca.crt") + " appeared while kubeha was writing it; it is kept: is another kubeha"
                        + " running on this workspace? Run again when it has finished");
        assertThat(Files.readAllBytes(ws.path("ca.crt"))).containsExactly(1);
    }

    @Test
    void changedAlgorithmRegeneratesEveryLeafButNoCa() throws Exception {
        Path ws = copy("algorithm");
        Map<String, byte[]> before = ClusterPkiTest.contents(ws.resolve("pki"));
        Cluster rsa = PkiFixtures.withPki(CLUSTER, new PkiSettings(KeyAlgorithm.RSA_2048, null, null));
        List<PkiChange> changes = rerun(rsa, ws);
        assertThat(changes).hasSize(11).allSatisfy(c -> assertThat(c.action()).isEqualTo(PkiChange.Action.REGENERATED));
        assertThat(changes).contains(new PkiChange("etcd/etcd0/server", PkiChange.Action.REGENERATED,
                "key algorithm changed from ECDSA-P256 to RSA-2048"));
        for (String ca : List.of("ca.crt", "ca.key", "etcd/ca.crt", "etcd/ca.key", "front-proxy-ca.crt", "sa.key")) {
            assertThat(Files.readAllBytes(ws.resolve("pki").resolve(ca))).as(ca).isEqualTo(before.get(ca));
        }
    }

    @Test
    void changedValidityRegeneratesTheLeaves() throws Exception {
        Path ws = copy("validity");
        Cluster shorter = PkiFixtures.withPki(CLUSTER, new PkiSettings(KeyAlgorithm.ECDSA_P256, "4380h", null));
        assertThat(rerun(shorter, ws)).hasSize(11).contains(new PkiChange("apiserver-etcd-client",
                PkiChange.Action.REGENERATED, "validity changed from 8760h0m0s to 4380h0m0s"));
    }

    @Test
    void damagedOrForeignLeavesAreReplacedWithTheReason() throws Exception {
        Path ws = copy("damaged");
        Path pki = ws.resolve("pki");
        Files.writeString(pki.resolve("apiserver-etcd-client.crt"), "garbage");
        Files.delete(pki.resolve("etcd/etcdctl-client.key"));
        // A certificate of the right name signed by another CA (the Kubernetes one).
        Files.copy(pki.resolve("ca.crt"), pki.resolve("etcd/etcd2/server.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.resolve("ca.key"), pki.resolve("etcd/etcd2/server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        List<PkiChange> changes = rerun(CLUSTER, ws);

        assertThat(changes).containsExactly(
                new PkiChange("etcd/etcd2/server", PkiChange.Action.REGENERATED,
                        "does not verify against the current etcd CA"),
                new PkiChange("etcd/etcd2/peer", PkiChange.Action.REGENERATED,
                        "shares its key with etcd/etcd2/server, which was made anew"),
                new PkiChange("etcd/etcd2/healthcheck-client", PkiChange.Action.REGENERATED,
                        "shares its key with etcd/etcd2/server, which was made anew"),
                new PkiChange("apiserver-etcd-client", PkiChange.Action.REGENERATED, "could not be read ("
                        + pki.resolve("apiserver-etcd-client.crt")
                        + ": not a PEM file (no -----BEGIN line); expected a certificate)"),
                new PkiChange("etcd/etcdctl-client", PkiChange.Action.REGENERATED,
                        "etcd/etcdctl-client.key was missing"));
        assertThat(PkiFixtures.run(pki, "openssl", "verify", "-CAfile", "etcd/ca.crt", "etcd/etcd2/server.crt",
                "apiserver-etcd-client.crt", "etcd/etcdctl-client.crt")).isEqualTo("etcd/etcd2/server.crt: OK\n"
                + "apiserver-etcd-client.crt: OK\netcd/etcdctl-client.crt: OK\n");
        assertThat(rerun(CLUSTER, ws)).isEmpty();
    }

    @Test
    void aCaWithoutItsKeyStopsTheRun() throws Exception {
        Path ws = copy("nokey");
        Files.delete(ws.resolve("pki/front-proxy-ca.key"));
        assertThatThrownBy(() -> rerun(CLUSTER, ws)).isInstanceOf(PkiException.class)
                .hasMessage(ws.resolve("pki/front-proxy-ca.crt") + " has no key beside it ("
                        + ws.resolve("pki/front-proxy-ca.key") + "): kubeha signs with the front-proxy CA and needs"
                        + " its key; put the key back, or move the pki directory away to start over with new CAs");
    }

    @Test
    void aCaKeyOfAnotherCertificateStopsTheRun() throws Exception {
        Path ws = copy("wrongkey");
        Files.copy(ws.resolve("pki/ca.key"), ws.resolve("pki/etcd/ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> rerun(CLUSTER, ws)).isInstanceOf(PkiException.class)
                .hasMessage(ws.resolve("pki/etcd/ca.key") + " is not the key of " + ws.resolve("pki/etcd/ca.crt")
                        + ": give the private key that belongs to this CA certificate");
    }

    @Test
    void anOrphanCaKeyFromAnInterruptedRunIsReplaced() throws Exception {
        Path ws = copy("orphan");
        Path pki = ws.resolve("pki");
        Files.delete(pki.resolve("etcd/ca.crt"));
        List<PkiChange> changes = rerun(CLUSTER, ws);
        assertThat(changes.get(0).item()).isEqualTo("etcd/ca");
        assertThat(changes.get(0).action()).isEqualTo(PkiChange.Action.CREATED);
        assertThat(changes.subList(1, changes.size())).hasSize(11)
                .allSatisfy(c -> assertThat(c.reason()).isEqualTo("the etcd CA is new"));
        assertThat(PkiFixtures.sh(pki, "openssl pkey -in etcd/ca.key -pubout"))
                .isEqualTo(PkiFixtures.sh(pki, "openssl x509 -in etcd/ca.crt -noout -pubkey"));
    }

    @Test
    void aDamagedTokenIsReplacedAndAGoodOneKept() throws Exception {
        Path ws = copy("token");
        Files.writeString(ws.resolve("pki/bootstrap-token"), "not-a-token\n");
        assertThat(rerun(CLUSTER, ws)).containsExactly(
                new PkiChange("bootstrap-token", PkiChange.Action.CREATED, "new bootstrap token"));
        String token = Files.readString(ws.resolve("pki/bootstrap-token"));
        assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}\n");
        assertThat(rerun(CLUSTER, ws)).isEmpty();
        assertThat(Files.readString(ws.resolve("pki/bootstrap-token"))).isEqualTo(token);
    }

    @Test
    void makesNoCertificateKey() {
        assertThat(base.resolve("pki/certificate-key")).doesNotExist();
    }

    /**
     * An earlier kubeha wrote pki/certificate-key: it is the user's file now, never read nor
     * deleted, and every run says it is unused until they delete it.
     */
    @Test
    void aCertificateKeyFromAnEarlierVersionIsLeftAloneAndReportedUnused() throws Exception {
        Path ws = copy("legacy-key");
        Path legacy = ws.resolve("pki/certificate-key");
        String key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        Files.writeString(legacy, key + "\n");
        Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rw-------"));
        String token = Files.readString(ws.resolve("pki/bootstrap-token")).strip();

        for (int run = 0; run < 2; run++) {
            ClusterPkiGenerator.Result result = new ClusterPkiGenerator().ensure(CLUSTER, Workspace.at(ws).pki());
            assertThat(result.changes()).filteredOn(c -> c.action() != PkiChange.Action.REUSED).containsExactly(
                    new PkiChange("certificate-key", PkiChange.Action.UNUSED, "left by an earlier kubeha, no longer"
                            + " used (the masters get the shared certificates copied, not uploaded): delete it at will"));
            assertThat(result.changes().toString()).doesNotContain(key);
            assertThat(result.pki().joinMaterial().bootstrapToken()).isEqualTo(token);
            assertThat(result.pki().joinMaterial().toString()).doesNotContain(key);
        }
        assertThat(Files.readString(legacy)).isEqualTo(key + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(legacy))).isEqualTo("rw-------");

        // Not read: whatever it holds is left to its owner, even what was never a key.
        Files.writeString(legacy, "not a key\n");
        assertThat(rerun(CLUSTER, ws)).extracting(PkiChange::item).containsExactly("certificate-key");
        assertThat(Files.readString(legacy)).isEqualTo("not a key\n");

        Files.delete(legacy);
        assertThat(rerun(CLUSTER, ws)).isEmpty();
        assertThat(legacy).doesNotExist();
    }
}

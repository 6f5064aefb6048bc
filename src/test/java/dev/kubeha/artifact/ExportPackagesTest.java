package dev.kubeha.artifact;

import static dev.kubeha.model.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.artifact.TestAptRepository.Deb;
import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import dev.kubeha.model.ClusterFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha export --fetch-packages --distro debian-12} from signed apt repositories on
 * loopback (the test's own key given with --package-keyring): the .debs and packages.json land in
 * the bundle, and {@code kubeha bundle verify} finds the node packages there. Lives beside the apt
 * fixtures; drives the real command line.
 */
class ExportPackagesTest {
    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) {
    }

    private Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(environment));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theBundleCarriesTheNodesPackagesCheckedAgainstSignedMetadata() throws Exception {
        Path cluster = Files.writeString(tmp.resolve("cluster.json"), ClusterFixtures.validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("pki").put("keyAlgorithm", "ECDSA-P256");
        }));
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (TestGpg gpg = new TestGpg("kubeha test archive <archive@kubeha.invalid>", "ed25519")) {
            TestAptRepository.write(root, "pkgs.k8s.io/core:/stable:/v1.37/deb/", null, null, List.of(
                    Deb.of("kubeadm", "1.37.1-1.1", "amd64", "optional", "cri-tools (>= 1.30.0)"),
                    Deb.of("kubelet", "1.37.1-1.1", "amd64", "optional", "mount, kubernetes-cni (>= 1.2.0)"),
                    Deb.of("kubectl", "1.37.1-1.1", "amd64", "optional", null),
                    Deb.of("cri-tools", "1.37.0-1.1", "amd64", "optional", null),
                    Deb.of("kubernetes-cni", "1.7.1-1.1", "amd64", "optional", null)), "xz", gpg, work);
            TestAptRepository.write(root, "download.docker.com/linux/debian/", "bookworm", "stable", List.of(
                    Deb.of("containerd.io", "2.2.1-1", "amd64", "optional", "libc6 (>= 2.34)")), "gz", gpg, work);
            TestAptRepository.write(root, "deb.debian.org/debian/", "bookworm", "main", List.of(
                    Deb.of("libc6", "2.36-9+deb12u4", "amd64", "required", null),
                    new Deb("mount", "2.38.1-5+deb12u1", "amd64", "required", false, "libc6 (>= 2.34)", null),
                    new Deb("util-linux", "2.38.1-5+deb12u1", "amd64", "required", true, null, null),
                    Deb.of("iproute2", "6.1.0-3", "amd64", "important", "libc6 (>= 2.34)"),
                    Deb.of("iptables", "1.8.9-2", "amd64", "optional", "libc6 (>= 2.34)"),
                    Deb.of("ebtables", "2.0.11-5", "amd64", "optional", "libc6 (>= 2.34)"),
                    Deb.of("ethtool", "1:6.1-1", "amd64", "important", "libc6 (>= 2.34)"),
                    Deb.of("socat", "1.7.4.4-2", "amd64", "optional", "libc6 (>= 2.34)")), "xz", gpg, work);
            TestAptRepository.write(root, "deb.debian.org/debian/", "bookworm-updates", "main", List.of(), "xz", gpg, work);
            TestAptRepository.write(root, "security.debian.org/debian-security/", "bookworm-security", "main", List.of(),
                    "xz", gpg, work);
            Path keyring = Files.write(tmp.resolve("test.gpg"), gpg.publicKey());
            try (TestPackageServer server = new TestPackageServer(root)) {
                Map<String, String> environment = Map.of("KUBEHA_CACHE", tmp.resolve("cache").toString(),
                        "KUBEHA_ETCD_DOWNLOAD_URL", "http://127.0.0.1:9/no-downloads-in-tests");
                Path bundle = tmp.resolve("bundle");
                Result r = run(environment, "export", cluster.toString(), "--out", bundle.toString(), "--workspace",
                        tmp.resolve("ws").toString(), "--fetch-packages", "--distro", "debian-12", "--package-mirror",
                        server.base().toString(), "--package-keyring", keyring.toString());
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.err()).contains("kubeha: 9 packages for debian-12 (amd64)\n");
                JsonNode index = new ObjectMapper().readTree(bundle.resolve("packages/packages.json").toFile());
                assertThat(index.path("distribution").asText()).isEqualTo("debian-12");
                List<String> names = new ArrayList<>();
                index.path("packages").forEach(p -> names.add(p.path("name").asText()));
                assertThat(names).contains("kubeadm", "kubelet", "kubectl", "cri-tools", "kubernetes-cni", "containerd.io",
                        "iptables", "ebtables", "socat").doesNotContain("mount", "libc6");
                assertThat(bundle.resolve("packages/kubeadm_1.37.1-1.1_amd64.deb")).exists();

                Result verify = run(environment, "bundle", "verify", bundle.toString());
                assertThat(verify.out()).doesNotContain("missing: package").contains("note: packages for debian-12 (");

                // The same on a bad signature: another key is refused and nothing is written.
                try (TestGpg stranger = new TestGpg("someone else <else@kubeha.invalid>", "ed25519")) {
                    Path other = Files.write(tmp.resolve("other.gpg"), stranger.publicKey());
                    Result refused = run(environment, "export", cluster.toString(), "--out", tmp.resolve("b2").toString(),
                            "--workspace", tmp.resolve("ws").toString(), "--fetch-packages", "--distro", "debian-12",
                            "--package-mirror", server.base().toString(), "--package-keyring", other.toString());
                    assertThat(refused.exitCode()).isEqualTo(1);
                    assertThat(refused.err()).contains("kubeha: packages for debian-12: ");
                    assertThat(tmp.resolve("b2")).doesNotExist();
                }
            }
        }
    }

    @Test
    void packageOptionsWithoutTheirPartnerAreUsageErrors() throws Exception {
        Path cluster = Files.writeString(tmp.resolve("cluster.json"), ClusterFixtures.validWith(r ->
                node(r, 7).put("privateAddress", "10.0.0.31")));
        Map<String, String> environment = Map.of("KUBEHA_CACHE", tmp.resolve("cache").toString());
        Result noDistro = run(environment, "export", cluster.toString(), "--out", tmp.resolve("b").toString(),
                "--fetch-packages");
        assertThat(noDistro.exitCode()).isEqualTo(2);
        assertThat(noDistro.err()).isEqualTo("kubeha: --fetch-packages needs --distro, one of debian-12, ubuntu-22.04,"
                + " ubuntu-24.04, rhel-9\n");
        Result unknown = run(environment, "export", cluster.toString(), "--out", tmp.resolve("b").toString(),
                "--fetch-packages", "--distro", "centos-7");
        assertThat(unknown.err()).isEqualTo("kubeha: --distro centos-7: not one of debian-12, ubuntu-22.04, ubuntu-24.04,"
                + " rhel-9\n");
        Result alone = run(environment, "export", cluster.toString(), "--out", tmp.resolve("b").toString(),
                "--distro", "debian-12");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).isEqualTo("kubeha: --distro is for --fetch-packages; add it, or leave the option out\n");
    }
}

package dev.kubeha.artifact;

import static dev.kubeha.model.ClusterFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import dev.kubeha.model.ClusterFixtures;
import java.io.IOException;
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
        try (TestDebianMirror server = new TestDebianMirror(tmp)) {
            Path keyring = server.keyring();
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

    /**
     * haproxy-keepalived mode: HAProxy and keepalived come from Debian's repository with what only
     * they need, in packages/load-balancer/, which only the control-plane nodes receive and install;
     * what the node packages already bring (iptables) is not repeated there.
     */
    @Test
    void haproxyAndKeepalivedComeApartForTheLoadBalancerNodesOnly() throws Exception {
        Path cluster = Files.writeString(tmp.resolve("cluster.json"), ClusterFixtures.validWith(r -> {
            node(r, 7).put("privateAddress", "10.0.0.31");
            r.withObjectProperty("loadBalancer").put("mode", "haproxy-keepalived").put("virtualIp", "10.0.0.100/24")
                    .remove("endpoint");
        }));
        try (TestDebianMirror server = new TestDebianMirror(tmp)) {
            Path keyring = server.keyring();
            Map<String, String> environment = Map.of("KUBEHA_CACHE", tmp.resolve("cache").toString(),
                    "KUBEHA_ETCD_DOWNLOAD_URL", "http://127.0.0.1:9/no-downloads-in-tests");
            List<String> fetch = List.of("--fetch-packages", "--distro", "debian-12", "--package-mirror",
                    server.base().toString(), "--package-keyring", keyring.toString());
            Path bundle = tmp.resolve("bundle");
            List<String> export = new ArrayList<>(List.of("export", cluster.toString(), "--out", bundle.toString(),
                    "--workspace", tmp.resolve("ws").toString()));
            export.addAll(fetch);
            Result r = run(environment, export.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("kubeha: 13 packages for debian-12 (amd64)\n");
            try (var files = Files.list(bundle.resolve("packages/load-balancer"))) {
                assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
                        "haproxy_2.6.12-1+deb12u2_amd64.deb", "keepalived_2.2.7-1+b2_amd64.deb",
                        "liblua5.3-0_5.3.6-2_amd64.deb", "libnl-3-200_3.7.0-0.2+b1_amd64.deb");
            }
            assertThat(bundle.resolve("packages/iptables_1.8.9-2_amd64.deb")).exists();
            JsonNode index = new ObjectMapper().readTree(bundle.resolve("packages/packages.json").toFile());
            List<String> files = new ArrayList<>();
            index.path("packages").forEach(p -> files.add(p.path("file").asText()));
            assertThat(files).contains("load-balancer/haproxy_2.6.12-1+deb12u2_amd64.deb", "iptables_1.8.9-2_amd64.deb")
                    .doesNotContain("load-balancer/iptables_1.8.9-2_amd64.deb");
            Result verify = run(environment, "bundle", "verify", bundle.toString());
            assertThat(verify.out()).as(verify.out()).doesNotContain("missing: package");

            // apply uploads the load-balancer directory to the control-plane nodes only.
            List<String> apply = new ArrayList<>(List.of("apply", cluster.toString(), "--dry-run", "--workspace",
                    tmp.resolve("ws-apply").toString()));
            apply.addAll(fetch);
            Result dry = run(environment, apply.toArray(String[]::new));
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            String master = section(dry.out(), "master0");
            assertThat(master).contains("upload /var/lib/kubeha/packages/load-balancer/haproxy_2.6.12-1+deb12u2_amd64.deb",
                    "upload /var/lib/kubeha/packages/kubeadm_1.37.1-1.1_amd64.deb",
                    "run as root: bash /etc/kubeha/prepare-node.sh --load-balancer");
            assertThat(section(dry.out(), "worker0")).contains("upload /var/lib/kubeha/packages/kubeadm_1.37.1-1.1_amd64.deb")
                    .doesNotContain("load-balancer");
        }
    }

    /** The dry run's lines for {@code node}, up to the next node's. */
    private static String section(String out, String node) {
        String rest = out.substring(out.indexOf("\nnode " + node + "\n"));
        int next = rest.indexOf("\nnode ", 2);
        return next < 0 ? rest : rest.substring(0, next);
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

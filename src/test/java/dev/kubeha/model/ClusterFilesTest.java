package dev.kubeha.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheDesignExampleWithOverridesAndDefaults() throws Exception {
        ParsedCluster parsed = ClusterFiles.read(Path.of("src/examples/cluster.json"));
        Cluster c = parsed.cluster();
        assertThat(parsed.problems()).isEmpty();
        assertThat(c.name()).isEqualTo("prod-eu1");
        assertThat(c.etcd().topology()).isEqualTo(EtcdTopology.DEDICATED);
        assertThat(c.etcd().runtime()).isEqualTo(EtcdRuntime.SYSTEMD);
        assertThat(c.etcdMembers()).extracting(Node::name).containsExactly("etcd0", "etcd1", "etcd2");
        assertThat(c.controlPlaneNodes()).extracting(Node::name).containsExactly("master0", "master1", "master2");
        Node master2 = c.node("master2").orElseThrow();
        assertThat(c.sshFor(master2)).isEqualTo(new SshSettings("ubuntu", 2222, null, true));
        Node worker1 = c.node("worker1").orElseThrow();
        assertThat(c.privateInterfaceFor(worker1)).isEqualTo("ens4");
        assertThat(c.privateInterfaceFor(master2)).isEqualTo("eth1");
    }

    @Test
    void appliesTheDefaultsOfDesignMd() throws Exception {
        Cluster c = ClusterFiles.parse("{\"name\": \"lab\", \"nodes\": [{\"name\": \"m0\", \"host\": \"10.0.0.1\","
                + " \"roles\": \"control-plane\"}]}", ClusterFiles.Format.JSON, "x.json").cluster();
        assertThat(c.apiVersion()).isEqualTo("kubeha/v1");
        assertThat(c.kind()).isEqualTo("Cluster");
        assertThat(c.networking().serviceSubnet()).isEqualTo("10.96.0.0/12");
        assertThat(c.networking().dnsDomain()).isEqualTo("cluster.local");
        assertThat(c.pki().keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(c.pki().certificateValidity()).isEqualTo("8760h");
        assertThat(c.pki().caValidity()).isEqualTo("87600h");
        assertThat(c.ssh().port()).isEqualTo(22);
        assertThat(c.ssh().user()).isEqualTo("root");
        assertThat(c.ssh().sudo()).isFalse();
        // No etcd.version: the one kubeadm of the release pins, and without kubernetesVersion there is none.
        assertThat(c.etcd()).isEqualTo(new EtcdSettings(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, null));
        assertThat(c.etcdVersion()).isNull();
        assertThat(c.etcd().stacked()).isTrue();
        // A single role may be written without brackets.
        assertThat(c.nodes().get(0).roles()).containsExactly(Role.CONTROL_PLANE);
    }

    @Test
    void aNodeOverrideOfTheUserRecomputesSudoUnlessGiven() {
        SshSettings cluster = new SshSettings("root", 22, "~/.ssh/id", null);
        assertThat(cluster.sudo()).isFalse();
        assertThat(cluster.with(new SshOverride("ubuntu", null, null, null)))
                .isEqualTo(new SshSettings("ubuntu", 22, "~/.ssh/id", true));
        assertThat(cluster.with(new SshOverride(null, 2222, null, null)))
                .isEqualTo(new SshSettings("root", 2222, "~/.ssh/id", false));
        assertThat(cluster.with(new SshOverride("admin", null, "~/k", false)))
                .isEqualTo(new SshSettings("admin", 22, "~/k", false));
    }

    @Test
    void readsYamlAsTheSameDocument() throws Exception {
        Path yaml = dir.resolve("cluster.yaml");
        Files.writeString(yaml, """
                apiVersion: kubeha/v1
                kind: Cluster
                name: prod-eu1
                kubernetesVersion: v1.37.1
                privateInterface: eth1
                nodes:
                  - name: master0
                    host: 10.0.0.20
                    roles: [control-plane]
                etcd: { topology: co-located, runtime: systemd }
                loadBalancer:
                  mode: external
                  endpoint: lb.example.com:6443
                networking:
                  podSubnet: 10.244.0.0/16
                  surprise: true
                """);
        ParsedCluster parsed = ClusterFiles.read(yaml);
        assertThat(parsed.cluster().etcd().runtime()).isEqualTo(EtcdRuntime.SYSTEMD);
        assertThat(parsed.cluster().nodes()).extracting(Node::host).containsExactly("10.0.0.20");
        assertThat(parsed.problems()).containsExactly(Problem.error("networking.surprise",
                "unknown field \"surprise\" (line 16)", "known fields here: dnsDomain, podSubnet, serviceSubnet"));
    }

    @Test
    void writesJsonThatReadsBackEqual() throws Exception {
        Cluster original = ClusterFiles.read(Path.of("src/examples/cluster.json")).cluster();
        Path out = dir.resolve("sub/cluster.json");
        ClusterFiles.write(original, out);
        ParsedCluster again = ClusterFiles.read(out);
        assertThat(again.problems()).isEmpty();
        assertThat(again.cluster()).isEqualTo(original);
        String json = Files.readString(out);
        assertThat(json).startsWith("{\n  \"apiVersion\" : \"kubeha/v1\",\n  \"kind\" : \"Cluster\",\n  \"name\" : \"prod-eu1\"");
        assertThat(json).contains("\"topology\" : \"dedicated\"", "\"roles\" : [ \"control-plane\" ]",
                "\"keyAlgorithm\" : \"RSA-2048\"");
        assertThat(json).doesNotContain("null", "\"error\"");
        try (var files = Files.list(out.getParent())) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("cluster.json");
        }
    }

    @Test
    void syntaxErrorsNameTheFileLineAndColumn() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"name\": \"x\",\n  \"nodes\": [ }\n}\n");
        assertThatThrownBy(() -> ClusterFiles.read(file))
                .isInstanceOf(ClusterFileException.class)
                .hasMessage(file + ": line 3, column 14: Unexpected close marker '}': expected ']'"
                        + " (for Array starting at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 3, column: 12])");
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "name: x\nnodes:\n  - name: a\n   host: b\n");
        assertThatThrownBy(() -> ClusterFiles.read(file))
                .isInstanceOf(ClusterFileException.class)
                .hasMessage(file + ": line 4, column 4: expected <block end>, but found '<block mapping start>'"
                        + " (while parsing a block collection that starts on line 3)");
    }

    @Test
    void duplicateKeysAreRejected() throws Exception {
        assertThatThrownBy(() -> ClusterFiles.parse("{\"name\": \"a\",\n\"name\": \"b\"}", ClusterFiles.Format.JSON, "d.json"))
                .isInstanceOf(ClusterFileException.class)
                .hasMessage("d.json: line 2, column 7: Duplicate field 'name'");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> ClusterFiles.parse("[1, 2]", ClusterFiles.Format.JSON, "a.json"))
                .hasMessage("a.json: line 1, column 1: expected an object with apiVersion, kind, name, nodes, ...");
        assertThatThrownBy(() -> ClusterFiles.parse("  ", ClusterFiles.Format.JSON, "e.json"))
                .hasMessage("e.json: the file is empty");
        assertThatThrownBy(() -> ClusterFiles.parse("{} {}", ClusterFiles.Format.JSON, "t.json"))
                .hasMessage("t.json: line 1, column 4: unexpected content after the end of the document");
    }

    @Test
    void missingAndUnreadableFilesAreReportedByName() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ClusterFiles.read(missing)).hasMessage(missing + ": no such file");
        Path binary = dir.resolve("bin.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> ClusterFiles.read(binary)).hasMessage(binary + ": not UTF-8 text");
    }

    @Test
    void unknownFieldsAreAllReportedWithTheirLines() throws Exception {
        String json = """
                {
                  "name": "a",
                  "sssh": {},
                  "nodes": [
                    { "name": "m0", "host": "h", "rolez": ["worker"] }
                  ]
                }
                """;
        List<Problem> problems = ClusterFiles.parse(json, ClusterFiles.Format.JSON, "u.json").problems();
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "error: sssh: unknown field \"sssh\" (line 3) (hint: did you mean \"ssh\"?)",
                "error: nodes[0].rolez: unknown field \"rolez\" (line 5) (hint: did you mean \"roles\"?)");
    }

    @Test
    void formatFollowsTheExtension() {
        assertThat(ClusterFiles.formatOf(Path.of("a.YML"))).isEqualTo(ClusterFiles.Format.YAML);
        assertThat(ClusterFiles.formatOf(Path.of("a.yaml"))).isEqualTo(ClusterFiles.Format.YAML);
        assertThat(ClusterFiles.formatOf(Path.of("cluster.json"))).isEqualTo(ClusterFiles.Format.JSON);
    }
}

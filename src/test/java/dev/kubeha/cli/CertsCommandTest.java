package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run certs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "certs";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Cli.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    Path clusterFile(String pki) throws Exception {
        Path file = dir.resolve("cluster.json");
        Files.writeString(file, """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "lab", "kubernetesVersion": "v1.37.1",
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "etcd0", "host": "10.0.0.10", "privateAddress": "10.0.0.10", "roles": ["etcd"] },
                    { "name": "etcd1", "host": "10.0.0.11", "privateAddress": "10.0.0.11", "roles": ["etcd"] },
                    { "name": "etcd2", "host": "10.0.0.12", "privateAddress": "10.0.0.12", "roles": ["etcd"] },
                    { "name": "master0", "host": "10.0.0.20", "privateAddress": "10.0.0.20", "roles": ["control-plane"] },
                    { "name": "worker0", "host": "10.0.0.30", "roles": ["worker"] }
                  ],
                  "etcd": { "topology": "dedicated", "runtime": "systemd" },
                  "loadBalancer": { "mode": "external", "endpoint": "lb.example.com:6443" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": %s
                }
                """.formatted(pki));
        return file;
    }

    @Test
    void makesThePkiThenListsItByExpiry() throws Exception {
        Path file = clusterFile("{ \"keyAlgorithm\": \"ECDSA-P256\" }");
        Path ws = dir.resolve("ws");

        Run first = certs(file.toString(), "--workspace", ws.toString());

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        List<String> lines = first.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("PKI in " + ws.resolve("pki"));
        assertThat(lines).contains("  created etcd/ca: new etcd CA, ECDSA-P256, valid until "
                        + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3650),
                "  created etcd/etcd1/server: new");
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("CERTIFICATE ")).findFirst().orElseThrow());
        assertThat(lines.get(header)).matches(
                "CERTIFICATE +SUBJECT +ISSUER +KEY +NOT AFTER \\(UTC\\) +DAYS LEFT +SANS");
        List<String> rows = lines.subList(header + 1, lines.size());
        assertThat(rows).hasSize(14);
        // Leaves (one year) before CAs (ten years); within each, by name.
        assertThat(rows.get(0)).startsWith("apiserver-etcd-client.crt ")
                .contains(" CN=kube-apiserver-etcd-client,O=system:masters ", " CN=etcd-ca ", " ECDSA-P256 ",
                        " 364 ").endsWith(" -");
        assertThat(rows.get(1)).startsWith("etcd/etcd0/healthcheck-client.crt ");
        assertThat(rows.get(2)).startsWith("etcd/etcd0/peer.crt ")
                .endsWith(" DNS:etcd0,DNS:localhost,IP:10.0.0.10,IP:127.0.0.1,IP:::1");
        assertThat(rows.subList(11, 14)).extracting(r -> r.split(" +")[0])
                .containsExactly("ca.crt", "etcd/ca.crt", "front-proxy-ca.crt");
        // Aligned: every row has its KEY column where the header has it.
        int keyColumn = lines.get(header).indexOf("KEY");
        assertThat(rows).allSatisfy(r -> assertThat(r.substring(keyColumn)).startsWith("ECDSA-P256"));

        Run again = certs(file.toString(), "--workspace", ws.toString(), "--format", "json");
        assertThat(again.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(again.out());
        assertThat(json.get("pki").asText()).isEqualTo(ws.resolve("pki").toString());
        assertThat(json.get("changes")).allSatisfy(c -> assertThat(c.get("action").asText()).isEqualTo("REUSED"));
        JsonNode server = json.get("certificates").get(5);
        assertThat(server.get("file").asText()).isEqualTo("etcd/etcd1/peer.crt");
        assertThat(server.get("subject").asText()).isEqualTo("CN=etcd1");
        assertThat(server.get("daysLeft").asLong()).isEqualTo(364);
        assertThat(server.get("expiresWithin30Days").asBoolean()).isFalse();
        assertThat(again.out()).doesNotContain(Files.readString(ws.resolve("pki/bootstrap-token")).strip());
    }

    @Test
    void makesNoCertificateKeyAndCallsOneFromAnEarlierVersionUnused() throws Exception {
        Path file = clusterFile("{ \"keyAlgorithm\": \"ECDSA-P256\" }");
        Path ws = dir.resolve("ws");
        Run first = certs(file.toString(), "--workspace", ws.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).doesNotContainIgnoringCase("certificate-key").doesNotContainIgnoringCase("certificate key");
        assertThat(ws.resolve("pki/certificate-key")).doesNotExist();

        Files.writeString(ws.resolve("pki/certificate-key"), "00112233445566778899aabbccddeeff".repeat(2) + "\n");
        Run text = certs(file.toString(), "--workspace", ws.toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("\n  unused certificate-key: left by an earlier kubeha, no longer used (the"
                + " masters get the shared certificates copied, not uploaded): delete it at will\n");
        Run json = certs(file.toString(), "--workspace", ws.toString(), "--format", "json");
        assertThat(new ObjectMapper().readTree(json.out()).get("changes"))
                .filteredOn(c -> !c.get("action").asText().equals("REUSED"))
                .extracting(c -> c.get("item").asText() + " " + c.get("action").asText())
                .containsExactly("certificate-key UNUSED");
        assertThat(ws.resolve("pki/certificate-key")).exists();
    }

    @Test
    void failsWhenACertificateExpiresWithin30Days() throws Exception {
        Path file = clusterFile("{ \"keyAlgorithm\": \"ECDSA-P256\", \"certificateValidity\": \"240h\" }");
        Run run = certs(file.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kubeha: 11 certificates expire within 30 days: apiserver-etcd-client.crt,"
                + " etcd/etcd0/healthcheck-client.crt, etcd/etcd0/peer.crt, etcd/etcd0/server.crt,"
                + " etcd/etcd1/healthcheck-client.crt, etcd/etcd1/peer.crt, etcd/etcd1/server.crt,"
                + " etcd/etcd2/healthcheck-client.crt, etcd/etcd2/peer.crt, etcd/etcd2/server.crt,"
                + " etcd/etcdctl-client.crt (renew them, or raise pki.certificateValidity)\n");
        assertThat(run.out()).contains(" 9  ");
    }

    @Test
    void printsValidationErrorsAndMakesNothing() throws Exception {
        Path file = clusterFile("{ \"certificateValidity\": \"forever\" }");
        Path ws = dir.resolve("ws");
        Run run = certs(file.toString(), "--workspace", ws.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: pki.certificateValidity: \"forever\" is not a duration like 8760h or"
                + " 43800h0m0s (hint: write hours, e.g. 8760h for a year)\n"
                + file + ": 1 error: fix these before making certificates\n");
        assertThat(ws).doesNotExist();
    }

    @Test
    void anEtcdMemberWhoseAddressIsToBeDetectedCannotGetCertificatesYet() throws Exception {
        Path file = clusterFile("{ \"keyAlgorithm\": \"ECDSA-P256\" }");
        Files.writeString(file, Files.readString(file).replace(
                "\"host\": \"10.0.0.11\", \"privateAddress\": \"10.0.0.11\",", "\"host\": \"10.0.0.11\","));
        Run run = certs(file.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kubeha: cannot make the etcd certificates of node etcd1: its private address"
                + " is not known yet (set privateAddress for it in the cluster file, or detect it from its private"
                + " interface first)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void importsACaWithAPassphraseFile() throws Exception {
        Path file = clusterFile("{ \"keyAlgorithm\": \"ECDSA-P256\" }");
        run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout plain.key -out corp.crt"
                + " -subj /CN=corp-etcd-ca -days 365 2>/dev/null"
                + " && openssl pkcs8 -topk8 -v2 aes-256-cbc -in plain.key -passout pass:s3cret -out corp.key"
                + " && printf 's3cret\\n' > pass.txt && printf 'wrong\\n' > wrong.txt");
        Path ws = dir.resolve("ws");

        Run wrong = certs(file.toString(), "--workspace", ws.toString(), "--ca-cert", "etcd=" + dir.resolve("corp.crt"),
                "--ca-key", "etcd=" + dir.resolve("corp.key"), "--ca-passphrase-file", "etcd=" + dir.resolve("wrong.txt"));
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).isEqualTo("kubeha: " + dir.resolve("corp.key")
                + ": cannot decrypt the private key: wrong passphrase\n");

        Run missingKey = certs(file.toString(), "--workspace", ws.toString(), "--ca-cert", "etcd=x.crt");
        assertThat(missingKey.code()).isEqualTo(2);
        assertThat(missingKey.err()).isEqualTo("kubeha: importing the etcd CA needs both --ca-cert etcd=FILE and"
                + " --ca-key etcd=FILE\n");

        Run ok = certs(file.toString(), "--workspace", ws.toString(), "--ca-cert", "etcd=" + dir.resolve("corp.crt"),
                "--ca-key", "etcd=" + dir.resolve("corp.key"), "--ca-passphrase-file", "etcd=" + dir.resolve("pass.txt"));
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("  imported etcd/ca: your etcd CA, ECDSA-P256, valid until ")
                .contains(" CN=etcd0 ", " CN=corp-etcd-ca ").doesNotContain("s3cret");
    }

    private void run(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}

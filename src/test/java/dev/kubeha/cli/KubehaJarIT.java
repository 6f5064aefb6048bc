package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started the way a user starts it: exit codes come from the real main. */
class KubehaJarIT {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run kubeha(String... args) throws IOException, InterruptedException {
        return kubeha(java.util.Map.of(), null, args);
    }

    /** With extra environment variables and, when stdin is not null, that text on standard input. */
    static Run kubeha(java.util.Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("kubeha.jar", "target/kubeha.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = builder.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void printsItsVersion() throws Exception {
        Run r = kubeha("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("kubeha ");
    }

    @Test
    void validateExitsZeroForAValidCluster() throws Exception {
        Run r = kubeha("validate", "src/examples/cluster.json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("valid, 0 warnings");
    }

    @Test
    void validateExitsOneForErrors() throws Exception {
        Run r = kubeha("validate", "src/examples/bad.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("error: nodes[0].host: 10.0.0.300 is not an IP address");
    }

    @Test
    void validateExitsTwoForAFileThatIsNotJson() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "not json at all");
        Run r = kubeha("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("kubeha: " + file + ": line 1, column 1: Unrecognized token 'not'");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        Run r = kubeha("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("validate", "Exit codes:", "2   bad usage");
    }

    private Path exampleWithAddresses() throws IOException {
        return Files.writeString(dir.resolve("cluster.json"), Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"roles\": [\"worker\"], \"privateInterface\": \"ens4\"",
                        "\"roles\": [\"worker\"], \"privateAddress\": \"10.0.0.31\""));
    }

    @Test
    void exportsAnEncryptedBundleThatOpensslDecrypts() throws Exception {
        Path out = dir.resolve("bundle.tar.gz.enc");
        Run r = kubeha(java.util.Map.of("KUBEHA_BUNDLE_PASSPHRASE", "s3cret pass"), null,
                "export", exampleWithAddresses().toString(), "--out", out.toString(), "--encrypt",
                "--workspace", dir.resolve("ws").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("(tar.gz, encrypted)", "next: openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -in bundle.tar.gz.enc | tar -xzpf -");
        assertThat(r.out() + r.err()).doesNotContain("s3cret");
        Path x = Files.createDirectory(dir.resolve("x"));
        Process p = new ProcessBuilder("bash", "-c", "openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass pass:'s3cret pass'"
                + " -in '" + out + "' | tar -xzpf - && sha256sum -c SHA256SUMS").directory(x.toFile()).redirectErrorStream(true).start();
        String check = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(check).isZero();
        assertThat(check).contains("nodes/master0/root/etc/kubernetes/pki/ca.key: OK").doesNotContain("FAILED");
    }

    @Test
    void thePassphraseCanComeOnStdin() throws Exception {
        Path out = dir.resolve("bundle.zip");
        Run r = kubeha(java.util.Map.of(), "from stdin\n", "export", exampleWithAddresses().toString(), "--out",
                out.toString(), "--encrypt", "--workspace", dir.resolve("ws").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Process p = new ProcessBuilder("bash", "-c", "openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass pass:'from stdin'"
                + " -in '" + out + "' -out /dev/null").redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        Run none = kubeha(java.util.Map.of(), "", "export", exampleWithAddresses().toString(), "--out",
                dir.resolve("b2.zip").toString(), "--encrypt", "--workspace", dir.resolve("ws").toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).endsWith("kubeha: --encrypt needs a passphrase: set KUBEHA_BUNDLE_PASSPHRASE or give it on"
                + " the first line of stdin\n");
    }
}

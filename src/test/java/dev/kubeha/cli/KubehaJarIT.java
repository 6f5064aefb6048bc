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
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("kubeha.jar", "target/kubeha.jar")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
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
}

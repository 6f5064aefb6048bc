package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aValidFileExitsZero() {
        Result r = run("validate", "src/examples/cluster.json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("src/examples/cluster.json: valid, 0 warnings\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void problemsArePrintedOneLineEachErrorsFirstThenASummary() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"10.0.0.22\"", "\"10.0.0.300\"")
                .replace("\"dedicated\", \"runtime\": \"systemd\"", "\"dedicated\", \"runtime\": \"systemd\", \"version\": \"3.4.30\"")
                .replace("\"v1.37.1\"", "\"v1.37.9\""));
        Result r = run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo(
                "error: nodes[5].privateAddress: 10.0.0.300 is not an IP address"
                        + " (hint: write four numbers 0-255 without leading zeros)\n"
                        + "error: etcd.version: etcd 3.4.30 is older than 3.5.24, the oldest external etcd kubeadm v1.37"
                        + " accepts (hint: use 3.5.24 or newer, e.g. 3.7.0 (the one kubeadm v1.37 pins),"
                        + " or leave etcd.version out)\n"
                        + "warning: kubernetesVersion: v1.37.9 is newer than v1.37.1, the newest v1.37 patch kubeha is"
                        + " tested with (hint: use v1.37.1 unless you need the newer patch)\n"
                        + file + ": 2 errors, 1 warning\n");
    }

    @Test
    void aReleaseBeforeV135NamesTheSupportedRange() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"v1.37.1\"", "\"v1.33.4\""));
        Result r = run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("error: kubernetesVersion: v1.33.4 is not supported"
                + " (hint: kubeha installs Kubernetes v1.35 to v1.37; the newest is v1.37.1)\n"
                + file + ": 1 error, 0 warnings\n");
    }

    @Test
    void v138IsNotYetSupported() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"v1.37.1\"", "\"v1.38.0\""));
        Result r = run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("error: kubernetesVersion: v1.38.0 is not yet supported: kubeha has no tested"
                + " values for v1.38 (due 2026-12-16) (hint: use v1.37.1 until a kubeha release supports v1.38)\n"
                + file + ": 1 error, 0 warnings\n");
    }

    @Test
    void warningsAloneExitZero() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"10.0.0.22\"", "\"127.0.0.22\""));
        Result r = run("validate", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).endsWith(file + ": valid, 1 warning\n");
    }

    @Test
    void jsonFormatForScripts() {
        Result r = run("validate", "--format", "json", "src/examples/bad.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"valid\" : false", "\"severity\" : \"error\"",
                "\"path\" : \"etcd.runtime\"", "\"message\" : \"\\\"sytemd\\\" is not one of systemd, static-pod\"");
    }

    @Test
    void anUnreadableFileExitsTwoWithTheParserPosition() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"name\": \"x\"\n  \"nodes\": []\n}\n");
        Result r = run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kubeha: " + file + ": line 3, column 3: Unexpected character ('\"' (code 34)):"
                + " was expecting comma to separate Object entries");
    }

    @Test
    void aMissingFileExitsTwo() {
        Result r = run("validate", dir.resolve("none.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kubeha: " + dir.resolve("none.json") + ": no such file\n");
    }

    @Test
    void badUsageExitsTwo() {
        Result r = run("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing required parameter: 'FILE'");
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
        assertThat(run("validate", "--format", "xml", "x.json").err())
                .startsWith("Invalid value for option '--format': expected one of [text, json] (case-sensitive) but was 'xml'");
    }

    @Test
    void versionIsTheBuildVersion() {
        Result r = run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).matches("kubeha \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
    }
}

package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubeha export FILE --operation reset}: the reset's bundle, from cluster.json alone. */
class ResetExportTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run kubeha(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), Terminal.nonInteractive(Map.of()));
        return new Run(code, out.toString(), err.toString());
    }

    Path complete() throws Exception {
        String text = Files.readString(PlanCommandTest.EXAMPLE);
        return Files.writeString(dir.resolve("cluster.json"), text.replace("\"host\": \"203.0.113.31\", \"roles\"",
                "\"host\": \"203.0.113.31\", \"privateAddress\": \"10.0.0.31\", \"roles\""));
    }

    @Test
    void writesRunbookAndAResetScriptPerNodeWithoutAPki() throws Exception {
        Path bundle = dir.resolve("reset-bundle");
        Path workspace = dir.resolve("ws");

        Run r = kubeha("export", complete().toString(), "--operation", "reset", "--out", bundle.toString(),
                "--workspace", workspace.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + bundle + " (dir): the reset of cluster prod-eu1, 8 nodes, 8 tasks, 12 files\n"
                + "next: (cd " + bundle + " && sha256sum -c SHA256SUMS), then follow RUNBOOK.md\n");
        assertThat(bundle.resolve("nodes/etcd0/reset.sh")).exists();
        assertThat(bundle.resolve("nodes/etcd0/install.sh")).doesNotExist();
        assertThat(bundle.resolve("nodes/etcd0/root")).doesNotExist();
        assertThat(Files.readString(bundle.resolve("RUNBOOK.md"))).startsWith("# Runbook: reset of prod-eu1\n");
        BundleCheck.sha256sums(bundle);
        assertThat(workspace).doesNotExist();
    }

    @Test
    void theInstallBundlesOptionsAreRefused() throws Exception {
        Path bundle = dir.resolve("b.tar.gz");

        Run r = kubeha("export", complete().toString(), "--operation", "reset", "--out", bundle.toString(), "--encrypt");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kubeha: --operation reset writes the reset's scripts alone, which need nothing from"
                + " this machine and hold no secret: --encrypt, --images, --air-gapped and the package options are for an"
                + " install bundle\n");
        assertThat(bundle).doesNotExist();
    }

    @Test
    void aNodeWithoutAPrivateAddressIsNamed() {
        Path bundle = dir.resolve("b");

        Run r = kubeha("export", PlanCommandTest.EXAMPLE.toString(), "--operation", "reset", "--out", bundle.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: nodes[7].privateAddress: node worker1 has no private address, which its"
                + " reset.sh checks it runs on (hint: set privateAddress in " + PlanCommandTest.EXAMPLE + ")\n"
                + "kubeha: nothing exported\n");
        assertThat(bundle).doesNotExist();
    }

    /** {@code sha256sum -c SHA256SUMS} in the bundle passes. */
    static final class BundleCheck {
        static void sha256sums(Path bundle) throws Exception {
            Process p = new ProcessBuilder("sha256sum", "-c", "--quiet", "SHA256SUMS").directory(bundle.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(output).isZero();
        }
    }
}

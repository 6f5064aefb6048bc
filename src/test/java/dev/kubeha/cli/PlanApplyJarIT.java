package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan and apply through the packaged jar, without a terminal (stdin is /dev/null). */
class PlanApplyJarIT {
    @TempDir
    Path dir;

    @Test
    void planPrintsTheExampleOnceItsAddressesAreKnown() throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.json"), Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"host\": \"203.0.113.31\", \"roles\"",
                        "\"host\": \"203.0.113.31\", \"privateAddress\": \"10.0.0.31\", \"roles\""));
        KubehaJarIT.Run r = KubehaJarIT.kubeha("plan", file.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Plan for cluster prod-eu1: 20 tasks on 8 nodes\n");
    }

    @Test
    void applyWithoutATerminalAndWithoutYesTouchesNothingAndExitsTwo() throws Exception {
        KubehaJarIT.Run r = KubehaJarIT.kubeha("apply", "src/examples/cluster.json", "--workspace",
                dir.resolve("ws").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).endsWith("kubeha: apply changes the 8 nodes of cluster prod-eu1 and asks before it starts,"
                + " but there is no terminal to ask: run it in a terminal, or pass --yes\n");
        assertThat(dir.resolve("ws")).doesNotExist();
    }
}

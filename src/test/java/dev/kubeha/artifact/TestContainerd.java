package dev.kubeha.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real containerd for tests (Debian's {@code containerd}, 1.6), started as root with its own
 * root, state and socket under a directory the test gives, the CRI plugin disabled, and
 * {@code ctr} pointed at that socket. It never touches the machine's own containerd.
 *
 * <pre>{@code
 * TestContainerd.assumeAvailable();
 * try (TestContainerd containerd = TestContainerd.start(tmp)) {
 *     containerd.ctr("-n", "k8s.io", "images", "import", "--platform", "linux/amd64", archive.toString());
 *     assertThat(containerd.imageNames("k8s.io")).containsExactly("registry.k8s.io/pause:3.10");
 * }
 * }</pre>
 */
public final class TestContainerd implements AutoCloseable {
    public static final String CONTAINERD = "/usr/bin/containerd";
    public static final String CTR = "/usr/bin/ctr";

    private final Path dir;
    private Process process;

    /** What a {@code ctr} run printed and returned. */
    public record Result(int exitCode, String output) {
    }

    private TestContainerd(Path dir) {
        this.dir = dir;
    }

    /** Skips the calling test unless it runs as root and containerd and ctr are installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "containerd needs root; this test runs as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CONTAINERD)) && Files.isExecutable(Path.of(CTR)),
                CONTAINERD + " or " + CTR + " is not installed (Debian package containerd)");
    }

    /** Starts containerd with everything under {@code dir}. */
    public static TestContainerd start(Path dir) throws IOException {
        assumeAvailable();
        TestContainerd c = new TestContainerd(dir);
        c.launch();
        return c;
    }

    /** containerd's socket. */
    public Path socket() {
        return dir.resolve("c.sock");
    }

    private void launch() throws IOException {
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("state"));
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]

                [grpc]
                  address = "%s"

                [ttrpc]
                  address = "%s"

                [debug]
                  address = ""

                [metrics]
                  address = ""
                """.formatted(dir.resolve("root"), dir.resolve("state"), socket(), dir.resolve("t.sock")));
        process = new ProcessBuilder(CONTAINERD, "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (Files.exists(socket()) && ctr("version").exitCode() == 0) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("containerd did not start: " + Files.readString(dir.resolve("containerd.log")));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Runs {@code ctr --address SOCKET args...}. */
    public Result ctr(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(CTR, "--address", socket().toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code ctr -n NAMESPACE images ls -q}, one name a line. */
    public List<String> imageNames(String namespace) throws IOException {
        Result r = ctr("-n", namespace, "images", "ls", "-q");
        if (r.exitCode() != 0) {
            throw new IOException("ctr images ls failed: " + r.output());
        }
        return r.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two kubeha processes on one workspace: the second says who holds it and exits 2 without touching
 * anything; once the first is killed, its lock is taken over. The first process hangs in its run
 * because every node is an SSH port on loopback that accepts and never answers.
 */
class WorkspaceLockJarIT {
    @TempDir
    Path dir;

    private ServerSocket silent;
    private final List<Socket> accepted = new ArrayList<>();
    private Process first;

    @AfterEach
    void stop() throws IOException {
        if (first != null) {
            first.destroyForcibly();
        }
        if (silent != null) {
            silent.close();
        }
        for (Socket s : accepted) {
            s.close();
        }
    }

    /**
     * The example cluster with every node on the silent port of 127.0.0.1, passwords from the
     * environment; etcd as static pods, so that the run gets to its tasks without first asking
     * the members their architecture (for the etcd tarball).
     */
    private Path cluster() throws IOException {
        String json = Files.readString(Path.of("src/examples/cluster.json"))
                .replaceAll("\"host\": \"203\\.0\\.113\\.\\d+\"", "\"host\": \"127.0.0.1\"")
                .replace("\"port\": 22,", "\"port\": " + silent.getLocalPort() + ",")
                .replace("\"ssh\": { \"port\": 2222 }", "\"ssh\": { \"port\": " + silent.getLocalPort() + " }")
                .replace("\"roles\": [\"worker\"], \"privateInterface\": \"ens4\"",
                        "\"privateAddress\": \"10.0.0.31\", \"roles\": [\"worker\"], \"privateInterface\": \"ens4\"")
                .replace("\"runtime\": \"systemd\"", "\"runtime\": \"static-pod\"");
        return Files.writeString(dir.resolve("cluster.json"), json);
    }

    @Test
    void aSecondApplyOnTheSameWorkspaceNamesTheFirstsPidAndTouchesNothing() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = silent.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                }
            } catch (IOException closed) {
                // The test is over.
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        Path file = cluster();
        Path workspace = dir.resolve("ws");
        Map<String, String> env = Map.of("KUBEHA_SSH_PASSWORD", "not-used-login", "KUBEHA_SUDO_PASSWORD", "not-used-sudo");

        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar(), "apply", file.toString(), "--yes",
                "--accept-new-host-keys", "--workspace", workspace.toString());
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.redirectOutput(dir.resolve("first.out").toFile()).redirectError(dir.resolve("first.err").toFile());
        first = builder.start();
        // The run holds the workspace once its lock file names it; then it looks at the nodes over SSH, each
        // silent (waiting for its greeting, 15 s and more), before it plans anything.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!lockNamesItsHolder(workspace) && System.nanoTime() < deadline && first.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(lockNamesItsHolder(workspace)).as(Files.readString(dir.resolve("first.err"))).isTrue();
        Thread.sleep(1_000);
        assertThat(first.isAlive()).isTrue();
        Map<String, String> before = digests(workspace);

        KubehaJarIT.Run second = KubehaJarIT.kubeha(env, null, "apply", file.toString(), "--yes", "--resume",
                "--workspace", workspace.toString());

        assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(2);
        assertThat(second.err()).isEqualTo("kubeha: workspace " + workspace + " is in use by another kubeha process (PID "
                + first.pid() + ", kubeha apply " + file + ", since " + since(workspace) + "): wait until it has finished,"
                + " or stop it; nothing was changed\n");
        assertThat(second.out()).isEmpty();
        assertThat(first.isAlive()).isTrue();
        assertThat(digests(workspace)).isEqualTo(before);

        // The same for a command that would make the PKI.
        KubehaJarIT.Run plan = KubehaJarIT.kubeha("plan", file.toString(), "--workspace", workspace.toString());
        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.err()).contains("is in use by another kubeha process (PID " + first.pid() + ", kubeha apply ");
        assertThat(digests(workspace)).isEqualTo(before);

        // Killed, the first holds nothing any more: its lock file is taken over.
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        KubehaJarIT.Run after = KubehaJarIT.kubeha("plan", file.toString(), "--workspace", workspace.toString());
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.err()).contains("PKI in " + workspace.resolve("pki") + ":");
    }

    /** Whether the workspace's lock file names the process that holds it (its PID and start time). */
    private static boolean lockNamesItsHolder(Path workspace) throws IOException {
        Path lock = workspace.resolve("kubeha.lock");
        if (!Files.exists(lock)) {
            return false;
        }
        List<String> lines = Files.readAllLines(lock);
        return lines.stream().anyMatch(l -> l.startsWith("pid=")) && lines.stream().anyMatch(l -> l.startsWith("since="));
    }

    /** The start time the first process wrote into the lock file. */
    private static String since(Path workspace) throws IOException {
        return Files.readAllLines(workspace.resolve("kubeha.lock")).stream().filter(l -> l.startsWith("since="))
                .map(l -> l.substring("since=".length())).findFirst().orElseThrow();
    }

    /** Every file of the workspace but the logs (the first process is still writing its own), with its digest. */
    private static Map<String, String> digests(Path workspace) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = workspace.relativize(p).toString();
                if (!name.startsWith("logs/")) {
                    out.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        // The first process is still looking at its (silent) nodes: its lock is there, its PKI and journal not yet.
        assertThat(out).containsKeys("kubeha.lock");
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        return System.getProperty("kubeha.jar", "target/kubeha.jar");
    }

}

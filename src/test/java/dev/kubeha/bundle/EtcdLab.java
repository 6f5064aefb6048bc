package dev.kubeha.bundle;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * etcd members started as a node would start them, with the bundle's files at the node's paths:
 * all members share one private network namespace (its own loopback, so the fixed ports 2379,
 * 2380 and 2381 of the bundle never meet another test's or the host's: no port can be taken),
 * and each member has a private mount namespace where the bundle's directories are bind-mounted
 * at their absolute paths. Nothing changes on the host: a path missing here (such as
 * /etc/kubernetes) gets its mount point inside an overlay whose writable layer is a tmpfs of that
 * namespace.
 * <p>
 * Everything runs in one private PID namespace whose init is a {@code cat} reading this JVM's
 * pipe: when the lab is closed, or the JVM dies however it dies, the init ends and the kernel
 * kills every member with it, so no etcd outlives the test.
 */
final class EtcdLab implements AutoCloseable {
    /** The default PATH systemd gives a service; also what the etcd image's container has. */
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Runs in the member's new mount namespace: {@code sh -c SCRIPT sh SCRATCH [TARGET SOURCE]... -- argv}.
     */
    private static final String MOUNT_AND_EXEC = """
            set -eu
            scratch=$1; shift
            mount -t tmpfs kubeha-lab "$scratch"
            n=0
            while [ "$1" != -- ]; do
              target=$1; source=$2; shift 2
              if [ ! -e "$target" ]; then
                base=$target
                while [ ! -e "$base" ]; do base=$(dirname "$base"); done
                if [ "$base" = / ]; then echo "no parent of $target to overlay" >&2; exit 1; fi
                n=$((n+1)); mkdir "$scratch/upper$n" "$scratch/work$n"
                mount -t overlay kubeha-lab -o "lowerdir=$base,upperdir=$scratch/upper$n,workdir=$scratch/work$n" "$base"
                mkdir -p "$target"
              fi
              mount --bind "$source" "$target"
            done
            shift
            exec "$@"
            """;

    /** A directory of the bundle (or a fresh one) seen at {@code target} inside the member's namespace. */
    record Bind(String target, Path source) {
    }

    record Result(int exitCode, String output) {
    }

    private record Member(String name, Process process, Path log) {
    }

    private final Path dir;
    /** unshare, which SIGKILLs the namespaces' init when it ends (--kill-child). */
    private final Process holder;
    /** The init of the namespaces, as the host sees it: the target of nsenter. */
    private final String init;
    private final List<Member> members = new ArrayList<>();

    private EtcdLab(Path dir, Process holder, ProcessHandle init) {
        this.dir = dir;
        this.holder = holder;
        this.init = Long.toString(init.pid());
    }

    /**
     * Skips the test with the reason when this machine cannot run the lab (not root, no
     * namespaces, a tool missing); in CI ({@code CI=true}) that fails instead, as .ci/run must
     * provide it.
     */
    static void require() throws IOException, InterruptedException {
        for (String tool : List.of("/usr/bin/etcd", "/usr/bin/etcdctl", "/usr/bin/unshare", "/usr/bin/nsenter",
                "/usr/bin/curl", ip())) {
            requireThat(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
        // The namespaces, and an overlay (mount points for paths this host lacks, such as /etc/kubernetes).
        Path scratch = Files.createTempDirectory("kubeha-etcd-lab");
        try {
            Process probe = new ProcessBuilder("/usr/bin/unshare", "--mount", "--net", "--pid", "--fork", "--",
                    "/bin/sh", "-c", "set -e; mount -t tmpfs kubeha-lab \"$1\"; cd \"$1\"; mkdir l u w m;"
                            + " mount -t overlay kubeha-lab -o lowerdir=l,upperdir=u,workdir=w m", "sh", scratch.toString())
                    .redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            requireThat(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
                    "the etcd lab needs mount, network and PID namespaces and overlayfs (run as root): " + out);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static void requireThat(boolean condition, String reason) {
        if (!condition && "true".equals(System.getenv("CI"))) {
            fail(reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    private static String ip() {
        return Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "/sbin/ip";
    }

    /** New network and PID namespaces with the loopback up, whose init lives as long as its stdin is open. */
    static EtcdLab open(Path dir) throws IOException {
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/unshare", "--net", "--pid", "--fork", "--kill-child", "--",
                "/bin/sh", "-c", ip() + " link set lo up && echo up && exec cat").redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        Process holder = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        // Either "up" or the end of the output: the shell exits at once when ip fails.
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("up")) {
                var init = holder.toHandle().children().findFirst();
                if (init.isPresent()) {
                    return new EtcdLab(dir, holder, init.get());
                }
            }
            seen.append(line).append('\n');
        }
        holder.destroyForcibly();
        throw new IOException("could not make a network namespace with loopback up: " + seen);
    }

    /** Starts a member: {@code argv} with exactly {@code env}, in its own mount namespace with {@code binds}. */
    void start(String name, List<String> argv, Map<String, String> env, List<Bind> binds) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve(name + "-mounts"));
        // nsenter forks into the PID namespace and exits with the member's exit code.
        List<String> command = new ArrayList<>(List.of("/usr/bin/nsenter", "--target", init,
                "--net", "--pid", "--", "/usr/bin/unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", MOUNT_AND_EXEC, "sh", scratch.toString()));
        for (Bind b : binds) {
            if (!Files.isDirectory(b.source())) {
                throw new IllegalArgumentException(name + ": " + b.source() + " (for " + b.target() + ") is not a directory");
            }
            command.add(b.target());
            command.add(b.source().toString());
        }
        command.add("--");
        command.addAll(argv);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        members.add(new Member(name, pb.start(), log));
    }

    /** Runs a command inside the lab's network namespace (and the host's file system), bounded in time. */
    Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/nsenter", "--target", init, "--net", "--"));
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "run", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            // etcdctl and curl get their own timeouts too; this is the backstop.
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT.toSeconds()
                        + " s: " + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Members that have exited, with their exit codes; empty while all run. */
    String exited() {
        StringBuilder text = new StringBuilder();
        for (Member m : members) {
            if (!m.process().isAlive()) {
                text.append(text.isEmpty() ? "" : ", ").append(m.name()).append(" exited with ").append(m.process().exitValue());
            }
        }
        return text.toString();
    }

    /** The last lines of every member's output, for failure messages. */
    String logs() {
        StringBuilder text = new StringBuilder();
        for (Member m : members) {
            text.append("\n--- ").append(m.name()).append(" (").append(m.log()).append(", last lines)\n");
            try {
                List<String> lines = Files.readAllLines(m.log());
                text.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
            } catch (IOException e) {
                text.append("(unreadable: ").append(e.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    /**
     * Stops every member: TERM to the etcd processes, then, after at most 10 s, the end of the
     * namespaces' init, which kills whatever is left.
     */
    @Override
    public void close() throws InterruptedException {
        for (Member m : members) {
            m.process().descendants().forEach(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Member m : members) {
            m.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        try {
            holder.getOutputStream().close(); // the init, cat, ends at the end of its input
        } catch (IOException e) {
            // then the kill below ends it
        }
        if (!holder.waitFor(5, TimeUnit.SECONDS)) {
            holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (Member m : members) {
            if (!m.process().waitFor(5, TimeUnit.SECONDS)) {
                m.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}

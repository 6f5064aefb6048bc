package dev.kubeha.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The node lab as a JUnit 5 extension (register it as a static field with
 * {@code @RegisterExtension}): before the class's tests, real hosts made by
 * {@code src/test/lab/lab.sh} — one network namespace and one private mount namespace each, with
 * eth1 holding the host's private address on the bridge kh-lab0 and a real OpenSSH sshd that
 * lets root in with {@link #clientKey()}. The test JVM stays in the root namespace, where
 * kh-lab0 holds 10.77.0.1/24. After the class, and from a shutdown hook if the JVM ends first,
 * everything is torn down; debris of an earlier run (any kh-* namespace or link) is removed
 * before starting.
 *
 * <p>Needs root and {@code ip netns}; without them the tests are skipped with the reason
 * printed on standard output.
 */
public final class NodeLab implements BeforeAllCallback, AfterAllCallback {
    public static final Path SCRIPTS = Path.of("src/test/lab").toAbsolutePath();
    static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final String kubernetesVersion;
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private String lbAddress;
    private int lbPort;
    private Path dir;
    private Thread shutdownHook;
    private boolean used;
    private FileChannel lockChannel;
    private FileLock lock;

    /**
     * Held while a lab is up: the lab's names (namespaces kh-*, bridge, 10.77.0.0/24) are the
     * same for every checkout on this machine, so a second test JVM waits for the first.
     */
    static final Path LOCK = Path.of("/run/kubeha-lab.lock");

    private NodeLab(String kubernetesVersion) {
        this.kubernetesVersion = kubernetesVersion;
    }

    /** A lab whose kubeadm and kubelet stand-ins report {@code kubernetesVersion}, like v1.37.1. */
    public static NodeLab forKubernetes(String kubernetesVersion) {
        return new NodeLab(kubernetesVersion);
    }

    /** A host {@code name} (at most 12 characters) at {@code address} in 10.77.0.0/24. */
    public NodeLab host(String name, String address) {
        hosts.put(name, address);
        return this;
    }

    /** An external load balancer stand-in: TLS on address:port answering every GET with 200. */
    public NodeLab loadBalancer(String address, int port) {
        this.lbAddress = address;
        this.lbPort = port;
        return this;
    }

    /** Why the lab cannot run here, or null when it can. */
    public static String unavailable() {
        try {
            Result id = run(List.of("id", "-u"));
            if (!id.output().trim().equals("0")) {
                return "the node lab needs root (uid 0), and this is uid " + id.output().trim();
            }
            if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
                return "the node lab needs openssh-server (/usr/sbin/sshd)";
            }
            Result add = run(List.of("ip", "netns", "add", "kh-probe"));
            if (add.code() != 0) {
                return "ip netns add fails here: " + add.output().trim();
            }
            run(List.of("ip", "netns", "del", "kh-probe"));
            return null;
        } catch (IOException e) {
            return "cannot run id or ip: " + e.getMessage();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String why = unavailable();
        if (why != null) {
            System.out.println("SKIPPED " + context.getDisplayName() + ": " + why);
            Assumptions.abort(why);
        }
        lockChannel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            System.out.println("node lab: another test run holds " + LOCK + "; waiting for it");
            lock = lockChannel.lock();
        }
        dir = Files.createTempDirectory("kubeha-lab");
        shutdownHook = new Thread(this::down, "kubeha-lab-down");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        lab("clean");
        start();
    }

    private void start() throws IOException {
        try {
            List<String> up = new ArrayList<>(List.of("up", dir.toString(), kubernetesVersion));
            hosts.forEach((name, address) -> up.add(name + "=" + address));
            lab(up.toArray(String[]::new));
            if (lbAddress != null) {
                lab("lb", dir.toString(), lbAddress, String.valueOf(lbPort));
            }
        } catch (IOException | RuntimeException | Error e) {
            down();
            throw e;
        }
        used = false;
    }

    /**
     * Hosts as freshly started, for a test that installs on them: the first call after the
     * lab started takes the hosts as they are; each later call stops every host and starts it
     * again (empty overlays, no processes, empty call logs; same keys and addresses).
     */
    public synchronized void fresh() throws IOException {
        if (used) {
            lab("down", dir.toString());
            start();
        }
        used = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            tearDown();
        } finally {
            if (lockChannel != null) {
                lockChannel.close(); // releases the lock
                lockChannel = null;
                lock = null;
            }
        }
    }

    private void tearDown() {
        if (dir == null) {
            return;
        }
        down();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        if (!Boolean.getBoolean("kubeha.lab.keep")) {
            deleteTree(dir);
        } else {
            System.out.println("node lab files kept in " + dir);
        }
    }

    private synchronized void down() {
        if (dir == null) {
            return;
        }
        try {
            lab("down", dir.toString());
        } catch (Exception e) {
            System.err.println("node lab: tearing down failed: " + e.getMessage());
        }
    }

    /** The private key that logs in as root on every host. */
    public Path clientKey() {
        return dir.resolve("client_key");
    }

    /** The user on every host that logs in with {@link #clientKey()} and becomes root through sudo with {@link #sudoPassword()}. */
    public String sudoUser() {
        return "kubeha";
    }

    /** The sudo password of {@link #sudoUser()}, made for this lab (src/test/lab/lab.sh up). */
    public String sudoPassword() throws IOException {
        return Files.readString(dir.resolve("sudo_password")).trim();
    }

    public Path dir() {
        return dir;
    }

    /**
     * What the workstation brings to the hosts ({@code apply --include-packages}): the lab's etcd
     * release tarball, {@code etcd-v3.5.24-linux-amd64.tar.gz} (src/test/lab/lab.sh up).
     */
    public Path packages() {
        return dir.resolve("packages");
    }

    /** The host's private address. */
    public String address(String host) {
        return hosts.get(host);
    }

    /** Every call a stand-in received on the host, one line each: the program's name and its arguments. */
    public List<String> calls(String host) throws IOException {
        return Files.readAllLines(dir.resolve("hosts").resolve(host).resolve("calls.log"));
    }

    /** What a unit the systemctl stand-in started printed. */
    public String unitLog(String host, String unit) throws IOException {
        Path log = dir.resolve("hosts").resolve(host).resolve("state/units/" + unit + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** What a static pod the kubelet stand-in started printed ({@code name}: the manifest's file name without .yaml). */
    public String podLog(String host, String name) throws IOException {
        Path log = dir.resolve("hosts").resolve(host).resolve("state/pods/" + name + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The command the kubelet stand-in read from the static pod manifest and ran, one argument each. */
    public List<String> podCommand(String host, String name) throws IOException {
        Path file = dir.resolve("hosts").resolve(host).resolve("state/pods/" + name + ".command");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Kills the host's sshd and its sessions (SIGKILL, like a crash); none listens until {@link #startSshd}. */
    public void killSshd(String host) throws IOException {
        lab("sshd-kill", dir.toString(), host);
    }

    /** Starts the host's sshd again and waits until it listens. */
    public void startSshd(String host) throws IOException {
        lab("sshd-start", dir.toString(), host);
    }

    /**
     * From now on, the host's stand-ins stop at the first call whose line (as in {@link #calls})
     * starts with {@code prefix}, until {@link #release}: {@link #awaitHeld} tells when one does.
     */
    public void hold(String host, String prefix) throws IOException {
        Path held = dir.resolve("hosts").resolve(host).resolve("held");
        Files.deleteIfExists(held);
        Files.writeString(dir.resolve("hosts").resolve(host).resolve("hold"), prefix);
    }

    /** Waits until a stand-in on the host is held, and returns the call's line. */
    public String awaitHeld(String host, long timeoutSeconds) throws IOException, InterruptedException {
        Path held = dir.resolve("hosts").resolve(host).resolve("held");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!Files.exists(held) || Files.size(held) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no stand-in on " + host + " was held within " + timeoutSeconds + " s; calls: " + calls(host));
            }
            Thread.sleep(20);
        }
        return Files.readString(held).strip();
    }

    /** Lets a held stand-in on the host go on, and holds no more. */
    public void release(String host) throws IOException {
        Files.deleteIfExists(dir.resolve("hosts").resolve(host).resolve("hold"));
    }

    /** Runs a command inside the host (its network and mount namespaces), as root. */
    public Result exec(String host, String... command) throws IOException {
        List<String> all = new ArrayList<>(List.of(SCRIPTS.resolve("lab.sh").toString(), "exec", dir.toString(), host));
        all.addAll(List.of(command));
        return run(all);
    }

    /** Exit code and output (stdout and stderr together). */
    public record Result(int code, String output) {
    }

    private void lab(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve("lab.sh").toString()));
        command.addAll(List.of(args));
        Result r = run(command);
        if (r.code() != 0) {
            throw new IOException("lab.sh " + String.join(" ", args) + " exited with " + r.code() + ":\n" + r.output());
        }
    }

    static Result run(List<String> command) throws IOException {
        Path out = Files.createTempFile("kubeha-lab", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + "s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("node lab: could not delete " + root + ": " + e.getMessage());
        }
    }
}

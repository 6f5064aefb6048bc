package dev.kubeha.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * One simulated Linux host: an SSH server on 127.0.0.1 (a random port) with its own host key, a
 * file system of its own (a private directory; SFTP works in it) and the state a fresh Debian host
 * has and that the plan changes: installed packages, systemd units, the kubelet's static pods.
 * Commands go to a {@link HostShell}.
 */
final class SimulatedHost implements AutoCloseable {

    /** A network interface as {@code ip -o -4 addr} prints it. */
    record Interface(int index, String name, String address, int prefix) {
    }

    final String name;
    final String user;
    final Path root;
    final List<Interface> interfaces;
    final DemoNetwork network;
    final Pace pace;
    /** Every command line the host received over SSH, in order (tests look at it). */
    final List<String> received = new CopyOnWriteArrayList<>();
    private final Set<String> packages = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final KeyPair hostKey;
    private final SshServer server;
    private final ExecutorService commands;
    private volatile String sudoPassword;
    private volatile String kubernetesVersion;
    private volatile boolean swapOn = true;
    private volatile String containerdVersion;

    SimulatedHost(String name, String user, Path root, List<Interface> interfaces, DemoNetwork network, Pace pace,
                  PublicKey clientKey, String password) throws IOException {
        this.name = name;
        this.user = user;
        this.root = root;
        this.interfaces = List.copyOf(interfaces);
        this.network = network;
        this.pace = pace;
        this.sudoPassword = password;
        freshFileSystem();
        hostKey = newHostKey();
        commands = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "demo-" + name + "-command");
            t.setDaemon(true);
            return t;
        });
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.setPublickeyAuthenticator((login, key, session) -> login.equals(user) && KeyUtils.compareKeys(key, clientKey));
        server.setPasswordAuthenticator((login, given, session) -> login.equals(user) && password.equals(given));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, line) -> new HostCommand(line));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
    }

    /** What a fresh Debian 12 cloud image has, as far as the plan looks at it. */
    private void freshFileSystem() throws IOException {
        Files.createDirectories(root);
        privateDir(root);
        write("/etc/os-release", """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """);
        write("/etc/hostname", name + "\n");
        write("/etc/fstab", """
                # /etc/fstab: static file system information.
                UUID=6f1c4e4e-5d0b-4a55-9d38-1b0b0d7a9f2e / ext4 rw,discard,errors=remount-ro 0 1
                /swapfile none swap sw 0 0
                """);
        Files.createDirectories(file("/home/" + user));
        Files.createDirectories(file("/tmp"));
    }

    static void privateDir(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's temporary directory is private already.
        }
    }

    private void write(String path, String content) throws IOException {
        Path f = file(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    static KeyPair newHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a host key", e);
        }
    }

    int port() {
        return server.getPort();
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The private address: the address of eth1. */
    String privateAddress() {
        return interfaces.stream().filter(i -> i.name().equals("eth1")).findFirst().orElseThrow().address();
    }

    /**
     * Where an absolute path of the host lies in its directory; null for a path that is not
     * absolute or leaves the host's file system.
     */
    Path file(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            return null;
        }
        Path p = root.resolve(absolutePath.substring(1)).normalize();
        return p.startsWith(root) ? p : null;
    }

    /** Whether {@code path} may be written by a user who is not root: their home and /tmp only. */
    boolean userMayWrite(String path) {
        return path.startsWith("/home/" + user + "/") || path.startsWith("/tmp/") || path.startsWith("/.kubeha-upload/")
                || path.equals("/.kubeha-upload");
    }

    /** Whether a file is readable only by root (mode 0600 and the like: no "other" read bit). */
    boolean rootOnly(Path file) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return !p.contains(PosixFilePermission.OTHERS_READ) && !userOwned(file);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private boolean userOwned(Path file) {
        Path rel = root.relativize(file);
        String abs = "/" + rel.toString().replace('\\', '/');
        return userMayWrite(abs);
    }

    String sudoPassword() {
        return sudoPassword;
    }

    /** Passwordless sudo when null. */
    void sudoPassword(String password) {
        sudoPassword = password;
    }

    /** The version of kubeadm, kubelet and kubectl once installed, without the v. */
    String kubernetesVersion() {
        return kubernetesVersion;
    }

    void kubernetesVersion(String version) {
        kubernetesVersion = version;
    }

    /** The installed containerd's version ({@code 2.2.1}); null on a fresh host, which has none. */
    String containerdVersion() {
        return containerdVersion;
    }

    void containerdVersion(String version) {
        containerdVersion = version;
    }

    boolean swapOn() {
        return swapOn;
    }

    void swapOff() {
        swapOn = false;
    }

    // --- packages and systemd units --------------------------------------------------------------

    boolean installed(String pkg) {
        return packages.contains(pkg);
    }

    void install(String pkg) {
        packages.add(pkg);
    }

    /** A unit exists when a package brought it or its unit file is in /etc/systemd/system. */
    boolean unitExists(String unit) {
        return installed(unit) || Files.exists(file("/etc/systemd/system/" + unit + ".service"));
    }

    boolean enabled(String unit) {
        return enabled.getOrDefault(unit, false);
    }

    void enable(String unit, boolean on) {
        enabled.put(unit, on);
    }

    boolean active(String unit) {
        return active.getOrDefault(unit, false);
    }

    void active(String unit, boolean on) {
        active.put(unit, on);
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            commands.shutdownNow();
        }
    }

    /** One SSH exec request: runs the line through the host's shell on a thread of its own. */
    private final class HostCommand implements Command, Runnable {
        private final String line;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        HostCommand(String line) {
            this.line = line;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            received.add(line);
            commands.submit(this);
        }

        @Override
        public void destroy(ChannelSession channel) {
        }

        @Override
        public void run() {
            PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
            int code;
            try {
                code = new HostShell(SimulatedHost.this).run(line, new Io(in, stdout, stderr, "root".equals(user)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = 130;
            } catch (Exception e) {
                // A bug of the simulation, not of the plan: say so plainly.
                stderr.println("kubeha demo: the simulated host " + name + " failed: " + e);
                code = 70;
            }
            stdout.flush();
            stderr.flush();
            exit.onExit(code);
        }
    }
}

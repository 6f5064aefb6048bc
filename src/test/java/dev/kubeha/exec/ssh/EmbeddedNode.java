package dev.kubeha.exec.ssh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A public face of {@link ScriptedSshNode} for tests outside this package (the CLI's): an embedded
 * SSH server on 127.0.0.1 playing one node, with scripted answers.
 */
public final class EmbeddedNode implements AutoCloseable {

    /** What a scripted command does: may print to its standard output; returns the exit code. */
    @FunctionalInterface
    public interface Answer {
        int answer(PrintStream stdout) throws Exception;
    }

    private final ScriptedSshNode node;

    private EmbeddedNode(ScriptedSshNode node) {
        this.node = node;
    }

    /** Starts a node that lets in any user holding the key of {@code authorizedKeys}. */
    public static EmbeddedNode start(String name, Path root, Path authorizedKeys) throws IOException {
        return new EmbeddedNode(new ScriptedSshNode(name, root, authorizedKeys, null));
    }

    /** An ECDSA key pair made by ssh-keygen in {@code dir}: the private key's path; ".pub" beside it. */
    public static Path clientKey(Path dir) throws Exception {
        return SshTransportTestKeys.ecdsa(dir);
    }

    public int port() {
        return node.port();
    }

    /** The SHA256 fingerprint of the node's host key, as OpenSSH prints it. */
    public String hostKeyFingerprint() {
        return Fingerprints.sha256(node.hostKey().getPublic());
    }

    /** Commands (as root: the command sudo ran) matching {@code regex} get this answer; first rule wins. */
    public EmbeddedNode on(String regex, Answer answer) {
        node.on(regex, call -> answer.answer(call.out));
        return this;
    }

    /**
     * Answers what "Test connection" asks, as a Linux host whose login user is {@code user}:
     * {@code /etc/os-release} with {@code prettyName}, {@code id} (uid 0 for root and through
     * sudo), {@code ip -o -4 addr show} printing {@code ipOutput}, a cgroup v2 {@code /sys/fs/cgroup}
     * and no containerd (see {@link #containerd}).
     */
    public EmbeddedNode answerProbe(String user, String prettyName, String ipOutput) {
        node.on("^cat /etc/os-release$", call -> {
            call.out.println("PRETTY_NAME=\"" + prettyName + "\"");
            return 0;
        });
        node.on("^id -un$", call -> {
            call.out.println(call.sudo ? "root" : user);
            return 0;
        });
        node.on("^id -u$", call -> {
            call.out.println(call.sudo || user.equals("root") ? "0" : "1000");
            return 0;
        });
        node.on("^ip -o -4 addr show$", call -> {
            call.out.println(ipOutput);
            return 0;
        });
        node.on("^stat -fc %T /sys/fs/cgroup$", call -> {
            call.out.println("cgroup2fs");
            return 0;
        });
        node.on("^uname -m$", call -> {
            if (machine == null) {
                return 127;
            }
            call.out.println(machine);
            return 0;
        });
        node.on("^containerd --version$", call -> {
            if (containerdLine == null) {
                call.err.println("sh: 1: containerd: not found");
                return 127;
            }
            call.out.println(containerdLine);
            return 0;
        });
        return this;
    }

    private volatile String containerdLine;
    private volatile String machine;

    /** What {@code uname -m} prints from now on, e.g. {@code aarch64} (null: the command is not found). */
    public EmbeddedNode machine(String unameM) {
        machine = unameM;
        return this;
    }

    /** What {@code containerd --version} prints from now on (null: the node has no containerd). */
    public EmbeddedNode containerd(String versionLine) {
        containerdLine = versionLine;
        return this;
    }

    /** Emulates sudo with this password (null: passwordless sudo). */
    public void sudoPassword(String password) {
        node.sudoPassword(password);
    }

    /** Where an absolute path of the node lies on this machine. */
    public Path file(String absolutePath) {
        return node.file(absolutePath);
    }

    /** SSH connections the node has accepted. */
    public int sessions() {
        return node.sessions.get();
    }

    /** How many commands matched {@code regex}. */
    public long count(String regex) {
        return node.count(regex);
    }

    /** Every command as run (inside sudo), in order. */
    public List<String> commands() {
        return node.innerCommands();
    }

    /** Every standard input the node received, in order (the sudo password line included). */
    public List<String> stdins() {
        return node.executed.stream().map(ScriptedSshNode.Exec::stdin).toList();
    }

    @Override
    public void close() throws IOException {
        node.close();
    }
}

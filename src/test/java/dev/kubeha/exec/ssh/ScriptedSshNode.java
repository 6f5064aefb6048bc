package dev.kubeha.exec.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An embedded SSH server on 127.0.0.1 that plays one node. Commands are answered from a script
 * (first matching rule wins; unmatched commands exit 0); every command is recorded with the stdin
 * it received. The few commands the transport itself sends to put uploaded files in place
 * (chmod/chown/mv, install) are carried out in the node's file system, which SFTP also serves.
 * Sudo is emulated: {@code sudo -S ...} checks the first line of stdin against the sudo password.
 */
final class ScriptedSshNode implements AutoCloseable {

    /** One command as the node received it. {@code inner} is the command sudo ran, else the same line. */
    record Exec(String line, String inner, String stdin) {
    }

    /** What a rule does; returns the exit code. */
    @FunctionalInterface
    interface Reply {
        int run(Call call) throws Exception;
    }

    /** A running command, as seen by a rule. */
    static final class Call {
        final Matcher match;
        final PrintStream out;
        final PrintStream err;
        final int count;
        /** Whether the command came through sudo (then it runs as root). */
        final boolean sudo;
        private final ChannelSession channel;

        Call(Matcher match, PrintStream out, PrintStream err, int count, boolean sudo, ChannelSession channel) {
            this.match = match;
            this.out = out;
            this.err = err;
            this.count = count;
            this.sudo = sudo;
            this.channel = channel;
        }

        /** Cuts the whole SSH connection, as a node that reboots or a network that fails would. */
        int drop() throws IOException {
            channel.getSession().close(true);
            throw new Dropped();
        }
    }

    /** Thrown by {@link Call#drop()}: the command ends without an exit status. */
    static final class Dropped extends IOException {
        Dropped() {
            super("dropped on purpose");
        }
    }

    private record Rule(Pattern pattern, Reply reply, AtomicInteger count) {
    }

    private static final Pattern SUDO = Pattern.compile("^sudo -S -k -p '' -- sh -c (.*)$", Pattern.DOTALL);
    private static final Pattern SUDO_N = Pattern.compile("^sudo -n -- sh -c (.*)$", Pattern.DOTALL);
    private static final Pattern CAT = Pattern.compile("^cat -- (\\S+)$");
    private static final Pattern FINISH_AS_ROOT = Pattern.compile("^chmod (\\d+) (\\S+) && chown (\\S+) (\\S+) && mv -f (\\S+) (\\S+)$");
    private static final Pattern FINISH_WITH_SUDO = Pattern.compile(
            "^mkdir -p (\\S+) && install -m (\\d+) -o (\\S+) -g (\\S+) (\\S+) (\\S+) && mv -f (\\S+) (\\S+)$");

    final String name;
    final Path root;
    final List<Exec> executed = new CopyOnWriteArrayList<>();
    final AtomicInteger sessions = new AtomicInteger();
    final AtomicInteger passwordAttempts = new AtomicInteger();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final SshServer server;
    private volatile KeyPair hostKey;
    private volatile String sudoPassword;
    private volatile long commandDelayMillis;

    ScriptedSshNode(String name, Path root, Path authorizedKeys, String loginPassword) throws IOException {
        this.name = name;
        this.root = root;
        Files.createDirectories(root);
        hostKey = newHostKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        // As sshd does for interactive sessions; with Nagle on, every command waits for delayed ACKs.
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(session -> List.of(hostKey));
        if (authorizedKeys != null) {
            server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
        }
        server.setPasswordAuthenticator((user, password, session) -> {
            passwordAttempts.incrementAndGet();
            return loginPassword != null && loginPassword.equals(password);
        });
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new ScriptedCommand(command));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        server.start();
    }

    static KeyPair newHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    KeyPair hostKey() {
        return hostKey;
    }

    /** The node gets a new host key, as after a reinstall (or an attacker in the middle). */
    void changeHostKey() {
        hostKey = newHostKey();
    }

    /** Every command of the plan takes this long (the transport's own file moves do not). */
    void delayEveryCommand(java.time.Duration delay) {
        commandDelayMillis = delay.toMillis();
    }

    void sudoPassword(String password) {
        sudoPassword = password;
    }

    ScriptedSshNode on(String regex, Reply reply) {
        rules.add(new Rule(Pattern.compile(regex), reply, new AtomicInteger()));
        return this;
    }

    List<String> innerCommands() {
        return executed.stream().map(Exec::inner).toList();
    }

    long count(String regex) {
        Pattern p = Pattern.compile(regex);
        return executed.stream().filter(e -> p.matcher(e.inner()).find()).count();
    }

    Path file(String absolutePath) {
        return root.resolve(absolutePath.replaceFirst("^/+", ""));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Undoes single quoting as {@code dev.kubeha.plan.Shell} writes it. */
    static String unquote(String word) {
        if (!word.startsWith("'")) {
            return word;
        }
        StringBuilder out = new StringBuilder();
        for (String part : word.split("'\\\\''", -1)) {
            out.append(part);
            out.append('\'');
        }
        String joined = out.substring(0, out.length() - 1);
        return joined.substring(1, joined.length() - 1);
    }

    private final class ScriptedCommand implements Command, Runnable {
        private final String line;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private ChannelSession channel;

        ScriptedCommand(String line) {
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
            this.channel = channel;
            Thread t = new Thread(this, "node-" + name + "-command");
            t.setDaemon(true);
            t.start();
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
                String stdin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String inner = line;
                Matcher sudo = SUDO.matcher(line);
                Matcher sudoN = SUDO_N.matcher(line);
                if (sudo.matches()) {
                    inner = unquote(sudo.group(1));
                    int newline = stdin.indexOf('\n');
                    String given = newline < 0 ? stdin : stdin.substring(0, newline);
                    stdin = newline < 0 ? "" : stdin.substring(newline + 1);
                    executed.add(new Exec(line, inner, given + "\n" + stdin));
                    if (sudoPassword == null || !sudoPassword.equals(given)) {
                        // What sudo 1.9 prints when the one line it was given is wrong.
                        stderr.println("Sorry, try again.");
                        stderr.println("sudo: no password was provided");
                        stderr.println("sudo: 1 incorrect password attempt");
                        finish(1);
                        return;
                    }
                } else if (sudoN.matches()) {
                    inner = unquote(sudoN.group(1));
                    executed.add(new Exec(line, inner, stdin));
                    if (sudoPassword != null) {
                        stderr.println("sudo: a password is required");
                        finish(1);
                        return;
                    }
                } else {
                    executed.add(new Exec(line, inner, stdin));
                }
                code = answer(inner, !inner.equals(line), stdout, stderr);
            } catch (Dropped e) {
                // No exit status: the connection is gone.
                return;
            } catch (Exception e) {
                stderr.println("script error: " + e);
                code = 99;
            }
            finish(code);
        }

        private void finish(int code) {
            try {
                out.flush();
                err.flush();
            } catch (IOException ignored) {
                // The client has gone.
            }
            exit.onExit(code);
        }

        private int answer(String inner, boolean viaSudo, PrintStream stdout, PrintStream stderr) throws Exception {
            if (commandDelayMillis > 0 && !FINISH_AS_ROOT.matcher(inner).matches()
                    && !FINISH_WITH_SUDO.matcher(inner).matches() && !CAT.matcher(inner).matches()) {
                Thread.sleep(commandDelayMillis); // a benchmark's stand-in for real work, not synchronisation
            }
            for (Rule rule : new ArrayList<>(rules)) {
                Matcher m = rule.pattern().matcher(inner);
                if (m.find()) {
                    return rule.reply().run(new Call(m, stdout, stderr, rule.count().incrementAndGet(), viaSudo, channel));
                }
            }
            Matcher cat = CAT.matcher(inner);
            if (cat.matches()) {
                stdout.write(Files.readAllBytes(file(cat.group(1))));
                return 0;
            }
            Matcher finish = FINISH_AS_ROOT.matcher(inner);
            if (finish.matches()) {
                Path temp = file(finish.group(2));
                Files.setPosixFilePermissions(temp, permissions(finish.group(1)));
                Files.move(temp, file(finish.group(6)), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return 0;
            }
            Matcher install = FINISH_WITH_SUDO.matcher(inner);
            if (install.matches()) {
                Files.createDirectories(file(install.group(1)));
                Path temp = file(install.group(6));
                Files.copy(file(install.group(5)), temp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(temp, permissions(install.group(2)));
                Files.move(temp, file(install.group(8)), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return 0;
            }
            return 0;
        }
    }

    static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(String octal) {
        int mode = Integer.parseInt(octal, 8);
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}

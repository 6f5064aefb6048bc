package dev.kubeha.exec.ssh;

import dev.kubeha.exec.Connection;
import dev.kubeha.exec.SudoRefused;
import dev.kubeha.exec.OutputSink;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.TransportException;
import dev.kubeha.exec.TransportException.Kind;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.RemotePath;
import dev.kubeha.plan.Shell;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One SSH connection to one node, reused for all its steps: each command is a channel of it. Root
 * work by a non-root user goes through {@code sudo -S}, with the password written to the command's
 * standard input — never onto a command line, where {@code ps} and logs would show it.
 */
final class SshConnection implements Connection {
    private static final int CHUNK = 32 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Pumps stdout/stderr of running commands; daemon threads so a stuck read never blocks exit. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubeha-ssh-output");
        t.setDaemon(true);
        return t;
    });

    private final SshTarget target;
    private final SSHClient client;
    private final char[] sudoPassword;
    private SFTPClient sftp;
    private volatile boolean closed;

    SshConnection(SshTarget target, SSHClient client, char[] sudoPassword) {
        this.target = target;
        this.client = client;
        this.sudoPassword = sudoPassword;
    }

    @Override
    public int run(Command command, boolean asRoot, byte[] stdin, OutputSink output, Duration timeout)
            throws TransportException {
        return exec(command.line(), asRoot, stdin, lines(output, OutputStreamKind.STDOUT),
                lines(output, OutputStreamKind.STDERR), timeout);
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) throws TransportException {
        upload(path, file -> write(file, content), mode, owner);
    }

    /** Streams {@code source} through SFTP in chunks: an image archive is never held in memory. */
    @Override
    public void upload(String path, java.nio.file.Path source, int mode, String owner) throws TransportException {
        upload(path, file -> {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(source)) {
                byte[] buffer = new byte[CHUNK];
                long offset = 0;
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; offset += n) {
                    file.write(offset, buffer, 0, n);
                }
            }
        }, mode, owner);
    }

    /** Writes the content into an open remote file. */
    private interface Content {
        void writeTo(RemoteFile file) throws IOException;
    }

    private void upload(String path, Content content, int mode, String owner) throws TransportException {
        RemotePath.require(path);
        String dir = RemotePath.parent(path);
        String name = RemotePath.fileName(path);
        String token = HexFormat.of().formatHex(randomBytes());
        String octal = String.format("%04o", mode);
        String user = owner.substring(0, owner.indexOf(':'));
        String group = owner.substring(owner.indexOf(':') + 1);
        try {
            SFTPClient files = sftp();
            if (!target.sudo()) {
                // Logged in as root: the temporary file goes next to the target, so the rename is atomic.
                files.mkdirs(dir);
                String temp = dir + "/." + name + ".kubeha-" + token;
                write(files, temp, content);
                finish(path, Command.allOf(Command.of("chmod", octal, temp), Command.of("chown", owner, temp),
                        Command.of("mv", "-f", temp, path)), false);
            } else {
                // Not root: stage the file in a private directory of the user, then let root install
                // it next to the target and rename it into place.
                String home = files.canonicalize(".");
                String stage = (home.endsWith("/") ? home : home + "/") + ".kubeha-upload";
                files.mkdirs(stage);
                files.chmod(stage, 0700);
                String staged = stage + "/" + name + "." + token;
                write(files, staged, content);
                String temp = dir + "/." + name + ".kubeha-" + token;
                try {
                    finish(path, Command.allOf(Command.of("mkdir", "-p", dir),
                            Command.of("install", "-m", octal, "-o", user, "-g", group, staged, temp),
                            Command.of("mv", "-f", temp, path)), true);
                } finally {
                    files.rm(staged);
                }
            }
        } catch (IOException e) {
            throw fault(e, "upload of " + path);
        }
    }

    private void finish(String path, Command command, boolean asRoot) throws TransportException {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = exec(command.line(), asRoot, null, in -> in.transferTo(OutputStream.nullOutputStream()),
                in -> in.transferTo(errors),
                Duration.ofMinutes(1));
        if (exit != 0) {
            throw new TransportException(Kind.REMOTE_ERROR, target.node(), "could not put " + path + " in place on "
                    + target.describe() + " (exit " + exit + "): " + errors.toString(StandardCharsets.UTF_8).trim());
        }
    }

    @Override
    public byte[] download(String path) throws TransportException {
        RemotePath.require(path);
        if (!target.sudo()) {
            try (RemoteFile file = sftp().open(path, EnumSet.of(OpenMode.READ))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InputStream in = file.new RemoteFileInputStream()) {
                    in.transferTo(out);
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw fault(e, "download of " + path);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = exec(Command.of("cat", "--", path).line(), true, null, in -> in.transferTo(out),
                in -> in.transferTo(errors), Duration.ofMinutes(1));
        if (exit != 0) {
            throw new TransportException(Kind.REMOTE_ERROR, target.node(), "cannot read " + path + " on "
                    + target.describe() + ": " + errors.toString(StandardCharsets.UTF_8).trim());
        }
        return out.toByteArray();
    }

    @Override
    public boolean isOpen() {
        return !closed && client.isConnected() && client.isAuthenticated();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (sftp != null) {
                try {
                    sftp.close();
                } catch (IOException | RuntimeException ignored) {
                    // The connection goes away below anyway.
                }
            }
        }
        SshTransport.closeQuietly(client);
        if (sudoPassword != null) {
            Arrays.fill(sudoPassword, '\0');
        }
    }

    /**
     * Watches the start of a command's standard error for sudo refusing to run it (a wrong password,
     * or a password needed and none given): sudo says so before the command could print anything.
     */
    private static final class SudoRefusal {
        private static final int HEAD = 1024;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();

        InputStream watch(InputStream in) {
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        keep(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        keep(buffer, offset, n);
                    }
                    return n;
                }
            };
        }

        private synchronized void keep(byte[] buffer, int offset, int length) {
            head.write(buffer, offset, Math.min(length, HEAD - head.size()));
        }

        synchronized boolean refused() {
            String text = head.toString(StandardCharsets.UTF_8);
            return text.lines().anyMatch(line -> line.startsWith("sudo: ")
                    && (line.matches("sudo: \\d+ incorrect password attempts?") || line.equals("sudo: a password is required")));
        }
    }

    /** Reads one output stream of a command to its end. */
    @FunctionalInterface
    private interface StreamReader {
        void read(InputStream in) throws IOException;
    }

    private static StreamReader lines(OutputSink sink, OutputStreamKind kind) {
        return in -> {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.line(kind, line);
            }
        };
    }

    /** The command line that runs {@code line} as root when asked to. */
    private String commandLine(String line, boolean asRoot) {
        if (!asRoot || !target.sudo()) {
            return line;
        }
        if (sudoPassword != null) {
            // -k: ignore cached credentials, so sudo always reads the password line we send first.
            return "sudo -S -k -p '' -- sh -c " + Shell.quote(line);
        }
        // No password given: passwordless sudo or a clear failure, never a prompt that hangs.
        return "sudo -n -- sh -c " + Shell.quote(line);
    }

    private int exec(String line, boolean asRoot, byte[] stdin, StreamReader stdout, StreamReader stderr,
                     Duration timeout) throws TransportException {
        if (!isOpen()) {
            throw new TransportException(Kind.CONNECTION_LOST, target.node(), "connection to " + target.describe()
                    + " is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session = null;
        try {
            session = client.startSession();
            Session.Command command = session.exec(commandLine(line, asRoot));
            Future<?> out = READERS.submit(() -> {
                stdout.read(command.getInputStream());
                return null;
            });
            boolean viaSudo = asRoot && target.sudo();
            SudoRefusal sudo = new SudoRefusal();
            Future<?> err = READERS.submit(() -> {
                stderr.read(viaSudo ? sudo.watch(command.getErrorStream()) : command.getErrorStream());
                return null;
            });
            try (OutputStream in = command.getOutputStream()) {
                if (asRoot && target.sudo() && sudoPassword != null) {
                    in.write(passwordLine());
                }
                if (stdin != null) {
                    in.write(stdin);
                }
                in.flush();
            } catch (IOException e) {
                // The command may have finished without reading its input; its exit status tells.
            }
            try {
                command.join(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                if (System.nanoTime() >= deadline && isOpen()) {
                    command.close();
                    throw new TransportException(Kind.TIMEOUT, target.node(), "command on " + target.describe()
                            + " ran longer than " + timeout.toSeconds() + "s and was stopped; it may still have "
                            + "changed the node");
                }
                throw e;
            }
            awaitReader(out, deadline);
            awaitReader(err, deadline);
            Integer exit = command.getExitStatus();
            if (exit != null && exit == 1 && viaSudo && sudo.refused()) {
                throw new SudoRefused(target.node(), sudoPassword != null
                        ? "sudo on " + target.describe() + " rejected the sudo password; check it and run again"
                        : "sudo on " + target.describe() + " asks for a password and none was given: give the sudo"
                                + " password, or let " + target.user() + " use sudo without one", sudoPassword != null);
            }
            if (exit != null) {
                return exit;
            }
            if (command.getExitSignal() != null) {
                return 128 + Math.max(0, command.getExitSignal().ordinal());
            }
            throw new TransportException(Kind.CONNECTION_LOST, target.node(), "connection to " + target.describe()
                    + " closed before the command reported its exit status");
        } catch (IOException e) {
            throw fault(e, "command");
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (IOException | RuntimeException ignored) {
                    // Already closed by the other side.
                }
            }
        }
    }

    private byte[] passwordLine() {
        // Built from the char[] directly: no String copy of the password stays on the heap.
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(sudoPassword));
        byte[] bytes = new byte[encoded.remaining() + 1];
        encoded.get(bytes, 0, bytes.length - 1);
        bytes[bytes.length - 1] = '\n';
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private void awaitReader(Future<?> reader, long deadline) throws IOException {
        try {
            // Output may trail the exit status by a moment; never wait past the step's deadline + 5 s.
            reader.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            reader.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private synchronized SFTPClient sftp() throws IOException {
        if (sftp == null) {
            sftp = client.newSFTPClient();
        }
        return sftp;
    }

    private static void write(SFTPClient files, String path, Content content) throws IOException {
        // Created 0600 from the start: a private key is never readable by others, not even briefly.
        FileAttributes attributes = new FileAttributes.Builder().withPermissions(0600).build();
        try (RemoteFile file = files.open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attributes)) {
            content.writeTo(file);
        }
    }

    private static void write(RemoteFile file, byte[] content) throws IOException {
        for (int offset = 0; offset < content.length; offset += CHUNK) {
            file.write(offset, content, offset, Math.min(CHUNK, content.length - offset));
        }
    }

    private TransportException fault(IOException e, String what) {
        if (closed || !client.isConnected()) {
            return new TransportException(Kind.CONNECTION_LOST, target.node(), "connection to " + target.describe()
                    + " lost during " + what + ": " + SshTransport.reason(e), e);
        }
        if (e instanceof net.schmizz.sshj.sftp.SFTPException) {
            return new TransportException(Kind.REMOTE_ERROR, target.node(), what + " on " + target.describe()
                    + " failed: " + SshTransport.reason(e), e);
        }
        return new TransportException(Kind.CONNECTION_LOST, target.node(), what + " on " + target.describe()
                + " broke off: " + SshTransport.reason(e), e);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

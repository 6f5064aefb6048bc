package dev.kubeha.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A throw-away gpg home with one signing key, for signing test repositories as their publishers do. */
final class TestGpg implements AutoCloseable {
    private final Path home;
    private final String uid;

    /** @param algo {@code rsa2048}, {@code ed25519} */
    TestGpg(String uid, String algo) throws IOException, InterruptedException {
        // Short path: gpg-agent's socket lives in it.
        this.home = Files.createTempDirectory(Path.of("/tmp"), "khgpg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.uid = uid;
        run("--quick-gen-key", uid, algo, "sign", "never");
    }

    /** A key made on 2025-01-01 that expired a day later, for the copy made then; {@link #extend} makes it valid again. */
    static TestGpg expiredSince2025(String uid) throws IOException, InterruptedException {
        return new TestGpg(uid, "rsa2048", "20250101T000000", "1d");
    }

    private TestGpg(String uid, String algo, String fakedTime, String expire) throws IOException, InterruptedException {
        this.home = Files.createTempDirectory(Path.of("/tmp"), "khgpg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        this.uid = uid;
        run("--faked-system-time", fakedTime, "--quick-gen-key", uid, algo, "sign", expire);
    }

    /** A new self-signature without expiry, as a key's owner extends it. */
    void extend(String fingerprint) throws IOException, InterruptedException {
        run("--quick-set-expire", fingerprint, "never");
    }

    byte[] publicKey() throws IOException, InterruptedException {
        return run("--armor", "--export", uid);
    }

    void clearSign(Path in, Path out) throws IOException, InterruptedException {
        run("--yes", "--local-user", uid, "--digest-algo", "SHA512", "--clearsign", "--output", out.toString(), in.toString());
    }

    /** As {@link #clearSign}, with SHA-1, which apt no longer accepts. */
    void clearSignWithSha1(Path in, Path out) throws IOException, InterruptedException {
        run("--yes", "--local-user", uid, "--digest-algo", "SHA1", "--clearsign", "--output", out.toString(), in.toString());
    }

    void detachSign(Path in, Path out) throws IOException, InterruptedException {
        run("--yes", "--local-user", uid, "--armor", "--detach-sign", "--output", out.toString(), in.toString());
    }

    private byte[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gpg " + String.join(" ", args) + " failed");
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

package dev.kubeha.exec.ssh;

import java.nio.file.Files;
import java.nio.file.Path;

/** Client keys made by the real ssh-keygen, so that sshj reads files exactly as users have them. */
final class SshTransportTestKeys {
    private SshTransportTestKeys() {
    }

    static Path ecdsa(Path dir) throws Exception {
        Path file = dir.resolve("id_ecdsa");
        if (!Files.exists(file)) {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "test",
                    "-f", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ssh-keygen failed: " + out);
            }
        }
        return file;
    }
}

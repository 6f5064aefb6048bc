package dev.kubeha.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The workspace's bootstrap token ({@code pki/bootstrap-token}) over time. kubeadm init makes it
 * valid for {@link #TTL} (the InitConfiguration says so); a join later than that needs one the
 * cluster knows again. The file's modification time is when kubeha made the token.
 */
public final class BootstrapTokens {
    /** How long a token kubeha gives the cluster is valid: kubeadm's default, written in the InitConfiguration. */
    public static final Duration TTL = Duration.ofHours(24);
    static final String FILE = ClusterPkiGenerator.BOOTSTRAP_TOKEN;

    private BootstrapTokens() {
    }

    /** When the workspace's token was made, or empty when there is none. */
    public static Optional<Instant> created(PkiWorkspace workspace) throws PkiException {
        if (!workspace.exists(FILE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getLastModifiedTime(workspace.path(FILE)).toInstant());
        } catch (IOException e) {
            throw PkiException.failure("cannot read the time of " + workspace.describe(FILE) + ": " + e.getMessage());
        }
    }

    /**
     * Whether a token made at {@code created} can no longer join a node at {@code now}: expired, or
     * within {@code margin} of it (a join must not race the expiry).
     */
    public static boolean expired(Instant created, Instant now, Duration margin) {
        return !now.isBefore(created.plus(TTL).minus(margin));
    }

    /** Replaces the workspace's token with a new one; the next preparation renders the joins with it. */
    public static void renew(PkiWorkspace workspace, SecureRandom random) throws PkiException {
        String token = JoinMaterial.newBootstrapToken(random);
        workspace.writeSecret(FILE, (token + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}

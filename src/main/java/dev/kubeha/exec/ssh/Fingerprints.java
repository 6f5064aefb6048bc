package dev.kubeha.exec.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/** OpenSSH's key fingerprints: {@code SHA256:} and the unpadded base64 of the key blob's digest. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String sha256(PublicKey key) {
        return sha256(KnownHosts.blob(key));
    }

    public static String sha256(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

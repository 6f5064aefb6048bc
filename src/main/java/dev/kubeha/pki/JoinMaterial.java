package dev.kubeha.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What nodes need to join the cluster: a kubeadm bootstrap token and the discovery hash of the
 * Kubernetes CA. The token is a secret: {@link #toString()} shows only its public id.
 *
 * <p>No certificate key: kubeha copies the shared CA files to the masters itself and never has
 * kubeadm upload them ({@code --upload-certs}), so a control-plane join needs none.
 *
 * @param bootstrapToken  {@code [a-z0-9]{6}.[a-z0-9]{16}}
 * @param discoveryHash   {@code sha256:<64 hex>} of the Kubernetes CA's SubjectPublicKeyInfo
 */
public record JoinMaterial(String bootstrapToken, String discoveryHash) {
    public static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    public static final Pattern DISCOVERY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    public JoinMaterial {
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        Objects.requireNonNull(discoveryHash, "discoveryHash");
        // The messages name the field only: the value is a secret.
        if (!TOKEN.matcher(bootstrapToken).matches()) {
            throw new IllegalArgumentException("bootstrap token is not of the form [a-z0-9]{6}.[a-z0-9]{16}");
        }
        if (!DISCOVERY_HASH.matcher(discoveryHash).matches()) {
            throw new IllegalArgumentException("discovery hash is not of the form sha256:<64 hex digits>");
        }
    }

    private static final char[] TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** Fresh join material for a cluster whose Kubernetes CA is {@code kubernetesCa}. */
    public static JoinMaterial generate(SecureRandom random, X509Certificate kubernetesCa) {
        return new JoinMaterial(newBootstrapToken(random), discoveryHash(kubernetesCa));
    }

    /** {@code [a-z0-9]{6}.[a-z0-9]{16}}, each character drawn uniformly (no modulo bias). */
    public static String newBootstrapToken(SecureRandom random) {
        StringBuilder token = new StringBuilder(23);
        for (int i = 0; i < 22; i++) {
            if (i == 6) {
                token.append('.');
            }
            token.append(TOKEN_ALPHABET[random.nextInt(TOKEN_ALPHABET.length)]);
        }
        return token.toString();
    }

    /**
     * What {@code kubeadm join --discovery-token-ca-cert-hash} expects: SHA-256 of the CA's
     * DER-encoded SubjectPublicKeyInfo, as {@code sha256:<hex>}.
     */
    public static String discoveryHash(X509Certificate caCertificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(caCertificate.getPublicKey().getEncoded());
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The token's public half ({@code abcdef}), which kubeadm prints and logs itself. */
    public String tokenId() {
        return bootstrapToken.substring(0, 6);
    }

    @Override
    public String toString() {
        return "JoinMaterial[token " + tokenId() + ".****************, discoveryHash " + discoveryHash + "]";
    }
}

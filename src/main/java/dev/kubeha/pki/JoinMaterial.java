package dev.kubeha.pki;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What nodes need to join the cluster: a kubeadm bootstrap token, the discovery hash of the
 * Kubernetes CA, and the key that encrypts the shared certificates uploaded for control-plane
 * joins. All three are secrets: {@link #toString()} never shows them.
 *
 * @param bootstrapToken  {@code [a-z0-9]{6}.[a-z0-9]{16}}
 * @param discoveryHash   {@code sha256:<64 hex>} of the Kubernetes CA's SubjectPublicKeyInfo
 * @param certificateKey  64 hex characters (32 bytes)
 */
public record JoinMaterial(String bootstrapToken, String discoveryHash, String certificateKey) {
    public static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    public static final Pattern DISCOVERY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    public static final Pattern CERTIFICATE_KEY = Pattern.compile("[0-9a-f]{64}");

    public JoinMaterial {
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        Objects.requireNonNull(discoveryHash, "discoveryHash");
        Objects.requireNonNull(certificateKey, "certificateKey");
        // The messages name the field only: the value is a secret.
        if (!TOKEN.matcher(bootstrapToken).matches()) {
            throw new IllegalArgumentException("bootstrap token is not of the form [a-z0-9]{6}.[a-z0-9]{16}");
        }
        if (!DISCOVERY_HASH.matcher(discoveryHash).matches()) {
            throw new IllegalArgumentException("discovery hash is not of the form sha256:<64 hex digits>");
        }
        if (!CERTIFICATE_KEY.matcher(certificateKey).matches()) {
            throw new IllegalArgumentException("certificate key is not 64 hex digits");
        }
    }

    /** The token's public half ({@code abcdef}), which kubeadm prints and logs itself. */
    public String tokenId() {
        return bootstrapToken.substring(0, 6);
    }

    @Override
    public String toString() {
        return "JoinMaterial[token " + tokenId() + ".****************, discoveryHash " + discoveryHash
                + ", certificateKey ****]";
    }
}

package dev.kubeha.pki;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The key pair the API server signs service-account tokens with: {@code sa.key} (PKCS#1 or SEC 1
 * PEM, as kubeadm reads it) and {@code sa.pub} ({@code PUBLIC KEY} PEM). Every control-plane node
 * needs the same pair.
 */
public record ServiceAccountKeys(PrivateKey privateKey, PublicKey publicKey, byte[] privateKeyPem, byte[] publicKeyPem) {
    public static final String PRIVATE_KEY_PATH = "sa.key";
    public static final String PUBLIC_KEY_PATH = "sa.pub";

    public ServiceAccountKeys {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        privateKeyPem = privateKeyPem.clone();
        publicKeyPem = publicKeyPem.clone();
    }

    static ServiceAccountKeys of(java.security.KeyPair pair) {
        return new ServiceAccountKeys(pair.getPrivate(), pair.getPublic(),
                Pem.encode(pair.getPrivate()), Pem.encode(pair.getPublic()));
    }

    /** The private key in PEM: a secret, for files of mode 0600 only. */
    @Override
    public byte[] privateKeyPem() {
        return privateKeyPem.clone();
    }

    @Override
    public byte[] publicKeyPem() {
        return publicKeyPem.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceAccountKeys other && publicKey.equals(other.publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "ServiceAccountKeys[" + Keys.describe(publicKey) + "]";
    }
}

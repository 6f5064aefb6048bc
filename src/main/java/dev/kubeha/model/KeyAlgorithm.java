package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Key algorithms kubeadm accepts for its certificates (its {@code encryptionAlgorithm}). */
public enum KeyAlgorithm implements WireNamed {
    RSA_2048("RSA-2048", "RSA", 2048),
    RSA_3072("RSA-3072", "RSA", 3072),
    RSA_4096("RSA-4096", "RSA", 4096),
    ECDSA_P256("ECDSA-P256", "EC", 256),
    ECDSA_P384("ECDSA-P384", "EC", 384);

    private final String wireName;
    private final String jcaName;
    private final int bits;

    KeyAlgorithm(String wireName, String jcaName, int bits) {
        this.wireName = wireName;
        this.jcaName = jcaName;
        this.bits = bits;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** The JCA key-pair generator name: {@code RSA} or {@code EC}. */
    public String jcaName() {
        return jcaName;
    }

    /** RSA modulus length or EC curve size. */
    public int bits() {
        return bits;
    }

    public boolean isRsa() {
        return "RSA".equals(jcaName);
    }
}

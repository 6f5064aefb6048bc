package dev.kubeha.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A leaf certificate with its key and the exact PEM bytes of both, as kept in the workspace. */
public record Leaf(LeafSpec spec, X509Certificate certificate, PrivateKey key, byte[] certificatePem, byte[] keyPem) {
    public Leaf {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        certificatePem = certificatePem.clone();
        keyPem = keyPem.clone();
    }

    @Override
    public byte[] certificatePem() {
        return certificatePem.clone();
    }

    /** The private key in PEM: a secret, for files of mode 0600 only. */
    @Override
    public byte[] keyPem() {
        return keyPem.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Leaf other && spec.equals(other.spec) && certificate.equals(other.certificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, certificate);
    }

    @Override
    public String toString() {
        return "Leaf[" + spec.id() + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}

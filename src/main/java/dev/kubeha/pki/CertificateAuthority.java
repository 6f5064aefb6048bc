package dev.kubeha.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA certificate with its key, and the exact PEM bytes of both as they are (or will be) on
 * disk: a reused CA is handed on byte for byte.
 */
public record CertificateAuthority(CaKind kind, X509Certificate certificate, PrivateKey key,
                                   byte[] certificatePem, byte[] keyPem) {
    public CertificateAuthority {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        certificatePem = certificatePem.clone();
        keyPem = keyPem.clone();
    }

    static CertificateAuthority of(CaKind kind, X509Certificate certificate, PrivateKey key) {
        return new CertificateAuthority(kind, certificate, key, Pem.encode(certificate), Pem.encode(key));
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
        return o instanceof CertificateAuthority other && kind == other.kind && certificate.equals(other.certificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, certificate);
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + kind.displayName() + ", " + certificate.getSubjectX500Principal().getName() + "]";
    }
}

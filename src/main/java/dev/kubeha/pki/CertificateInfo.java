package dev.kubeha.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * What a user wants to know about one certificate: for {@code kubeha certs} and the UI.
 *
 * @param file     the path relative to the workspace's {@code pki/}, e.g. {@code etcd/etcd0/server.crt}
 * @param sans     {@code DNS:localhost}, {@code IP:10.0.0.10}, ...
 * @param keyAlgorithm {@code RSA-2048}, {@code ECDSA-P256}, ...
 */
public record CertificateInfo(String file, String subject, String issuer, List<String> sans, String keyAlgorithm,
                              Instant notBefore, Instant notAfter) {
    public CertificateInfo {
        sans = List.copyOf(sans);
    }

    public static CertificateInfo of(String file, X509Certificate certificate) {
        return new CertificateInfo(file,
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                sans(certificate),
                Keys.describe(certificate.getPublicKey()),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
    }

    /** Whole days until expiry, rounded down; negative once expired. */
    public long daysLeft(Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
    }

    public boolean expiresWithin(Duration period, Instant now) {
        return notAfter.isBefore(now.plus(period));
    }

    static List<String> sans(X509Certificate certificate) {
        List<String> result = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return result;
            }
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                Object value = name.get(1);
                switch (type) {
                    case 2 -> result.add("DNS:" + value);
                    case 7 -> result.add("IP:" + canonicalIp(String.valueOf(value)));
                    case 1 -> result.add("email:" + value);
                    case 6 -> result.add("URI:" + value);
                    default -> result.add("other:" + type);
                }
            }
        } catch (CertificateParsingException e) {
            result.add("(unreadable subjectAltName)");
        }
        return result;
    }

    /** The JDK prints IPv6 SANs long-hand (0:0:0:0:0:0:0:1); we compare and show them as RFC 5952 text. */
    static String canonicalIp(String text) {
        return dev.kubeha.model.IpAddress.parse(text).map(Object::toString).orElse(text);
    }
}

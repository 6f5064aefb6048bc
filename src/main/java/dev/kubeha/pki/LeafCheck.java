package dev.kubeha.pki;

import dev.kubeha.model.GoDuration;
import dev.kubeha.model.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Decides whether a leaf found in the workspace can be reused, as kubeadm does before it reuses a
 * certificate on disk: its chain must verify against the current CA, and everything it was made
 * from must be what the cluster asks for now.
 */
final class LeafCheck {
    private LeafCheck() {
    }

    /** Why the leaf must be made anew, or empty when it can be reused. */
    static Optional<String> reasonToReplace(LeafSpec spec, X509Certificate certificate, PrivateKey key,
                                            CertificateAuthority ca, KeyAlgorithm algorithm, Duration validity,
                                            Instant now) {
        if (!Keys.matches(key, certificate.getPublicKey())) {
            return Optional.of("its key does not belong to its certificate");
        }
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            return Optional.of("expired on " + CaChecks.date(certificate.getNotAfter().toInstant()));
        }
        if (!verifies(certificate, ca.certificate(), now)) {
            return Optional.of("does not verify against the current " + ca.kind().displayName());
        }
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        X500Name wanted = CertificateSigner.subjectOf(spec);
        if (!subject.equals(wanted)) {
            return Optional.of("subject changed from " + subject + " to " + wanted);
        }
        if (!extendedKeyUsage(certificate).equals(wantedExtendedKeyUsage(spec))) {
            return Optional.of("extended key usage changed");
        }
        Set<String> sans = new LinkedHashSet<>(CertificateInfo.sans(certificate));
        Set<String> wantedSans = wantedSans(spec);
        if (!sans.equals(wantedSans)) {
            return Optional.of("SANs changed: " + difference(sans, wantedSans));
        }
        String keyAlgorithm = Keys.describe(certificate.getPublicKey());
        if (!keyAlgorithm.equals(algorithm.wireName())) {
            return Optional.of("key algorithm changed from " + keyAlgorithm + " to " + algorithm.wireName());
        }
        Duration made = Validity.configuredValidity(certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        // A leaf made to end with its CA (which expires sooner than the validity) is as wanted.
        boolean endsWithCa = certificate.getNotAfter().equals(ca.certificate().getNotAfter()) && made.compareTo(validity) < 0;
        if (!made.equals(validity) && !endsWithCa) {
            return Optional.of("validity changed from " + GoDuration.format(made) + " to " + GoDuration.format(validity));
        }
        return Optional.empty();
    }

    /**
     * The leaf's one-link chain to the CA, checked directly: issued by the CA's subject, signed by
     * its key, valid now. What PKIX validation of a path of one would check here, without building
     * a CertPathValidator per leaf (its cold start alone is some 100 ms of a whole command).
     */
    static boolean verifies(X509Certificate leaf, X509Certificate ca, Instant now) {
        if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            Date at = Date.from(now);
            leaf.checkValidity(at);
            ca.checkValidity(at);
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<String> extendedKeyUsage(X509Certificate certificate) {
        try {
            List<String> usage = certificate.getExtendedKeyUsage();
            return usage == null ? Set.of() : Set.copyOf(usage);
        } catch (java.security.cert.CertificateParsingException e) {
            return Set.of();
        }
    }

    private static Set<String> wantedExtendedKeyUsage(LeafSpec spec) {
        String client = KeyPurposeId.id_kp_clientAuth.getId();
        return spec.kind().serverAuth() ? Set.of(KeyPurposeId.id_kp_serverAuth.getId(), client) : Set.of(client);
    }

    private static Set<String> wantedSans(LeafSpec spec) {
        Set<String> sans = new LinkedHashSet<>();
        spec.dnsNames().forEach(d -> sans.add("DNS:" + d));
        spec.ipAddresses().forEach(ip -> sans.add("IP:" + CertificateInfo.canonicalIp(ip)));
        return sans;
    }

    /** {@code added IP:10.0.0.99; removed IP:10.0.0.10} */
    private static String difference(Set<String> have, Set<String> want) {
        List<String> parts = new ArrayList<>();
        List<String> added = want.stream().filter(s -> !have.contains(s)).toList();
        List<String> removed = have.stream().filter(s -> !want.contains(s)).toList();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        return parts.isEmpty() ? "reordered" : String.join("; ", parts);
    }
}

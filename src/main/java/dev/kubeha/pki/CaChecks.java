package dev.kubeha.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The rules a CA certificate and key must meet, whether imported or found in the workspace. */
final class CaChecks {
    private static final int KEY_CERT_SIGN = 5;

    private CaChecks() {
    }

    /**
     * @param certificateSource names the certificate file in messages
     * @param keySource         names the key file in messages
     */
    static void check(CaKind kind, X509Certificate certificate, PrivateKey key, String certificateSource,
                      String keySource, Instant now) throws PkiException {
        if (certificate.getBasicConstraints() < 0) {
            throw PkiException.badInput(certificateSource + " is not a CA certificate (basicConstraints CA:TRUE is"
                    + " missing): give the certificate of the " + kind.displayName() + " itself, not one it signed");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && (usage.length <= KEY_CERT_SIGN || !usage[KEY_CERT_SIGN])) {
            throw PkiException.badInput(certificateSource + " may not sign certificates (its keyUsage lacks"
                    + " keyCertSign): give a CA certificate made for signing");
        }
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            throw PkiException.badInput(certificateSource + ": the " + kind.displayName() + " expired on "
                    + date(certificate.getNotAfter().toInstant()) + ": renew the CA, or start with a new one");
        }
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw PkiException.badInput(keySource + " is not the key of " + certificateSource
                    + ": give the private key that belongs to this CA certificate");
        }
    }

    static String date(Instant instant) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atZone(ZoneOffset.UTC));
    }
}

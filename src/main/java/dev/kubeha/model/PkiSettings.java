package dev.kubeha.model;

import java.time.Duration;

/**
 * Key algorithm and validity periods of the generated certificates. Validities are Go-style
 * durations as kubeadm writes them ({@code 8760h}, {@code 43800h0m0s}).
 */
public record PkiSettings(KeyAlgorithm keyAlgorithm, String certificateValidity, String caValidity) {
    public static final String DEFAULT_CERTIFICATE_VALIDITY = "8760h";
    public static final String DEFAULT_CA_VALIDITY = "87600h";

    public PkiSettings {
        if (keyAlgorithm == null) {
            keyAlgorithm = KeyAlgorithm.RSA_2048;
        }
        if (certificateValidity == null) {
            certificateValidity = DEFAULT_CERTIFICATE_VALIDITY;
        }
        if (caValidity == null) {
            caValidity = DEFAULT_CA_VALIDITY;
        }
    }

    public static PkiSettings defaults() {
        return new PkiSettings(null, null, null);
    }

    /** The leaf validity; only call on a validated cluster. */
    public Duration certificateValidityDuration() {
        return GoDuration.parse(certificateValidity);
    }

    /** The CA validity; only call on a validated cluster. */
    public Duration caValidityDuration() {
        return GoDuration.parse(caValidity);
    }
}

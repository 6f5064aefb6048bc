package dev.kubeha.pki;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a new certificate is valid. Not-before lies a few minutes in the past so that a node
 * whose clock is slightly behind ours still accepts it (kubeadm does the same). Times are whole
 * seconds, as X.509 stores them, so that the period read back from a certificate equals
 * {@link #span()} exactly.
 */
public record Validity(Instant notBefore, Instant notAfter) {
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    public static Validity startingAt(Instant now, Duration validity) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        return new Validity(issued.minus(BACKDATE), issued.plus(validity));
    }

    /** The same period, ending no later than {@code limit} (a leaf cannot outlive its CA). */
    public Validity endingBy(Instant limit) {
        return notAfter.isAfter(limit) ? new Validity(notBefore, limit) : this;
    }

    public Duration span() {
        return Duration.between(notBefore, notAfter);
    }

    /** The configured validity a certificate was made with, from its not-before/not-after. */
    public static Duration configuredValidity(Instant notBefore, Instant notAfter) {
        return Duration.between(notBefore, notAfter).minus(BACKDATE);
    }
}

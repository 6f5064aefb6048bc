package dev.kubeha.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} format, as kubeadm reads validity periods: a sequence of
 * decimal numbers with units {@code h, m, s, ms, us, µs, ns}, e.g. {@code 8760h},
 * {@code 43800h0m0s}, {@code 1.5h}. Negative durations are rejected: a validity cannot be one.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|μs|ns)");

    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(text);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("is not a duration like 8760h or 43800h0m0s");
            }
            BigDecimal value = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            nanos = nanos.add(value.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            // Go's limit is the same: about 2562047h.
            throw new IllegalArgumentException("is out of range (at most 2562047h)");
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs", "μs" -> 1_000L;
            case "ns" -> 1L;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** Formats like Go's {@code Duration.String()} for whole seconds: {@code 8760h0m0s}. */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
    }
}

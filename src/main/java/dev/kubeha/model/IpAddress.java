package dev.kubeha.model;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address parsed strictly from its text, without any name lookup
 * ({@link java.net.InetAddress#getByName} would resolve names and accept odd forms).
 */
public final class IpAddress {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern HEXTET = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        byte[] b = text.contains(":") ? parseV6(text) : parseV4(text);
        return Optional.ofNullable(b).map(IpAddress::new);
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /** True for text that can only have been meant as an IPv4 address: digits and dots. */
    public static boolean looksLikeIpv4(String text) {
        return text != null && !text.isEmpty() && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static byte[] parseV4(String text) {
        var m = V4.matcher(text);
        if (!m.matches()) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = m.group(i + 1);
            // Leading zeros are ambiguous (octal in some resolvers); Go's net.ParseIP rejects them too.
            if (part.length() > 1 && part.charAt(0) == '0') {
                return null;
            }
            int v = Integer.parseInt(part);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] parseV6(String text) {
        byte[] tailV4 = null;
        String s = text;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) > 0) {
            tailV4 = parseV4(s.substring(lastColon + 1));
            if (tailV4 == null) {
                return null;
            }
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String[] head;
        String[] tail;
        if (doubleColon >= 0) {
            String h = s.substring(0, doubleColon);
            String t = s.substring(doubleColon + 2);
            head = h.isEmpty() ? new String[0] : h.split(":", -1);
            tail = t.isEmpty() ? new String[0] : t.split(":", -1);
            if (head.length + tail.length > 7) {
                return null;
            }
        } else {
            head = s.split(":", -1);
            tail = new String[0];
            if (head.length != 8) {
                return null;
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            if (!HEXTET.matcher(head[i]).matches()) {
                return null;
            }
            groups[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            if (!HEXTET.matcher(tail[i]).matches()) {
                return null;
            }
            groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups[i] >> 8);
            b[2 * i + 1] = (byte) groups[i];
        }
        if (tailV4 != null) {
            System.arraycopy(tailV4, 0, b, 12, 4);
        }
        return b;
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    public int bitLength() {
        return bytes.length * 8;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    static IpAddress fromBigInteger(BigInteger value, int bitLength) {
        byte[] raw = value.toByteArray();
        byte[] b = new byte[bitLength / 8];
        int copy = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
        return new IpAddress(b);
    }

    BigInteger toBigInteger() {
        return new BigInteger(1, bytes);
    }

    public boolean isLoopback() {
        if (isV4()) {
            return (bytes[0] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    public boolean isUnspecified() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isMulticast() {
        return isV4() ? (bytes[0] & 0xf0) == 0xe0 : (bytes[0] & 0xff) == 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as ::). */
    @Override
    public String toString() {
        if (isV4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}

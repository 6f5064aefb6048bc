package dev.kubeha.artifact;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, ordered as Debian
 * Policy 5.6.12 says: epochs numerically; then upstream version and revision each compared from
 * the left, alternately a run of non-digits (lexically, letters before non-letters, {@code ~}
 * before everything, even the end) and a run of digits (numerically).
 */
public record DebianVersion(int epoch, String upstream, String revision) implements Comparable<DebianVersion> {

    public DebianVersion {
        Objects.requireNonNull(upstream, "upstream");
        revision = revision == null ? "" : revision;
    }

    /**
     * {@code text} as a version: {@code 1:2.3-4}, {@code 1.35.0-1.1}, {@code 2.2.0-2~debian.12~bookworm}.
     *
     * @throws IllegalArgumentException it is not one
     */
    public static DebianVersion parse(String text) {
        String t = text == null ? "" : text.strip();
        int epoch = 0;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            String e = t.substring(0, colon);
            if (e.isEmpty() || !e.chars().allMatch(Character::isDigit) || e.length() > 9) {
                throw new IllegalArgumentException("version " + text + ": the epoch is not a number");
            }
            epoch = Integer.parseInt(e);
            t = t.substring(colon + 1);
        }
        int dash = t.lastIndexOf('-');
        String upstream = dash >= 0 ? t.substring(0, dash) : t;
        String revision = dash >= 0 ? t.substring(dash + 1) : "";
        if (upstream.isEmpty() || !Character.isDigit(upstream.charAt(0))) {
            throw new IllegalArgumentException("version " + text + ": the upstream version does not start with a digit");
        }
        return new DebianVersion(epoch, upstream, revision);
    }

    /** Compares two version strings as {@link #parse} reads them. */
    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    @Override
    public int compareTo(DebianVersion o) {
        int c = Integer.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareFragment(upstream, o.upstream);
        return c != 0 ? c : compareFragment(revision, o.revision);
    }

    /** dpkg's verrevcmp: alternately non-digit runs (by {@link #order}) and digit runs (numerically). */
    static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return Integer.compare(ac, bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    /** The weight of a character in a non-digit run: {@code ~} lowest, then the end, letters, the rest. */
    private static int order(char c) {
        if (Character.isDigit(c)) {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    @Override
    public String toString() {
        return (epoch > 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }
}

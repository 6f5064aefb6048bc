package dev.kubeha.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** An etcd release {@code MAJOR.MINOR.PATCH}, as {@code etcd.version} names it (no leading v). */
public record EtcdVersion(int major, int minor, int patch) implements Comparable<EtcdVersion> {
    private static final Pattern FORMAT = Pattern.compile("(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})");
    /** kubeadm's etcd image tags: the release and a build number, {@code 3.7.0-0}. */
    private static final Pattern IMAGE_TAG = Pattern.compile("(.+)-\\d+");

    public static Optional<EtcdVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new EtcdVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    /** {@code 3.7.0-0} (kubeadm's image tag) as the release {@code 3.7.0}. */
    static EtcdVersion ofImageTag(String tag) {
        var m = IMAGE_TAG.matcher(tag);
        return parse(m.matches() ? m.group(1) : tag)
                .orElseThrow(() -> new IllegalStateException("\"" + tag + "\" is not an etcd image tag like 3.7.0-0"));
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    @Override
    public int compareTo(EtcdVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}

package dev.kubeha.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** A Kubernetes release version {@code vMAJOR.MINOR.PATCH}. */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {
    private static final Pattern FORMAT = Pattern.compile("v(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})");

    /** The oldest and newest minor releases kubeha can install. */
    public static final KubernetesVersion OLDEST_SUPPORTED = new KubernetesVersion(1, 29, 0);
    public static final KubernetesVersion NEWEST_SUPPORTED = new KubernetesVersion(1, 35, Integer.MAX_VALUE);

    public static Optional<KubernetesVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    public boolean supported() {
        return compareTo(OLDEST_SUPPORTED) >= 0 && compareTo(NEWEST_SUPPORTED) <= 0;
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    /** The kubeadm configuration API for this release: v1beta4 from 1.31, v1beta3 before. */
    public String kubeadmApiVersion() {
        return atLeast(1, 31) ? "kubeadm.k8s.io/v1beta4" : "kubeadm.k8s.io/v1beta3";
    }

    @Override
    public int compareTo(KubernetesVersion o) {
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
        return "v" + major + "." + minor + "." + patch;
    }
}

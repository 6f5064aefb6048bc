package dev.kubeha.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Kubernetes release version {@code vMAJOR.MINOR.PATCH}. Which versions kubeha installs, and
 * everything that depends on the release, is in {@link KubernetesReleases}.
 */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {
    private static final Pattern FORMAT = Pattern.compile("v(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})");

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

    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    /** {@code v1.37} */
    public String minorText() {
        return "v" + major + "." + minor;
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

package dev.kubeha.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A containerd release {@code MAJOR.MINOR.PATCH}. Read from the release table ({@code 2.2.0}) and
 * from {@code containerd --version}, whose third word is the version as the package built it:
 * {@code 1.6.20~ds1} (Debian), {@code 1.7.28} or {@code v2.2.1} (Docker's containerd.io, upstream).
 */
public record ContainerdVersion(int major, int minor, int patch) implements Comparable<ContainerdVersion> {
    private static final Pattern VERSION = Pattern.compile("v?(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})([~+-].*)?");

    /** {@code 2.2.0}, {@code v2.2.0}, {@code 1.6.20~ds1}; empty for anything else. */
    public static Optional<ContainerdVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = VERSION.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerdVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    /**
     * The version in a line of {@code containerd --version}:
     * {@code containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1} or
     * {@code containerd containerd.io v2.2.1 <commit>}; empty when the line is not one.
     */
    public static Optional<ContainerdVersion> ofVersionLine(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] words = line.strip().split("\\s+");
        return words.length >= 3 && words[0].equals("containerd") ? parse(words[2]) : Optional.empty();
    }

    /**
     * Whether this containerd meets {@code floors} (the lowest patch of each branch a Kubernetes
     * release wants): at or above the floor of its own branch, or of a branch newer than every
     * listed one. A branch left out between listed ones is not; empty floors want nothing.
     */
    public boolean meets(java.util.List<ContainerdVersion> floors) {
        if (floors.isEmpty()) {
            return true;
        }
        if (floors.stream().allMatch(f -> compareBranch(f) > 0)) {
            return true;
        }
        return floors.stream().anyMatch(f -> sameBranch(f) && compareTo(f) >= 0);
    }

    /** Whether both are of the same branch ({@code 2.2}). */
    public boolean sameBranch(ContainerdVersion o) {
        return major == o.major && minor == o.minor;
    }

    /** Compares branches only: {@code 2.1.9} is before {@code 2.2.0}'s branch. */
    public int compareBranch(ContainerdVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public int compareTo(ContainerdVersion o) {
        int branch = compareBranch(o);
        return branch != 0 ? branch : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}

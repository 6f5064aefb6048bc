package dev.kubeha.artifact;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The distributions whose node packages kubeha fetches ({@code kubeha export --fetch-packages
 * --distro D}): their label, package format, code name and how they name the architectures.
 */
public enum Distro {
    DEBIAN_12("debian-12", Format.DEB, "debian", "bookworm"),
    UBUNTU_2204("ubuntu-22.04", Format.DEB, "ubuntu", "jammy"),
    UBUNTU_2404("ubuntu-24.04", Format.DEB, "ubuntu", "noble"),
    RHEL_9("rhel-9", Format.RPM, "rhel", "9");

    /** How a distribution packages software. */
    public enum Format {
        /** Debian packages from apt repositories (InRelease, Packages). */
        DEB,
        /** RPM packages from rpm-md repositories (repomd.xml, primary.xml.gz). */
        RPM
    }

    private final String label;
    private final Format format;
    private final String family;
    private final String codename;

    Distro(String label, Format format, String family, String codename) {
        this.label = label;
        this.format = format;
        this.family = family;
        this.codename = codename;
    }

    /** {@code debian-12}, as {@code --distro} takes it. */
    public String label() {
        return label;
    }

    public Format format() {
        return format;
    }

    /** {@code debian}, {@code ubuntu} or {@code rhel}: the directory of Docker's repository. */
    public String family() {
        return family;
    }

    /** {@code bookworm}, {@code jammy}, {@code noble}; {@code 9} for RHEL (its release version). */
    public String codename() {
        return codename;
    }

    /** Every label, in order: {@code debian-12, ubuntu-22.04, ubuntu-24.04, rhel-9}. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Distro::label).toList();
    }

    /**
     * The distribution {@code label} names.
     *
     * @throws IllegalArgumentException {@code --distro centos-7: not one of debian-12, ubuntu-22.04, ubuntu-24.04, rhel-9}
     */
    public static Distro fromLabel(String label) {
        for (Distro d : values()) {
            if (d.label.equals(label == null ? null : label.strip().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("--distro " + label + ": not one of " + String.join(", ", labels()));
    }

    /**
     * {@code arch} (kubeha's and Debian's name: {@code amd64}, {@code arm64}) as this distribution's
     * package architecture: the same for Debian and Ubuntu, {@code x86_64}/{@code aarch64} for RHEL.
     *
     * @throws IllegalArgumentException neither amd64 nor arm64
     */
    public String packageArch(String arch) {
        String a = arch == null ? "" : arch.strip().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> format == Format.RPM ? "x86_64" : "amd64";
            case "arm64", "aarch64" -> format == Format.RPM ? "aarch64" : "arm64";
            default -> throw new IllegalArgumentException("architecture " + arch + ": not one of amd64, arm64");
        };
    }

    /** kubeha's name of a package architecture: {@code x86_64} to {@code amd64}, {@code aarch64} to {@code arm64}. */
    public static String kubehaArch(String packageArch) {
        return switch (packageArch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> packageArch;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}

package dev.kubeha.model;

import java.util.List;

/**
 * The nodes reach no internet ({@code "airGapped": {...}} in cluster.json): {@code kubeha apply}
 * then brings every image (and, with a distribution, every package) from the workstation, and
 * {@code kubeha export} puts them into the bundle, as {@code --images} and {@code --fetch-packages
 * --distro} do on the command line.
 *
 * @param distro   the nodes' distribution, whose packages are fetched ({@link #DISTROS}); null when
 *                 the nodes install packages from a repository of the site (or the user brings them
 *                 with {@code packages} or {@code --include-packages})
 * @param packages a directory of {@code .deb} or {@code .rpm} packages the user brings (relative to
 *                 the cluster file), uploaded to the nodes or put into the bundle as
 *                 {@code --include-packages} does, which takes its place when given; null for none
 */
public record AirGapped(String distro, String packages) {
    /** The distributions kubeha fetches packages for. */
    public static final List<String> DISTROS = List.of("debian-12", "ubuntu-22.04", "ubuntu-24.04", "rhel-9");

    /** Packages of {@code distro} only (or none), no directory of the user's. */
    public AirGapped(String distro) {
        this(distro, null);
    }

    /** Whether {@code fileName} is a package this directory may hold for the nodes. */
    public static boolean isPackage(String fileName) {
        return fileName.endsWith(".deb") || fileName.endsWith(".rpm");
    }
}

package dev.kubeha.model;

import java.util.List;

/**
 * The nodes reach no internet ({@code "airGapped": {...}} in cluster.json): {@code kubeha apply}
 * then brings every image (and, with a distribution, every package) from the workstation, and
 * {@code kubeha export} puts them into the bundle, as {@code --images} and {@code --fetch-packages
 * --distro} do on the command line.
 *
 * @param distro the nodes' distribution, whose packages are fetched ({@link #DISTROS}); null when
 *               the nodes install packages from a repository of the site (or the user brings them
 *               with {@code --include-packages})
 */
public record AirGapped(String distro) {
    /** The distributions kubeha fetches packages for. */
    public static final List<String> DISTROS = List.of("debian-12", "ubuntu-22.04", "ubuntu-24.04", "rhel-9");
}

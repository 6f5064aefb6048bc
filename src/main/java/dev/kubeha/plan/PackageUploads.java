package dev.kubeha.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Packages the workstation brings to nodes that cannot download them ({@code kubeha apply
 * --include-packages}, {@code --fetch-packages}): every node that runs {@code prepare-node.sh}
 * receives them in {@link NodePaths#PACKAGES_DIR} first, where the script installs from without
 * any repository.
 */
public record PackageUploads(List<Package> packages) {
    private static final Pattern FILE_NAME = Pattern.compile("(load-balancer/)?[A-Za-z0-9][A-Za-z0-9._+~:-]*\\.(deb|rpm)");

    /** The subdirectory for HAProxy and keepalived (and what only they need): only load-balancer nodes receive it. */
    public static final String LOAD_BALANCER = "load-balancer/";

    public static final PackageUploads NONE = new PackageUploads(List.of());

    public PackageUploads {
        packages = List.copyOf(packages);
    }

    /**
     * One package file, by the name it keeps on the node, under {@link NodePaths#PACKAGES_DIR};
     * {@code load-balancer/NAME.deb} for the packages only the load-balancer nodes install.
     */
    public record Package(String fileName, Step.UploadFile.LocalFile file) {
        public Package {
            if (!FILE_NAME.matcher(fileName).matches()) {
                throw new IllegalArgumentException("not a package file name: " + fileName);
            }
        }

        public boolean forLoadBalancer() {
            return fileName.startsWith(LOAD_BALANCER);
        }
    }

    public boolean isEmpty() {
        return packages.isEmpty();
    }
}

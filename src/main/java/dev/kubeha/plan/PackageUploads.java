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
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~:-]*\\.(deb|rpm)");

    public static final PackageUploads NONE = new PackageUploads(List.of());

    public PackageUploads {
        packages = List.copyOf(packages);
    }

    /** One package file, by the name it keeps on the node. */
    public record Package(String fileName, Step.UploadFile.LocalFile file) {
        public Package {
            if (!FILE_NAME.matcher(fileName).matches()) {
                throw new IllegalArgumentException("not a package file name: " + fileName);
            }
        }
    }

    public boolean isEmpty() {
        return packages.isEmpty();
    }
}

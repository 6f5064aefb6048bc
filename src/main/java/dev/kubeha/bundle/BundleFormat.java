package dev.kubeha.bundle;

import java.util.Arrays;
import java.util.Optional;

/** How a bundle is written: a directory tree or one archive file. */
public enum BundleFormat {
    DIR("dir"),
    TAR_GZ("tar.gz"),
    ZIP("zip");

    private final String label;

    BundleFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isArchive() {
        return this != DIR;
    }

    public static Optional<BundleFormat> fromLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}

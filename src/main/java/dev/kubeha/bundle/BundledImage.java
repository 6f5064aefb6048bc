package dev.kubeha.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A container image the bundle carries under {@code images/}, as an OCI archive (an OCI image
 * layout in a tar) that {@code ctr images import} reads.
 *
 * @param reference the image as kubeadm or the manifest names it, {@code registry.k8s.io/pause:3.10.2}
 * @param digest    the upstream manifest (or index) digest the registry served, {@code sha256:…}
 * @param by        who runs it: {@code kubeadm}, {@code kubeha} (the etcd static pod) or {@code cni}
 * @param arches    the architectures whose content the archive holds, {@code amd64}, {@code arm64}
 * @param sha256    the archive file's sha256
 * @param size      the archive file's size in bytes
 * @param archive   the archive on the workstation, streamed into the bundle; null when read back
 */
public record BundledImage(String reference, String digest, String by, List<String> arches, String sha256, long size,
        Path archive) {
    public BundledImage {
        Objects.requireNonNull(reference, "reference");
        arches = List.copyOf(arches);
    }

    /**
     * The archive's name in {@code images/}, from the reference: {@code registry.k8s.io/pause:3.10.2}
     * is {@code registry.k8s.io_pause_3.10.2.tar}.
     */
    public String fileName() {
        return fileNameOf(reference);
    }

    public static String fileNameOf(String reference) {
        return reference.replaceAll("[^A-Za-z0-9._-]", "_") + ".tar";
    }
}

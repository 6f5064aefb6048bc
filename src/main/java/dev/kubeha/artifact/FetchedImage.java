package dev.kubeha.artifact;

import java.util.List;

/**
 * An image whose blobs are all in the {@link ArtifactCache}, verified by their digests.
 *
 * @param reference the reference as asked for, e.g. {@code registry.k8s.io/pause:3.10}
 * @param digest    the upstream digest of what the tag names ({@code sha256:<hex>}): an index (OCI
 *                  image index or Docker manifest list) or, for a single-platform image, its manifest
 * @param mediaType that index's or manifest's media type, as served
 * @param arches    the architectures fetched ({@code amd64}, {@code arm64})
 * @param bytes     the size of all {@code blobs} together
 * @param blobs     the sha256 (hex) of every blob the fetched platforms need: the index or manifest
 *                  named by {@code digest} first, then each platform's manifest, config and layers
 */
public record FetchedImage(String reference, String digest, String mediaType, List<String> arches, long bytes,
                           List<String> blobs) {
    public FetchedImage {
        arches = List.copyOf(arches);
        blobs = List.copyOf(blobs);
    }

    /** The sha256 (hex) of {@link #digest()}. */
    public String sha256() {
        return digest.substring("sha256:".length());
    }
}

/**
 * What kubeha brings to the nodes besides its own files, fetched on the workstation: release
 * tarballs (today etcd's), verified against a published sha256 and kept in a cache keyed by
 * that sha256, so that a node never downloads code nobody checked and a second run downloads
 * nothing; and container images for air-gapped sites ({@link dev.kubeha.artifact.ImageFetcher}
 * into the same cache, {@link dev.kubeha.artifact.OciArchive} for {@code ctr images import},
 * {@link dev.kubeha.artifact.ImagePusher} for a site registry), spoken to with the ORAS Java SDK.
 * Uses {@code model} (the release table) and {@code files}; knows nothing of plans or SSH.
 */
package dev.kubeha.artifact;

/**
 * What kubeha brings to the nodes besides its own files, fetched on the workstation and checked
 * before use, kept in a cache keyed by sha256 so that a node never downloads code nobody checked
 * and a second run downloads nothing (or only signed metadata):
 * <ul>
 * <li>release tarballs (today etcd's, {@link dev.kubeha.artifact.EtcdTarballs}), verified against a
 *     published sha256;</li>
 * <li>the packages a node needs ({@link dev.kubeha.artifact.PackageFetcher}): kubeadm, kubelet,
 *     kubectl, cri-tools and kubernetes-cni from pkgs.k8s.io, containerd.io from Docker's repository,
 *     and for Debian and Ubuntu their dependencies from the distribution, verified against the
 *     repositories' OpenPGP-signed metadata with pinned keys (resources under {@code keys/});</li>
 * <li>container images for air-gapped sites ({@link dev.kubeha.artifact.ImageFetcher} into the same
 *     cache, {@link dev.kubeha.artifact.OciArchive} for {@code ctr images import},
 *     {@link dev.kubeha.artifact.ImagePusher} for a site registry), spoken to with the ORAS Java SDK.</li>
 * </ul>
 * Uses {@code model} (the release table) and {@code files}; knows nothing of plans or SSH.
 */
package dev.kubeha.artifact;

/**
 * What kubeha brings to the nodes besides its own files, fetched on the workstation: release
 * tarballs (today etcd's), verified against a published sha256 and kept in a cache keyed by
 * that sha256, so that a node never downloads code nobody checked and a second run downloads
 * nothing. Uses {@code model} (the release table) and {@code files}; knows nothing of plans or SSH.
 */
package dev.kubeha.artifact;

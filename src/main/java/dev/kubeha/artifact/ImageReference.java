package dev.kubeha.artifact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fully qualified image reference as {@link dev.kubeha.render.ImageList} writes it:
 * {@code registry/repository:tag}, e.g. {@code registry.k8s.io/coredns/coredns:v1.12.1} or
 * {@code docker.io/flannel/flannel:v0.26.1}. A reference may also pin a digest
 * ({@code ...:tag@sha256:<hex>} or {@code ...@sha256:<hex>}); then the tag, if any, is only a name.
 *
 * @param registry   the registry host as written in the reference ({@code docker.io}, not its API host)
 * @param repository the path under the registry ({@code pause}, {@code library/busybox})
 * @param tag        the tag; null only when the reference has a digest and no tag
 * @param digest     {@code sha256:<hex>} when pinned, else null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    private static final Pattern FORM = Pattern.compile(
            "([A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9A-Fa-f:]+](?::[0-9]+)?)/([a-z0-9]+(?:[._/-][a-z0-9]+)*)"
                    + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

    /**
     * @throws IllegalArgumentException {@code text} is not {@code registry/repository:tag}; the message says so
     */
    public static ImageReference parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches() || (m.group(3) == null && m.group(4) == null)
                || !(m.group(1).contains(".") || m.group(1).contains(":") || m.group(1).equals("localhost"))) {
            throw new IllegalArgumentException("image " + text
                    + " is not a full reference REGISTRY/REPOSITORY:TAG, e.g. registry.k8s.io/pause:3.10");
        }
        String repository = m.group(2);
        if (m.group(1).equals("docker.io") && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        return new ImageReference(m.group(1), repository, m.group(3), m.group(4));
    }

    /** {@code registry/repository[:tag][@digest]}, as parsed. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /**
     * The name containerd's CRI looks the image up by: {@code registry/repository:tag}, or for a
     * pinned reference {@code registry/repository@sha256:<hex>} (CRI drops the tag of a reference
     * that has both, as Docker's reference parsing does).
     */
    public String containerdName() {
        return registry + "/" + repository + (digest == null ? ":" + tag : "@" + digest);
    }
}

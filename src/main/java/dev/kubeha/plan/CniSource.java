package dev.kubeha.plan;

import java.net.URI;
import java.util.Objects;

/** Where the CNI manifest comes from. */
public sealed interface CniSource {

    /**
     * The cluster's {@code cni.manifest}: a URL is left for master0 to fetch, a file is read now
     * (relative to the cluster file, as the validator resolved it).
     */
    static CniSource forCluster(dev.kubeha.model.Cluster cluster, dev.kubeha.model.ValidationContext context)
            throws java.io.IOException {
        dev.kubeha.model.Cni cni = cluster.cni();
        if (cni == null || cni.manifest() == null || cni.manifest().isBlank()) {
            return new None();
        }
        if (cni.remote()) {
            return new Url(cni.manifest());
        }
        return new Manifest(java.nio.file.Files.readAllBytes(context.resolve(cni.manifest())));
    }

    /** No CNI: the plan skips that task, and the builder warns that nodes will stay NotReady. */
    record None() implements CniSource {
    }

    /** A manifest file uploaded to master0 and applied there. */
    record Manifest(byte[] content) implements CniSource {
        public Manifest {
            content = Objects.requireNonNull(content, "content").clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Manifest m && java.util.Arrays.equals(m.content, content);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "Manifest[" + content.length + " bytes]";
        }
    }

    /** A manifest that master0 downloads itself ({@code kubectl apply -f URL}). */
    record Url(String url) implements CniSource {
        public Url {
            URI uri = URI.create(Objects.requireNonNull(url, "url"));
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("CNI manifest URL must be http or https: " + url);
            }
        }
    }
}

package dev.kubeha.artifact;

/** What {@link PackageFetcher} tells while it works: one line per step, bytes per file. */
public interface PackageProgress {
    /** Nothing told. */
    PackageProgress NONE = new PackageProgress() {
    };

    /** A step: {@code InRelease of https://… verified (key DE15…)}, {@code kubeadm 1.35.0-1.1 amd64 from the cache}. */
    default void note(String line) {
    }

    /** {@code done} of {@code total} bytes of {@code file} (total -1 when unknown). */
    default void bytes(String file, long done, long total) {
    }
}

package dev.kubeha.artifact;

/**
 * What a download reports, so that a front end can show bytes, rate and time left. Calls come on
 * the downloading thread; an implementation returns quickly. Interrupting that thread, or
 * {@link #cancelled()} turning true, stops the download with an {@link java.io.InterruptedIOException}
 * and keeps nothing partial.
 */
public interface DownloadProgress {
    /** Reports nothing and never cancels. */
    DownloadProgress NONE = new DownloadProgress() {
    };

    /**
     * Known before the blobs of {@code reference} are fetched.
     *
     * @param bytesToDownload the bytes still to download (what the cache does not hold)
     * @param bytesInCache    the bytes found in the cache
     */
    default void planned(String reference, long bytesToDownload, long bytesInCache) {
    }

    /** {@code done} of {@code total} bytes of blob {@code sha256} have arrived (total -1 when unknown). */
    default void progressed(String reference, String sha256, long done, long total) {
    }

    /** Blob {@code sha256} is in the cache, verified; {@code downloaded} false when it already was. */
    default void finished(String reference, String sha256, long bytes, boolean downloaded) {
    }

    /** Polled while downloading: true stops the download. */
    default boolean cancelled() {
        return false;
    }
}

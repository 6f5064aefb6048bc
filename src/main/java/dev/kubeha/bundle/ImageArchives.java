package dev.kubeha.bundle;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.DownloadProgress;
import dev.kubeha.artifact.FetchedImage;
import dev.kubeha.artifact.ImageFetcher;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.OciArchive;
import dev.kubeha.artifact.Sha256;
import dev.kubeha.render.ImageList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cluster's images for a bundle: each fetched through the cache (downloading only what it
 * lacks) and written as one OCI archive under a working directory, for {@link BundleImages}.
 * What {@code kubeha export --images} and the window's export for an air-gapped site share.
 */
public final class ImageArchives {

    /** What the fetch says as it goes; a front end shows it (lines, or bytes, rate and time left). */
    public interface Listener extends DownloadProgress {
        /** One image is in the cache and its archive written. */
        default void imageDone(BundledImage image, long downloaded, long fromCache) {
        }
    }

    /** The fetch of one image failed; the message names the image and why. */
    public static final class ImageFetchException extends IOException {
        private final String reference;

        ImageFetchException(String reference, IOException cause) {
            super("image " + reference + ": " + cause.getMessage(), cause);
            this.reference = reference;
        }

        public String reference() {
            return reference;
        }
    }

    private ImageArchives() {
    }

    /**
     * @throws ImageFetchException an image could not be had (missing, a digest mismatch, no registry)
     * @throws java.io.InterruptedIOException the listener cancelled, or the thread was interrupted
     */
    public static List<BundledImage> fetch(List<ImageList.Image> images, List<String> arches, ImageSources sources,
            ArtifactCache cache, Path dir, Listener listener) throws IOException {
        ImageFetcher fetcher = new ImageFetcher(cache, sources);
        List<BundledImage> out = new ArrayList<>();
        for (ImageList.Image image : images) {
            long[] tally = new long[2];
            DownloadProgress counting = new DownloadProgress() {
                @Override
                public void planned(String reference, long bytesToDownload, long bytesInCache) {
                    listener.planned(reference, bytesToDownload, bytesInCache);
                }

                @Override
                public void progressed(String reference, String sha256, long done, long total) {
                    listener.progressed(reference, sha256, done, total);
                }

                @Override
                public void finished(String reference, String sha256, long bytes, boolean downloaded) {
                    tally[downloaded ? 0 : 1] += bytes;
                    listener.finished(reference, sha256, bytes, downloaded);
                }

                @Override
                public boolean cancelled() {
                    return listener.cancelled();
                }
            };
            FetchedImage fetched;
            try {
                fetched = fetcher.fetch(image.reference(), arches, counting);
            } catch (java.io.InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                throw new ImageFetchException(image.reference(), e);
            }
            Path archive = dir.resolve(BundledImage.fileNameOf(image.reference()));
            OciArchive.write(fetched, cache, archive);
            BundledImage bundled = new BundledImage(image.reference(), fetched.digest(), image.by(), fetched.arches(),
                    Sha256.of(archive), Files.size(archive), archive);
            out.add(bundled);
            listener.imageDone(bundled, tally[0], tally[1]);
        }
        return List.copyOf(out);
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

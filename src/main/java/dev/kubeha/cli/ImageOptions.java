package dev.kubeha.cli;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.bundle.ImageArchives;
import dev.kubeha.operation.AirGapCarry;
import dev.kubeha.render.ImageList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where container images come from ({@code --image-mirror}, {@code --insecure-registry}), shared by
 * {@code export --images} and {@code images push}; and the fetch of a cluster's images into OCI
 * archives through the cache.
 */
final class ImageOptions {
    @Option(names = "--image-mirror", paramLabel = "FROM=TO",
            description = "fetch the images of registry FROM from TO, e.g. registry.k8s.io=mirror.example:5000"
                    + " (repeatable; TO may end in a path)")
    List<String> mirrors = new ArrayList<>();

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "talk plain HTTP to this registry or mirror (repeatable); every other one is HTTPS")
    List<String> insecure = new ArrayList<>();

    ImageSources sources() throws CommandFailure {
        try {
            return ImageSources.parse(mirrors, insecure);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    /**
     * Every image of {@code images} for {@code arches}, fetched into the cache (downloading only
     * what it lacks) and written as one OCI archive each under {@code dir}; a line per image.
     */
    static List<BundledImage> fetch(List<ImageList.Image> images, List<String> arches, ImageSources sources,
            ArtifactCache cache, Path dir, PrintWriter err) throws CommandFailure, IOException {
        try {
            return AirGapCarry.fetchImages(images, arches, sources, cache, dir, printer(err));
        } catch (ImageArchives.ImageFetchException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    /** A line per image as it is fetched, and one for all of them at the end. */
    static AirGapCarry.Listener printer(PrintWriter err) {
        return new AirGapCarry.Listener() {
            @Override
            public void imageDone(BundledImage image, long fromNetwork, long fromCache) {
                ImageOptions.imageDone(err, image, fromNetwork, fromCache);
            }

            @Override
            public void imagesFetched(List<BundledImage> images, long downloaded, double seconds) {
                ImageOptions.imagesFetched(err, images, downloaded, seconds);
            }
        };
    }

    static void imageDone(PrintWriter err, BundledImage image, long fromNetwork, long fromCache) {
        err.println("kubeha: image " + image.reference() + " (" + String.join(", ", image.arches()) + "): "
                + (fromNetwork == 0 ? "from the cache" : mib(fromNetwork) + " downloaded"
                + (fromCache > 0 ? ", " + mib(fromCache) + " from the cache" : ""))
                + ", " + image.digest());
    }

    static void imagesFetched(PrintWriter err, List<BundledImage> images, long downloaded, double seconds) {
        long total = images.stream().mapToLong(BundledImage::size).sum();
        err.println("kubeha: " + images.size() + " images, " + mib(total) + " in the bundle, " + mib(downloaded)
                + " downloaded" + (downloaded > 0 ? String.format(Locale.ROOT, " (%.1f MiB/s)",
                downloaded / 1048576.0 / Math.max(seconds, 0.001)) : "")
                + String.format(Locale.ROOT, " in %.1f s", seconds));
    }

    static String mib(long bytes) {
        return ImageArchives.mib(bytes);
    }
}

package dev.kubeha.cli;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.DownloadProgress;
import dev.kubeha.artifact.FetchedImage;
import dev.kubeha.artifact.ImageFetcher;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.OciArchive;
import dev.kubeha.artifact.Sha256;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.render.ImageList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
     * what it lacks) and written as one OCI archive each under {@code dir}.
     */
    static List<BundledImage> fetch(List<ImageList.Image> images, List<String> arches, ImageSources sources,
            ArtifactCache cache, Path dir, PrintWriter err) throws CommandFailure, IOException {
        ImageFetcher fetcher = new ImageFetcher(cache, sources);
        List<BundledImage> out = new ArrayList<>();
        long downloaded = 0;
        long started = System.nanoTime();
        for (ImageList.Image image : images) {
            Tally tally = new Tally();
            FetchedImage fetched;
            try {
                fetched = fetcher.fetch(image.reference(), arches, tally);
            } catch (IOException e) {
                throw CommandFailure.failed("image " + image.reference() + ": " + e.getMessage());
            }
            Path archive = dir.resolve(BundledImage.fileNameOf(image.reference()));
            OciArchive.write(fetched, cache, archive);
            long size = Files.size(archive);
            out.add(new BundledImage(image.reference(), fetched.digest(), image.by(), fetched.arches(), Sha256.of(archive),
                    size, archive));
            downloaded += tally.downloaded;
            err.println("kubeha: image " + image.reference() + " (" + String.join(", ", fetched.arches()) + "): "
                    + (tally.downloaded == 0 ? "from the cache" : mib(tally.downloaded) + " downloaded"
                    + (tally.cached > 0 ? ", " + mib(tally.cached) + " from the cache" : ""))
                    + ", " + fetched.digest());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long total = out.stream().mapToLong(BundledImage::size).sum();
        err.println("kubeha: " + out.size() + " images, " + mib(total) + " in the bundle, " + mib(downloaded)
                + " downloaded" + (downloaded > 0 ? String.format(Locale.ROOT, " (%.1f MiB/s)", downloaded / 1048576.0 / Math.max(seconds, 0.001)) : "")
                + String.format(Locale.ROOT, " in %.1f s", seconds));
        return out;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** What one image's fetch downloaded and found. */
    private static final class Tally implements DownloadProgress {
        long downloaded;
        long cached;

        @Override
        public void finished(String reference, String sha256, long bytes, boolean fromNetwork) {
            if (fromNetwork) {
                downloaded += bytes;
            } else {
                cached += bytes;
            }
        }
    }
}

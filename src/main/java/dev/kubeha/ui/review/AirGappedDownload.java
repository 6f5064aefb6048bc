package dev.kubeha.ui.review;

import dev.kubeha.bundle.BundledImage;
import dev.kubeha.bundle.ImageArchives;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The bytes of an air-gapped export's image download, as the fetch reports them on its thread:
 * the total grows as each image is planned (what the cache lacks), done counts the bytes that
 * arrived. At most every {@link #INTERVAL_NANOS} (and at the end of each image) it hands a
 * {@link Shown} to {@code show}, which takes it to the FX thread.
 */
final class AirGappedDownload implements ImageArchives.Listener {
    static final long INTERVAL_NANOS = 100_000_000L;

    /** What the progress bar and its line show: fraction 0..1 (-1 while nothing is known) and the text. */
    record Shown(double fraction, String text) {
    }

    private final ResourceBundle messages;
    private final Consumer<Shown> show;
    private final BooleanSupplier cancelled;
    private final LongSupplier clock;
    private final long started;
    private final Map<String, Long> inFlight = new HashMap<>();
    private long total;
    private long finished;
    private long lastShown = Long.MIN_VALUE;
    private int images;

    AirGappedDownload(ResourceBundle messages, Consumer<Shown> show, BooleanSupplier cancelled, LongSupplier clock) {
        this.messages = messages;
        this.show = show;
        this.cancelled = cancelled;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    @Override
    public synchronized void planned(String reference, long bytesToDownload, long bytesInCache) {
        total += Math.max(0, bytesToDownload);
        maybeShow(false);
    }

    @Override
    public synchronized void progressed(String reference, String sha256, long done, long blobTotal) {
        inFlight.put(sha256, done);
        maybeShow(false);
    }

    @Override
    public synchronized void finished(String reference, String sha256, long bytes, boolean downloaded) {
        inFlight.remove(sha256);
        if (downloaded) {
            finished += bytes;
        }
        maybeShow(false);
    }

    @Override
    public synchronized void imageDone(BundledImage image, long downloaded, long fromCache) {
        images++;
        maybeShow(true);
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    synchronized long done() {
        return finished + inFlight.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long total() {
        return total;
    }

    synchronized int images() {
        return images;
    }

    private void maybeShow(boolean always) {
        long now = clock.getAsLong();
        if (!always && lastShown != Long.MIN_VALUE && now - lastShown < INTERVAL_NANOS) {
            return;
        }
        lastShown = now;
        show.accept(shown(now));
    }

    /** Bytes done of total, the rate since the start and the time left at that rate. */
    Shown shown(long now) {
        long done = done();
        long all = Math.max(total, done);
        double seconds = Math.max((now - started) / 1e9, 0.001);
        double rate = done / seconds;
        String left = rate > 0 && all > done ? duration((long) Math.ceil((all - done) / rate)) : "\u2013";
        String text = String.format(messages.getString("export.airGapped.progress"), mib(done), mib(all),
                String.format(Locale.ROOT, "%.1f", rate / 1048576.0), left, images);
        return new Shown(all == 0 ? -1 : (double) done / all, text);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}

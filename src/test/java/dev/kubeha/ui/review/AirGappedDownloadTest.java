package dev.kubeha.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The air-gapped download's bytes, rate and time left, and how often they reach the screen. */
class AirGappedDownloadTest {
    private static final long MIB = 1 << 20;
    private final long[] now = {0};
    private final List<AirGappedDownload.Shown> shown = new ArrayList<>();
    private boolean cancelled;
    private final AirGappedDownload download = new AirGappedDownload(KubehaApp.messages(Locale.ENGLISH), shown::add,
            () -> cancelled, () -> now[0]);

    @Test
    void bytesRateAndTimeLeftAreShownAtMostEveryHundredMilliseconds() {
        download.planned("registry.k8s.io/pause:3.10.2", 10 * MIB, 0);
        assertThat(shown).hasSize(1);
        now[0] = 50_000_000L; // 50 ms later: held back
        download.progressed("registry.k8s.io/pause:3.10.2", "a", MIB, 4 * MIB);
        assertThat(shown).hasSize(1);
        now[0] = 1_000_000_000L; // 1 s after the start: shown
        download.progressed("registry.k8s.io/pause:3.10.2", "a", 2 * MIB, 4 * MIB);
        assertThat(shown).hasSize(2);
        assertThat(shown.get(1).text()).isEqualTo("2.0 of 10.0 MiB · 2.0 MiB/s · 4 s left · images ready: 0");
        assertThat(shown.get(1).fraction()).isEqualTo(0.2);

        now[0] = 2_000_000_000L;
        download.finished("registry.k8s.io/pause:3.10.2", "a", 4 * MIB, true);
        download.finished("registry.k8s.io/pause:3.10.2", "b", 6 * MIB, false); // was in the cache: not counted
        assertThat(download.done()).isEqualTo(4 * MIB);
        download.imageDone(null, 4 * MIB, 0); // the end of an image is always shown
        assertThat(shown.get(shown.size() - 1).text()).isEqualTo("4.0 of 10.0 MiB · 2.0 MiB/s · 3 s left · images ready: 1");
    }

    @Test
    void theCancelIsWhatTheExportAsks() {
        assertThat(download.cancelled()).isFalse();
        cancelled = true;
        assertThat(download.cancelled()).isTrue();
    }

    @Test
    void nothingToDownloadIsAnIndeterminateBarAndLongTimesReadAsClock() {
        now[0] = 1_000_000_000L;
        assertThat(download.shown(now[0]).fraction()).isEqualTo(-1);
        assertThat(AirGappedDownload.duration(59)).isEqualTo("59 s");
        assertThat(AirGappedDownload.duration(61)).isEqualTo("1:01");
        assertThat(AirGappedDownload.duration(3725)).isEqualTo("1:02:05");
    }
}

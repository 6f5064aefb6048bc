package dev.kubeha.ui;

import java.lang.management.ManagementFactory;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Measures start-up for the packaging smoke test and the AppCDS training run. With
 * {@code -Dkubeha.startupProbe=true} it prints {@code first-frame-ms=<ms since the JVM started>}
 * at the second pulse after the window was shown: the first frame has then been laid out and handed
 * to the renderer (within one 60 Hz tick). With {@code -Dkubeha.exitAfterFirstFrame=true} it then
 * closes the application normally. (The JVM start time, not the process start time: on Linux the
 * latter is only known to the second.)
 */
final class StartupProbe {
    private StartupProbe() {
    }

    static void afterShow() {
        if (!Boolean.getBoolean("kubeha.startupProbe")) {
            return;
        }
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses < 2) {
                    return;
                }
                stop();
                long started = ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("first-frame-ms=" + (System.currentTimeMillis() - started));
                System.out.flush();
                if (Boolean.getBoolean("kubeha.exitAfterFirstFrame")) {
                    Platform.exit();
                }
            }
        }.start();
    }
}

package dev.kubeha.ui.install;

import dev.kubeha.ui.fx.Fxml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the desktop something happened while the window was in the background. JavaFX has no
 * notifications of its own: the system tray where AWT supports it, else {@code notify-send} when it
 * is on the PATH, else nothing. Texts must hold no secret (they leave the process).
 */
@FunctionalInterface
public interface DesktopNotifier {
    /** Shows the notice; returns at once (the work happens on a thread of its own). */
    void notify(String title, String text);

    DesktopNotifier NONE = (title, text) -> { };

    /** The best this desktop offers, decided at the first notice (AWT is not touched before). */
    static DesktopNotifier system() {
        return new DesktopNotifier() {
            private DesktopNotifier chosen;

            @Override
            public void notify(String title, String text) {
                inBackground(() -> {
                    DesktopNotifier to;
                    synchronized (this) {
                        if (chosen == null) {
                            chosen = detect();
                        }
                        to = chosen;
                    }
                    to.notify(title, text);
                });
            }
        };
    }

    private static DesktopNotifier detect() {
        if (!Boolean.getBoolean("java.awt.headless")) {
            try {
                if (java.awt.SystemTray.isSupported()) {
                    return new TrayNotifier();
                }
            } catch (RuntimeException | LinkageError e) {
                // no AWT here: try the next
            }
        }
        Path notifySend = onPath("notify-send");
        if (notifySend != null) {
            return (title, text) -> inBackground(() -> {
                Process p = new ProcessBuilder(notifySend.toString(), "--app-name=kubeha", title, text)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor(10, TimeUnit.SECONDS);
            });
        }
        return NONE;
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Off the FX thread: AWT's event thread and a process start may take their time. */
    private static void inBackground(Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                LoggerFactory.getLogger(DesktopNotifier.class).debug("desktop notification failed: {}", e.toString());
            }
        }, "kubeha-notify");
        t.setDaemon(true);
        t.start();
    }

    /** Something that may throw. */
    interface Work {
        void run() throws Exception;
    }

    /** One tray icon, added on the first notice and kept for the next. */
    final class TrayNotifier implements DesktopNotifier {
        private static final Logger LOG = LoggerFactory.getLogger(TrayNotifier.class);
        private java.awt.TrayIcon icon;

        @Override
        public void notify(String title, String text) {
            inBackground(() -> java.awt.EventQueue.invokeLater(() -> {
                try {
                    if (icon == null) {
                        java.awt.Image image = java.awt.Toolkit.getDefaultToolkit()
                                .getImage(DesktopNotifier.class.getResource(Fxml.ROOT + "icons/kubeha-32.png"));
                        icon = new java.awt.TrayIcon(image, "kubeha");
                        icon.setImageAutoSize(true);
                        java.awt.SystemTray.getSystemTray().add(icon);
                    }
                    icon.displayMessage(title, text, java.awt.TrayIcon.MessageType.INFO);
                } catch (java.awt.AWTException | RuntimeException e) {
                    LOG.debug("tray notification failed: {}", e.toString());
                }
            }));
        }
    }
}

package dev.kubeha.ui.fx;

import java.util.List;
import javafx.geometry.Rectangle2D;

/**
 * Where the main window is and how large: remembered in the settings when it closes, and where it
 * opens next time, as long as that is still on a screen.
 */
public record WindowBounds(double x, double y, double width, double height) {
    /** The smallest window the pages are laid out for. */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 700;
    /** A first window larger than this would be more than a form needs. */
    static final double MAX_FIRST_WIDTH = 1680;
    static final double MAX_FIRST_HEIGHT = 1050;

    /**
     * Where to open: {@code saved} when most of it is on one of the screens (visual bounds, without
     * panels), made to fit it; otherwise most of the first screen, centred.
     */
    public static WindowBounds place(WindowBounds saved, List<Rectangle2D> screens) {
        if (screens.isEmpty()) {
            return new WindowBounds(0, 0, MIN_WIDTH, MIN_HEIGHT);
        }
        if (saved != null && saved.width() > 0 && saved.height() > 0) {
            for (Rectangle2D screen : screens) {
                Rectangle2D window = new Rectangle2D(saved.x(), saved.y(), saved.width(), saved.height());
                if (screen.intersects(window) && overlap(screen, window) >= 0.5 * saved.width() * saved.height()) {
                    double w = Math.min(saved.width(), screen.getWidth());
                    double h = Math.min(saved.height(), screen.getHeight());
                    double x = clamp(saved.x(), screen.getMinX(), screen.getMaxX() - w);
                    double y = clamp(saved.y(), screen.getMinY(), screen.getMaxY() - h);
                    return new WindowBounds(x, y, w, h);
                }
            }
        }
        Rectangle2D screen = screens.get(0);
        // Most of the screen, leaving a margin so that it reads as a window, not a full screen.
        double w = Math.min(screen.getWidth(), Math.min(MAX_FIRST_WIDTH, Math.max(MIN_WIDTH, screen.getWidth() - 80)));
        double h = Math.min(screen.getHeight(), Math.min(MAX_FIRST_HEIGHT, Math.max(MIN_HEIGHT, screen.getHeight() - 60)));
        return new WindowBounds(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    private static double overlap(Rectangle2D a, Rectangle2D b) {
        double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
        double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(v, max));
    }
}

package dev.kubeha.ui.install;

import java.util.ArrayDeque;
import java.util.List;
import javafx.collections.ObservableList;

/**
 * The last lines of some output, oldest first, at most a fixed number: what the window keeps of a
 * node's, a task's or all nodes' output (the full log is the run's file). Lines beyond the
 * capacity push the oldest out. Not thread-safe: the window fills it in its drains, on the FX thread.
 *
 * <p>{@link #appendBounded} keeps a shown list (a view's items) bounded the same way, in at most
 * two changes per call, so that a drain costs the view one update however many lines came.
 */
final class LineBuffer {
    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    LineBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a line buffer holds at least one line, not " + capacity);
        }
        this.capacity = capacity;
    }

    void add(String line) {
        lines.addLast(line);
        if (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    void addAll(List<String> more) {
        tail(more, capacity).forEach(this::add);
    }

    /** The lines now, oldest first: a copy. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    int size() {
        return lines.size();
    }

    int capacity() {
        return capacity;
    }

    /** The last {@code max} of {@code lines} (all of them when there are fewer). */
    static List<String> tail(List<String> lines, int max) {
        return lines.size() <= max ? lines : lines.subList(lines.size() - max, lines.size());
    }

    /**
     * Appends {@code more} to {@code shown} and drops its oldest lines beyond {@code capacity}: one
     * removal and one addition at most (a single replacement when none of the old lines stay).
     *
     * @return the lines of {@code more} that were appended: its tail, when more came than fit
     */
    static List<String> appendBounded(ObservableList<String> shown, List<String> more, int capacity) {
        List<String> kept = tail(more, capacity);
        if (kept.isEmpty()) {
            return kept;
        }
        int excess = shown.size() + kept.size() - capacity;
        if (excess >= shown.size()) {
            shown.setAll(kept);
        } else {
            if (excess > 0) {
                shown.remove(0, excess);
            }
            shown.addAll(kept);
        }
        return kept;
    }
}

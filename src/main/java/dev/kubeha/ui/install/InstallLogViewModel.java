package dev.kubeha.ui.install;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.ui.fx.UiExecutor;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The install window's log: one node's or all nodes' output, follow mode, search and "Save log".
 * The window keeps only the last lines (each node's {@value InstallViewModel#LOG_LINES_PER_NODE}
 * in its row, all nodes interleaved in a ring of {@value #ALL_NODES_LINES}); the full log is the
 * run's file in the workspace, and that is what Save copies. Updated by the install's drains only,
 * once per pulse.
 *
 * <p>Search highlights the matching lines (case-insensitive) and counts them; Next and Previous
 * move through them, oldest first, and stop following so that the line stays in view.
 */
public final class InstallLogViewModel {
    public static final int ALL_NODES_LINES = 5_000;

    /** Whose log is shown: a node's, or all nodes' when {@code node} is null. */
    public record Source(String node) {
        public static final Source ALL = new Source(null);

        public boolean all() {
            return node == null;
        }
    }

    private final InstallViewModel install;
    private final UiExecutor background;
    private final ResourceBundle messages;
    private final LineBuffer allNodes = new LineBuffer(ALL_NODES_LINES);
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(Source.ALL);
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    /** How many lines the shown log has had since it was loaded; the first shown line is number appended - size. */
    private long appended;
    private final BooleanProperty follow = new SimpleBooleanProperty(true);
    private final StringProperty search = new SimpleStringProperty("");
    private String needle = "";
    /** Numbers of the shown lines that match, ascending. */
    private final List<Long> matches = new ArrayList<>();
    private long current = -1;
    private final IntegerProperty matchCount = new SimpleIntegerProperty();
    private final IntegerProperty currentIndex = new SimpleIntegerProperty(-1);
    private final StringProperty matchText = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty saving = new SimpleBooleanProperty();

    public InstallLogViewModel(InstallViewModel install, UiExecutor background, ResourceBundle messages) {
        this.install = install;
        this.background = background;
        this.messages = messages;
        sources.add(Source.ALL);
        install.plan().nodes().forEach(n -> sources.add(new Source(n)));
        install.onDrain(this::apply);
        source.addListener((o, was, now) -> {
            if (now == null) {
                source.set(Source.ALL);
                return;
            }
            reload();
            if (!now.all() && (install.selectedProperty().get() == null
                    || !install.selectedProperty().get().node().equals(now.node()))) {
                install.rows().stream().filter(r -> r.node().equals(now.node())).findFirst()
                        .ifPresent(install.selectedProperty()::set);
            }
        });
        // The node picked in the table is the node whose log shows.
        install.selectedProperty().addListener((o, was, row) -> {
            if (row != null) {
                source.set(new Source(row.node()));
            }
        });
        search.addListener((o, was, now) -> {
            needle = now == null ? "" : now.toLowerCase(Locale.ROOT);
            current = -1;
            findMatches();
        });
        if (install.selectedProperty().get() != null) {
            source.set(new Source(install.selectedProperty().get().node()));
        }
    }

    /** Adds one drain's output lines to the all-nodes ring and to the shown log. */
    void apply(List<ExecEvent> events) {
        Source shown = source.get();
        List<String> all = new ArrayList<>();
        List<String> forShown = new ArrayList<>();
        for (ExecEvent event : events) {
            if (event instanceof ExecEvent.OutputLine o) {
                String text = InstallViewModel.shortName(o.taskId(), o.node()) + " | " + o.line();
                all.add(o.node() + ": " + text);
                if (!shown.all() && shown.node().equals(o.node())) {
                    forShown.add(text);
                }
            }
        }
        if (all.isEmpty()) {
            return;
        }
        allNodes.addAll(all);
        append(shown.all() ? all : forShown, capacity(shown));
    }

    private static int capacity(Source s) {
        return s.all() ? ALL_NODES_LINES : InstallViewModel.LOG_LINES_PER_NODE;
    }

    private void append(List<String> more, int capacity) {
        if (more.isEmpty()) {
            return;
        }
        List<String> kept = LineBuffer.appendBounded(lines, more, capacity);
        appended += more.size() - kept.size(); // lines that came and went within one pulse
        for (int i = 0; i < kept.size(); i++) {
            if (matches(kept.get(i))) {
                matches.add(appended + i);
            }
        }
        appended += kept.size();
        long first = firstShown();
        int gone = 0;
        while (gone < matches.size() && matches.get(gone) < first) {
            gone++;
        }
        matches.subList(0, gone).clear();
        if (current < first) {
            current = -1;
        }
        updateMatches();
    }

    private long firstShown() {
        return appended - lines.size();
    }

    private void reload() {
        Source s = source.get();
        List<String> content = s.all() ? allNodes.lines()
                : install.rows().stream().filter(r -> r.node().equals(s.node())).findFirst()
                        .map(InstallViewModel.NodeRow::logLines).orElse(List.of());
        lines.setAll(content);
        appended = content.size();
        current = -1;
        findMatches();
    }

    private void findMatches() {
        matches.clear();
        if (!needle.isEmpty()) {
            long first = firstShown();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).toLowerCase(Locale.ROOT).contains(needle)) {
                    matches.add(first + i);
                }
            }
        }
        updateMatches();
    }

    /** Whether a line matches the search; false while the search is empty. */
    public boolean matches(String line) {
        return !needle.isEmpty() && line != null && line.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** Moves to the next match (the first one after none, wrapping after the last) and stops following. */
    public void next() {
        move(1);
    }

    /** Moves to the previous match (the last one after none, wrapping before the first) and stops following. */
    public void previous() {
        move(-1);
    }

    private void move(int step) {
        if (matches.isEmpty()) {
            return;
        }
        int at = current < 0 ? -1 : Collections.binarySearch(matches, current);
        int size = matches.size();
        int to = at < 0 ? (step > 0 ? 0 : size - 1) : Math.floorMod(at + step, size);
        current = matches.get(to);
        follow.set(false);
        updateMatches();
    }

    private void updateMatches() {
        matchCount.set(matches.size());
        currentIndex.set(current < 0 ? -1 : (int) (current - firstShown()));
        if (needle.isEmpty()) {
            matchText.set("");
        } else if (matches.isEmpty()) {
            matchText.set(messages.getString("install.log.noMatch"));
        } else if (current < 0) {
            matchText.set(String.format(messages.getString("install.log.matches"), matches.size()));
        } else {
            matchText.set(String.format(messages.getString("install.log.match"),
                    Collections.binarySearch(matches, current) + 1, matches.size()));
        }
    }

    /**
     * Saves the full log of this window's runs (the files in the workspace, not the lines shown) to
     * {@code target}, in the background; only the chosen node's lines when a node is shown. Says how
     * it went in {@link #statusProperty()}.
     */
    public void save(Path target) {
        List<Path> logs = install.runLogs();
        if (logs.isEmpty()) {
            status.set(messages.getString("install.log.nothingToSave"));
            return;
        }
        String node = source.get().node();
        saving.set(true);
        status.set(String.format(messages.getString("install.log.saving"), target));
        background.run(() -> copy(logs, target, node), count -> {
            saving.set(false);
            status.set(String.format(messages.getString("install.log.saved"), count, target));
        }, e -> {
            saving.set(false);
            status.set(String.format(messages.getString("install.log.saveFailed"), target, reason(e, target)));
        });
    }

    /** Thrown when the chosen file is one of the run's own logs, which saving would truncate. */
    private static final class OwnLogException extends IOException {
        OwnLogException(Path file) {
            super(file.toString());
        }
    }

    private static long copy(List<Path> logs, Path target, String node) throws IOException {
        for (Path log : logs) {
            if (Files.exists(target) && Files.isSameFile(log, target)) {
                throw new OwnLogException(target);
            }
        }
        // Private like the run's log: it names hosts and paths. An existing file: the file chooser
        // asked before replacing it.
        PrivateFiles.ensureFile(target);
        long count = 0;
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (Path log : logs) {
                try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (node == null || node.equals(nodeOf(line))) {
                            out.write(line);
                            out.newLine();
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }

    /**
     * The node a line of the run's log is about: lines read {@code <time> <node> <task> ...} (see
     * {@link InstallViewModel#listener()}); the run's own lines ({@code kubeha window: ...},
     * {@code progress ...}, the closing list of failed tasks) belong to no node.
     */
    static String nodeOf(String logLine) {
        String[] parts = logLine.split(" ", 3);
        if (parts.length < 3 || parts[1].isEmpty() || parts[1].equals("progress")
                || parts[1].equals("kubeha") && parts[2].startsWith("window:")) {
            return null;
        }
        return parts[1];
    }

    private String reason(Exception e, Path target) {
        if (e instanceof OwnLogException) {
            return messages.getString("install.log.ownLog");
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() != null && n.getFile().equals(target.toString())
                    ? String.format(messages.getString("install.log.noFolder"), target.toAbsolutePath().getParent())
                    : String.format(messages.getString("install.log.gone"), n.getFile());
        }
        if (e instanceof AccessDeniedException) {
            return messages.getString("install.log.denied");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof IOException) {
            return String.valueOf(e.getMessage());
        }
        return messages.getString("wizard.unexpected") + " " + e;
    }

    /** All nodes, then each node of the plan. */
    public ObservableList<Source> sources() {
        return sources;
    }

    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    /** The shown log's last lines; one or two changes per drain, bounded. */
    public ObservableList<String> lines() {
        return lines;
    }

    /** Keep the newest line in view. */
    public BooleanProperty followProperty() {
        return follow;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyIntegerProperty matchCountProperty() {
        return matchCount;
    }

    /** Index in {@link #lines()} of the current match, or -1. */
    public ReadOnlyIntegerProperty currentIndexProperty() {
        return currentIndex;
    }

    /** "Matches: 17", "3 of 17", "No matches", or empty without a search. */
    public ReadOnlyStringProperty matchTextProperty() {
        return matchText;
    }

    /** How the last Save went. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving;
    }
}

package dev.kubeha.ui.install;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.TaskState;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The plan as a graph the operator can watch: a box per task, in a lane per node and a column per
 * stage of the run, an edge per dependency, each box in its task's live state. A task's column is
 * one right of its latest dependency (longest path from the start), so every edge points right and
 * the columns read in the order of the guide (prepare, etcd, load balancer, kubeadm init, joins,
 * verify, fetch) without this class knowing any task by name.
 *
 * <p>The layout is computed once from the plan, in plain numbers, so that the view only draws it.
 * States and output come from the install's drains, once per pulse, like everything in the window.
 * Selecting a task gives its details: steps and probe with secrets masked by the run's redactor, and
 * its last {@value #OUTPUT_LINES_PER_TASK} output lines.
 */
public final class TaskGraphViewModel {
    public static final int OUTPUT_LINES_PER_TASK = 500;
    public static final double LANE_LABEL_WIDTH = 120;
    public static final double COLUMN_WIDTH = 200;
    public static final double BOX_WIDTH = 160;
    public static final double ROW_HEIGHT = 44;
    public static final double BOX_HEIGHT = 32;
    public static final double HEADER_HEIGHT = 30;
    public static final double MIN_ZOOM = 0.25;
    public static final double MAX_ZOOM = 2;
    static final double ZOOM_STEP = 1.25;
    /** More kinds of task in a column than this are cut short in its heading. */
    static final int KINDS_IN_HEADING = 3;

    /** Where keyboard navigation goes from a box. */
    public enum Direction { LEFT, RIGHT, UP, DOWN }

    /** A column: the tasks at the same distance from the start, headed by the kinds of task in it. */
    public record Column(int index, String heading, double x) {
    }

    /** A node's lane: one row, or more where the node has several tasks in one column. */
    public record Lane(String node, double y, double height) {
    }

    /** A dependency, drawn from the right side of {@code from} to the left side of {@code to}. */
    public record Edge(String from, String to, double x1, double y1, double x2, double y2) {
    }

    /** What the details pane shows of the selected task; every text already masked. */
    public record Details(String taskId, String title, String node, List<String> dependsOn, List<String> steps,
                          String probe) {
    }

    /** One task's box. Its state changes on the FX thread only, in a drain. */
    public static final class Box {
        private final Task task;
        private final String kind;
        private final int column;
        private final int row;
        private final ObjectProperty<TaskState> state = new SimpleObjectProperty<>(TaskState.PENDING);
        private final StringProperty message = new SimpleStringProperty("");
        private final LineBuffer output = new LineBuffer(OUTPUT_LINES_PER_TASK);

        Box(Task task, int column, int row) {
            this.task = task;
            this.kind = InstallViewModel.shortName(task.id(), task.node());
            this.column = column;
            this.row = row;
        }

        public String taskId() {
            return task.id();
        }

        public String node() {
            return task.node();
        }

        public String title() {
            return task.title();
        }

        /** The id without its node, as in the node's rows and logs: {@code kubeadm-join}. */
        public String kind() {
            return kind;
        }

        public int column() {
            return column;
        }

        /** Row in the whole graph, counting every lane's rows. */
        public int row() {
            return row;
        }

        public double x() {
            return LANE_LABEL_WIDTH + column * COLUMN_WIDTH + (COLUMN_WIDTH - BOX_WIDTH) / 2;
        }

        public double y() {
            return HEADER_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BOX_HEIGHT) / 2;
        }

        public ReadOnlyObjectProperty<TaskState> stateProperty() {
            return state;
        }

        /** Why the task failed, was skipped or cancelled; empty otherwise. */
        public ReadOnlyStringProperty messageProperty() {
            return message;
        }
    }

    private final InstallViewModel install;
    private final ResourceBundle messages;
    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final List<Column> columns = new ArrayList<>();
    private final Map<Integer, TreeMap<Integer, Box>> grid = new HashMap<>();
    private final double width;
    private final double height;
    private final ObjectProperty<Box> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Details> details = new SimpleObjectProperty<>();
    private final StringProperty selectedState = new SimpleStringProperty("");
    private final ObservableList<String> selectedOutput = FXCollections.observableArrayList();
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);

    public TaskGraphViewModel(InstallViewModel install, ResourceBundle messages) {
        this.install = install;
        this.messages = messages;
        Plan plan = install.plan();
        List<Task> order = plan.topologicalOrder();
        Map<String, Integer> column = new HashMap<>();
        for (Task t : order) {
            int c = 0;
            for (String dependency : t.dependsOn()) {
                c = Math.max(c, column.get(dependency) + 1);
            }
            column.put(t.id(), c);
        }
        int columnCount = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;

        // A lane has as many rows as its node has tasks in its fullest column.
        Map<String, Map<Integer, List<Task>>> byNode = new LinkedHashMap<>();
        plan.nodes().forEach(n -> byNode.put(n, new TreeMap<>()));
        for (Task t : order) {
            byNode.get(t.node()).computeIfAbsent(column.get(t.id()), k -> new ArrayList<>()).add(t);
        }
        Map<String, Box> placed = new HashMap<>();
        int row = 0;
        for (Map.Entry<String, Map<Integer, List<Task>>> lane : byNode.entrySet()) {
            int rows = Math.max(1, lane.getValue().values().stream().mapToInt(List::size).max().orElse(1));
            for (Map.Entry<Integer, List<Task>> cell : lane.getValue().entrySet()) {
                for (int i = 0; i < cell.getValue().size(); i++) {
                    Task t = cell.getValue().get(i);
                    Box box = new Box(t, cell.getKey(), row + i);
                    placed.put(t.id(), box);
                    grid.computeIfAbsent(box.row, k -> new TreeMap<>()).put(box.column, box);
                }
            }
            lanes.add(new Lane(lane.getKey(), HEADER_HEIGHT + row * ROW_HEIGHT, rows * ROW_HEIGHT));
            row += rows;
        }
        // Boxes in lane order, left to right: the order Tab walks through them.
        grid.keySet().stream().sorted().forEach(r -> grid.get(r).values().forEach(b -> boxes.put(b.taskId(), b)));

        List<Set<String>> kinds = new ArrayList<>();
        for (int c = 0; c < columnCount; c++) {
            kinds.add(new LinkedHashSet<>());
        }
        for (Task t : order) {
            Box to = placed.get(t.id());
            kinds.get(to.column).add(to.kind);
            for (String dependency : t.dependsOn()) {
                Box from = placed.get(dependency);
                edges.add(new Edge(from.taskId(), to.taskId(), from.x() + BOX_WIDTH, from.y() + BOX_HEIGHT / 2,
                        to.x(), to.y() + BOX_HEIGHT / 2));
            }
        }
        for (int c = 0; c < columnCount; c++) {
            List<String> names = List.copyOf(kinds.get(c));
            String heading = String.join(" \u00b7 ", names.subList(0, Math.min(KINDS_IN_HEADING, names.size())))
                    + (names.size() > KINDS_IN_HEADING ? " \u2026" : "");
            columns.add(new Column(c, heading, LANE_LABEL_WIDTH + c * COLUMN_WIDTH));
        }
        width = LANE_LABEL_WIDTH + columnCount * COLUMN_WIDTH;
        height = HEADER_HEIGHT + row * ROW_HEIGHT;

        selected.addListener((o, was, now) -> showDetails(now));
        install.onDrain(this::apply);
        // Retry failed runs again from the journal, which repaints what stays done at its start.
        install.phaseProperty().addListener((o, was, now) -> {
            if (now == InstallViewModel.Phase.RUNNING) {
                boxes.values().forEach(b -> setState(b, TaskState.PENDING, ""));
            }
        });
    }

    /** Applies one drain's events: states, messages and output. Called by the install's drain. */
    void apply(List<ExecEvent> events) {
        Box shown = selected.get();
        List<String> forShown = new ArrayList<>();
        for (ExecEvent event : events) {
            if (event instanceof ExecEvent.TaskStateChanged s) {
                Box box = boxes.get(s.taskId());
                if (box != null) {
                    setState(box, s.state(), s.message());
                }
            } else if (event instanceof ExecEvent.OutputLine o) {
                Box box = boxes.get(o.taskId());
                if (box == null) {
                    continue;
                }
                box.output.add(o.line());
                if (box == shown) {
                    forShown.add(o.line());
                }
            }
        }
        LineBuffer.appendBounded(selectedOutput, forShown, OUTPUT_LINES_PER_TASK);
    }

    private void setState(Box box, TaskState state, String message) {
        // The message first: a view repainting on the state change reads it (the box's accessible text).
        box.message.set(message == null ? "" : message);
        box.state.set(state);
        if (box == selected.get()) {
            selectedState.set(stateText(box));
        }
    }

    private String stateText(Box box) {
        String name = messages.getString("install.state." + box.state.get().name());
        return box.message.get().isEmpty() ? name : name + " \u2014 " + box.message.get();
    }

    private void showDetails(Box box) {
        if (box == null) {
            details.set(null);
            selectedState.set("");
            selectedOutput.clear();
            return;
        }
        Redactor redactor = install.redactor();
        Task task = box.task;
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < task.steps().size(); i++) {
            steps.add((i + 1) + ". " + describe(task.steps().get(i), redactor));
        }
        String probe = task.probe() == null ? "" : redactor.redact(task.probe().command().line());
        details.set(new Details(task.id(), task.title(), task.node(), task.dependsOn(), steps, probe));
        selectedState.set(stateText(box));
        selectedOutput.setAll(box.output.lines());
    }

    /**
     * A step as the operator reads it: what it does, never a file's content, with the secrets masked
     * as in the run's events and log (the step's own secrets first, then the run's redactor).
     */
    static String describe(Step step, Redactor redactor) {
        return redactor.redact(step.accept(Step.Visitor.of(
                Step::describe,
                r -> (r.asRoot() ? "run as root: " : "run: ") + r.displayLine(),
                w -> {
                    long ms = w.interval().toMillis();
                    return w.describe() + " (every " + (ms < 1000 ? ms + "ms" : ms / 1000 + "s") + ")";
                },
                Step::describe)));
    }

    /** The nearest box from {@code from} in a direction, or null at the edge of the graph. */
    public Box neighbour(Box from, Direction direction) {
        switch (direction) {
            case LEFT -> {
                var e = grid.get(from.row).lowerEntry(from.column);
                return e == null ? null : e.getValue();
            }
            case RIGHT -> {
                var e = grid.get(from.row).higherEntry(from.column);
                return e == null ? null : e.getValue();
            }
            default -> {
                int step = direction == Direction.UP ? -1 : 1;
                for (int r = from.row + step; r >= 0 && r <= maxRow(); r += step) {
                    TreeMap<Integer, Box> line = grid.get(r);
                    if (line == null) {
                        continue;
                    }
                    var below = line.floorEntry(from.column);
                    var above = line.ceilingEntry(from.column);
                    if (below == null) {
                        return above.getValue();
                    }
                    if (above == null || from.column - below.getKey() <= above.getKey() - from.column) {
                        return below.getValue();
                    }
                    return above.getValue();
                }
                return null;
            }
        }
    }

    private int maxRow() {
        return grid.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    public void zoomIn() {
        zoom.set(Math.min(MAX_ZOOM, zoom.get() * ZOOM_STEP));
    }

    public void zoomOut() {
        zoom.set(Math.max(MIN_ZOOM, zoom.get() / ZOOM_STEP));
    }

    public void resetZoom() {
        zoom.set(1);
    }

    /** Boxes in lane order, left to right within a lane. */
    public List<Box> boxes() {
        return List.copyOf(boxes.values());
    }

    public Box box(String taskId) {
        return boxes.get(taskId);
    }

    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    public List<Lane> lanes() {
        return List.copyOf(lanes);
    }

    public List<Column> columns() {
        return List.copyOf(columns);
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public ObjectProperty<Box> selectedProperty() {
        return selected;
    }

    /** The selected task's steps, dependencies and probe; null when none is selected. */
    public ReadOnlyObjectProperty<Details> detailsProperty() {
        return details;
    }

    /** The selected task's state, and why when it failed, was skipped or cancelled. */
    public ReadOnlyStringProperty selectedStateProperty() {
        return selectedState;
    }

    /** The selected task's last output lines; grows by one change per drain, bounded. */
    public ObservableList<String> selectedOutput() {
        return selectedOutput;
    }

    /** 1 is 100 %, from {@value #MIN_ZOOM} to {@value #MAX_ZOOM}. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }
}

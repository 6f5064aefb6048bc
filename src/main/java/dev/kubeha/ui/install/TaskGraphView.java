package dev.kubeha.ui.install;

import dev.kubeha.exec.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;

/**
 * Draws a {@link TaskGraphViewModel}: lanes, column headings, every edge in one path (a hundred
 * workers' edges cost one node), a label per task coloured by its state's style class, and beside
 * it the selected task's details. Zoom with the buttons, Ctrl+wheel or Ctrl+plus/minus/0; Tab walks
 * the boxes, arrow keys move between neighbours, and the focused box is the selected one.
 */
final class TaskGraphView {
    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    /** How far an edge's curve reaches out of its boxes, and bends up when it runs along a lane past other boxes. */
    private static final double REACH = 30;
    private static final double BEND = 18;
    private static final double ARROW = 5;

    private final TaskGraphViewModel graph;
    private final ResourceBundle messages;
    private final SplitPane root = new SplitPane();
    private final Map<String, Label> boxes = new HashMap<>();
    private final Map<String, List<TaskGraphViewModel.Edge>> edgesOf = new HashMap<>();
    private final Path selectedEdges = new Path();

    TaskGraphView(TaskGraphViewModel graph, ResourceBundle messages) {
        this.graph = graph;
        this.messages = messages;
        root.getStyleClass().add("task-graph-view");
        root.setOrientation(Orientation.HORIZONTAL);

        Pane canvas = new Pane();
        canvas.getStyleClass().add("task-graph");
        canvas.setPrefSize(graph.width(), graph.height());
        canvas.setMinSize(graph.width(), graph.height());
        canvas.setMaxSize(graph.width(), graph.height());
        canvas.getChildren().add(stripes());
        for (TaskGraphViewModel.Lane lane : graph.lanes()) {
            Label name = new Label(lane.node());
            name.getStyleClass().add("graph-lane-label");
            name.relocate(8, lane.y());
            name.setPrefSize(TaskGraphViewModel.LANE_LABEL_WIDTH - 12, TaskGraphViewModel.ROW_HEIGHT);
            canvas.getChildren().add(name);
        }
        for (TaskGraphViewModel.Column column : graph.columns()) {
            Label heading = new Label(column.heading());
            heading.getStyleClass().add("graph-column-heading");
            heading.setAlignment(Pos.CENTER);
            heading.relocate(column.x(), 4);
            heading.setPrefSize(TaskGraphViewModel.COLUMN_WIDTH, TaskGraphViewModel.HEADER_HEIGHT - 8);
            canvas.getChildren().add(heading);
        }
        Path edges = new Path();
        edges.getStyleClass().add("graph-edge");
        for (TaskGraphViewModel.Edge e : graph.edges()) {
            edges.getElements().addAll(draw(e));
            edgesOf.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            edgesOf.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
        }
        selectedEdges.getStyleClass().add("graph-edge-selected");
        canvas.getChildren().addAll(edges, selectedEdges);
        for (TaskGraphViewModel.Box box : graph.boxes()) {
            Label label = box(box);
            boxes.put(box.taskId(), label);
            canvas.getChildren().add(label);
        }
        graph.selectedProperty().addListener((o, was, now) -> select(was, now));
        select(null, graph.selectedProperty().get());

        Group zoomed = new Group(canvas);
        canvas.scaleXProperty().bind(graph.zoomProperty());
        canvas.scaleYProperty().bind(graph.zoomProperty());
        ScrollPane scroll = new ScrollPane(new Group(zoomed));
        scroll.setId("graphScroll");
        scroll.setPannable(true);
        scroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.isControlDown() || e.isShortcutDown()) {
                if (e.getDeltaY() > 0) {
                    graph.zoomIn();
                } else if (e.getDeltaY() < 0) {
                    graph.zoomOut();
                }
                e.consume();
            }
        });
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox left = new VBox(4, toolbar(), scroll);
        left.addEventFilter(KeyEvent.KEY_PRESSED, this::zoomKeys);
        root.getItems().addAll(left, details());
        root.setDividerPositions(0.68);
    }

    private Path stripes() {
        Path stripes = new Path();
        stripes.getStyleClass().add("graph-lane-stripe");
        List<TaskGraphViewModel.Lane> lanes = graph.lanes();
        for (int i = 1; i < lanes.size(); i += 2) {
            TaskGraphViewModel.Lane lane = lanes.get(i);
            stripes.getElements().addAll(new MoveTo(0, lane.y()), new LineTo(graph.width(), lane.y()),
                    new LineTo(graph.width(), lane.y() + lane.height()), new LineTo(0, lane.y() + lane.height()),
                    new ClosePath());
        }
        return stripes;
    }

    /** A curve from the dependency's right side to the dependant's left side, with an arrowhead. */
    static List<PathElement> draw(TaskGraphViewModel.Edge e) {
        boolean alongLane = e.y1() == e.y2() && e.x2() - e.x1() > TaskGraphViewModel.COLUMN_WIDTH;
        double bend = alongLane ? BEND : 0;
        return List.of(new MoveTo(e.x1(), e.y1()),
                new CubicCurveTo(e.x1() + REACH, e.y1() - bend, e.x2() - REACH, e.y2() - bend, e.x2(), e.y2()),
                new MoveTo(e.x2() - ARROW, e.y2() - ARROW), new LineTo(e.x2(), e.y2()),
                new LineTo(e.x2() - ARROW, e.y2() + ARROW));
    }

    private Label box(TaskGraphViewModel.Box box) {
        Label label = new Label();
        label.getStyleClass().add("task-box");
        label.setUserData(box.taskId());
        label.relocate(box.x(), box.y());
        label.setPrefSize(TaskGraphViewModel.BOX_WIDTH, TaskGraphViewModel.BOX_HEIGHT);
        label.setMinSize(TaskGraphViewModel.BOX_WIDTH, TaskGraphViewModel.BOX_HEIGHT);
        label.setMaxSize(TaskGraphViewModel.BOX_WIDTH, TaskGraphViewModel.BOX_HEIGHT);
        label.setFocusTraversable(true);
        label.setAccessibleRole(AccessibleRole.BUTTON);
        paint(label, box);
        box.stateProperty().addListener((o, was, now) -> paint(label, box));
        box.messageProperty().addListener((o, was, now) -> paint(label, box));
        label.setOnMouseClicked(e -> {
            label.requestFocus();
            graph.selectedProperty().set(box);
        });
        label.focusedProperty().addListener((o, was, now) -> {
            if (now) {
                graph.selectedProperty().set(box);
            }
        });
        label.setOnKeyPressed(e -> {
            TaskGraphViewModel.Box to = switch (e.getCode()) {
                case LEFT -> graph.neighbour(box, TaskGraphViewModel.Direction.LEFT);
                case RIGHT -> graph.neighbour(box, TaskGraphViewModel.Direction.RIGHT);
                case UP -> graph.neighbour(box, TaskGraphViewModel.Direction.UP);
                case DOWN -> graph.neighbour(box, TaskGraphViewModel.Direction.DOWN);
                default -> null;
            };
            if (to != null) {
                boxes.get(to.taskId()).requestFocus();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                graph.selectedProperty().set(box);
                e.consume();
            }
        });
        return label;
    }

    /** Text, state class and accessible text of a box; on a state change, that is in a drain. */
    private void paint(Label label, TaskGraphViewModel.Box box) {
        TaskState state = box.stateProperty().get();
        label.setText(InstallView.icon(state) + " " + box.kind());
        for (TaskState s : TaskState.values()) {
            label.getStyleClass().remove(s.name().toLowerCase(Locale.ROOT));
        }
        label.getStyleClass().add(state.name().toLowerCase(Locale.ROOT));
        String stateName = messages.getString("install.state." + state.name());
        label.setAccessibleText(String.format(messages.getString("graph.box"), box.taskId(), box.title(),
                box.messageProperty().get().isEmpty() ? stateName : stateName + " \u2014 " + box.messageProperty().get()));
    }

    private void select(TaskGraphViewModel.Box was, TaskGraphViewModel.Box now) {
        if (was != null) {
            boxes.get(was.taskId()).pseudoClassStateChanged(SELECTED, false);
        }
        selectedEdges.getElements().clear();
        if (now != null) {
            boxes.get(now.taskId()).pseudoClassStateChanged(SELECTED, true);
            for (TaskGraphViewModel.Edge e : edgesOf.getOrDefault(now.taskId(), List.of())) {
                selectedEdges.getElements().addAll(draw(e));
            }
        }
    }

    private HBox toolbar() {
        Button out = new Button("\u2212");
        out.setId("graphZoomOut");
        out.setAccessibleText(messages.getString("graph.zoomOut"));
        out.setOnAction(e -> graph.zoomOut());
        Button in = new Button("+");
        in.setId("graphZoomIn");
        in.setAccessibleText(messages.getString("graph.zoomIn"));
        in.setOnAction(e -> graph.zoomIn());
        Button reset = new Button(messages.getString("graph.zoomReset"));
        reset.setId("graphZoomReset");
        reset.setOnAction(e -> graph.resetZoom());
        Label zoom = new Label();
        zoom.setId("graphZoom");
        zoom.textProperty().bind(Bindings.createStringBinding(
                () -> Math.round(graph.zoomProperty().get() * 100) + " %", graph.zoomProperty()));
        Label hint = new Label(messages.getString("graph.keys"));
        hint.getStyleClass().add("graph-hint");
        HBox bar = new HBox(6, out, zoom, in, reset, hint);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private void zoomKeys(KeyEvent e) {
        if (!e.isShortcutDown()) {
            return;
        }
        if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
            graph.zoomIn();
        } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
            graph.zoomOut();
        } else if (e.getCode() == KeyCode.DIGIT0 || e.getCode() == KeyCode.NUMPAD0) {
            graph.resetZoom();
        } else {
            return;
        }
        e.consume();
    }

    private VBox details() {
        Label title = new Label();
        title.setId("graphTaskTitle");
        title.getStyleClass().add("graph-task-title");
        title.setWrapText(true);
        Label state = new Label();
        state.setId("graphTaskState");
        state.setWrapText(true);
        state.textProperty().bind(graph.selectedStateProperty());
        Label after = new Label();
        after.setId("graphTaskAfter");
        after.setWrapText(true);
        Label probe = new Label();
        probe.setId("graphTaskProbe");
        probe.setWrapText(true);
        probe.managedProperty().bind(probe.visibleProperty());
        ListView<String> steps = new ListView<>();
        steps.setId("graphTaskSteps");
        steps.getStyleClass().add("file-text");
        steps.setAccessibleText(messages.getString("graph.steps"));
        steps.setPrefHeight(150);
        ListView<String> output = new ListView<>(graph.selectedOutput());
        output.setId("graphTaskOutput");
        output.getStyleClass().add("file-text");
        output.setAccessibleText(messages.getString("graph.output"));
        VBox.setVgrow(output, Priority.ALWAYS);
        // One change per drain: one scroll per pulse at most.
        graph.selectedOutput().addListener((ListChangeListener<String>) c -> {
            if (!output.getItems().isEmpty()) {
                output.scrollTo(output.getItems().size() - 1);
            }
        });
        Label stepsHeading = new Label(messages.getString("graph.steps"));
        Label outputHeading = new Label(messages.getString("graph.output"));
        VBox content = new VBox(6, title, state, after, probe, stepsHeading, steps, outputHeading, output);
        Label hint = new Label(messages.getString("graph.hint"));
        hint.setId("graphHint");
        hint.setWrapText(true);
        content.visibleProperty().bind(graph.detailsProperty().isNotNull());
        content.managedProperty().bind(content.visibleProperty());
        hint.visibleProperty().bind(graph.detailsProperty().isNull());
        hint.managedProperty().bind(hint.visibleProperty());
        VBox.setVgrow(content, Priority.ALWAYS);
        graph.detailsProperty().addListener((o, was, d) -> {
            if (d == null) {
                return;
            }
            title.setText(d.taskId() + " \u2014 " + d.title());
            after.setText(d.dependsOn().isEmpty() ? messages.getString("graph.afterNothing")
                    : String.format(messages.getString("graph.after"), String.join(", ", d.dependsOn())));
            probe.setText(String.format(messages.getString("graph.probe"), d.probe()));
            probe.setVisible(!d.probe().isEmpty());
            steps.getItems().setAll(d.steps());
        });
        VBox details = new VBox(6, hint, content);
        details.setId("graphDetails");
        details.getStyleClass().add("graph-details");
        details.setPadding(new Insets(0, 0, 0, 8));
        details.setMinWidth(240);
        return details;
    }

    Parent root() {
        return root;
    }

    /** The box of a task, for tests. */
    Node boxOf(String taskId) {
        return boxes.get(taskId);
    }
}

package dev.kubeha.ui.install;

import dev.kubeha.exec.TaskState;
import dev.kubeha.ui.fx.PseudoClasses;
import java.util.ResourceBundle;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The live install: a row per node (roles, current task, progress, state, elapsed), the overall
 * progress, the selected node's log (follow mode), Cancel and, after a failure, the failed tasks and
 * Retry failed. One {@link AnimationTimer} drains the view model's queue once per pulse, while the
 * window shows; the view only binds.
 */
public final class InstallView {
    static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    static final PseudoClass SUCCEEDED = PseudoClass.getPseudoClass("succeeded");

    private final InstallViewModel install;
    private final ResourceBundle messages;
    private final VBox root = new VBox(8);
    private final AnimationTimer pulse;
    private boolean stopped;

    public InstallView(InstallViewModel install, ResourceBundle messages) {
        this.install = install;
        this.messages = messages;
        root.getStyleClass().addAll("page", "install-page");
        root.setPadding(new Insets(12));

        ProgressBar overall = new ProgressBar();
        overall.setId("installProgress");
        overall.setMaxWidth(Double.MAX_VALUE);
        overall.progressProperty().bind(install.progressProperty());
        HBox.setHgrow(overall, Priority.ALWAYS);
        Label count = new Label();
        count.setId("installCount");
        count.textProperty().bind(install.progressTextProperty());
        HBox top = new HBox(8, overall, count);

        Label status = new Label();
        status.setId("installStatus");
        status.setWrapText(true);
        status.textProperty().bind(install.statusProperty());
        install.phaseProperty().addListener((o, was, now) -> {
            status.pseudoClassStateChanged(PseudoClasses.ERROR, now == InstallViewModel.Phase.FAILED);
            status.pseudoClassStateChanged(SUCCEEDED, now == InstallViewModel.Phase.SUCCEEDED);
        });

        ListView<String> failures = new ListView<>(install.failures());
        failures.setId("installFailures");
        failures.setAccessibleText(messages.getString("install.failures"));
        failures.setPrefHeight(90);
        failures.visibleProperty().bind(Bindings.isNotEmpty(install.failures()));
        failures.managedProperty().bind(failures.visibleProperty());

        Label logFile = new Label();
        logFile.setId("installLogFile");
        logFile.textProperty().bind(Bindings.createStringBinding(() -> install.logFileProperty().get() == null ? ""
                : String.format(messages.getString("install.logFile"), install.logFileProperty().get()),
                install.logFileProperty()));

        InstallLogViewModel logs = new InstallLogViewModel(install, install.background(), messages);
        SplitPane split = new SplitPane(tabs(table(), new TaskGraphViewModel(install, messages)),
                new InstallLogView(logs, messages, install.plan().clusterName()).root());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        // The node rows first: with 100 nodes they matter more than the log, which scrolls anyway.
        split.setDividerPositions(0.6);
        VBox.setVgrow(split, Priority.ALWAYS);

        root.getChildren().addAll(top, status, failures, split, logFile, buttons());

        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                install.drain();
            }
        };
        // Drain on every pulse while a run goes on and the view is shown; the view model drains a
        // last time when the run ends, after which an idle window asks for no pulses.
        root.sceneProperty().addListener((o, was, scene) -> updatePulse());
        install.phaseProperty().addListener((o, was, now) -> updatePulse());
        updatePulse();
    }

    private TableView<InstallViewModel.NodeRow> table() {
        TableView<InstallViewModel.NodeRow> table = new TableView<>(install.rows());
        table.setId("installNodes");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        TableColumn<InstallViewModel.NodeRow, String> node = new TableColumn<>(messages.getString("install.column.node"));
        node.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().node()));
        TableColumn<InstallViewModel.NodeRow, String> roles = new TableColumn<>(messages.getString("install.column.roles"));
        roles.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().roles()));
        TableColumn<InstallViewModel.NodeRow, String> task = new TableColumn<>(messages.getString("install.column.task"));
        task.setCellValueFactory(c -> c.getValue().currentTaskProperty());
        TableColumn<InstallViewModel.NodeRow, Number> progress = new TableColumn<>(
                messages.getString("install.column.progress"));
        progress.setCellValueFactory(c -> c.getValue().progressProperty());
        progress.setCellFactory(c -> new ProgressCell());
        TableColumn<InstallViewModel.NodeRow, TaskState> state = new TableColumn<>(messages.getString("install.column.state"));
        state.setCellValueFactory(c -> c.getValue().stateProperty());
        state.setCellFactory(c -> new StateCell(messages));
        TableColumn<InstallViewModel.NodeRow, String> elapsed = new TableColumn<>(
                messages.getString("install.column.elapsed"));
        elapsed.setCellValueFactory(c -> c.getValue().elapsedProperty());
        table.getColumns().addAll(java.util.List.of(node, roles, task, progress, state, elapsed));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                install.selectedProperty().set(now));
        // The log's node chooser selects the node here too.
        install.selectedProperty().addListener((o, was, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        if (!install.rows().isEmpty()) {
            table.getSelectionModel().selectFirst();
        }
        return table;
    }

    /**
     * The nodes' table and the task graph, one at a time. The graph's boxes are made when its tab
     * first shows; its view model follows the run from the start.
     */
    private TabPane tabs(TableView<InstallViewModel.NodeRow> table, TaskGraphViewModel graph) {
        Tab nodes = new Tab(messages.getString("install.tab.nodes"), table);
        nodes.setId("installNodesTab");
        Tab graphTab = new Tab(messages.getString("install.tab.graph"));
        graphTab.setId("installGraphTab");
        graphTab.setOnSelectionChanged(e -> {
            if (graphTab.isSelected() && graphTab.getContent() == null) {
                graphTab.setContent(new TaskGraphView(graph, messages).root());
            }
        });
        TabPane tabs = new TabPane(nodes, graphTab);
        tabs.setId("installTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private HBox buttons() {
        Button cancel = new Button(messages.getString("install.cancel"));
        cancel.setId("installCancel");
        cancel.setMnemonicParsing(true);
        cancel.disableProperty().bind(install.phaseProperty().isNotEqualTo(InstallViewModel.Phase.RUNNING));
        cancel.setOnAction(e -> install.cancel());
        Button retry = new Button(messages.getString("install.retry"));
        retry.setId("installRetry");
        retry.setMnemonicParsing(true);
        retry.visibleProperty().bind(install.phaseProperty().isEqualTo(InstallViewModel.Phase.FAILED)
                .or(install.phaseProperty().isEqualTo(InstallViewModel.Phase.CANCELLED)));
        retry.setOnAction(e -> install.retryFailed());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new HBox(8, spacer, retry, cancel);
    }

    public Parent root() {
        return root;
    }

    /**
     * Whether the window may close now. While the run goes on, asks whether to cancel it; if so,
     * cancels and calls {@code close} once the run has stopped (the journal then tells the truth).
     */
    public boolean mayClose(Runnable close) {
        InstallViewModel.Phase phase = install.phaseProperty().get();
        if (phase != InstallViewModel.Phase.RUNNING && phase != InstallViewModel.Phase.CANCELLING) {
            return true;
        }
        if (phase == InstallViewModel.Phase.RUNNING) {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.getString("install.closeQuestion"),
                    ButtonType.YES, ButtonType.NO);
            alert.setTitle(messages.getString("install.closeTitle"));
            alert.setHeaderText(null);
            alert.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            if (alert.showAndWait().orElse(ButtonType.NO) != ButtonType.YES) {
                return false;
            }
            install.cancel();
        }
        install.phaseProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends InstallViewModel.Phase> o,
                                InstallViewModel.Phase was, InstallViewModel.Phase now) {
                if (now != InstallViewModel.Phase.RUNNING && now != InstallViewModel.Phase.CANCELLING) {
                    install.phaseProperty().removeListener(this);
                    close.run();
                }
            }
        });
        return false;
    }

    private void updatePulse() {
        InstallViewModel.Phase phase = install.phaseProperty().get();
        boolean active = phase == InstallViewModel.Phase.READY || phase == InstallViewModel.Phase.RUNNING
                || phase == InstallViewModel.Phase.CANCELLING;
        if (active && root.getScene() != null && !stopped) {
            pulse.start();
        } else {
            pulse.stop();
        }
    }

    /** Stops draining for good (the window closed). */
    public void stop() {
        stopped = true;
        pulse.stop();
    }

    private static final class ProgressCell extends TableCell<InstallViewModel.NodeRow, Number> {
        private final ProgressBar bar = new ProgressBar();

        ProgressCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            if (empty || value == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            bar.setProgress(value.doubleValue());
            InstallViewModel.NodeRow row = getTableRow() == null ? null : getTableRow().getItem();
            setText(row == null ? null : row.doneProperty().get() + "/" + row.total());
            setGraphic(bar);
        }
    }

    /** A state's icon, beside its name (colour alone would not do). */
    static String icon(TaskState state) {
        return switch (state) {
            case PENDING -> "\u25CB";
            case RUNNING -> "\u25B6";
            case SUCCEEDED -> "\u2713";
            case FAILED -> "\u2717";
            case SKIPPED -> "\u21B7";
            case CANCELLED -> "\u25A0";
        };
    }

    private static final class StateCell extends TableCell<InstallViewModel.NodeRow, TaskState> {
        private final ResourceBundle messages;

        StateCell(ResourceBundle messages) {
            this.messages = messages;
        }

        @Override
        protected void updateItem(TaskState value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null ? null : icon(value) + " " + messages.getString("install.state." + value.name()));
            pseudoClassStateChanged(FAILED, !empty && value == TaskState.FAILED);
            pseudoClassStateChanged(SUCCEEDED, !empty && value == TaskState.SUCCEEDED);
        }
    }
}

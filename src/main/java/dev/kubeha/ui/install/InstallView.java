package dev.kubeha.ui.install;

import dev.kubeha.exec.TaskState;
import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.fx.PseudoClasses;
import java.util.ResourceBundle;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/**
 * The live install: a row per node (roles, current task, progress, state, elapsed), the overall
 * progress, the selected node's log (follow mode), Cancel and, after a failure, the failed tasks and
 * Retry failed. One {@link AnimationTimer} drains the view model's queue once per pulse, while the
 * window shows; the view only binds. The layout is InstallView.fxml.
 */
public final class InstallView {
    static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    static final PseudoClass SUCCEEDED = PseudoClass.getPseudoClass("succeeded");

    private final InstallViewModel install;
    private final ResourceBundle messages;
    private final VBox root;
    private final AnimationTimer pulse;
    private boolean stopped;

    @FXML private ProgressBar overall;
    @FXML private Label count;
    @FXML private Label status;
    @FXML private ListView<String> failures;
    @FXML private SplitPane split;
    @FXML private Tab graphTab;
    @FXML private TableView<InstallViewModel.NodeRow> table;
    @FXML private TableColumn<InstallViewModel.NodeRow, String> nodeColumn;
    @FXML private TableColumn<InstallViewModel.NodeRow, String> rolesColumn;
    @FXML private TableColumn<InstallViewModel.NodeRow, String> taskColumn;
    @FXML private TableColumn<InstallViewModel.NodeRow, Number> progressColumn;
    @FXML private TableColumn<InstallViewModel.NodeRow, TaskState> stateColumn;
    @FXML private TableColumn<InstallViewModel.NodeRow, String> elapsedColumn;
    @FXML private Label logFile;
    @FXML private Button retry;
    @FXML private Button cancel;

    public InstallView(InstallViewModel install, ResourceBundle messages) {
        this.install = install;
        this.messages = messages;
        this.root = Fxml.load("install/InstallView", this, messages);

        overall.progressProperty().bind(install.progressProperty());
        count.textProperty().bind(install.progressTextProperty());

        status.textProperty().bind(install.statusProperty());
        install.phaseProperty().addListener((o, was, now) -> {
            status.pseudoClassStateChanged(PseudoClasses.ERROR, now == InstallViewModel.Phase.FAILED);
            status.pseudoClassStateChanged(SUCCEEDED, now == InstallViewModel.Phase.SUCCEEDED);
        });

        failures.setItems(install.failures());
        failures.visibleProperty().bind(Bindings.isNotEmpty(install.failures()));
        failures.managedProperty().bind(failures.visibleProperty());

        logFile.textProperty().bind(logFileText(install, messages));

        bindTable();
        bindGraph(new TaskGraphViewModel(install, messages));
        InstallLogViewModel logs = new InstallLogViewModel(install, install.background(), messages);
        split.getItems().add(new InstallLogView(logs, messages, install.plan().clusterName()).root());
        // The node rows first: with 100 nodes they matter more than the log, which scrolls anyway.
        split.setDividerPositions(0.6);
        bindButtons();

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

    private void bindTable() {
        table.setItems(install.rows());
        nodeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().node()));
        rolesColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().roles()));
        taskColumn.setCellValueFactory(c -> c.getValue().currentTaskProperty());
        progressColumn.setCellValueFactory(c -> c.getValue().progressProperty());
        progressColumn.setCellFactory(c -> new ProgressCell());
        stateColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        stateColumn.setCellFactory(c -> new StateCell(messages));
        elapsedColumn.setCellValueFactory(c -> c.getValue().elapsedProperty());
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
    }

    /**
     * The nodes' table and the task graph, one at a time. The graph's boxes are made when its tab
     * first shows; its view model follows the run from the start.
     */
    private void bindGraph(TaskGraphViewModel graph) {
        graphTab.setOnSelectionChanged(e -> {
            if (graphTab.isSelected() && graphTab.getContent() == null) {
                graphTab.setContent(new TaskGraphView(graph, messages).root());
            }
        });
    }

    private void bindButtons() {
        cancel.disableProperty().bind(install.phaseProperty().isNotEqualTo(InstallViewModel.Phase.RUNNING));
        cancel.setOnAction(e -> install.cancel());
        retry.visibleProperty().bind(install.phaseProperty().isEqualTo(InstallViewModel.Phase.FAILED)
                .or(install.phaseProperty().isEqualTo(InstallViewModel.Phase.CANCELLED)));
        retry.setOnAction(e -> install.retryFailed());
    }

    /** "Full log: <file>" once the run writes one. */
    static StringBinding logFileText(InstallViewModel install, ResourceBundle messages) {
        return Bindings.createStringBinding(() -> install.logFileProperty().get() == null ? ""
                : String.format(messages.getString("install.logFile"), install.logFileProperty().get()),
                install.logFileProperty());
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
            dev.kubeha.ui.fx.DialogButtons.name(alert.getDialogPane(), messages);
            alert.setHeaderText(null);
            alert.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            if (alert.showAndWait().orElse(ButtonType.NO) != ButtonType.YES) {
                return false;
            }
            install.close();
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

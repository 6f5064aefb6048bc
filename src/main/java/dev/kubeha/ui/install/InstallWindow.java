package dev.kubeha.ui.install;

import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.fx.PseudoClasses;
import dev.kubeha.ui.fx.Theme;
import java.io.File;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The install window's content: the live {@link InstallView}, above it the external load
 * balancer's checkpoint while the run waits there, and once the run succeeded the finish page
 * (with a way back to the run's rows and logs).
 */
public final class InstallWindow {
    /** The style class of the window's root (kubeha.css, and the demo's banner find it by it). */
    public static final String STYLE_CLASS = "install-window";

    private final InstallViewModel install;
    private final FinishViewModel finish;
    private final ResourceBundle messages;
    private final InstallView view;
    private final BorderPane root = new BorderPane();
    private final Parent finishPage;

    public InstallWindow(InstallViewModel install, FinishViewModel finish, ResourceBundle messages) {
        this.install = install;
        this.finish = finish;
        this.messages = messages;
        this.view = new InstallView(install, messages);
        root.getStyleClass().add(STYLE_CLASS);
        root.setTop(checkpointPanel());
        root.setCenter(view.root());
        finishPage = finishPage();
        install.checkpoint().askOperator();
        install.phaseProperty().addListener((o, was, now) -> {
            if (now == InstallViewModel.Phase.SUCCEEDED) {
                root.setCenter(finishPage);
                finish.refreshNodes();
            } else if (now == InstallViewModel.Phase.RUNNING) {
                root.setCenter(view.root());
            }
        });
    }

    /** Opens the window for a run that started; closing it mid-run asks first and cancels. */
    public static Stage open(InstallViewModel run, Window owner, ResourceBundle messages, DesktopNotifier notifier) {
        InstallWindow window = new InstallWindow(run, new FinishViewModel(run, run.background(), messages), messages);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(String.format(messages.getString("install.title"), run.plan().clusterName()));
        Scene scene = new Scene(window.root(), 1000, 720);
        scene.getStylesheets().add(Fxml.stylesheet());
        // The wizard's theme: AtlantaFX's stylesheet is the application's already; kubeha.css's
        // dark colours need the root's mark, as the wizard's root has it.
        if (owner != null && owner.getScene() != null
                && owner.getScene().getRoot().getStyleClass().contains(Theme.DARK_CLASS)) {
            Theme.DARK.mark(window.root());
        }
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!window.mayClose(stage::close)) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> window.stop());
        RunEndNotice.watch(run, stage.focusedProperty(), notifier, messages);
        stage.show();
        return stage;
    }

    private VBox checkpointPanel() {
        CheckpointViewModel checkpoint = install.checkpoint();
        Label heading = new Label(messages.getString("checkpoint.heading"));
        heading.getStyleClass().add("checkpoint-heading");
        Label instructions = new Label();
        instructions.setId("checkpointInstructions");
        instructions.setWrapText(true);
        instructions.textProperty().bind(checkpoint.instructionsProperty());
        Label probe = new Label();
        probe.setId("checkpointProbe");
        probe.setWrapText(true);
        probe.textProperty().bind(checkpoint.probeProperty());
        checkpoint.reachableProperty().addListener((o, was, now) -> probe.pseudoClassStateChanged(InstallView.SUCCEEDED, now));
        Button proceed = new Button(messages.getString("checkpoint.continue"));
        proceed.setId("checkpointContinue");
        proceed.setMnemonicParsing(true);
        proceed.disableProperty().bind(checkpoint.reachableProperty().not());
        proceed.setOnAction(e -> checkpoint.continueRun());
        // The probe's line grows; the button keeps its label rather than shrinking to "...".
        proceed.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, probe, spacer, proceed);
        HBox.setHgrow(probe, Priority.ALWAYS);
        VBox panel = new VBox(6, heading, instructions, row);
        panel.setId("checkpoint");
        panel.getStyleClass().add("checkpoint");
        panel.setPadding(new Insets(10, 12, 10, 12));
        panel.visibleProperty().bind(checkpoint.activeProperty());
        panel.managedProperty().bind(panel.visibleProperty());
        return panel;
    }

    private Parent finishPage() {
        Label heading = new Label(messages.getString("finish.heading"));
        heading.getStyleClass().add("finish-heading");
        Label summary = new Label();
        summary.setId("finishSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(finish.summaryProperty());

        Button save = new Button(messages.getString("finish.save"));
        save.setId("finishSaveAdminConf");
        save.setMnemonicParsing(true);
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(messages.getString("finish.saveTitle"));
            chooser.setInitialFileName(install.cluster().name() + "-admin.conf");
            File chosen = chooser.showSaveDialog(window());
            if (chosen != null) {
                finish.saveAdminConf(chosen.toPath());
            }
        });
        Label saveStatus = status("finishSaveStatus", finish.saveStatusProperty(), finish.saveFailedProperty());

        Button export = new Button(messages.getString("export.button"));
        export.setId("finishExport");
        export.setMnemonicParsing(true);
        export.disableProperty().bind(finish.export().busyProperty());
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(messages.getString("export.title"));
            chooser.setInitialFileName(finish.suggestedBundleName());
            File chosen = chooser.showSaveDialog(window());
            if (chosen != null) {
                finish.exportBundle(chosen.toPath());
            }
        });
        Label exportStatus = status("finishExportStatus", finish.export().statusProperty(), finish.export().failedProperty());

        Label nodesLabel = new Label(messages.getString("finish.nodes"));
        TextArea nodes = new TextArea();
        nodes.setId("finishNodes");
        nodes.setEditable(false);
        nodes.getStyleClass().add("file-text");
        nodes.setPrefRowCount(8);
        nodes.textProperty().bind(finish.nodesProperty());
        nodesLabel.setLabelFor(nodes);
        VBox.setVgrow(nodes, Priority.ALWAYS);
        Button refresh = new Button(messages.getString("finish.refresh"));
        refresh.setId("finishRefresh");
        refresh.setMnemonicParsing(true);
        refresh.disableProperty().bind(finish.nodesBusyProperty());
        refresh.setOnAction(e -> finish.refreshNodes());
        Label nodesStatus = status("finishNodesStatus", finish.nodesStatusProperty(), finish.nodesFailedProperty());

        Button back = new Button(messages.getString("finish.showRun"));
        back.setId("finishShowRun");
        back.setMnemonicParsing(true);
        back.setOnAction(e -> root.setCenter(view.root()));
        Label logFile = new Label();
        logFile.setWrapText(true);
        logFile.textProperty().bind(Bindings.createStringBinding(() -> install.logFileProperty().get() == null ? ""
                : String.format(messages.getString("install.logFile"), install.logFileProperty().get()),
                install.logFileProperty()));

        VBox page = new VBox(10, heading, summary,
                new HBox(8, save, saveStatus),
                new HBox(8, nodesLabel, refresh, nodesStatus), nodes,
                new HBox(8, export, exportStatus),
                logFile, new HBox(8, back));
        page.getStyleClass().addAll("page", "finish-page");
        page.setPadding(new Insets(12));
        return page;
    }

    private static Label status(String id, javafx.beans.value.ObservableStringValue text,
                                javafx.beans.value.ObservableBooleanValue failed) {
        Label status = new Label();
        status.setId(id);
        status.setWrapText(true);
        status.getStyleClass().add("save-status");
        status.textProperty().bind(text);
        failed.addListener((o, was, now) -> status.pseudoClassStateChanged(PseudoClasses.ERROR, now));
        return status;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** Shows the run's rows again after the finish page. */
    void showRun() {
        root.setCenter(view.root());
    }

    public Parent root() {
        return root;
    }

    public boolean mayClose(Runnable close) {
        return view.mayClose(close);
    }

    public void stop() {
        view.stop();
    }
}

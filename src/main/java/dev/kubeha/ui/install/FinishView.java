package dev.kubeha.ui.install;

import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.fx.PseudoClasses;
import java.io.File;
import java.util.ResourceBundle;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The page after a successful run: what was installed, Save admin.conf…, {@code kubectl get nodes}
 * with Refresh, Export bundle…, the run's log file and a way back to the run's rows and logs. The
 * layout is FinishView.fxml; this class binds it to a {@link FinishViewModel}; only the file
 * choosers live here.
 */
final class FinishView {
    private final FinishViewModel finish;
    private final InstallViewModel install;
    private final ResourceBundle messages;
    private final VBox root;

    @FXML private Label heading;
    @FXML private Label summary;
    @FXML private Button save;
    @FXML private Label saveStatus;
    @FXML private Label nodesLabel;
    @FXML private Button refresh;
    @FXML private Label nodesStatus;
    @FXML private TextArea nodes;
    @FXML private Button export;
    @FXML private Label exportStatus;
    @FXML private Label logFile;
    @FXML private Button showRun;

    /** @param showRunAgain shows the run's rows and logs again instead of this page */
    FinishView(FinishViewModel finish, InstallViewModel install, ResourceBundle messages, Runnable showRunAgain) {
        this.finish = finish;
        this.install = install;
        this.messages = messages;
        this.root = Fxml.load("install/FinishView", this, messages);

        if (install.converges()) {
            // kubeha apply on an installed cluster: nothing was installed, the cluster is as described.
            heading.setText(messages.getString("finish.headingConverged"));
        }
        summary.textProperty().bind(finish.summaryProperty());

        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(messages.getString("finish.saveTitle"));
            chooser.setInitialFileName(install.cluster().name() + "-admin.conf");
            File chosen = chooser.showSaveDialog(window());
            if (chosen != null) {
                finish.saveAdminConf(chosen.toPath());
            }
        });
        bindStatus(saveStatus, finish.saveStatusProperty(), finish.saveFailedProperty());

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
        bindStatus(exportStatus, finish.export().statusProperty(), finish.export().failedProperty());

        nodes.textProperty().bind(finish.nodesProperty());
        nodesLabel.setLabelFor(nodes);
        refresh.disableProperty().bind(finish.nodesBusyProperty());
        refresh.setOnAction(e -> finish.refreshNodes());
        bindStatus(nodesStatus, finish.nodesStatusProperty(), finish.nodesFailedProperty());

        showRun.setOnAction(e -> showRunAgain.run());
        logFile.textProperty().bind(InstallView.logFileText(install, messages));
    }

    private static void bindStatus(Label status, ObservableStringValue text, ObservableBooleanValue failed) {
        status.textProperty().bind(text);
        failed.addListener((o, was, now) -> status.pseudoClassStateChanged(PseudoClasses.ERROR, now));
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    Parent root() {
        return root;
    }
}

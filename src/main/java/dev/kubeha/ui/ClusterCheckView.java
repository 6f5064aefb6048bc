package dev.kubeha.ui;

import dev.kubeha.model.Problem;
import java.io.File;
import java.util.ResourceBundle;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.FileChooser;

/** Binds ClusterCheckView.fxml to its view model; holds no state of its own. */
public final class ClusterCheckView {
    private final ClusterCheckViewModel viewModel;
    private final ResourceBundle messages;

    @FXML
    private Button openButton;
    @FXML
    private Label fileLabel;
    @FXML
    private Label summaryLabel;
    @FXML
    private Label failureLabel;
    @FXML
    private ProgressIndicator busyIndicator;
    @FXML
    private TableView<Problem> problemTable;
    @FXML
    private TableColumn<Problem, String> severityColumn;
    @FXML
    private TableColumn<Problem, String> fieldColumn;
    @FXML
    private TableColumn<Problem, String> messageColumn;
    @FXML
    private TableColumn<Problem, String> hintColumn;

    public ClusterCheckView(ClusterCheckViewModel viewModel, ResourceBundle messages) {
        this.viewModel = viewModel;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        fileLabel.textProperty().bind(viewModel.fileNameProperty());
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        failureLabel.textProperty().bind(viewModel.failureProperty());
        failureLabel.visibleProperty().bind(viewModel.failureProperty().isNotEmpty());
        failureLabel.managedProperty().bind(failureLabel.visibleProperty());
        busyIndicator.visibleProperty().bind(viewModel.busyProperty());
        openButton.disableProperty().bind(viewModel.busyProperty());
        problemTable.setItems(viewModel.problems());
        severityColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                messages.getString("severity." + c.getValue().severity().label())));
        fieldColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().path()));
        messageColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().message()));
        hintColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                c.getValue().hint() == null ? "" : c.getValue().hint()));
    }

    @FXML
    private void openFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.getString("check.openTitle"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                messages.getString("check.clusterFiles"), "*.json", "*.yaml", "*.yml"));
        File chosen = chooser.showOpenDialog(openButton.getScene().getWindow());
        if (chosen != null) {
            viewModel.open(chosen.toPath());
        }
    }
}

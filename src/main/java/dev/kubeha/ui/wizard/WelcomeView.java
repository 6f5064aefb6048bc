package dev.kubeha.ui.wizard;

import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.KubernetesReleases;
import dev.kubeha.model.Problem;
import dev.kubeha.ui.fx.Fxml;
import java.io.File;
import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * Welcome: start a new cluster or open one (recent files too), then name it and pick its version and
 * keys. The layout is WelcomeView.fxml; this class binds it to the view models.
 */
final class WelcomeView {
    private final WizardViewModel wizard;
    private final Forms forms;
    private final VBox root;

    @FXML private Button newCluster;
    @FXML private Button openCluster;
    @FXML private ProgressIndicator busy;
    @FXML private Label openFailure;
    @FXML private Label openNotice;
    @FXML private Label recentLabel;
    @FXML private ListView<Path> recent;
    @FXML private GridPane form;
    @FXML private TextField name;
    @FXML private Label nameMessage;
    @FXML private ComboBox<String> kubernetesVersion;
    @FXML private Label kubernetesVersionMessage;
    @FXML private ComboBox<KeyAlgorithm> keyAlgorithm;
    @FXML private Label keyAlgorithmMessage;
    @FXML private TextField certificateValidity;
    @FXML private Label certificateValidityMessage;
    @FXML private TextField caValidity;
    @FXML private Label caValidityMessage;
    @FXML private ListView<Problem> problems;

    WelcomeView(WizardViewModel wizard, Forms forms) {
        this.wizard = wizard;
        this.forms = forms;
        this.root = Fxml.load("wizard/WelcomeView", this, forms.messages());
        bind();
    }

    private void bind() {
        ClusterViewModel cluster = wizard.cluster();
        newCluster.setOnAction(e -> wizard.newCluster());
        openCluster.setOnAction(e -> {
            File chosen = chooser(forms).showOpenDialog(root.getScene().getWindow());
            if (chosen != null) {
                wizard.open(chosen.toPath());
            }
        });
        openCluster.disableProperty().bind(wizard.busyProperty());
        busy.visibleProperty().bind(wizard.busyProperty());

        openFailure.textProperty().bind(wizard.openFailureProperty());
        openFailure.visibleProperty().bind(wizard.openFailureProperty().isNotEmpty());
        openFailure.managedProperty().bind(openFailure.visibleProperty());
        openNotice.textProperty().bind(wizard.openNoticeProperty());
        openNotice.visibleProperty().bind(wizard.openNoticeProperty().isNotEmpty());
        openNotice.managedProperty().bind(openNotice.visibleProperty());

        recent.setItems(wizard.recent());
        recent.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Path p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.getFileName() + "  \u2014  " + p);
                setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2 && getItem() != null) {
                        wizard.open(getItem());
                    }
                });
            }
        });
        recent.setOnKeyPressed(e -> {
            Path chosen = recent.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && chosen != null) {
                wizard.open(chosen);
                e.consume();
            }
        });
        recentLabel.setLabelFor(recent);

        forms.bindField(name, nameMessage, cluster.nameProperty(), "name");
        // A choice of the supported releases, not free text; an opened file's other version stays
        // shown as it is, with the validator's error or warning beside it.
        kubernetesVersion.setItems(FXCollections.observableArrayList(cluster.kubernetesVersionChoices()));
        kubernetesVersion.setConverter(new StringConverter<>() {
            @Override
            public String toString(String version) {
                if (version == null) {
                    return "";
                }
                return KubernetesReleases.builtIn().supportedFor(version)
                        .filter(r -> r.newestPatch().equals(version))
                        .map(r -> String.format(forms.messages().getString("field.kubernetesVersion.choice"), version,
                                r.endOfLife()))
                        .orElse(version);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        kubernetesVersion.valueProperty().bindBidirectional(cluster.kubernetesVersionProperty());
        forms.bindMessage(kubernetesVersionMessage, "kubernetesVersion", kubernetesVersion);
        keyAlgorithm.setItems(FXCollections.observableArrayList(KeyAlgorithm.values()));
        keyAlgorithm.setConverter(new StringConverter<>() {
            @Override
            public String toString(KeyAlgorithm a) {
                return a == null ? "" : a.wireName();
            }

            @Override
            public KeyAlgorithm fromString(String s) {
                return null;
            }
        });
        keyAlgorithm.valueProperty().bindBidirectional(cluster.keyAlgorithmProperty());
        forms.bindMessage(keyAlgorithmMessage, "pki.keyAlgorithm", keyAlgorithm);
        forms.bindField(certificateValidity, certificateValidityMessage, cluster.certificateValidityProperty(),
                "pki.certificateValidity");
        forms.bindField(caValidity, caValidityMessage, cluster.caValidityProperty(), "pki.caValidity");
        Forms.labelRows(form);
        forms.showProblems(problems, cluster.shownProblems(WizardPage.WELCOME), cluster.problems(WizardPage.WELCOME));
    }

    private static FileChooser chooser(Forms forms) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(forms.text("check.openTitle"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                forms.text("check.clusterFiles"), "*.json", "*.yaml", "*.yml"));
        return chooser;
    }

    Parent root() {
        return root;
    }
}

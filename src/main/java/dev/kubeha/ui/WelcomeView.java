package dev.kubeha.ui;

import dev.kubeha.model.KeyAlgorithm;
import java.io.File;
import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** Welcome: start a new cluster or open one (recent files too), then name it and pick its version and keys. */
final class WelcomeView {
    private final VBox root = new VBox(10);

    WelcomeView(WizardViewModel wizard, Forms forms) {
        ClusterViewModel cluster = wizard.cluster();
        root.getStyleClass().addAll("page", "welcome-page");

        Button newButton = new Button(forms.text("welcome.new"));
        newButton.setId("newCluster");
        newButton.setOnAction(e -> wizard.newCluster());
        Button openButton = new Button(forms.text("welcome.open"));
        openButton.setId("openCluster");
        openButton.setOnAction(e -> {
            File chosen = chooser(forms).showOpenDialog(root.getScene().getWindow());
            if (chosen != null) {
                wizard.open(chosen.toPath());
            }
        });
        openButton.disableProperty().bind(wizard.busyProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(wizard.busyProperty());
        HBox actions = new HBox(8, newButton, openButton, busy);

        Label failure = new Label();
        failure.getStyleClass().add("failure");
        failure.setId("openFailure");
        failure.setWrapText(true);
        failure.textProperty().bind(wizard.openFailureProperty());
        failure.visibleProperty().bind(wizard.openFailureProperty().isNotEmpty());
        failure.managedProperty().bind(failure.visibleProperty());
        Label notice = new Label();
        notice.getStyleClass().add("notice");
        notice.setWrapText(true);
        notice.textProperty().bind(wizard.openNoticeProperty());
        notice.visibleProperty().bind(wizard.openNoticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        ListView<Path> recent = new ListView<>(wizard.recent());
        recent.setId("recent");
        recent.setPrefHeight(130);
        recent.setPlaceholder(new Label(forms.text("welcome.noRecent")));
        recent.setAccessibleText(forms.text("welcome.recent"));
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
        Label recentLabel = new Label(forms.text("welcome.recent"));
        recentLabel.setMnemonicParsing(true);
        recentLabel.setLabelFor(recent);

        GridPane grid = Forms.grid();
        forms.textRow(grid, "field.name", cluster.nameProperty(), "name");
        forms.textRow(grid, "field.kubernetesVersion", cluster.kubernetesVersionProperty(), "kubernetesVersion");
        ComboBox<KeyAlgorithm> algorithm = new ComboBox<>(FXCollections.observableArrayList(KeyAlgorithm.values()));
        algorithm.setConverter(new StringConverter<>() {
            @Override
            public String toString(KeyAlgorithm a) {
                return a == null ? "" : a.wireName();
            }

            @Override
            public KeyAlgorithm fromString(String s) {
                return null;
            }
        });
        algorithm.valueProperty().bindBidirectional(cluster.keyAlgorithmProperty());
        forms.row(grid, "field.keyAlgorithm", algorithm, "pki.keyAlgorithm");
        forms.textRow(grid, "field.certificateValidity", cluster.certificateValidityProperty(), "pki.certificateValidity");
        forms.textRow(grid, "field.caValidity", cluster.caValidityProperty(), "pki.caValidity");

        root.getChildren().addAll(Forms.heading(forms.text("welcome.heading")), new Label(forms.text("welcome.intro")),
                actions, failure, notice, recentLabel, recent,
                Forms.heading(forms.text("welcome.cluster")), grid,
                forms.problemList(cluster.problems(WizardPage.WELCOME)));
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

package dev.kubeha.ui.install;

import dev.kubeha.ui.fx.Fxml;
import java.io.File;
import java.util.ResourceBundle;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The install window's log pane: whose log (all nodes or one), Follow, search with Next/Previous
 * and a count, Save log…, and the lines with the matches highlighted. The layout is
 * InstallLogView.fxml; this class binds it to an {@link InstallLogViewModel}; only the file
 * chooser lives here.
 */
final class InstallLogView {
    static final PseudoClass MATCH = PseudoClass.getPseudoClass("match");
    static final PseudoClass CURRENT_MATCH = PseudoClass.getPseudoClass("current-match");

    private final InstallLogViewModel logs;
    private final ResourceBundle messages;
    private final String clusterName;
    private final VBox root;

    @FXML private ComboBox<InstallLogViewModel.Source> source;
    @FXML private CheckBox follow;
    @FXML private TextField search;
    @FXML private Button previous;
    @FXML private Button next;
    @FXML private Label matches;
    @FXML private Button save;
    @FXML private ListView<String> lines;
    @FXML private Label status;

    InstallLogView(InstallLogViewModel logs, ResourceBundle messages, String clusterName) {
        this.logs = logs;
        this.messages = messages;
        this.clusterName = clusterName;
        this.root = Fxml.load("install/InstallLogView", this, messages);

        source.setItems(logs.sources());
        source.setConverter(new StringConverter<>() {
            @Override
            public String toString(InstallLogViewModel.Source s) {
                return s == null ? "" : s.all() ? messages.getString("install.log.allNodes") : s.node();
            }

            @Override
            public InstallLogViewModel.Source fromString(String text) {
                return null;
            }
        });
        source.valueProperty().bindBidirectional(logs.sourceProperty());

        follow.selectedProperty().bindBidirectional(logs.followProperty());

        search.textProperty().bindBidirectional(logs.searchProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                if (e.isShiftDown()) {
                    logs.previous();
                } else {
                    logs.next();
                }
                revealCurrentMatch();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        });
        previous.setOnAction(e -> {
            logs.previous();
            revealCurrentMatch();
        });
        next.setOnAction(e -> {
            logs.next();
            revealCurrentMatch();
        });
        previous.disableProperty().bind(logs.matchCountProperty().isEqualTo(0));
        next.disableProperty().bind(logs.matchCountProperty().isEqualTo(0));
        matches.textProperty().bind(logs.matchTextProperty());

        save.disableProperty().bind(logs.savingProperty());
        save.setOnAction(e -> save());

        lines.setItems(logs.lines());
        lines.setCellFactory(v -> new LineCell());
        // One or two changes per drain, so one scroll per pulse at most.
        logs.lines().addListener((ListChangeListener<String>) c -> scrollToEndIfFollowing());
        logs.followProperty().addListener((o, was, now) -> scrollToEndIfFollowing());
        logs.searchProperty().addListener((o, was, now) -> lines.refresh());
        // The current match moves up as old lines leave; only Next and Previous scroll to it.
        logs.currentIndexProperty().addListener((o, was, now) -> lines.refresh());

        status.textProperty().bind(logs.statusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        status.visibleProperty().bind(status.managedProperty());
    }

    private void revealCurrentMatch() {
        int index = logs.currentIndexProperty().get();
        if (index >= 0) {
            lines.scrollTo(index);
            lines.getSelectionModel().clearAndSelect(index);
        }
    }

    private void scrollToEndIfFollowing() {
        if (logs.followProperty().get() && !lines.getItems().isEmpty()) {
            lines.scrollTo(lines.getItems().size() - 1);
        }
    }

    private void save() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.getString("install.log.saveTitle"));
        InstallLogViewModel.Source s = logs.sourceProperty().get();
        chooser.setInitialFileName(clusterName + "-" + (s.all() ? "all-nodes" : s.node()) + ".log");
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            logs.save(file.toPath());
        }
    }

    Parent root() {
        return root;
    }

    /** A log line, highlighted when it matches the search. */
    private final class LineCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
            boolean match = !empty && logs.matches(item);
            pseudoClassStateChanged(MATCH, match);
            pseudoClassStateChanged(CURRENT_MATCH, match && getIndex() == logs.currentIndexProperty().get());
        }
    }
}

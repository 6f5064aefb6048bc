package dev.kubeha.ui.install;

import java.io.File;
import java.util.ResourceBundle;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The install window's log pane: whose log (all nodes or one), Follow, search with Next/Previous
 * and a count, Save log…, and the lines with the matches highlighted. Binds to an
 * {@link InstallLogViewModel}; only the file chooser lives here.
 */
final class InstallLogView {
    static final PseudoClass MATCH = PseudoClass.getPseudoClass("match");
    static final PseudoClass CURRENT_MATCH = PseudoClass.getPseudoClass("current-match");

    private final InstallLogViewModel logs;
    private final ResourceBundle messages;
    private final String clusterName;
    private final VBox root = new VBox(4);
    private final ListView<String> lines;

    InstallLogView(InstallLogViewModel logs, ResourceBundle messages, String clusterName) {
        this.logs = logs;
        this.messages = messages;
        this.clusterName = clusterName;
        root.getStyleClass().add("install-log");

        ComboBox<InstallLogViewModel.Source> source = new ComboBox<>(logs.sources());
        source.setId("installLogSource");
        source.setAccessibleText(messages.getString("install.log.source"));
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

        CheckBox follow = new CheckBox(messages.getString("install.follow"));
        follow.setId("installFollow");
        follow.setMnemonicParsing(true);
        follow.selectedProperty().bindBidirectional(logs.followProperty());

        TextField search = new TextField();
        search.setId("installLogSearch");
        search.setPromptText(messages.getString("install.log.search"));
        search.setAccessibleText(messages.getString("install.log.search"));
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
        Button previous = new Button("\u25B2");
        previous.setId("installLogPrevious");
        previous.setAccessibleText(messages.getString("install.log.previous"));
        previous.setOnAction(e -> {
            logs.previous();
            revealCurrentMatch();
        });
        Button next = new Button("\u25BC");
        next.setId("installLogNext");
        next.setAccessibleText(messages.getString("install.log.next"));
        next.setOnAction(e -> {
            logs.next();
            revealCurrentMatch();
        });
        previous.disableProperty().bind(logs.matchCountProperty().isEqualTo(0));
        next.disableProperty().bind(logs.matchCountProperty().isEqualTo(0));
        Label matches = new Label();
        matches.setId("installLogMatches");
        matches.textProperty().bind(logs.matchTextProperty());

        Button save = new Button(messages.getString("install.log.save"));
        save.setId("installSaveLog");
        save.setMnemonicParsing(true);
        save.disableProperty().bind(logs.savingProperty());
        save.setOnAction(e -> save());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, source, follow, spacer, search, previous, next, matches, save);
        bar.setAlignment(Pos.CENTER_LEFT);

        lines = new ListView<>(logs.lines());
        lines.setId("installLog");
        lines.getStyleClass().add("file-text");
        lines.setAccessibleText(messages.getString("install.log"));
        lines.setCellFactory(v -> new LineCell());
        VBox.setVgrow(lines, Priority.ALWAYS);
        // One or two changes per drain, so one scroll per pulse at most.
        logs.lines().addListener((ListChangeListener<String>) c -> scrollToEndIfFollowing());
        logs.followProperty().addListener((o, was, now) -> scrollToEndIfFollowing());
        logs.searchProperty().addListener((o, was, now) -> lines.refresh());
        // The current match moves up as old lines leave; only Next and Previous scroll to it.
        logs.currentIndexProperty().addListener((o, was, now) -> lines.refresh());

        Label status = new Label();
        status.setId("installLogStatus");
        status.setWrapText(true);
        status.textProperty().bind(logs.statusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        status.visibleProperty().bind(status.managedProperty());

        root.getChildren().addAll(bar, lines, status);
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

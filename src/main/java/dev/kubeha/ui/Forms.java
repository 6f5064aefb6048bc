package dev.kubeha.ui;

import dev.kubeha.model.Problem;
import java.util.ResourceBundle;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** Small builders the page views share: bound fields with their validator message, problem lists, radio groups. */
final class Forms {
    static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

    private final ClusterViewModel cluster;
    private final ResourceBundle messages;

    Forms(ClusterViewModel cluster, ResourceBundle messages) {
        this.cluster = cluster;
        this.messages = messages;
    }

    /** A two-column form; the third column holds the validator's message for the field. */
    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("form");
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints(160, 260, 420);
        ColumnConstraints notes = new ColumnConstraints();
        notes.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields, notes);
        return grid;
    }

    /**
     * Adds a labelled text field bound both ways to {@code value}, with the message the validator
     * has for {@code path} beside it. The label's mnemonic focuses the field.
     */
    TextField textRow(GridPane grid, String labelKey, StringProperty value, String path) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(value);
        field.setId(Forms.id(path));
        row(grid, labelKey, field, path);
        return field;
    }

    /** Like {@link #textRow} for a port: only digits can be typed. */
    TextField portRow(GridPane grid, String labelKey, StringProperty value, String path) {
        TextField field = new TextField();
        field.setTextFormatter(digitsOnly());
        field.textProperty().bindBidirectional(value);
        field.setId(Forms.id(path));
        row(grid, labelKey, field, path);
        return field;
    }

    /** A node id for a field path: CSS selectors cannot hold the dots and brackets of a path. */
    static String id(String path) {
        return path.replaceAll("[.\\[\\]]", "-");
    }

    static TextFormatter<String> digitsOnly() {
        UnaryOperator<TextFormatter.Change> filter = c -> c.getControlNewText().matches("\\d{0,5}") ? c : null;
        return new TextFormatter<>(filter);
    }

    void row(GridPane grid, String labelKey, Control field, String path) {
        int row = grid.getRowCount();
        Label label = new Label(messages.getString(labelKey));
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        field.setAccessibleText(label.getText().replace("_", ""));
        grid.addRow(row, label, field);
        if (path != null) {
            grid.add(fieldMessage(path), 2, row);
        }
    }

    /** The validator's message for one field, red for an error, amber for a warning. */
    Label fieldMessage(String path) {
        Label message = new Label();
        message.getStyleClass().add("field-message");
        message.setId("message-" + id(path));
        message.setWrapText(true);
        bindMessage(message, path);
        return message;
    }

    /**
     * Binds a text field of an FXML form both ways to {@code value}, and its message label to what
     * the validator says about {@code path}. The FXML gives both their ids; they must be the ones
     * {@link #id} makes of the path (tests and CSS look them up).
     */
    void bindField(TextField field, Label message, StringProperty value, String path) {
        checkId(field, id(path));
        field.textProperty().bindBidirectional(value);
        bindMessage(message, path);
    }

    /** Binds an FXML form's message label (id {@code message-<id of path>}) to the validator's message for {@code path}. */
    void bindMessage(Label message, String path) {
        checkId(message, "message-" + id(path));
        message.textProperty().bind(cluster.messageFor(path));
        var isError = cluster.errorAt(path);
        message.pseudoClassStateChanged(ERROR, isError.get());
        isError.addListener((o, was, now) -> message.pseudoClassStateChanged(ERROR, now));
        // Keep the binding alive as long as the label is.
        message.getProperties().put("errorBinding", isError);
    }

    private static void checkId(javafx.scene.Node node, String id) {
        if (!id.equals(node.getId())) {
            throw new IllegalStateException("the FXML gives " + node + " the id " + node.getId() + ", not " + id);
        }
    }

    /**
     * In an FXML form grid, each mnemonic label of column 0 names the control beside it in column 1,
     * as {@link #row} does for a grid built in code: its mnemonic focuses the control, and the control
     * reads the label's text to a screen reader.
     */
    static void labelRows(GridPane grid) {
        for (javafx.scene.Node child : grid.getChildren()) {
            if (child instanceof Label label && label.isMnemonicParsing() && column(child) == 0) {
                Integer row = GridPane.getRowIndex(child);
                grid.getChildren().stream()
                        .filter(n -> column(n) == 1 && java.util.Objects.equals(GridPane.getRowIndex(n), row))
                        .filter(Control.class::isInstance)
                        .findFirst()
                        .ifPresent(field -> {
                            label.setLabelFor(field);
                            ((Control) field).setAccessibleText(label.getText().replace("_", ""));
                        });
            }
        }
    }

    private static int column(javafx.scene.Node node) {
        Integer column = GridPane.getColumnIndex(node);
        return column == null ? 0 : column;
    }

    /** The problems a page owns, one line each, errors first as the validator lists them. */
    ListView<Problem> problemList(ObservableList<Problem> problems) {
        ListView<Problem> list = new ListView<>();
        list.getStyleClass().add("problem-list");
        list.setPrefHeight(120);
        list.setFocusTraversable(false);
        list.setPlaceholder(new Label(messages.getString("check.noProblems")));
        list.setAccessibleText(messages.getString("check.problems"));
        showProblems(list, problems);
        return list;
    }

    /** Fills a problem list (from FXML or {@link #problemList}) with a page's problems, one line each. */
    void showProblems(ListView<Problem> list, ObservableList<Problem> problems) {
        list.setItems(problems);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                pseudoClassStateChanged(ERROR, !empty && p != null && p.isError());
                pseudoClassStateChanged(WARNING, !empty && p != null && !p.isError());
                setText(empty || p == null ? null : describe(p));
            }
        });
    }

    String describe(Problem p) {
        return messages.getString("severity." + p.severity().label()) + ": "
                + (p.path().isEmpty() ? "" : p.path() + ": ") + p.message()
                + (p.hint() == null ? "" : " \u2014 " + p.hint());
    }

    /** Radio buttons for an enum property: selecting one sets the property, and the other way round. */
    static <E extends Enum<E>> ToggleGroup radios(ObjectProperty<E> value, RadioButton... buttons) {
        ToggleGroup group = new ToggleGroup();
        for (RadioButton b : buttons) {
            b.setToggleGroup(group);
            b.setSelected(b.getUserData() == value.get());
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                @SuppressWarnings("unchecked")
                E chosen = (E) now.getUserData();
                value.set(chosen);
            }
        });
        value.addListener((o, was, now) -> {
            for (RadioButton b : buttons) {
                if (b.getUserData() == now) {
                    b.setSelected(true);
                }
            }
        });
        return group;
    }

    static RadioButton radio(String text, Object value) {
        RadioButton b = new RadioButton(text);
        b.setMnemonicParsing(true);
        b.setUserData(value);
        b.setId(String.valueOf(value));
        return b;
    }

    static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("page-heading");
        return l;
    }


    ResourceBundle messages() {
        return messages;
    }

    String text(String key) {
        return messages.getString(key);
    }
}

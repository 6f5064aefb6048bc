package dev.kubeha.ui.wizard;

import dev.kubeha.model.Problem;
import dev.kubeha.ui.fx.PseudoClasses;
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
import javafx.scene.layout.GridPane;

/**
 * What the page views share to bind their FXML forms: fields with their validator message, labels to
 * their fields, problem lists, radio groups.
 */
public final class Forms {
    public static final PseudoClass ERROR = PseudoClasses.ERROR;
    public static final PseudoClass WARNING = PseudoClasses.WARNING;

    private final ClusterViewModel cluster;
    private final ResourceBundle messages;

    Forms(ClusterViewModel cluster, ResourceBundle messages) {
        this.cluster = cluster;
        this.messages = messages;
    }

    /** A node id for a field path: CSS selectors cannot hold the dots and brackets of a path. */
    static String id(String path) {
        return path.replaceAll("[.\\[\\]]", "-");
    }

    static TextFormatter<String> digitsOnly() {
        UnaryOperator<TextFormatter.Change> filter = c -> c.getControlNewText().matches("\\d{0,5}") ? c : null;
        return new TextFormatter<>(filter);
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
     * In an FXML form grid, each mnemonic label of column 0 names the control beside it in column 1:
     * its mnemonic focuses the control, and the control reads the label's text (without the
     * mnemonic's underscore) to a screen reader.
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

    /** Fills a page's problem list with the problems it owns, one line each, errors first as the validator lists them. */
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

    ResourceBundle messages() {
        return messages;
    }

    String text(String key) {
        return messages.getString(key);
    }
}

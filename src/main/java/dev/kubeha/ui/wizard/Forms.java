package dev.kubeha.ui.wizard;

import dev.kubeha.model.Problem;
import dev.kubeha.ui.fx.PseudoClasses;
import java.util.List;
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
    private final ProblemWords words;
    /** The controls each field path is edited in (privateInterface: on Hosts and on Network), for a problem that is clicked. */
    private final java.util.Map<String, List<javafx.scene.Node>> targets = new java.util.HashMap<>();
    /** Selects a host's cell: row and field ({@code privateAddress}, or null for the row). Set by the Hosts page. */
    private java.util.function.BiConsumer<Integer, String> hostTarget = (row, field) -> { };
    /** Selects an extra API server name by index. Set by the Load balancer page. */
    private java.util.function.IntConsumer sanTarget = i -> { };
    /** Shows a page (set by the wizard view), before a problem of another page is focused. */
    private java.util.function.Consumer<WizardPage> showPage = page -> { };
    private java.util.function.Supplier<WizardPage> currentPage = () -> null;

    Forms(ClusterViewModel cluster, ResourceBundle messages) {
        this.cluster = cluster;
        this.messages = messages;
        this.words = new ProblemWords(messages, i -> i >= 0 && i < cluster.hosts().size()
                ? cluster.hosts().get(i).nameProperty().get() : null);
    }

    ProblemWords words() {
        return words;
    }

    void onHostTarget(java.util.function.BiConsumer<Integer, String> target) {
        hostTarget = target;
    }

    void onSanTarget(java.util.function.IntConsumer target) {
        sanTarget = target;
    }

    void onPages(java.util.function.Supplier<WizardPage> current, java.util.function.Consumer<WizardPage> show) {
        currentPage = current;
        showPage = show;
    }

    /**
     * Brings the user to what a problem is about: its page, then the field, or the host table's
     * cell, selected and focused.
     */
    void focus(Problem p) {
        String path = p.path();
        // The page shown when it has the field (privateInterface is on two), else the first that has it.
        WizardPage shown = currentPage.get();
        WizardPage page = shown != null && shown != WizardPage.REVIEW && shown.owns(p) ? shown
                : java.util.Arrays.stream(WizardPage.values()).filter(w -> w != WizardPage.REVIEW)
                        .filter(w -> w.owns(p)).findFirst().orElse(null);
        if (page == null) {
            return;
        }
        showPage.accept(page);
        if (path.startsWith("nodes[")) {
            List<Integer> rows = ProblemWords.rows(p);
            if (!rows.isEmpty()) {
                // The problem's own row (the validator names the other in the message).
                java.util.regex.Matcher own = java.util.regex.Pattern.compile("nodes\\[(\\d+)]").matcher(path);
                hostTarget.accept(own.lookingAt() ? Integer.parseInt(own.group(1)) : rows.get(0),
                        ProblemWords.hostField(path));
            }
            return;
        }
        java.util.regex.Matcher san = java.util.regex.Pattern.compile("apiServer\\.certSANs\\[(\\d+)]").matcher(path);
        if (san.lookingAt()) {
            sanTarget.accept(Integer.parseInt(san.group(1)));
            return;
        }
        targets.getOrDefault(path, List.of()).stream().filter(n -> n.getScene() != null).findFirst().ifPresent(target -> {
            target.requestFocus();
            if (target instanceof TextField field) {
                field.selectAll();
            }
        });
    }

    /** Registers the control a field path is edited in (for {@link #focus}) and marks it touched when left. */
    void target(String path, javafx.scene.Node control) {
        targets.computeIfAbsent(path, k -> new java.util.ArrayList<>()).add(control);
        control.focusedProperty().addListener((o, was, now) -> {
            if (was && !now) {
                cluster.touch(path);
            }
        });
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
        target(path, field);
        bindMessage(message, path);
    }

    /** Binds an FXML form's message label (id {@code message-<id of path>}) to the validator's message for {@code path}. */
    void bindMessage(Label message, String path) {
        checkId(message, "message-" + id(path));
        var at = cluster.problemAt(path);
        message.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> at.get() == null ? "" : words.sentence(at.get()), at));
        // Under its field, as wide as the form, and taking no room while there is nothing to say.
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        message.setMaxWidth(Double.MAX_VALUE);
        var isError = cluster.errorAt(path);
        message.pseudoClassStateChanged(ERROR, isError.get());
        isError.addListener((o, was, now) -> message.pseudoClassStateChanged(ERROR, now));
        // Keep the binding alive as long as the label is.
        message.getProperties().put("errorBinding", isError);
    }

    /** As {@link #bindMessage(Label, String)}, for a control that is not a text field (a choice, a combo box). */
    void bindMessage(Label message, String path, javafx.scene.Node control) {
        target(path, control);
        bindMessage(message, path);
    }

    private static void checkId(javafx.scene.Node node, String id) {
        if (!id.equals(node.getId())) {
            throw new IllegalStateException("the FXML gives " + node + " the id " + node.getId() + ", not " + id);
        }
    }

    /**
     * In an FXML form grid, each mnemonic label names the control in the next column of its row:
     * its mnemonic focuses the control, and the control reads the label's text (without the
     * mnemonic's underscore) to a screen reader.
     */
    static void labelRows(GridPane grid) {
        for (javafx.scene.Node child : grid.getChildren()) {
            if (child instanceof Label label && label.isMnemonicParsing() && !label.getStyleClass().contains("field-message")) {
                Integer row = GridPane.getRowIndex(child);
                int next = column(child) + 1;
                grid.getChildren().stream()
                        .filter(n -> column(n) == next && java.util.Objects.equals(GridPane.getRowIndex(n), row))
                        .filter(Control.class::isInstance)
                        .findFirst()
                        .ifPresent(field -> {
                            label.setLabelFor(field);
                            ((Control) field).setAccessibleText(ProblemWords.plain(label.getText()));
                        });
            }
            if (child instanceof Label label && !label.getStyleClass().contains("field-message")) {
                // The label column is as wide as its longest label: never "Pod C…".
                label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
    }

    private static int column(javafx.scene.Node node) {
        Integer column = GridPane.getColumnIndex(node);
        return column == null ? 0 : column;
    }

    /** Fills a page's problem list with the problems it owns, one line each, errors first as the validator lists them. */
    void showProblems(ListView<Problem> list, ObservableList<Problem> problems) {
        showProblems(list, problems, null);
    }

    /**
     * As {@link #showProblems(ListView, ObservableList)}; each line wraps to the list's width, the
     * list grows with the page, and clicking a line (or Enter on it) goes to its field or cell.
     * With {@code all} (the page's problems, shown or not), the empty list says when some are yet
     * to be shown instead of "No problems.".
     */
    void showProblems(ListView<Problem> list, ObservableList<Problem> problems, ObservableList<Problem> all) {
        list.setItems(problems);
        list.setCellFactory(v -> new ListCell<>() {
            {
                setWrapText(true);
                // Wrap at the list's width instead of scrolling sideways.
                setPrefWidth(0);
                setOnMouseClicked(e -> {
                    if (getItem() != null) {
                        focus(getItem());
                    }
                });
            }

            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                pseudoClassStateChanged(ERROR, !empty && p != null && p.isError());
                pseudoClassStateChanged(WARNING, !empty && p != null && !p.isError());
                setText(empty || p == null ? null : describe(p));
            }
        });
        list.setOnKeyPressed(e -> {
            Problem chosen = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && chosen != null) {
                focus(chosen);
                e.consume();
            }
        });
        javafx.scene.layout.VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);
        list.setMinHeight(72);
        if (all != null && list.getPlaceholder() instanceof Label placeholder) {
            placeholder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> text(all.isEmpty() ? "check.noProblems" : "problem.pending"), all));
            placeholder.setWrapText(true);
        }
    }

    String describe(Problem p) {
        return words.describe(p);
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

package dev.kubeha.ui.wizard;

import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import dev.kubeha.model.Problem;
import javafx.collections.ObservableList;

/**
 * Table cells whose editor is always there and bound both ways to a property of the row, so an
 * edit reaches the view model as it is typed (no commit-on-Enter that focus changes would lose).
 */
final class BoundCells {
    private BoundCells() {
    }

    /**
     * @param problems the validator's problems; a cell whose field has one (path {@code nodes[i].}
     *                 + {@code field}) is marked and shows the message as its tooltip
     */
    static <S> void text(TableColumn<S, S> column, Function<S, StringProperty> property, boolean digits,
                         ClusterViewModel cluster, ProblemWords words, String fieldName) {
        ObservableList<Problem> problems = cluster.problems();
        column.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final TextField field = new TextField();
            private StringProperty bound;

            {
                // Cells are few and live as long as the table: a plain listener each is fine.
                problems.addListener((javafx.beans.InvalidationListener) o -> markProblem());
                cluster.revealState().addListener((javafx.beans.InvalidationListener) o -> markProblem());
                if (digits) {
                    field.setTextFormatter(Forms.digitsOnly());
                }
                field.setAccessibleText(column.getText());
                // Enter ends the edit (it is already in the row); it is not the window's Next.
                field.setOnAction(javafx.event.Event::consume);
                field.focusedProperty().addListener((o, was, now) -> {
                    if (now && getIndex() >= 0) {
                        getTableView().getSelectionModel().select(getIndex());
                    }
                });
            }

            @Override
            protected void updateItem(S row, boolean empty) {
                super.updateItem(row, empty);
                if (bound != null) {
                    field.textProperty().unbindBidirectional(bound);
                    bound = null;
                }
                field.editableProperty().unbind();
                field.setEditable(true);
                if (empty || row == null) {
                    setGraphic(null);
                } else {
                    bound = property.apply(row);
                    field.textProperty().bindBidirectional(bound);
                    if (row instanceof HostRow host) {
                        field.editableProperty().bind(host.lockedProperty().not());
                    }
                    setGraphic(field);
                }
                markProblem();
            }

            /**
             * Marks the cell when a shown problem is about this row's field, or about the same field
             * of another row and names this one (both of two duplicates).
             */
            private void markProblem() {
                int index = getIndex();
                Problem problem = isEmpty() ? null : problems.stream()
                        .filter(p -> fieldName.equals(ProblemWords.hostField(p.path()))
                                && ProblemWords.rows(p).contains(index) && cluster.isRevealed(p.path()))
                        .findFirst().orElse(null);
                field.pseudoClassStateChanged(Forms.ERROR, problem != null && problem.isError());
                field.pseudoClassStateChanged(Forms.WARNING, problem != null && !problem.isError());
                field.setTooltip(problem == null ? null : new Tooltip(words.sentence(problem)));
            }
        });
    }

    static <S> void check(TableColumn<S, S> column, Function<S, BooleanProperty> property, String name) {
        column.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final CheckBox box = new CheckBox();
            private BooleanProperty bound;

            {
                box.setAccessibleText(name);
            }

            @Override
            protected void updateItem(S row, boolean empty) {
                super.updateItem(row, empty);
                if (bound != null) {
                    box.selectedProperty().unbindBidirectional(bound);
                    bound = null;
                }
                box.disableProperty().unbind();
                box.setDisable(false);
                if (empty || row == null) {
                    setGraphic(null);
                } else {
                    bound = property.apply(row);
                    box.selectedProperty().bindBidirectional(bound);
                    if (row instanceof HostRow host) {
                        box.disableProperty().bind(host.lockedProperty());
                    }
                    setGraphic(box);
                }
            }
        });
    }

}

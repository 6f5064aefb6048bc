package dev.kubeha.ui;

import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;

/**
 * Table cells whose editor is always there and bound both ways to a property of the row, so an
 * edit reaches the view model as it is typed (no commit-on-Enter that focus changes would lose).
 */
final class BoundCells {
    private BoundCells() {
    }

    static <S> void text(TableColumn<S, S> column, Function<S, StringProperty> property, boolean digits) {
        column.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final TextField field = new TextField();
            private StringProperty bound;

            {
                if (digits) {
                    field.setTextFormatter(Forms.digitsOnly());
                }
                field.setAccessibleText(column.getText());
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
                if (empty || row == null) {
                    setGraphic(null);
                } else {
                    bound = property.apply(row);
                    field.textProperty().bindBidirectional(bound);
                    setGraphic(field);
                }
            }
        });
    }

    static <S> void check(TableColumn<S, S> column, Function<S, BooleanProperty> property) {
        column.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final CheckBox box = new CheckBox();
            private BooleanProperty bound;

            {
                box.setAccessibleText(column.getText());
            }

            @Override
            protected void updateItem(S row, boolean empty) {
                super.updateItem(row, empty);
                if (bound != null) {
                    box.selectedProperty().unbindBidirectional(bound);
                    bound = null;
                }
                if (empty || row == null) {
                    setGraphic(null);
                } else {
                    bound = property.apply(row);
                    box.selectedProperty().bindBidirectional(bound);
                    setGraphic(box);
                }
            }
        });
    }

}

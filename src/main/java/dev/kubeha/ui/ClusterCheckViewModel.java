package dev.kubeha.ui;

import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.ParsedCluster;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the cluster-check window: the opened file, its problems and a summary. Reading and
 * validating run through the injected {@link UiExecutor}, never on the FX thread.
 */
public final class ClusterCheckViewModel {
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final StringProperty fileName = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty();
    private final StringProperty failure = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();

    public ClusterCheckViewModel(UiExecutor executor, ResourceBundle messages) {
        this.executor = executor;
        this.messages = messages;
        summary.set(messages.getString("check.noFile"));
    }

    /** Reads and validates a cluster file in the background; the result replaces the current one. */
    public void open(Path file) {
        busy.set(true);
        failure.set("");
        fileName.set(file.toString());
        executor.run(() -> check(file), this::show, this::fail);
    }

    private static List<Problem> check(Path file) throws ClusterFileException {
        ParsedCluster parsed = ClusterFiles.read(file);
        return new ClusterValidator(ValidationContext.forFile(file)).validate(parsed).stream()
                .sorted(Comparator.comparing(Problem::severity))
                .toList();
    }

    private void show(List<Problem> result) {
        busy.set(false);
        problems.setAll(result);
        long errors = result.stream().filter(Problem::isError).count();
        long warnings = result.size() - errors;
        summary.set(errors == 0
                ? String.format(messages.getString("check.valid"), warnings)
                : String.format(messages.getString("check.invalid"), errors, warnings));
    }

    private void fail(Exception e) {
        busy.set(false);
        problems.clear();
        summary.set(messages.getString("check.unreadable"));
        // ClusterFileException messages name the file, line and column: show them as they are.
        failure.set(e instanceof ClusterFileException ? e.getMessage()
                : messages.getString("check.unexpected") + " " + e.getClass().getSimpleName());
    }

    public ObservableList<Problem> problems() {
        return problems;
    }

    public ReadOnlyStringProperty fileNameProperty() {
        return fileName;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty failureProperty() {
        return failure;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }
}

package dev.kubeha.ui.fx;

import dev.kubeha.exec.PrivateAddresses;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The state line of a page that runs one piece of background work at a time (preview, export,
 * install start): busy while it runs, then a message, marked as a failure when it failed.
 * Changed on the FX thread only, from the executor's callbacks.
 */
public final class BackgroundStatus {
    private final ResourceBundle messages;
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    public BackgroundStatus(ResourceBundle messages) {
        this.messages = messages;
    }

    public void start(String message) {
        busy.set(true);
        failed.set(false);
        status.set(message);
    }

    public void done(String message) {
        busy.set(false);
        status.set(message);
    }

    public void fail(String message) {
        busy.set(false);
        failed.set(true);
        status.set(message);
    }

    /** A failure shown as its own message when that message is written for the user, never as a stack trace. */
    public void fail(Exception e) {
        fail(e instanceof PlanPreparation.PreparationException || e instanceof PkiException
                || e instanceof PrivateAddresses.DetectionException || e instanceof IOException
                || e instanceof OperationException || e instanceof WorkspaceBusyException
                ? e.getMessage() : messages.getString("wizard.unexpected") + " " + e.getClass().getSimpleName());
    }

    /** A note that changes neither busy nor failed (e.g. "the preview is out of date"). */
    public void note(String message) {
        status.set(message);
    }

    public boolean busy() {
        return busy.get();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }
}

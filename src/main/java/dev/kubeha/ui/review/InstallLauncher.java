package dev.kubeha.ui.review;

import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.install.DesktopNotifier;
import dev.kubeha.ui.install.InstallWindow;
import dev.kubeha.ui.install.SshQuestions;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * From a prepared install to its window: asks for confirmation (a resume says what is done and
 * what is left) and the passwords the nodes need (InstallConfirmation.fxml), answers host-key and
 * passphrase questions ({@link SshQuestions}), then opens the {@link InstallWindow}. Used by
 * Install on the Review page and by the resume offered when a cluster with an unfinished install
 * is opened.
 */
public final class InstallLauncher {
    private final InstallStartViewModel install;
    private final ResourceBundle messages;
    private final Supplier<Window> owner;
    private final DesktopNotifier notifier;

    public InstallLauncher(InstallStartViewModel install, ResourceBundle messages, Supplier<Window> owner,
                    DesktopNotifier notifier) {
        this.install = install;
        this.messages = messages;
        this.owner = owner;
        this.notifier = notifier;
    }

    /** Prepares in the background, then confirms and opens; failures go to the start's status line. */
    public void prepareAndOpen() {
        install.prepare(this::confirmAndOpen);
    }

    void confirmAndOpen(InstallStartViewModel.Ready ready) {
        var cluster = ready.checked().cluster();
        Confirmation form = new Confirmation();
        DialogPane pane = Fxml.load("review/InstallConfirmation", form, messages);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setDialogPane(pane);
        boolean resume = ready.resume() != null;
        boolean converge = ready.installed();
        dialog.setTitle(messages.getString(resume ? "resume.title" : converge ? "install.applyTitle" : "install.confirmTitle"));
        dialog.initOwner(owner.get());
        String question;
        if (resume) {
            question = String.format(messages.getString("resume.question"), cluster.name(),
                    ready.resume().describe(messages), ready.workspace());
        } else if (ready.prepared() != null) {
            question = String.format(messages.getString(converge ? "install.applyConfirm" : "install.confirm"), cluster.name(),
                    cluster.nodes().size(), ready.prepared().plan().tasks().size(), ready.workspace());
        } else {
            question = String.format(messages.getString(converge ? "install.applyConfirmDetect" : "install.confirmDetect"),
                    cluster.name(), cluster.nodes().size(), String.join(", ", ready.undetected()), ready.workspace());
        }
        form.question.setText(question);
        PasswordField login = form.login;
        PasswordField sudo = form.sudo;
        if (ready.withoutKey().isEmpty()) {
            form.content.getChildren().removeAll(form.loginLabel, login);
        } else {
            form.loginLabel.setText(String.format(messages.getString("install.loginPassword"),
                    String.join(", ", ready.withoutKey())));
            form.loginLabel.setLabelFor(login);
        }
        if (ready.needsSudo()) {
            form.sudoLabel.setLabelFor(sudo);
        } else {
            form.content.getChildren().removeAll(form.sudoLabel, sudo);
        }
        dev.kubeha.ui.fx.DialogButtons.name(pane, messages);
        Button ok = (Button) pane.lookupButton(ButtonType.OK);
        ok.setId("installConfirm");
        if (resume) {
            ok.setText(messages.getString("resume.button"));
        } else if (converge) {
            ok.setText(messages.getString("install.applyButton"));
        }
        if (dialog.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return;
        }
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        login.clear();
        sudo.clear();
        Window window = owner.get();
        SshQuestions questions = new SshQuestions(window, messages);
        install.start(ready, loginPassword, sudoPassword, questions.hostKeys(), questions.passphrases(),
                run -> InstallWindow.open(run, window, messages, notifier));
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    /** InstallConfirmation.fxml's nodes. */
    static final class Confirmation {
        @FXML VBox content;
        @FXML Label question;
        @FXML Label loginLabel;
        @FXML PasswordField login;
        @FXML Label sudoLabel;
        @FXML PasswordField sudo;
    }
}

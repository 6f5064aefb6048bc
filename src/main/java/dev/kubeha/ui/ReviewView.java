package dev.kubeha.ui;

import dev.kubeha.model.Problem;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import dev.kubeha.bundle.BundleFormat;
import java.io.File;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.PasswordField;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.scene.control.ComboBox;
import javafx.stage.FileChooser;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Review: a summary of the cluster and every problem the validator finds, as {@code kubeha validate} would. */
final class ReviewView {
    private final VBox root = new VBox(10);

    ReviewView(ClusterViewModel cluster, FilePreviewViewModel preview, ExportViewModel export, InstallStartViewModel install,
               Forms forms) {
        root.getStyleClass().addAll("page", "review-page");
        Label summary = new Label();
        summary.setId("reviewSummary");
        summary.getStyleClass().add("summary");
        summary.setWrapText(true);
        summary.textProperty().bind(Bindings.createStringBinding(() -> summary(cluster, forms),
                cluster.topologyProperty(), cluster.problems()));
        ListView<Problem> problems = forms.problemList(cluster.problems(WizardPage.REVIEW));
        problems.setId("reviewProblems");
        problems.setPrefHeight(160);
        root.getChildren().addAll(Forms.heading(forms.text("review.heading")), summary, problems,
                installRow(install, forms, cluster), exportRow(export, forms, cluster), files(preview, forms));
    }

    /**
     * "Install…": prepares the plan in the background, asks for confirmation (and the passwords the
     * nodes need), then opens the live install in its own window.
     */
    private HBox installRow(InstallStartViewModel install, Forms forms, ClusterViewModel cluster) {
        Button run = new Button(forms.text("install.button"));
        run.setId("install");
        run.setMnemonicParsing(true);
        run.disableProperty().bind(install.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        Label status = new Label();
        status.setId("installPrepareStatus");
        status.setWrapText(true);
        status.getStyleClass().add("save-status");
        status.textProperty().bind(install.statusProperty());
        install.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(Forms.ERROR, now));
        run.setOnAction(e -> install.prepare(ready -> confirmAndOpen(install, ready, forms)));
        return new HBox(8, run, status);
    }

    private void confirmAndOpen(InstallStartViewModel install, InstallStartViewModel.Ready ready, Forms forms) {
        var cluster = ready.checked().cluster();
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(forms.text("install.confirmTitle"));
        dialog.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        Label question = new Label(ready.prepared() != null
                ? String.format(forms.text("install.confirm"), cluster.name(), cluster.nodes().size(),
                        ready.prepared().plan().tasks().size(), ready.workspace())
                : String.format(forms.text("install.confirmDetect"), cluster.name(), cluster.nodes().size(),
                        String.join(", ", ready.undetected()), ready.workspace()));
        question.setWrapText(true);
        VBox content = new VBox(8, question);
        PasswordField login = new PasswordField();
        login.setId("installLoginPassword");
        if (!ready.withoutKey().isEmpty()) {
            Label l = new Label(String.format(forms.text("install.loginPassword"), String.join(", ", ready.withoutKey())));
            l.setLabelFor(login);
            content.getChildren().addAll(l, login);
        }
        PasswordField sudo = new PasswordField();
        sudo.setId("installSudoPassword");
        if (ready.needsSudo()) {
            Label l = new Label(forms.text("install.sudoPassword"));
            l.setLabelFor(sudo);
            content.getChildren().addAll(l, sudo);
        }
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (dialog.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return;
        }
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        login.clear();
        sudo.clear();
        Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        install.start(ready, loginPassword, sudoPassword,
                new FxHostKeyPolicy((target, type, fingerprint) -> trust(owner, forms, target.describe(), type, fingerprint)),
                key -> FxQuestion.ask(() -> passphrase(owner, forms, key), null),
                run -> open(run, owner, forms, cluster.name()));
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    /** The live install in its own window. */
    private static void open(InstallViewModel run, Window owner, Forms forms, String clusterName) {
        InstallView view = new InstallView(run, forms.messages());
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(String.format(forms.text("install.title"), clusterName));
        Scene scene = new Scene(view.root(), 1000, 700);
        scene.getStylesheets().add(ReviewView.class.getResource("kubeha.css").toExternalForm());
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!view.mayClose(stage::close)) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> view.stop());
        stage.show();
    }

    /** The passphrase of an encrypted key file; null when the user gives none. */
    static char[] passphrase(Window owner, Forms forms, java.nio.file.Path key) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(forms.text("install.passphraseTitle"));
        dialog.initOwner(owner);
        PasswordField field = new PasswordField();
        field.setId("installPassphrase");
        Label label = new Label(String.format(forms.text("install.passphrase"), key));
        label.setLabelFor(field);
        dialog.getDialogPane().setContent(new VBox(8, label, field));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        boolean ok = dialog.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
        char[] answer = ok && !field.getText().isEmpty() ? field.getText().toCharArray() : null;
        field.clear();
        return answer;
    }

    /** The host-key question, with the fingerprint to compare. */
    static boolean trust(Window owner, Forms forms, String node, String type, String fingerprint) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, String.format(forms.text("install.hostKey"), node, type,
                fingerprint), ButtonType.YES, ButtonType.NO);
        alert.setTitle(forms.text("install.hostKeyTitle"));
        alert.setHeaderText(null);
        alert.initOwner(owner);
        return alert.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }

    /** Format, "Export bundle…" and its outcome; the bundle is written in the background. */
    private HBox exportRow(ExportViewModel export, Forms forms, ClusterViewModel cluster) {
        ComboBox<BundleFormat> format = new ComboBox<>(FXCollections.observableArrayList(BundleFormat.values()));
        format.setId("exportFormat");
        format.valueProperty().bindBidirectional(export.formatProperty());
        format.setAccessibleText(forms.text("export.format"));
        Button run = new Button(forms.text("export.button"));
        run.setId("exportBundle");
        run.setMnemonicParsing(true);
        // A bundle of an invalid cluster would be refused anyway: say so by disabling the button.
        run.disableProperty().bind(export.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        run.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(forms.text("export.title"));
            chooser.setInitialFileName(export.suggestedName());
            File chosen = chooser.showSaveDialog(root.getScene().getWindow());
            if (chosen != null) {
                export.export(chosen.toPath());
            }
        });
        Label status = new Label();
        status.setId("exportStatus");
        status.setWrapText(true);
        status.getStyleClass().add("save-status");
        status.textProperty().bind(export.statusProperty());
        export.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(Forms.ERROR, now));
        Label label = new Label(forms.text("export.format"));
        label.setLabelFor(format);
        return new HBox(8, label, format, run, status);
    }

    /** "Preview files": a tree of nodes and their files, and the selected file's text (secrets masked). */
    private static VBox files(FilePreviewViewModel preview, Forms forms) {
        Button run = new Button(forms.text("preview.button"));
        run.setId("previewFiles");
        run.setMnemonicParsing(true);
        run.setOnAction(e -> preview.preview());
        run.disableProperty().bind(preview.busyProperty());
        Label status = new Label();
        status.setId("previewStatus");
        status.setWrapText(true);
        status.textProperty().bind(preview.statusProperty());
        preview.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(Forms.ERROR, now));
        status.getStyleClass().add("save-status");

        TreeView<Object> tree = new TreeView<>(new TreeItem<>());
        tree.setId("previewTree");
        tree.setShowRoot(false);
        tree.setAccessibleText(forms.text("preview.tree"));
        tree.setPrefWidth(320);
        preview.previewProperty().addListener((o, was, now) -> tree.setRoot(treeOf(now)));
        tree.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                preview.select(now != null && now.getValue() instanceof FilePreview.FileEntry f ? f : null));
        TextArea text = new TextArea();
        text.setId("previewText");
        text.setEditable(false);
        text.getStyleClass().add("file-text");
        text.setAccessibleText(forms.text("preview.content"));
        text.textProperty().bind(preview.contentProperty());
        SplitPane split = new SplitPane(tree, text);
        split.setDividerPositions(0.32);
        split.setPrefHeight(300);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(8, new HBox(8, run, status), split);
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    private static TreeItem<Object> treeOf(FilePreview preview) {
        TreeItem<Object> root = new TreeItem<>();
        if (preview != null) {
            for (FilePreview.NodeFiles node : preview.nodes()) {
                TreeItem<Object> item = new TreeItem<>(node.node());
                node.files().forEach(f -> item.getChildren().add(new TreeItem<>(f)));
                root.getChildren().add(item);
            }
        }
        return root;
    }

    private static String summary(ClusterViewModel cluster, Forms forms) {
        Topology t = cluster.topologyProperty().get();
        if (t == null) {
            return "";
        }
        long errors = cluster.problems().stream().filter(Problem::isError).count();
        long warnings = cluster.problems().size() - errors;
        String verdict = errors == 0 ? String.format(forms.text("check.valid"), warnings)
                : String.format(forms.text("check.invalid"), errors, warnings);
        return String.format(forms.text("review.summary"), cluster.nameProperty().get(),
                cluster.kubernetesVersionProperty().get(), t.masters().size(), t.etcdMembers().size(),
                forms.text(t.etcdOnMasters() ? "etcd.coLocated" : "etcd.dedicated").replace("_", ""),
                t.workers().size(), t.loadBalancer().isEmpty() ? "\u2014" : t.loadBalancer()) + "\n" + verdict;
    }

    Parent root() {
        return root;
    }
}

package dev.kubeha.ui;

import dev.kubeha.model.Problem;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import dev.kubeha.bundle.BundleFormat;
import java.io.File;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ProgressIndicator;
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
               PlanViewModel plan, Forms forms) {
        root.getStyleClass().addAll("page", "review-page");
        Label summary = new Label();
        summary.setId("reviewSummary");
        summary.getStyleClass().add("summary");
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.textProperty().bind(Bindings.createStringBinding(() -> summary(cluster, forms),
                cluster.topologyProperty(), cluster.problems()));
        ListView<Problem> problems = forms.problemList(cluster.problems(WizardPage.REVIEW));
        problems.setId("reviewProblems");
        problems.setPrefHeight(160);
        root.getChildren().addAll(Forms.heading(forms.text("review.heading")), summary, problems,
                installRow(install, forms, cluster), exportRow(export, forms, cluster), tabs(cluster, plan, preview, forms));
    }

    /**
     * "Install…": prepares the plan in the background, asks for confirmation (and the passwords the
     * nodes need), then opens the live install in its own window.
     */
    private HBox installRow(InstallStartViewModel install, Forms forms, ClusterViewModel cluster) {
        Button run = new Button(forms.text("install.button"));
        run.setId("install");
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        run.setMnemonicParsing(true);
        run.disableProperty().bind(install.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        Label status = new Label();
        status.setId("installPrepareStatus");
        status.setWrapText(true);
        status.getStyleClass().add("save-status");
        status.textProperty().bind(install.statusProperty());
        install.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(Forms.ERROR, now));
        InstallLauncher launcher = new InstallLauncher(install, forms.messages(),
                () -> root.getScene() == null ? null : root.getScene().getWindow(), DesktopNotifier.system());
        run.setOnAction(e -> launcher.prepareAndOpen());
        return new HBox(8, run, status);
    }

    /**
     * Format, encryption (passphrase twice, never kept), "Export bundle…" and its outcome; the
     * bundle is written in the background while a spinner turns.
     */
    private VBox exportRow(ExportViewModel export, Forms forms, ClusterViewModel cluster) {
        ComboBox<BundleFormat> format = new ComboBox<>(FXCollections.observableArrayList(BundleFormat.values()));
        format.setId("exportFormat");
        format.valueProperty().bindBidirectional(export.formatProperty());
        format.setAccessibleText(forms.text("export.format"));
        CheckBox encrypt = new CheckBox(forms.text("export.encrypt"));
        encrypt.setId("exportEncrypt");
        encrypt.setMnemonicParsing(true);
        encrypt.selectedProperty().bindBidirectional(export.encryptProperty());
        // A directory cannot be encrypted: choosing one turns encryption off.
        var archive = Bindings.createBooleanBinding(() -> format.getValue() != null && format.getValue().isArchive(),
                format.valueProperty());
        encrypt.disableProperty().bind(archive.not());
        archive.addListener((o, was, now) -> {
            if (!now) {
                export.encryptProperty().set(false);
            }
        });
        encrypt.getProperties().put("archiveBinding", archive);
        PasswordField passphrase = new PasswordField();
        passphrase.setId("exportPassphrase");
        passphrase.setPromptText(forms.text("export.passphrase"));
        passphrase.setAccessibleText(forms.text("export.passphrase"));
        PasswordField confirm = new PasswordField();
        confirm.setId("exportPassphraseConfirm");
        confirm.setPromptText(forms.text("export.passphraseConfirm"));
        confirm.setAccessibleText(forms.text("export.passphraseConfirm"));
        for (PasswordField f : new PasswordField[] {passphrase, confirm}) {
            f.visibleProperty().bind(export.encryptProperty());
            f.managedProperty().bind(f.visibleProperty());
        }
        Button run = new Button(forms.text("export.button"));
        run.setId("exportBundle");
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        run.setMnemonicParsing(true);
        // A bundle of an invalid cluster would be refused anyway: say so by disabling the button.
        run.disableProperty().bind(export.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        run.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(forms.text("export.title"));
            chooser.setInitialFileName(export.suggestedName());
            File chosen = chooser.showSaveDialog(root.getScene().getWindow());
            if (chosen != null) {
                exportTo(export, chosen.toPath(), passphrase, confirm);
            }
        });
        ProgressIndicator working = new ProgressIndicator();
        working.setId("exportProgress");
        working.setPrefSize(18, 18);
        working.visibleProperty().bind(export.busyProperty());
        working.managedProperty().bind(working.visibleProperty());
        Label status = new Label();
        status.setId("exportStatus");
        status.setWrapText(true);
        status.getStyleClass().add("save-status");
        status.textProperty().bind(export.statusProperty());
        export.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(Forms.ERROR, now));
        Label label = new Label(forms.text("export.format"));
        label.setLabelFor(format);
        HBox row = new HBox(8, label, format, encrypt, passphrase, confirm, run, working);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return new VBox(4, row, status);
    }

    /** Starts the export with the passphrase fields' text; the fields are cleared once it was handed over. */
    static void exportTo(ExportViewModel export, java.nio.file.Path out, PasswordField passphrase, PasswordField confirm) {
        char[] first = passphrase.getText().toCharArray();
        char[] second = confirm.getText().toCharArray();
        try {
            export.export(out, first, second);
        } finally {
            java.util.Arrays.fill(first, '\0');
            java.util.Arrays.fill(second, '\0');
        }
        if (!export.failedProperty().get() || export.busyProperty().get()) {
            passphrase.clear();
            confirm.clear();
        }
    }

    /** The plan's tasks, the topology diagram and the files, one tab each: the page stays within the window. */
    private static TabPane tabs(ClusterViewModel cluster, PlanViewModel plan, FilePreviewViewModel preview, Forms forms) {
        TopologyDiagram diagram = new TopologyDiagram(forms.messages());
        diagram.setId("reviewDiagram");
        diagram.show(cluster.topologyProperty().get());
        cluster.topologyProperty().addListener((o, was, now) -> diagram.show(now));
        Tab planTab = new Tab(forms.text("review.tab.plan"), planBox(cluster, plan, forms));
        planTab.setId("planTab");
        Tab topologyTab = new Tab(forms.text("review.tab.topology"), new ScrollPane(diagram));
        topologyTab.setId("topologyTab");
        Tab filesTab = new Tab(forms.text("review.tab.files"), files(preview, forms));
        filesTab.setId("filesTab");
        TabPane tabs = new TabPane(planTab, topologyTab, filesTab);
        tabs.setId("reviewTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefHeight(320);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return tabs;
    }

    /** "Show plan" and the plan's tasks by node once it made them. */
    private static VBox planBox(ClusterViewModel cluster, PlanViewModel plan, Forms forms) {
        Button show = new Button(forms.text("plan.button"));
        show.setId("showPlan");
        show.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        show.setMnemonicParsing(true);
        show.setOnAction(e -> plan.show());
        show.disableProperty().bind(plan.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        Label status = new Label();
        status.setId("planStatus");
        status.setWrapText(true);
        status.getStyleClass().add("save-status");
        status.textProperty().bind(plan.statusProperty());
        plan.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(Forms.ERROR, now));
        TreeView<String> tree = new TreeView<>(planTree(plan.planProperty().get(), forms));
        tree.setId("planTree");
        tree.setShowRoot(false);
        tree.setAccessibleText(forms.text("plan.tree"));
        plan.planProperty().addListener((o, was, now) -> tree.setRoot(planTree(now, forms)));
        VBox.setVgrow(tree, Priority.ALWAYS);
        VBox box = new VBox(6, new HBox(8, show, status), tree);
        box.setPadding(new javafx.geometry.Insets(6, 0, 0, 0));
        return box;
    }

    /** node → "3. etcd0/prepare — Prepare etcd0 (after 1, 2; 4 steps)" */
    static TreeItem<String> planTree(java.util.List<PlanViewModel.NodeTasks> plan, Forms forms) {
        TreeItem<String> root = new TreeItem<>();
        for (PlanViewModel.NodeTasks node : plan) {
            TreeItem<String> item = new TreeItem<>(String.format(forms.text("plan.node"), node.node(), node.tasks().size()));
            item.setExpanded(true);
            for (PlanViewModel.TaskLine t : node.tasks()) {
                String after = t.after().isEmpty() ? "" : String.format(forms.text("plan.after"),
                        t.after().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
                item.getChildren().add(new TreeItem<>(String.format(forms.text("plan.task"), t.number(), t.id(),
                        t.title(), after, t.steps())));
            }
            root.getChildren().add(item);
        }
        return root;
    }

    /** "Preview files": a tree of nodes and their files, and the selected file's text (secrets masked). */
    private static VBox files(FilePreviewViewModel preview, Forms forms) {
        Button run = new Button(forms.text("preview.button"));
        run.setId("previewFiles");
        run.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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

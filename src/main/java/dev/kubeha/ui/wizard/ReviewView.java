package dev.kubeha.ui.wizard;

import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.model.Problem;
import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.install.DesktopNotifier;
import dev.kubeha.ui.review.ExportViewModel;
import dev.kubeha.ui.review.FilePreview;
import dev.kubeha.ui.review.FilePreviewViewModel;
import dev.kubeha.ui.review.InstallLauncher;
import dev.kubeha.ui.review.InstallStartViewModel;
import dev.kubeha.ui.review.PlanViewModel;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * Review: a summary of the cluster and every problem the validator finds, as {@code kubeha validate}
 * would; install, export, and tabs for the plan, the topology and the files. The layout is
 * ReviewView.fxml; this class binds it and adds the topology diagram.
 */
final class ReviewView {
    private final ClusterViewModel cluster;
    private final Forms forms;
    private final VBox root;

    @FXML private Label reviewSummary;
    @FXML private ListView<Problem> reviewProblems;
    @FXML private Button install;
    @FXML private Label installPrepareStatus;
    @FXML private Label exportFormatLabel;
    @FXML private ComboBox<BundleFormat> exportFormat;
    @FXML private CheckBox exportEncrypt;
    @FXML private PasswordField exportPassphrase;
    @FXML private PasswordField exportPassphraseConfirm;
    @FXML private Button exportBundle;
    @FXML private ProgressIndicator exportProgress;
    @FXML private Label exportStatus;
    @FXML private CheckBox exportAirGapped;
    @FXML private Label exportArchNote;
    @FXML private ProgressBar exportDownload;
    @FXML private Label exportDownloadText;
    @FXML private Button exportCancel;
    @FXML private Button showPlan;
    @FXML private Label planStatus;
    @FXML private TreeView<String> planTree;
    @FXML private ScrollPane topologyScroll;
    @FXML private Button previewFiles;
    @FXML private Label previewStatus;
    @FXML private TreeView<Object> previewTree;
    @FXML private TextArea previewText;

    ReviewView(ClusterViewModel cluster, FilePreviewViewModel preview, ExportViewModel export, InstallStartViewModel install,
               PlanViewModel plan, Forms forms) {
        this.cluster = cluster;
        this.forms = forms;
        this.root = Fxml.load("wizard/ReviewView", this, forms.messages());
        reviewSummary.textProperty().bind(Bindings.createStringBinding(() -> summary(cluster, forms),
                cluster.topologyProperty(), cluster.problems()));
        forms.showProblems(reviewProblems, cluster.problems(WizardPage.REVIEW));
        bindInstall(install);
        bindExport(export);
        bindPlan(plan);
        bindTopology();
        bindFiles(preview);
    }

    /**
     * "Install…": prepares the plan in the background, asks for confirmation (and the passwords the
     * nodes need), then opens the live install in its own window.
     */
    private void bindInstall(InstallStartViewModel start) {
        install.disableProperty().bind(start.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        installPrepareStatus.textProperty().bind(start.statusProperty());
        start.failedProperty().addListener((o, was, now) -> installPrepareStatus.pseudoClassStateChanged(Forms.ERROR, now));
        InstallLauncher launcher = new InstallLauncher(start, forms.messages(),
                () -> root.getScene() == null ? null : root.getScene().getWindow(), DesktopNotifier.system());
        install.setOnAction(e -> launcher.prepareAndOpen());
        // An installed cluster (its journal finished): Install applies what differs, as kubeha apply converges.
        install.textProperty().bind(Bindings.when(start.installedProperty())
                .then(forms.text("install.applyButton")).otherwise(forms.text("install.button")));
        start.refreshInstalled();
        root.sceneProperty().addListener((o, was, now) -> {
            if (now != null) {
                start.refreshInstalled();
            }
        });
        root.parentProperty().addListener((o, was, now) -> {
            if (now != null) {
                start.refreshInstalled();
            }
        });
        // The page's main action, in the theme's accent (Next is hidden on this last page).
        install.getStyleClass().add("accent");
    }

    /**
     * Format, encryption (passphrase twice, never kept), "Export bundle…" and its outcome; the
     * bundle is written in the background while a spinner turns.
     */
    private void bindExport(ExportViewModel export) {
        ComboBox<BundleFormat> format = exportFormat;
        format.setItems(FXCollections.observableArrayList(BundleFormat.values()));
        format.valueProperty().bindBidirectional(export.formatProperty());
        exportFormatLabel.setLabelFor(format);
        exportEncrypt.selectedProperty().bindBidirectional(export.encryptProperty());
        // A directory cannot be encrypted: choosing one turns encryption off.
        var archive = Bindings.createBooleanBinding(() -> format.getValue() != null && format.getValue().isArchive(),
                format.valueProperty());
        exportEncrypt.disableProperty().bind(archive.not());
        archive.addListener((o, was, now) -> {
            if (!now) {
                export.encryptProperty().set(false);
            }
        });
        exportEncrypt.getProperties().put("archiveBinding", archive);
        for (PasswordField f : new PasswordField[] {exportPassphrase, exportPassphraseConfirm}) {
            f.visibleProperty().bind(export.encryptProperty());
            f.managedProperty().bind(f.visibleProperty());
        }
        // A bundle of an invalid cluster would be refused anyway: say so by disabling the button.
        exportBundle.disableProperty().bind(export.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        exportBundle.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(forms.text("export.title"));
            chooser.setInitialFileName(export.suggestedName());
            File chosen = chooser.showSaveDialog(root.getScene().getWindow());
            if (chosen != null) {
                exportTo(export, chosen.toPath(), exportPassphrase, exportPassphraseConfirm);
            }
        });
        exportProgress.visibleProperty().bind(export.busyProperty());
        exportProgress.managedProperty().bind(exportProgress.visibleProperty());
        exportStatus.textProperty().bind(export.statusProperty());
        // For an air-gapped site: the images too, with the download's bytes, rate, time left and a Cancel.
        exportAirGapped.selectedProperty().bindBidirectional(export.airGappedProperty());
        exportAirGapped.disableProperty().bind(export.busyProperty());
        exportDownload.progressProperty().bind(export.downloadProgressProperty());
        exportDownload.visibleProperty().bind(export.airGappedProperty().or(export.downloadingProperty()));
        exportDownload.managedProperty().bind(exportDownload.visibleProperty());
        exportDownloadText.textProperty().bind(export.downloadTextProperty());
        exportDownloadText.visibleProperty().bind(exportDownload.visibleProperty());
        exportDownloadText.managedProperty().bind(exportDownload.visibleProperty());
        exportCancel.visibleProperty().bind(export.downloadingProperty());
        exportCancel.managedProperty().bind(exportCancel.visibleProperty());
        exportCancel.setOnAction(e -> export.cancel());
        // Which nodes the air-gapped export takes as amd64: said before the export, kept current.
        exportArchNote.textProperty().bind(export.archNoteProperty());
        exportArchNote.visibleProperty().bind(export.airGappedProperty().and(export.archNoteProperty().isNotEmpty()));
        exportArchNote.managedProperty().bind(exportArchNote.visibleProperty());
        export.airGappedProperty().addListener((o, was, now) -> export.refreshArchitectures());
        cluster.snapshotProperty().addListener((o, was, now) -> export.refreshArchitectures());
        export.refreshArchitectures();
        export.failedProperty().addListener((o, was, now) -> exportStatus.pseudoClassStateChanged(Forms.ERROR, now));
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

    /** "Show plan" and the plan's tasks by node once it made them. */
    private void bindPlan(PlanViewModel plan) {
        showPlan.setOnAction(e -> plan.show());
        showPlan.disableProperty().bind(plan.busyProperty().or(cluster.hasErrors(WizardPage.REVIEW)));
        planStatus.textProperty().bind(plan.statusProperty());
        plan.failedProperty().addListener((o, was, now) -> planStatus.pseudoClassStateChanged(Forms.ERROR, now));
        planTree.setRoot(planTree(plan.planProperty().get(), forms));
        plan.planProperty().addListener((o, was, now) -> planTree.setRoot(planTree(now, forms)));
    }

    /** The topology tab: the diagram of the cluster, redrawn from the model. */
    private void bindTopology() {
        TopologyDiagram diagram = new TopologyDiagram(forms.messages());
        diagram.setId("reviewDiagram");
        diagram.show(cluster.topologyProperty().get());
        cluster.topologyProperty().addListener((o, was, now) -> diagram.show(now));
        topologyScroll.setContent(diagram);
    }

    /** node → "3. etcd0/prepare — Prepare etcd0 (after 1, 2; 4 steps)" */
    static TreeItem<String> planTree(java.util.List<PlanViewModel.NodeTasks> plan, Forms forms) {
        TreeItem<String> root = new TreeItem<>();
        for (PlanViewModel.NodeTasks node : plan) {
            TreeItem<String> item = new TreeItem<>(dev.kubeha.ui.fx.Plurals.format(forms.messages(), "plan.node", node.tasks().size(),
                    node.node(), node.tasks().size()));
            item.setExpanded(true);
            for (PlanViewModel.TaskLine t : node.tasks()) {
                String after = t.after().isEmpty() ? "" : String.format(forms.text("plan.after"),
                        t.after().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
                item.getChildren().add(new TreeItem<>(dev.kubeha.ui.fx.Plurals.format(forms.messages(), "plan.task", t.steps(), t.number(),
                        t.id(), t.title(), after, t.steps())));
            }
            root.getChildren().add(item);
        }
        return root;
    }

    /** "Preview files": a tree of nodes and their files, and the selected file's text (secrets masked). */
    private void bindFiles(FilePreviewViewModel preview) {
        previewFiles.setOnAction(e -> preview.preview());
        previewFiles.disableProperty().bind(preview.busyProperty());
        previewStatus.textProperty().bind(preview.statusProperty());
        preview.failedProperty().addListener((o, was, now) -> previewStatus.pseudoClassStateChanged(Forms.ERROR, now));
        previewTree.setRoot(new TreeItem<>());
        preview.previewProperty().addListener((o, was, now) -> previewTree.setRoot(treeOf(now)));
        previewTree.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                preview.select(now != null && now.getValue() instanceof FilePreview.FileEntry f ? f : null));
        previewText.textProperty().bind(preview.contentProperty());
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
        var m = forms.messages();
        String verdict = errors == 0 ? dev.kubeha.ui.fx.Plurals.format(m, "check.valid", warnings, warnings)
                : String.format(forms.text("check.invalid"), dev.kubeha.ui.fx.Plurals.count(m, "count.errors", errors),
                        dev.kubeha.ui.fx.Plurals.count(m, "count.warnings", warnings));
        return String.format(forms.text("review.summary"), cluster.nameProperty().get(),
                cluster.kubernetesVersionProperty().get(), dev.kubeha.ui.fx.Plurals.count(m, "count.controlPlane", t.masters().size()),
                dev.kubeha.ui.fx.Plurals.count(m, "count.etcdMembers", t.etcdMembers().size()),
                ProblemWords.plain(forms.text(t.etcdOnMasters() ? "etcd.coLocated" : "etcd.dedicated")),
                dev.kubeha.ui.fx.Plurals.count(m, "count.workers", t.workers().size()),
                t.loadBalancer().isEmpty() ? "\u2014" : t.loadBalancer()) + "\n" + verdict;
    }

    Parent root() {
        return root;
    }
}

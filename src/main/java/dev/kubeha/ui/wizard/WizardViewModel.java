package dev.kubeha.ui.wizard;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ParsedCluster;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.review.ExportViewModel;
import dev.kubeha.ui.review.FilePreviewViewModel;
import dev.kubeha.ui.review.InstallStartViewModel;
import dev.kubeha.ui.review.PlanViewModel;
import dev.kubeha.ui.review.ReviewInput;
import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The wizard as a whole: which page is shown, where the cluster lives on disk, opening, saving and
 * the recent files. Disk work goes through the {@link UiExecutor}; its failures land in the
 * property of the place that started it (the Welcome page for opening, the footer for saving).
 */
public final class WizardViewModel {
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final RecentClusters recentStore;
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final ClusterViewModel cluster;
    private final FilePreviewViewModel preview;
    private final ExportViewModel export;
    private final InstallStartViewModel install;
    private final HostsViewModel hosts;
    private final PlanViewModel plan;
    private final ObjectProperty<WizardPage> page = new SimpleObjectProperty<>(WizardPage.WELCOME);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty openFailure = new SimpleStringProperty("");
    private final StringProperty openNotice = new SimpleStringProperty("");
    private final StringProperty saveStatus = new SimpleStringProperty("");
    private final BooleanProperty saveFailed = new SimpleBooleanProperty(false);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final Function<Cluster, Path> workspaceFor;
    private final ObjectProperty<InstallStartViewModel.Resume> resumeOffer = new SimpleObjectProperty<>();
    private final dev.kubeha.ui.cluster.ClusterPageViewModel clusterPage;
    /** The workspace records a finished install of the cluster (or a run here succeeded): the Cluster page is offered. */
    private final BooleanProperty installed = new SimpleBooleanProperty(false);
    /** The Cluster page shows instead of the wizard's page. */
    private final BooleanProperty clusterShown = new SimpleBooleanProperty(false);
    private final BooleanBinding canGoNext;
    private final BooleanBinding canGoBack;

    public WizardViewModel(UiExecutor executor, ResourceBundle messages, RecentClusters recentStore) {
        this(executor, messages, recentStore, cluster -> dev.kubeha.operation.Workspace.defaultFor(cluster).root());
    }

    /** @param workspaceFor where a cluster's PKI lives; tests give a temporary directory */
    public WizardViewModel(UiExecutor executor, ResourceBundle messages, RecentClusters recentStore,
                           Function<Cluster, Path> workspaceFor) {
        this.executor = executor;
        this.messages = messages;
        this.recentStore = recentStore;
        this.workspaceFor = workspaceFor;
        this.cluster = new ClusterViewModel(executor, this::validationContext);
        ReviewInput review = new ReviewInput(cluster::toCluster, cluster.snapshotProperty(), file::get, this::validationContext, workspaceFor);
        this.preview = new FilePreviewViewModel(review, executor, messages);
        this.export = new ExportViewModel(review, executor, messages);
        this.install = new InstallStartViewModel(review, executor, messages);
        this.hosts = new HostsViewModel(cluster, messages, executor, this::validationContext, workspaceFor);
        this.plan = new PlanViewModel(review, executor, messages);
        this.clusterPage = new dev.kubeha.ui.cluster.ClusterPageViewModel(cluster::toCluster, file::get,
                this::validationContext, workspaceFor, executor, messages, dev.kubeha.operation.TransportFactory.SSH,
                java.time.Clock.systemUTC());
        clusterPage.onClusterFileChanged(this::reread);
        // Once a run here succeeded the cluster is there: its page is offered.
        install.installedProperty().addListener((o, was, now) -> {
            if (now) {
                installed.set(true);
            }
        });
        // An air-gapped export carries the images and packages of the architectures the connection test reported.
        export.useReportedArchitectures(this::reportedArchitectures);
        // Nodes without internet: the export is for an air-gapped site too, as kubeha export with airGapped.
        cluster.airGappedProperty().addListener((o, was, now) -> {
            if (now) {
                export.airGappedProperty().set(true);
            }
        });
        // From the full list, not the page's filtered view: a binding on the source list may run
        // before the filtered view has caught up.
        canGoNext = Bindings.createBooleanBinding(() -> !page.get().isLast() && cluster.problems().stream()
                .noneMatch(p -> p.isError() && page.get().owns(p)), page, cluster.problems());
        canGoBack = Bindings.createBooleanBinding(() -> !page.get().isFirst(), page);
        // The connection test may have run since: Review says which nodes an export takes as amd64.
        page.addListener((o, was, now) -> {
            if (now == WizardPage.REVIEW) {
                export.refreshArchitectures();
            }
        });
    }

    /** Node name to architecture, for every host whose connection test told it. */
    private java.util.Map<String, String> reportedArchitectures() {
        java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
        for (HostRow row : cluster.hosts()) {
            dev.kubeha.exec.HostProbe.Report report = row.probeProperty().get();
            if (report != null && report.arch() != null && row.nameProperty().get() != null) {
                found.put(row.nameProperty().get().strip(), report.arch());
            }
        }
        return found;
    }

    /** Relative identity files and manifests are relative to the cluster file, as for the CLI. */
    private ValidationContext validationContext() {
        return file.get() == null ? ValidationContext.currentDirectory() : ValidationContext.forFile(file.get());
    }

    /** Reads the recent-clusters list in the background (the window shows before it arrives). */
    public void loadRecent() {
        executor.run(recentStore::read, recent::setAll, e -> recent.clear());
    }

    /**
     * Goes to the next page; while this page has errors, stays and shows every message about its
     * fields instead, and returns the first error (the view focuses its field). Null when it moved.
     */
    public Problem next() {
        WizardPage here = page.get();
        // Passed or not, the page has been looked at: its warnings show too when the user comes back.
        cluster.reveal(here);
        if (canGoNext.get()) {
            page.set(here.next());
            return null;
        }
        return cluster.problems().stream().filter(p -> p.isError() && here.owns(p)).findFirst().orElse(null);
    }

    public void back() {
        page.set(page.get().previous());
    }

    /** Jumps from the step rail; any page may be looked at, only Next is held back by errors. */
    public void show(WizardPage target) {
        clusterShown.set(false);
        page.set(target);
    }

    /** Shows the Cluster page of the installed cluster: what its file and PKI say, until Refresh asks the nodes. */
    public void showCluster() {
        if (!clusterShown.get()) {
            clusterShown.set(true);
            clusterPage.load();
        }
    }

    /**
     * Add nodes: the Hosts page with the cluster's installed nodes locked (not editable, not
     * removable); new hosts are added there, then Review's Apply changes joins them.
     */
    public void addNodes() {
        hosts.lock(cluster.hosts().stream().map(r -> r.nameProperty().get()).filter(n -> n != null && !n.isBlank())
                .map(String::strip).collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
        show(WizardPage.HOSTS);
    }

    /** Reads the cluster file again after an action rewrote it (a node removed); the page shown stays. */
    private void reread(Runnable after) {
        Path path = file.get();
        if (path == null) {
            after.run();
            return;
        }
        executor.run(() -> ClusterFiles.read(path), parsed -> {
            cluster.load(parsed.cluster());
            hosts.lock(java.util.Set.of());
            after.run();
        }, e -> openFailure.set(e instanceof ClusterFileException ? e.getMessage()
                : messages.getString("wizard.unexpected") + " " + e.getClass().getSimpleName()));
    }

    public void newCluster() {
        file.set(null);
        installed.set(false);
        clusterShown.set(false);
        cluster.loadNew();
        openFailure.set("");
        openNotice.set("");
        saveStatus.set("");
        page.set(WizardPage.WELCOME);
    }

    /** Reads a cluster file in the background; on success the wizard edits it, else the Welcome page says why. */
    public void open(Path path) {
        open(path, WizardPage.HOSTS);
    }

    /** As {@link #open(Path)}, showing {@code then} once the file is read (the demo stays on Welcome). */
    public void open(Path path, WizardPage then) {
        busy.set(true);
        openFailure.set("");
        openNotice.set("");
        resumeOffer.set(null);
        executor.run(() -> {
            ParsedCluster parsed = ClusterFiles.read(path);
            rememberQuietly(path);
            return new Opened(parsed, unfinishedRun(parsed.cluster()), finishedInstall(parsed.cluster()));
        }, opened -> {
            opened(path, opened.parsed(), then);
            installed.set(opened.finished());
            clusterShown.set(false);
            if (opened.finished()) {
                showCluster();
            }
            resumeOffer.set(opened.resume());
        }, e -> {
            busy.set(false);
            // ClusterFileException messages name the file, line and column: show them as they are.
            openFailure.set(e instanceof ClusterFileException ? e.getMessage()
                    : messages.getString("wizard.unexpected") + " " + e.getClass().getSimpleName());
        });
    }

    private record Opened(ParsedCluster parsed, InstallStartViewModel.Resume resume, boolean finished) {
    }

    /** Whether the cluster's workspace records a finished install: opening it shows its Cluster page. */
    private boolean finishedInstall(Cluster opened) {
        try {
            return dev.kubeha.operation.Decision.of(dev.kubeha.operation.Workspace.at(workspaceFor.apply(opened)),
                    opened.name()) instanceof dev.kubeha.operation.Decision.Finished;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * An install of the cluster that stopped before it finished (the app was closed mid-run, a node
     * failed): offered when the cluster is opened. Offering is a convenience: a journal that cannot
     * be read is reported by Install, not by opening.
     */
    private InstallStartViewModel.Resume unfinishedRun(Cluster opened) {
        try {
            return InstallStartViewModel.Resume.find(workspaceFor.apply(opened), opened.name()).orElse(null);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private void opened(Path path, ParsedCluster parsed, WizardPage then) {
        busy.set(false);
        file.set(path);
        cluster.load(parsed.cluster());
        hosts.lock(java.util.Set.of());
        saveStatus.set("");
        loadRecent();
        if (!parsed.problems().isEmpty()) {
            // What the reader had to drop (unknown fields, bad enum values) is not in the model any
            // more, so the validator cannot report it: say it here, once.
            openNotice.set(dev.kubeha.ui.fx.Plurals.format(messages, "welcome.readProblems", parsed.problems().size(),
                    parsed.problems().size())
                    + "\n" + parsed.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        page.set(then);
    }

    /**
     * Saves to the current file; returns false (and does nothing) when there is none yet, so the
     * view asks for one and calls {@link #saveAs}.
     */
    public boolean save(Runnable afterSaved) {
        if (file.get() == null) {
            return false;
        }
        saveAs(file.get(), afterSaved);
        return true;
    }

    public void saveAs(Path target, Runnable afterSaved) {
        var snapshot = cluster.toCluster();
        busy.set(true);
        executor.run(() -> {
            ClusterFiles.write(snapshot, target);
            rememberQuietly(target);
            return target;
        }, saved -> {
            busy.set(false);
            file.set(saved);
            cluster.markSaved();
            saveFailed.set(false);
            saveStatus.set(String.format(messages.getString("wizard.saved"), saved));
            loadRecent();
            afterSaved.run();
        }, e -> {
            busy.set(false);
            saveFailed.set(true);
            saveStatus.set(String.format(messages.getString("wizard.saveFailed"), target,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        });
    }

    /** Recent files are a convenience: failing to record one must not fail an open or a save. */
    private void rememberQuietly(Path path) {
        try {
            recentStore.remember(path);
        } catch (java.io.IOException | RuntimeException ignored) {
            // the list stays as it was
        }
    }

    /** A suggested file name for Save as. */
    public String suggestedFileName() {
        String name = cluster.nameProperty().get();
        return (name == null || name.isBlank() ? "cluster" : name.strip()) + ".json";
    }

    public ExportViewModel export() {
        return export;
    }

    public PlanViewModel plan() {
        return plan;
    }

    public HostsViewModel hosts() {
        return hosts;
    }

    public dev.kubeha.ui.cluster.ClusterPageViewModel clusterPage() {
        return clusterPage;
    }

    public ReadOnlyBooleanProperty installedProperty() {
        return installed;
    }

    public ReadOnlyBooleanProperty clusterShownProperty() {
        return clusterShown;
    }

    public InstallStartViewModel install() {
        return install;
    }

    public FilePreviewViewModel preview() {
        return preview;
    }

    public ClusterViewModel cluster() {
        return cluster;
    }

    public ReadOnlyObjectProperty<WizardPage> pageProperty() {
        return page;
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    public BooleanBinding canGoBackProperty() {
        return canGoBack;
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty openFailureProperty() {
        return openFailure;
    }

    public ReadOnlyStringProperty openNoticeProperty() {
        return openNotice;
    }

    public ReadOnlyStringProperty saveStatusProperty() {
        return saveStatus;
    }

    public ReadOnlyBooleanProperty saveFailedProperty() {
        return saveFailed;
    }

    public ObservableList<Path> recent() {
        return recent;
    }

    /** Set after an open finds an unfinished install of the cluster in its workspace; null otherwise. */
    public ReadOnlyObjectProperty<InstallStartViewModel.Resume> resumeOfferProperty() {
        return resumeOffer;
    }

}

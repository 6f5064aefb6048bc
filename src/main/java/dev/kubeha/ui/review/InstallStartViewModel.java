package dev.kubeha.ui.review;

import dev.kubeha.artifact.Downloader;
import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.PackageRepositories;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.KubernetesReleases;
import dev.kubeha.model.Node;
import dev.kubeha.operation.AirGapCarry;
import dev.kubeha.operation.ApplyOperation;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.Decision;
import dev.kubeha.operation.Secrets;
import dev.kubeha.operation.Workspace;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.install.InstallViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * "Install" on the Review page: prepares the plan in the background as {@code kubeha apply} does
 * (same workspace, same PKI), resumes an unfinished run, converges on an installed cluster (a
 * finished journal or a cluster found on the nodes: only what differs, then the verification), and starts an
 * {@link InstallViewModel} once the user confirmed and gave the passwords the nodes need.
 */
public final class InstallStartViewModel {

    /**
     * A checked cluster, where each node is reached and, once every node has a private address,
     * the prepared plan; without one, the addresses are detected over SSH when the run starts.
     */
    public record Ready(PlanPreparation.Checked checked, Path workspace, PlanPreparation.Prepared prepared,
                        Map<String, SshTarget> targets, Resume resume, boolean installed) {
        /** A fresh install: no earlier run in the workspace. */
        public Ready(PlanPreparation.Checked checked, Path workspace, PlanPreparation.Prepared prepared,
                     Map<String, SshTarget> targets) {
            this(checked, workspace, prepared, targets, null, false);
        }

        /** An install, or the resume of an unfinished one ({@code resume} not null). */
        public Ready(PlanPreparation.Checked checked, Path workspace, PlanPreparation.Prepared prepared,
                     Map<String, SshTarget> targets, Resume resume) {
            this(checked, workspace, prepared, targets, resume, false);
        }

        /** Nodes that log in with a password (no key file). */
        public List<String> withoutKey() {
            return targets.values().stream().filter(t -> t.identityFile() == null).map(SshTarget::node).toList();
        }

        public boolean needsSudo() {
            return targets.values().stream().anyMatch(SshTarget::sudo);
        }

        /** Nodes whose private address is detected before the plan is made. */
        public List<String> undetected() {
            return PlanPreparation.withoutPrivateAddress(checked.cluster()).stream().map(Node::name).toList();
        }
    }

    /**
     * An earlier run of the cluster that stopped before it finished, as its journal tells: the run
     * resumes from it (what succeeded is not run again).
     *
     * @param unfinished ids of the tasks that did not succeed, in plan order
     */
    public record Resume(Path journal, int done, int total, List<String> unfinished) {
        public Resume {
            unfinished = List.copyOf(unfinished);
        }

        /**
         * The unfinished run of {@code cluster} recorded in {@code workspace}, if any; a journal of
         * another cluster or of a finished run is none.
         */
        public static java.util.Optional<Resume> find(Path workspace, String cluster) throws java.io.IOException {
            return Decision.of(Workspace.at(workspace), cluster) instanceof Decision.Resume r
                    ? java.util.Optional.of(of(r)) : java.util.Optional.empty();
        }

        static Resume of(Decision.Resume r) {
            return new Resume(r.journal(), r.done(), r.total(), r.unfinished());
        }

        /** "3 of 9 tasks done, 6 left (a, b, c, …)". */
        public String describe(ResourceBundle messages) {
            List<String> shown = unfinished.size() > 4 ? unfinished.subList(0, 4) : unfinished;
            return String.format(messages.getString("resume.progress"), done, total, total - done,
                    String.join(", ", shown) + (unfinished.size() > shown.size() ? ", \u2026" : ""));
        }
    }

    private final ReviewInput input;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final BackgroundStatus state;
    private ImageSources imageSources = ImageSources.none();
    private Path cacheRoot;
    private PackageRepositories packageRepositories;
    private Consumer<Runnable> toFxThread = Platform::runLater;
    /** Whether the workspace's journal records a finished install of the cluster: Install applies changes. */
    private final ReadOnlyBooleanWrapper installed = new ReadOnlyBooleanWrapper(false);

    public InstallStartViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        this.input = input;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
    }

    /**
     * Prepares in the background as the run will, holding the workspace meanwhile: what its journal
     * says, and the plan when every node has a private address. {@code onReady} runs on the FX
     * thread, errors go to the status.
     */
    public void prepare(Consumer<Ready> onReady) {
        ReviewInput.Snapshot snapshot = input.snapshot();
        state.start(messages.getString("install.preparing"));
        executor.run(() -> {
            PlanPreparation.Checked checked = snapshot.check();
            PlanPreparation.requireValid(checked);
            requireAirGapChoice(checked.cluster());
            try (ApplyOperation operation = ApplyOperation.open(checked, snapshot.workspace(), Secrets.from(null),
                    "the kubeha window, preparing the install of " + checked.cluster().name())) {
                Resume resume = resumable(operation.decision(), checked.cluster().name());
                // As a dry run of apply: the journal tells whether the cluster is installed; the run also looks at the nodes.
                boolean converge = resume == null && operation.fromJournal(false).mode() == ApplyOperation.Mode.CONVERGE;
                PlanPreparation.Prepared prepared = operation.undetected().isEmpty() ? operation.prepare() : null;
                return new Ready(checked, operation.workspace().root(), prepared, operation.targets(), resume, converge);
            }
        }, ready -> {
            state.done("");
            installed.set(ready.installed());
            onReady.accept(ready);
        }, state::fail);
    }

    /**
     * Starts the run over SSH through an {@link ApplyOperation} that holds the workspace until the
     * install window closes: first, when nodes have no private address, detects them and prepares
     * the plan (in the background); then the run, whose view model {@code onStarted} gets on the FX
     * thread. Failures before the run go to this page's status. {@code askPassphrase} is asked on a
     * run thread when a key file is encrypted. The passwords (null or empty for none) are copied
     * into the operation's {@link Secrets}, so that Retry can use them again; the caller wipes its own.
     */
    public void start(Ready ready, char[] loginPassword, char[] sudoPassword, HostKeyPolicy hostKeys,
                      Function<Path, char[]> askPassphrase, Consumer<InstallViewModel> onStarted) {
        Secrets secrets = Secrets.from((kind, subject) -> kind == Secrets.Kind.KEY_PASSPHRASE
                ? askPassphrase.apply(Path.of(subject)) : null)
                .give(Secrets.Kind.LOGIN_PASSWORD, loginPassword)
                .give(Secrets.Kind.SUDO_PASSWORD, sudoPassword);
        state.start(ready.prepared() == null ? String.format(messages.getString("install.detecting"),
                String.join(", ", ready.undetected())) : "");
        ImageSources images = imageSources;
        Path cache = cacheRoot;
        PackageRepositories repositories = packageRepositories;
        Consumer<Runnable> post = toFxThread;
        executor.run(() -> {
            EtcdTarballs tarballs = EtcdTarballs.standard();
            // As kubeha apply with airGapped.packages: the folder may hold the etcd release tarball too.
            EtcdTarballs.Sources sources = AirGapSetting.etcdSources(ready.checked(), EtcdTarballs.Sources.fromEnvironment());
            requireEtcdTarball(ready.checked().cluster(), tarballs, sources);
            requireAirGapChoice(ready.checked().cluster());
            ApplyOperation operation = ApplyOperation.open(ready.checked(), Workspace.at(ready.workspace()), secrets,
                    "the kubeha window, installing " + ready.checked().cluster().name());
            try {
                // The journal may have changed since the question was asked: the run follows what it says now.
                Resume resume = resumable(operation.decision(), ready.checked().cluster().name());
                operation.connect(hostKeys);
                operation.detectPrivateAddresses(ExecOptions.DEFAULT_CONCURRENCY);
                // As kubeha apply: the journal and a look at the nodes tell whether this installs, resumes or converges.
                operation.look(resume != null, ExecOptions.DEFAULT_CONCURRENCY);
                // etcd run by systemd: the release tarball from the cache or etcd's releases, checked here.
                operation.bringEtcd(tarballs, sources, ExecOptions.DEFAULT_CONCURRENCY, note -> { });
                if (operation.checked().cluster().airGapped() != null) {
                    carry(operation, images, cache, repositories, post);
                }
                operation.prepare();
                return operation;
            } catch (Exception e) {
                operation.close();
                throw e;
            }
        }, operation -> {
            state.done("");
            PlanPreparation.Prepared prepared = operation.prepared();
            InstallViewModel install = new InstallViewModel(prepared.plan(), prepared.cluster(),
                    operation.workspace().root(), executor, messages, Clock.systemUTC());
            if (operation.found().mode() == ApplyOperation.Mode.CONVERGE) {
                install.converging(operation.changesNothing());
            }
            // Once a run succeeded the cluster is there: the next Install applies changes.
            install.phaseProperty().addListener((o, was, now) -> {
                if (now == InstallViewModel.Phase.SUCCEEDED) {
                    installed.set(true);
                }
            });
            install.start(operation.run(), ExecOptions.DEFAULT_CONCURRENCY, operation.resumes());
            onStarted.accept(install);
        }, e -> {
            secrets.close();
            state.fail(e);
        });
    }

    /**
     * The nodes have no internet: every image and the packages come from this machine, as {@code
     * kubeha apply} brings them with {@code airGapped} (the nodes' architectures asked over SSH),
     * the status telling each step and the images' bytes, rate and time left.
     */
    private void carry(ApplyOperation operation, ImageSources images, Path cache, PackageRepositories repositories,
                       Consumer<Runnable> post)
            throws PlanPreparation.PreparationException, OperationException {
        java.util.Optional<String> offline = Downloader.offlineReason();
        if (offline.isPresent()) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("export.airGapped.offline"),
                    offline.get()));
        }
        post.accept(() -> state.note(messages.getString("install.carrying")));
        AirGapCarry.Request request = AirGapSetting.request(operation.checked(), images, cache, repositories, messages);
        try {
            operation.carry(request, ExecOptions.DEFAULT_CONCURRENCY,
                    AirGapSetting.statusListener(messages, line -> post.accept(() -> state.note(line)), System::nanoTime));
        } catch (AirGapCarry.CarryException e) {
            throw new PlanPreparation.PreparationException(AirGapSetting.failure(e, messages));
        }
    }

    /** Without internet, the nodes need a distribution's packages or a packages folder: refused before anything else. */
    private void requireAirGapChoice(Cluster cluster) throws PlanPreparation.PreparationException {
        java.util.Optional<String> refused = AirGapSetting.refusal(cluster, messages);
        if (refused.isPresent()) {
            throw new PlanPreparation.PreparationException(refused.get());
        }
    }

    /** Where the images of an air-gapped install come from (mirrors, plain-HTTP registries); none by default. */
    public void useImageSources(ImageSources sources) {
        this.imageSources = sources;
    }

    /** The cache an air-gapped install's images and packages go through; by default KUBEHA_CACHE, else ~/.kubeha/cache. */
    public void useCacheRoot(Path root) {
        this.cacheRoot = root;
    }

    /** Where an air-gapped install's packages come from; by default the repositories, or KUBEHA_PACKAGE_MIRROR. */
    public void usePackageRepositories(PackageRepositories repositories) {
        this.packageRepositories = repositories;
    }

    /** How the carry's progress reaches the FX thread; {@code Platform::runLater} by default. */
    public void useFxThread(Consumer<Runnable> post) {
        this.toFxThread = post;
    }

    /**
     * etcd run by systemd needs its release tarball, which the window gets only from the cache or
     * a download checked against a published sha256: without one, it stops before any node is
     * reached, saying what to choose instead.
     */
    private void requireEtcdTarball(Cluster cluster, EtcdTarballs tarballs, EtcdTarballs.Sources sources)
            throws PlanPreparation.PreparationException {
        if (tarballs.unavailableFor(cluster, sources).isPresent()) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("install.etcdTarballUnknown"),
                    cluster.etcdVersion(), String.join(", ", KubernetesReleases.builtIn().etcdVersionsWithChecksums())));
        }
    }

    /**
     * The earlier run to resume, or null when there is none. A journal of another cluster stops the
     * start (this workspace is not the cluster's); a finished install converges, as {@code kubeha apply}.
     */
    private Resume resumable(Decision decision, String clusterName) throws PlanPreparation.PreparationException {
        if (decision instanceof Decision.OtherCluster other) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("install.journalOtherCluster"),
                    other.journal(), other.recorded(), clusterName));
        }
        return decision instanceof Decision.Resume r ? Resume.of(r) : null;
    }

    /**
     * Reads the workspace's journal of the wizard's cluster now: whether it records a finished
     * install, so that Install says it applies changes. FX thread (a small file); an unreadable
     * journal is left to the start to report.
     */
    public void refreshInstalled() {
        ReviewInput.Snapshot snapshot = input.snapshot();
        String name = snapshot.cluster().name();
        if (name == null || name.isBlank()) {
            installed.set(false);
            return;
        }
        try {
            installed.set(Decision.of(snapshot.workspace(), name) instanceof Decision.Finished);
        } catch (java.io.IOException | RuntimeException e) {
            installed.set(false);
        }
    }

    /** Whether the cluster is installed (its journal finished, or a run here succeeded): Install applies changes. */
    public ReadOnlyBooleanProperty installedProperty() {
        return installed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return state.statusProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return state.failedProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return state.busyProperty();
    }
}

package dev.kubeha.ui.wizard;

import dev.kubeha.model.ApiServer;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.Cni;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.KubernetesReleases;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Networking;
import dev.kubeha.model.PkiSettings;
import dev.kubeha.model.Problem;
import dev.kubeha.model.SshSettings;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.ui.fx.UiExecutor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The cluster being edited, as JavaFX properties every wizard page binds to. {@link #toCluster()}
 * is the only way values leave the wizard; validation is {@link ClusterValidator} on that snapshot,
 * run through the {@link UiExecutor} (it looks at identity and manifest files), at most one run in
 * flight: edits made meanwhile are folded into one more run, so a burst of keystrokes costs two
 * validations, not one per key.
 */
public final class ClusterViewModel {
    /** A new cluster's: the newest patch of the newest supported release. */
    public static final String DEFAULT_KUBERNETES_VERSION = KubernetesReleases.builtIn().defaultVersion();
    public static final String DEFAULT_POD_SUBNET = "10.244.0.0/16";

    private final UiExecutor executor;
    private final Supplier<ValidationContext> context;

    private String apiVersion = Cluster.API_VERSION;
    private String kind = Cluster.KIND;
    /** The site registry settings of the file, kept as they are (the wizard does not edit them yet). */
    private dev.kubeha.model.ImageSettings images;
    /** "The nodes have no internet" (cluster.json's airGapped), with the nodes' distribution and a packages folder. */
    private final BooleanProperty airGapped = new SimpleBooleanProperty(false);
    private final StringProperty airGappedDistro = new SimpleStringProperty("");
    private final StringProperty airGappedPackages = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty kubernetesVersion = new SimpleStringProperty("");
    private final StringProperty sshUser = new SimpleStringProperty("");
    private final StringProperty sshPort = new SimpleStringProperty("");
    private final StringProperty sshIdentityFile = new SimpleStringProperty("");
    private final BooleanProperty sshSudo = new SimpleBooleanProperty();
    private final StringProperty privateInterface = new SimpleStringProperty("");
    private final ObservableList<HostRow> hosts = FXCollections.observableArrayList(HostRow::observables);
    private final ObjectProperty<EtcdTopology> etcdTopology = new SimpleObjectProperty<>(EtcdTopology.CO_LOCATED);
    private final ObjectProperty<EtcdRuntime> etcdRuntime = new SimpleObjectProperty<>(EtcdRuntime.STATIC_POD);
    private final StringProperty etcdVersion = new SimpleStringProperty("");
    private final ObjectProperty<LoadBalancerMode> lbMode = new SimpleObjectProperty<>(LoadBalancerMode.EXTERNAL);
    private final StringProperty lbEndpoint = new SimpleStringProperty("");
    private final StringProperty lbVirtualIp = new SimpleStringProperty("");
    /** apiServer.certSANs, one property per entry so that each is edited in place. */
    private final ObservableList<StringProperty> certSans =
            FXCollections.observableArrayList(p -> new Observable[] {p});
    private final StringProperty podSubnet = new SimpleStringProperty("");
    private final StringProperty serviceSubnet = new SimpleStringProperty("");
    private final StringProperty dnsDomain = new SimpleStringProperty("");
    private final ObjectProperty<KeyAlgorithm> keyAlgorithm = new SimpleObjectProperty<>(KeyAlgorithm.RSA_2048);
    private final StringProperty certificateValidity = new SimpleStringProperty("");
    private final StringProperty caValidity = new SimpleStringProperty("");
    private final StringProperty cniManifest = new SimpleStringProperty("");

    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final Map<WizardPage, FilteredList<Problem>> problemsByPage = new EnumMap<>(WizardPage.class);
    private final Map<WizardPage, FilteredList<Problem>> shownByPage = new EnumMap<>(WizardPage.class);
    /** Field paths (or prefixes) whose messages are shown: edited or left by the user, or brought up by an edit. */
    private final java.util.Set<String> revealedPaths = new java.util.HashSet<>();
    /** Pages on which Next was pressed (all of them for an opened file). */
    private final java.util.Set<WizardPage> revealedPages = java.util.EnumSet.noneOf(WizardPage.class);
    /** A problem's path to the edited field that brought it up, when that is another field. */
    private final Map<String, String> causedBy = new java.util.HashMap<>();
    /** The fields edited since the last validation started. */
    private final java.util.Set<String> pendingEdits = new java.util.LinkedHashSet<>();
    /** Counts changes of what {@link #isRevealed} answers (read before each change, so that it fires every time). */
    private final javafx.beans.property.IntegerProperty revealState = new javafx.beans.property.SimpleIntegerProperty();
    private final ObjectProperty<Topology> topology = new SimpleObjectProperty<>();
    /** The latest {@link #toCluster()}, for views that follow every change without polling. */
    private final ObjectProperty<Cluster> snapshot = new SimpleObjectProperty<>();
    private final BooleanProperty modified = new SimpleBooleanProperty(false);
    /** True until the first validation after a load or edit has come back. */
    private final BooleanProperty validating = new SimpleBooleanProperty(false);

    /** Set when the topology was switched for the user (see {@link #followEtcdRole}); shown on the Hosts page. */
    private final BooleanProperty switchedToDedicated = new SimpleBooleanProperty(false);
    private boolean hadEtcdRole;
    private boolean loading;
    private boolean validationRunning;
    private boolean validationWanted;

    /**
     * @param context where relative identity-file and manifest paths point (the cluster file's
     *                directory once there is one); asked at each validation
     */
    public ClusterViewModel(UiExecutor executor, Supplier<ValidationContext> context) {
        this.executor = executor;
        this.context = context;
        for (WizardPage page : WizardPage.values()) {
            problemsByPage.put(page, new FilteredList<>(problems, page::owns));
            shownByPage.put(page, new FilteredList<>(problems, p -> false));
        }
        editablePaths().forEach((o, path) -> o.addListener(change -> edited(path)));
        hosts.addListener((Observable o) -> followEtcdRole());
        loadNew();
    }

    /** Every edited value and the field path (or path prefix, for lists) the validator names it by. */
    private Map<Observable, String> editablePaths() {
        // By identity: two empty lists are equal.
        Map<Observable, String> paths = new java.util.IdentityHashMap<>();
        paths.put(name, "name");
        paths.put(kubernetesVersion, "kubernetesVersion");
        paths.put(sshUser, "ssh.user");
        paths.put(sshPort, "ssh.port");
        paths.put(sshIdentityFile, "ssh.identityFile");
        paths.put(sshSudo, "ssh.sudo");
        paths.put(privateInterface, "privateInterface");
        paths.put(hosts, "nodes");
        paths.put(etcdTopology, "etcd.topology");
        paths.put(etcdRuntime, "etcd.runtime");
        paths.put(etcdVersion, "etcd.version");
        paths.put(lbMode, "loadBalancer.mode");
        paths.put(lbEndpoint, "loadBalancer.endpoint");
        paths.put(lbVirtualIp, "loadBalancer.virtualIp");
        paths.put(certSans, "apiServer.certSANs");
        paths.put(podSubnet, "networking.podSubnet");
        paths.put(serviceSubnet, "networking.serviceSubnet");
        paths.put(dnsDomain, "networking.dnsDomain");
        paths.put(keyAlgorithm, "pki.keyAlgorithm");
        paths.put(certificateValidity, "pki.certificateValidity");
        paths.put(caValidity, "pki.caValidity");
        paths.put(cniManifest, "cni.manifest");
        paths.put(airGapped, "airGapped");
        paths.put(airGappedDistro, "airGapped.distro");
        paths.put(airGappedPackages, "airGapped.packages");
        return paths;
    }

    /** A blank cluster with kubeadm's defaults filled in, so that the user starts from sensible values. */
    public void loadNew() {
        load(false, new Cluster(null, null, "", DEFAULT_KUBERNETES_VERSION, new SshSettings(null, null, null, null), null,
                List.of(), EtcdSettings.defaults(), LoadBalancer.defaults(),
                new Networking(DEFAULT_POD_SUBNET, null, null), PkiSettings.defaults(), null));
    }

    /**
     * Replaces everything being edited with an opened file's cluster; the result counts as
     * unmodified, and every problem of the file is shown at once (they are what the user came to fix).
     */
    public void load(Cluster cluster) {
        load(true, cluster);
    }

    private void load(boolean revealEverything, Cluster cluster) {
        loading = true;
        try {
            apiVersion = cluster.apiVersion();
            kind = cluster.kind();
            images = cluster.images();
            airGapped.set(cluster.airGapped() != null);
            airGappedDistro.set(cluster.airGapped() == null ? "" : HostRow.text(cluster.airGapped().distro()));
            airGappedPackages.set(cluster.airGapped() == null ? "" : HostRow.text(cluster.airGapped().packages()));
            name.set(HostRow.text(cluster.name()));
            kubernetesVersion.set(HostRow.text(cluster.kubernetesVersion()));
            sshUser.set(cluster.ssh().user());
            sshPort.set(String.valueOf(cluster.ssh().port()));
            sshIdentityFile.set(HostRow.text(cluster.ssh().identityFile()));
            sshSudo.set(cluster.ssh().sudo());
            privateInterface.set(HostRow.text(cluster.privateInterface()));
            hosts.setAll(cluster.nodes().stream().map(HostRow::of).toList());
            etcdTopology.set(cluster.etcd().topology());
            etcdRuntime.set(cluster.etcd().runtime());
            etcdVersion.set(HostRow.text(cluster.etcd().version()));
            lbMode.set(cluster.loadBalancer().mode());
            lbEndpoint.set(HostRow.text(ownEndpoint(cluster.loadBalancer())));
            lbVirtualIp.set(HostRow.text(cluster.loadBalancer().virtualIp()));
            certSans.setAll(cluster.extraCertSans().stream().map(s -> (StringProperty) new SimpleStringProperty(s)).toList());
            podSubnet.set(HostRow.text(cluster.networking().podSubnet()));
            serviceSubnet.set(cluster.networking().serviceSubnet());
            dnsDomain.set(cluster.networking().dnsDomain());
            keyAlgorithm.set(cluster.pki().keyAlgorithm());
            certificateValidity.set(cluster.pki().certificateValidity());
            caValidity.set(cluster.pki().caValidity());
            cniManifest.set(cluster.cni() == null ? "" : HostRow.text(cluster.cni().manifest()));
        } finally {
            loading = false;
        }
        hadEtcdRole = anyEtcdRole();
        switchedToDedicated.set(false);
        modified.set(false);
        pendingEdits.clear();
        causedBy.clear();
        revealedPaths.clear();
        revealedPages.clear();
        if (revealEverything) {
            revealedPages.addAll(java.util.EnumSet.allOf(WizardPage.class));
        }
        revealChanged();
        revalidate();
    }

    /**
     * The endpoint the user wrote, or null when it is the one the model derives from the virtual IP:
     * left empty, it follows the VIP when the user changes that.
     */
    private static String ownEndpoint(LoadBalancer lb) {
        String derived = new LoadBalancer(lb.mode(), null, lb.virtualIp()).endpoint();
        return derived != null && derived.equals(lb.endpoint()) ? null : lb.endpoint();
    }

    /** The cluster as the model knows it: an immutable snapshot, safe to hand to a background thread. */
    public Cluster toCluster() {
        String endpoint = HostRow.orNull(lbEndpoint.get());
        String vip = HostRow.orNull(lbVirtualIp.get());
        String manifest = HostRow.orNull(cniManifest.get());
        return new Cluster(apiVersion, kind, HostRow.orNull(name.get()), HostRow.orNull(kubernetesVersion.get()),
                new SshSettings(HostRow.orNull(sshUser.get()), HostRow.port(sshPort.get()),
                        HostRow.orNull(sshIdentityFile.get()), sshSudo.get()),
                HostRow.orNull(privateInterface.get()),
                hosts.stream().map(HostRow::toNode).toList(),
                new EtcdSettings(etcdTopology.get(), etcdRuntime.get(), HostRow.orNull(etcdVersion.get())),
                new LoadBalancer(lbMode.get(), endpoint, vip),
                new Networking(HostRow.orNull(podSubnet.get()), HostRow.orNull(serviceSubnet.get()),
                        HostRow.orNull(dnsDomain.get())),
                new PkiSettings(keyAlgorithm.get(), HostRow.orNull(certificateValidity.get()),
                        HostRow.orNull(caValidity.get())),
                manifest == null ? null : new Cni(manifest),
                // Left out of the file when empty, as before the field existed. An empty entry stays
                // (as "") so that the validator can say so where the user left it.
                certSans.isEmpty() ? null : new ApiServer(certSans.stream()
                        .map(p -> p.get() == null ? "" : p.get().strip()).toList()),
                images, airGapped.get() ? new dev.kubeha.model.AirGapped(HostRow.orNull(airGappedDistro.get()),
                        HostRow.orNull(airGappedPackages.get())) : null);
    }

    /** Marks the cluster as saved as it is now. */
    public void markSaved() {
        modified.set(false);
    }

    /**
     * The first host given the etcd role, while etcd is co-located, means the user wants dedicated
     * etcd nodes: the role means nothing else, and the Hosts page comes before the etcd page, so
     * without this every such host would be an error the user cannot fix where it is shown. Only on
     * the transition: choosing co-located again later is respected (and the validator objects).
     */
    private void followEtcdRole() {
        if (loading) {
            return;
        }
        boolean has = anyEtcdRole();
        if (has && !hadEtcdRole && etcdTopology.get() == EtcdTopology.CO_LOCATED) {
            etcdTopology.set(EtcdTopology.DEDICATED);
            switchedToDedicated.set(true);
        }
        hadEtcdRole = has;
    }

    private boolean anyEtcdRole() {
        return hosts.stream().anyMatch(h -> h.role(dev.kubeha.model.Role.ETCD).get());
    }

    private void edited(String path) {
        if (loading) {
            return;
        }
        modified.set(true);
        pendingEdits.add(path);
        revealedPaths.add(path);
        revealChanged();
        revalidate();
    }

    /** Validates the current values; while a run is in flight, only notes that another one is due. */
    public void revalidate() {
        Cluster snapshot = toCluster();
        this.snapshot.set(snapshot);
        topology.set(Topology.of(snapshot));
        if (validationRunning) {
            validationWanted = true;
            return;
        }
        validationRunning = true;
        validating.set(true);
        ValidationContext where = context.get();
        List<String> edits = List.copyOf(pendingEdits);
        pendingEdits.clear();
        executor.run(() -> new ClusterValidator(where).validate(snapshot), result -> validated(result, edits),
                this::validationFailed);
    }

    private void validated(List<Problem> result, List<String> edits) {
        validationRunning = false;
        if (!edits.isEmpty()) {
            // What an edit brought up is the user's doing: shown at once, wherever it is, and
            // also beside the field (and on the page) the user changed.
            String edit = edits.get(edits.size() - 1);
            for (Problem p : result) {
                if (!problems.contains(p)) {
                    revealedPaths.add(p.path());
                    if (!covers(edit, p.path())) {
                        causedBy.put(p.path(), edit);
                    }
                }
            }
            causedBy.keySet().retainAll(result.stream().map(Problem::path).toList());
        }
        revealChanged();
        if (!problems.equals(result)) {
            problems.setAll(result);
        }
        finishValidation();
    }

    private void validationFailed(Exception e) {
        // The validator reports problems, it does not throw; a throw is a bug worth seeing on Review.
        validationRunning = false;
        problems.setAll(Problem.error("", "validation failed: " + e.getClass().getSimpleName(), null));
        finishValidation();
    }

    private void finishValidation() {
        if (validationWanted) {
            validationWanted = false;
            revalidate();
        } else {
            validating.set(false);
        }
    }

    /** Whether {@code prefix} is the path itself or a path it contains ({@code nodes} covers {@code nodes[2].host}). */
    static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }

    /**
     * Whether the user is shown what the validator says about {@code path}: after an opened file,
     * once the field was edited or left (see {@link #touch}), once Next was pressed on its page
     * ({@link #reveal}), or when an edit brought the problem up. A new cluster's fresh page says
     * nothing before the user did anything.
     */
    public boolean isRevealed(String path) {
        if (revealedPaths.stream().anyMatch(r -> covers(r, path))) {
            return true;
        }
        return revealedPages.stream().anyMatch(page -> page.ownsPath(path));
    }

    /** The field was left (or edited) by the user: its messages are shown from now on. */
    public void touch(String path) {
        if (revealedPaths.add(path)) {
            revealChanged();
        }
    }

    /** Next was pressed on {@code page}: every message about its fields is shown from now on. */
    public void reveal(WizardPage page) {
        if (revealedPages.add(page)) {
            revealChanged();
        }
    }

    /** Changes each time what {@link #isRevealed} answers may have changed; bindings depend on it. */
    public javafx.beans.value.ObservableIntegerValue revealState() {
        return revealState;
    }

    private void revealChanged() {
        revealState.set(revealState.get() + 1);
        for (WizardPage page : WizardPage.values()) {
            shownByPage.get(page).setPredicate(p -> shows(page, p));
        }
    }

    private boolean shows(WizardPage page, Problem p) {
        if (page == WizardPage.REVIEW) {
            return true;
        }
        if (page.owns(p) && isRevealed(p.path())) {
            return true;
        }
        String edit = causedBy.get(p.path());
        return edit != null && page.ownsPath(edit);
    }

    /** The field an edit of which brought up the problem at {@code path} (e.g. Pod CIDR for an overlap shown on Service CIDR); null if none. */
    public String causedBy(String path) {
        return causedBy.get(path);
    }

    /**
     * What a page lists: its own problems the user is shown (see {@link #isRevealed}), and those
     * an edit made on this page brought up elsewhere; Review lists everything.
     */
    public ObservableList<Problem> shownProblems(WizardPage page) {
        return shownByPage.get(page);
    }

    /** Every problem of the current values, as the CLI's {@code validate} reports them. */
    public ObservableList<Problem> problems() {
        return problems;
    }

    /** The problems a page shows; see {@link WizardPage#owns}. */
    public ObservableList<Problem> problems(WizardPage page) {
        return problemsByPage.get(page);
    }

    /** Whether the page shows an error (see {@link #shownProblems}): what the step rail marks. */
    public BooleanBinding showsErrors(WizardPage page) {
        ObservableList<Problem> shown = shownProblems(page);
        return Bindings.createBooleanBinding(() -> shown.stream().anyMatch(Problem::isError), shown);
    }

    public BooleanBinding hasErrors(WizardPage page) {
        ObservableList<Problem> own = problems(page);
        return Bindings.createBooleanBinding(() -> own.stream().anyMatch(Problem::isError), own);
    }

    /**
     * The problem shown beside this field (e.g. {@code networking.podSubnet}), or null: the first
     * one about exactly this field, else the first one elsewhere that an edit of this field brought
     * up; only once it is revealed (see {@link #isRevealed}).
     */
    public ObjectBinding<Problem> problemAt(String path) {
        return Bindings.createObjectBinding(() -> problems.stream()
                .filter(p -> p.path().equals(path) && isRevealed(path)).findFirst()
                .or(() -> problems.stream().filter(p -> path.equals(causedBy.get(p.path()))).findFirst())
                .orElse(null), problems, revealState);
    }

    /** The text of {@link #problemAt}, message and hint, or "". */
    public StringBinding messageFor(String path) {
        ObjectBinding<Problem> at = problemAt(path);
        return Bindings.createStringBinding(() -> {
            Problem p = at.get();
            return p == null ? "" : p.message() + (p.hint() == null ? "" : " \u2014 " + p.hint());
        }, at);
    }

    /** Whether the problem shown beside this field (if any) is an error rather than a warning. */
    public BooleanBinding errorAt(String path) {
        ObjectBinding<Problem> at = problemAt(path);
        return Bindings.createBooleanBinding(() -> at.get() != null && at.get().isError(), at);
    }

    /** The next free name like {@code worker3} for a new or duplicated host. */
    public String freeName(String prefix) {
        for (int i = 0; ; i++) {
            String candidate = prefix + i;
            if (hosts.stream().noneMatch(h -> candidate.equals(h.nameProperty().get()))) {
                return candidate;
            }
        }
    }

    public ReadOnlyObjectProperty<Cluster> snapshotProperty() {
        return snapshot;
    }

    public ReadOnlyObjectProperty<Topology> topologyProperty() {
        return topology;
    }

    public ReadOnlyBooleanProperty switchedToDedicatedProperty() {
        return switchedToDedicated;
    }

    public ReadOnlyBooleanProperty modifiedProperty() {
        return modified;
    }

    public ReadOnlyBooleanProperty validatingProperty() {
        return validating;
    }

    public ObservableList<HostRow> hosts() {
        return hosts;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** What the wizard offers: the newest tested patch of each supported release, newest first. */
    public List<String> kubernetesVersionChoices() {
        List<String> choices = new java.util.ArrayList<>(KubernetesReleases.builtIn().supported().stream()
                .map(dev.kubeha.model.KubernetesRelease::newestPatch).toList());
        java.util.Collections.reverse(choices);
        return List.copyOf(choices);
    }

    public StringProperty kubernetesVersionProperty() {
        return kubernetesVersion;
    }

    public StringProperty sshUserProperty() {
        return sshUser;
    }

    public StringProperty sshPortProperty() {
        return sshPort;
    }

    public StringProperty sshIdentityFileProperty() {
        return sshIdentityFile;
    }

    public BooleanProperty sshSudoProperty() {
        return sshSudo;
    }

    public StringProperty privateInterfaceProperty() {
        return privateInterface;
    }

    public ObjectProperty<EtcdTopology> etcdTopologyProperty() {
        return etcdTopology;
    }

    public ObjectProperty<EtcdRuntime> etcdRuntimeProperty() {
        return etcdRuntime;
    }

    public StringProperty etcdVersionProperty() {
        return etcdVersion;
    }

    public ObjectProperty<LoadBalancerMode> lbModeProperty() {
        return lbMode;
    }

    public StringProperty lbEndpointProperty() {
        return lbEndpoint;
    }

    /** The extra API server certificate SANs, in the file's order; add or remove properties to edit the list. */
    public ObservableList<StringProperty> certSans() {
        return certSans;
    }

    public StringProperty lbVirtualIpProperty() {
        return lbVirtualIp;
    }

    public StringProperty podSubnetProperty() {
        return podSubnet;
    }

    public StringProperty serviceSubnetProperty() {
        return serviceSubnet;
    }

    public StringProperty dnsDomainProperty() {
        return dnsDomain;
    }

    public ObjectProperty<KeyAlgorithm> keyAlgorithmProperty() {
        return keyAlgorithm;
    }

    public StringProperty certificateValidityProperty() {
        return certificateValidity;
    }

    public StringProperty caValidityProperty() {
        return caValidity;
    }

    public StringProperty cniManifestProperty() {
        return cniManifest;
    }

    /** "The nodes have no internet": Install and the air-gapped export bring images and packages from this machine. */
    public BooleanProperty airGappedProperty() {
        return airGapped;
    }

    /** The nodes' distribution whose packages are fetched (one of {@link dev.kubeha.model.AirGapped#DISTROS}); "" for none. */
    public StringProperty airGappedDistroProperty() {
        return airGappedDistro;
    }

    /** A folder of the user's .deb/.rpm packages (relative to the cluster file, as in it); "" for none. */
    public StringProperty airGappedPackagesProperty() {
        return airGappedPackages;
    }

}

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
        }
        for (Observable o : editables()) {
            o.addListener(change -> edited());
        }
        hosts.addListener((Observable o) -> followEtcdRole());
        loadNew();
    }

    private Observable[] editables() {
        return new Observable[] {name, kubernetesVersion, sshUser, sshPort, sshIdentityFile, sshSudo, privateInterface,
                hosts, etcdTopology, etcdRuntime, etcdVersion, lbMode, lbEndpoint, lbVirtualIp, certSans, podSubnet, serviceSubnet,
                dnsDomain, keyAlgorithm, certificateValidity, caValidity, cniManifest};
    }

    /** A blank cluster with kubeadm's defaults filled in, so that the user starts from sensible values. */
    public void loadNew() {
        load(new Cluster(null, null, "", DEFAULT_KUBERNETES_VERSION, new SshSettings(null, null, null, null), null,
                List.of(), EtcdSettings.defaults(), LoadBalancer.defaults(),
                new Networking(DEFAULT_POD_SUBNET, null, null), PkiSettings.defaults(), null));
    }

    /** Replaces everything being edited; the result counts as unmodified. */
    public void load(Cluster cluster) {
        loading = true;
        try {
            apiVersion = cluster.apiVersion();
            kind = cluster.kind();
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
                        .map(p -> p.get() == null ? "" : p.get().strip()).toList()));
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

    private void edited() {
        if (loading) {
            return;
        }
        modified.set(true);
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
        executor.run(() -> new ClusterValidator(where).validate(snapshot), this::validated, this::validationFailed);
    }

    private void validated(List<Problem> result) {
        validationRunning = false;
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

    /** Every problem of the current values, as the CLI's {@code validate} reports them. */
    public ObservableList<Problem> problems() {
        return problems;
    }

    /** The problems a page shows; see {@link WizardPage#owns}. */
    public ObservableList<Problem> problems(WizardPage page) {
        return problemsByPage.get(page);
    }

    public BooleanBinding hasErrors(WizardPage page) {
        ObservableList<Problem> own = problems(page);
        return Bindings.createBooleanBinding(() -> own.stream().anyMatch(Problem::isError), own);
    }

    /** The first problem about exactly this field (e.g. {@code networking.podSubnet}), or "". */
    public StringBinding messageFor(String path) {
        return Bindings.createStringBinding(() -> problems.stream()
                .filter(p -> p.path().equals(path))
                .findFirst()
                .map(p -> p.message() + (p.hint() == null ? "" : " \u2014 " + p.hint()))
                .orElse(""), problems);
    }

    /** Whether the problem about this field (if any) is an error rather than a warning. */
    public BooleanBinding errorAt(String path) {
        return Bindings.createBooleanBinding(() -> problems.stream()
                .anyMatch(p -> p.isError() && p.path().equals(path)), problems);
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

}

package dev.kubeha.plan;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.Node;
import dev.kubeha.model.ParsedCluster;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiChange;
import dev.kubeha.pki.PkiException;
import dev.kubeha.pki.PkiWorkspace;
import dev.kubeha.render.RenderException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * From a cluster file to a plan, the way {@code kubeha plan}, {@code kubeha apply} and the bundle
 * exporter all need it: read and validate, make or reuse the PKI in the workspace, render every
 * node's files, build the plan. Written once so that what is exported and what is installed come
 * from the same steps. Prints nothing: callers show the results in their own way.
 *
 * <p>Two halves, because {@code apply} has work between them: it detects missing private
 * addresses over SSH after {@link #check(Path)} and before {@link #prepare}.
 */
public final class PlanPreparation {
    private final ClusterPkiGenerator pkiGenerator;

    public PlanPreparation(ClusterPkiGenerator pkiGenerator) {
        this.pkiGenerator = Objects.requireNonNull(pkiGenerator, "pkiGenerator");
    }

    public PlanPreparation() {
        this(new ClusterPkiGenerator());
    }

    /**
     * A cluster file read and validated.
     *
     * @param errors   problems that stop any further work; the cluster must not be used when present
     * @param warnings problems the user should see but that do not stop anything
     */
    public record Checked(Path file, Cluster cluster, ValidationContext context, List<Problem> errors,
                          List<Problem> warnings) {
        public Checked {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return errors.isEmpty();
        }

        /** The same file with a completed cluster (e.g. private addresses detected on the nodes). */
        public Checked withCluster(Cluster completed) {
            return new Checked(file, completed, context, errors, warnings);
        }
    }

    /**
     * Everything a run or an export needs.
     *
     * @param pkiChanges what this preparation did to the workspace's PKI, one entry per item
     * @param warnings   what the user should know about the plan (e.g. no CNI manifest)
     */
    public record Prepared(Cluster cluster, PkiWorkspace pkiWorkspace, ClusterPki pki, List<PkiChange> pkiChanges,
                           RenderedFiles files, Plan plan, List<String> warnings) {
        public Prepared {
            pkiChanges = List.copyOf(pkiChanges);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Reads and validates a cluster file.
     *
     * @throws ClusterFileException when the file cannot be read or parsed (bad input)
     */
    public static Checked check(Path file) throws ClusterFileException {
        ParsedCluster parsed = ClusterFiles.read(file);
        ValidationContext context = ValidationContext.forFile(file);
        return checked(file, parsed.cluster(), context, new ClusterValidator(context).validate(parsed));
    }

    /**
     * Validates a cluster that is not read from a file (the wizard's), as {@link #check(Path)}
     * does one that is.
     *
     * @param file the file messages name: where it is or would be saved
     */
    public static Checked check(Cluster cluster, Path file, ValidationContext context) {
        return checked(file, cluster, context, new ClusterValidator(context).validate(cluster));
    }

    private static Checked checked(Path file, Cluster cluster, ValidationContext context, List<Problem> problems) {
        return new Checked(file, cluster, context, problems.stream().filter(Problem::isError).toList(),
                problems.stream().filter(p -> !p.isError()).toList());
    }

    /** Stops at a cluster with errors, with the line that says so. */
    public static void requireValid(Checked checked) throws PreparationException {
        if (!checked.valid()) {
            throw new PreparationException(checked.file() + " has " + checked.errors().size()
                    + " error(s): fix them first (kubeha validate " + checked.file() + " lists them)");
        }
    }

    /** Nodes whose private address is neither in the file nor detected yet, in file order. */
    public static List<Node> withoutPrivateAddress(Cluster cluster) {
        return cluster.nodes().stream().filter(n -> n.privateAddress() == null).toList();
    }

    /**
     * Ensures the PKI in {@code pkiWorkspace}, renders the files and builds the plan.
     *
     * @throws PkiException         the workspace's PKI cannot be loaded or completed
     * @throws PreparationException the cluster cannot be planned yet (a private address is missing,
     *                              the CNI manifest cannot be read); the message says what to do
     */
    public Prepared prepare(Checked checked, PkiWorkspace pkiWorkspace) throws PkiException, PreparationException {
        return prepare(checked, pkiWorkspace, EtcdUploads.NONE);
    }

    /**
     * As {@link #prepare(Checked, PkiWorkspace)}, with the etcd tarballs the members run by
     * systemd receive from the workstation ({@code apply}).
     */
    public Prepared prepare(Checked checked, PkiWorkspace pkiWorkspace, EtcdUploads etcdUploads)
            throws PkiException, PreparationException {
        return prepare(checked, pkiWorkspace, etcdUploads, ImageImports.NONE, null);
    }

    /**
     * As {@link #prepare(Checked, PkiWorkspace, EtcdUploads)}, for a site whose nodes cannot pull
     * or download: the images each node imports before kubeadm, and the CNI manifest's content
     * when the workstation fetched the URL of {@code cni.manifest} (null: as the cluster says).
     */
    public Prepared prepare(Checked checked, PkiWorkspace pkiWorkspace, EtcdUploads etcdUploads, ImageImports images,
            CniSource fetchedCni) throws PkiException, PreparationException {
        return prepare(checked, pkiWorkspace, etcdUploads, images, fetchedCni, PackageUploads.NONE);
    }

    /** As above, with the packages every prepared node receives from the workstation ({@code apply}). */
    public Prepared prepare(Checked checked, PkiWorkspace pkiWorkspace, EtcdUploads etcdUploads, ImageImports images,
            CniSource fetchedCni, PackageUploads packages) throws PkiException, PreparationException {
        return prepare(checked, pkiWorkspace, etcdUploads, images, fetchedCni, packages, ClusterState.NONE);
    }

    /** As above, for a cluster that is (partly) there already: see {@link ClusterPlanBuilder#against}. */
    public Prepared prepare(Checked checked, PkiWorkspace pkiWorkspace, EtcdUploads etcdUploads, ImageImports images,
            CniSource fetchedCni, PackageUploads packages, ClusterState state) throws PkiException, PreparationException {
        requireValid(checked);
        Cluster cluster = checked.cluster();
        List<Node> missing = withoutPrivateAddress(cluster);
        if (!missing.isEmpty()) {
            throw new PreparationException(missingAddressMessage(checked.file(), cluster, missing));
        }
        ClusterPkiGenerator.Result pki = pkiGenerator.ensure(cluster, pkiWorkspace);
        CniSource cni = cni(checked, fetchedCni);
        try {
            // Members that join the running etcd get files that say so; the plan adds them first.
            RenderedFiles files = RenderedFiles.of(cluster, pki.pki(), registryCa(checked),
                    ClusterPlanBuilder.etcdJoining(cluster, state));
            ClusterPki made = pki.pki();
            ClusterPlanBuilder.Result built = new ClusterPlanBuilder(cluster, files, cni, etcdUploads).withImages(images)
                    .withPackages(packages).against(state)
                    .withControlPlaneConfigurations(controlPlaneConfigurations(cluster, made))
                    .withBootstrapToken(pki.pki().joinMaterial().bootstrapToken(), "kubeha: joins the nodes of " + cluster.name())
                    .build();
            return new Prepared(cluster, pkiWorkspace, pki.pki(), pki.changes(), files, built.plan(), built.warnings());
        } catch (RenderException | IllegalArgumentException e) {
            // The validator passed, so this is a value only the nodes can tell, or a bug; either
            // way one line that names the node or field beats a stack trace.
            throw new PreparationException(e.getMessage());
        }
    }

    /** What each master's API server is rewritten from when an external etcd member joins. */
    private static java.util.function.Function<Node, Step.UploadFile> controlPlaneConfigurations(Cluster cluster, ClusterPki pki) {
        return master -> {
            dev.kubeha.render.NodeFile f = dev.kubeha.render.ClusterRenderer.controlPlaneConfiguration(cluster,
                    pki.joinMaterial(), master);
            return Step.UploadFile.rootOwned(f.path(), f.mode(), f.content(), f.secret());
        };
    }

    /**
     * The plan that adds {@code addition}'s nodes to the cluster that runs without them: the
     * installation plan of {@link NodeAddition#before()} (same PKI, uploads and images) stands for
     * what is on the nodes, and the plan of the whole cluster holds only what differs from it
     * (the new nodes' tasks, and what they change on the others: a load balancer's backends, a
     * bootstrap token the cluster knows).
     */
    public Prepared prepareAddition(Checked checked, PkiWorkspace pkiWorkspace, EtcdUploads etcdUploads, ImageImports images,
            CniSource fetchedCni, PackageUploads packages, dev.kubeha.model.NodeAddition addition)
            throws PkiException, PreparationException {
        if (!addition.allowed()) {
            throw new IllegalArgumentException("a refused addition: " + addition.problems());
        }
        Prepared whole = prepare(checked, pkiWorkspace, etcdUploads, images, fetchedCni, packages, ClusterState.NONE);
        Cluster before = addition.before();
        CniSource cni = cni(checked, fetchedCni);
        try {
            RenderedFiles files = RenderedFiles.of(before, whole.pki(), registryCa(checked));
            Plan installation = new ClusterPlanBuilder(before, files, cni, etcdUploads).withImages(images).withPackages(packages)
                    .withBootstrapToken(whole.pki().joinMaterial().bootstrapToken(), "kubeha: joins the nodes of " + before.name())
                    .build().plan();
            ClusterState installed = ClusterState.installedAs(before, installation);
            // An added external etcd member joins the etcd that runs: its files say so.
            Map<String, List<String>> joining = ClusterPlanBuilder.etcdJoining(whole.cluster(), installed);
            RenderedFiles wholeFiles = joining.isEmpty() ? whole.files()
                    : RenderedFiles.of(whole.cluster(), whole.pki(), registryCa(checked), joining);
            ClusterPlanBuilder.Result built = new ClusterPlanBuilder(whole.cluster(), wholeFiles, cni, etcdUploads)
                    .withImages(images).withPackages(packages).against(installed)
                    .withControlPlaneConfigurations(controlPlaneConfigurations(whole.cluster(), whole.pki()))
                    .withBootstrapToken(whole.pki().joinMaterial().bootstrapToken(),
                            "kubeha: joins the nodes of " + whole.cluster().name())
                    .build();
            return new Prepared(whole.cluster(), pkiWorkspace, whole.pki(), whole.pkiChanges(), wholeFiles, built.plan(),
                    built.warnings());
        } catch (RenderException | IllegalArgumentException e) {
            throw new PreparationException(e.getMessage());
        }
    }

    /** The CNI manifest the plan applies: the one fetched here, else as the cluster file says. */
    private static CniSource cni(Checked checked, CniSource fetched) throws PreparationException {
        if (fetched != null) {
            return fetched;
        }
        Cluster cluster = checked.cluster();
        try {
            return CniSource.forCluster(cluster, checked.context());
        } catch (IOException e) {
            throw new PreparationException("cni.manifest " + cluster.cni().manifest() + ": cannot read "
                    + checked.context().resolve(cluster.cni().manifest()) + " (" + e.getMessage()
                    + "); fix the path in " + checked.file());
        }
    }

    /** The site registry's CA certificate, read relative to the cluster file; null without one. */
    private static byte[] registryCa(Checked checked) throws PreparationException {
        var images = checked.cluster().images();
        if (images == null || images.registryCa() == null || !images.siteRegistry()) {
            return null;
        }
        Path file = checked.context().resolve(images.registryCa());
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PreparationException("images.registryCa " + images.registryCa() + ": cannot read " + file
                    + " (" + e.getMessage() + "); fix the path in " + checked.file());
        }
    }

    /** Names each node, its field and its interface, and the two ways out. */
    static String missingAddressMessage(Path file, Cluster cluster, List<Node> missing) {
        List<String> parts = new ArrayList<>();
        for (Node n : missing) {
            int index = cluster.nodes().indexOf(n);
            String iface = cluster.privateInterfaceFor(n);
            parts.add("node " + n.name() + " (nodes[" + index + "].privateAddress"
                    + (iface == null ? ", no privateInterface" : ", interface " + iface) + ")");
        }
        return "no private address for " + String.join(", ", parts) + ": the kubeadm and etcd files name it."
                + " Set it in " + file + ", or let kubeha apply detect it over SSH from the private interface";
    }

    /** The cluster cannot be planned yet; the message names the node or field and what to do. */
    public static final class PreparationException extends Exception {
        public PreparationException(String message) {
            super(message);
        }
    }
}

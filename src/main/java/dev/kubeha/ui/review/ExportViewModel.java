package dev.kubeha.ui.review;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.Distro;
import dev.kubeha.artifact.FetchedPackage;
import dev.kubeha.artifact.PackageFetcher;
import dev.kubeha.artifact.PackageProgress;
import dev.kubeha.artifact.PackageRepositories;
import dev.kubeha.artifact.PackageSet;
import dev.kubeha.artifact.Downloader;
import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleImages;
import dev.kubeha.bundle.BundleVerifier;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.bundle.ImageArchives;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.KubernetesReleases;
import dev.kubeha.operation.AirGapCarry;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.EtcdUploads;
import dev.kubeha.plan.ImageImports;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.render.ImageList;
import dev.kubeha.render.RenderException;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.install.BundleExportViewModel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Export bundle" on the Review page: the same preparation and bundle as {@code kubeha export},
 * in the background, into a path that must not exist yet; an archive may be encrypted as with
 * {@code --encrypt}. The passphrase is used once and wiped, never kept.
 *
 * <p>For an air-gapped site ({@link #airGappedProperty()}, as {@code kubeha export --air-gapped}):
 * the CNI manifest is downloaded when it is a URL, every image the cluster runs is fetched through
 * the cache into the bundle (with bytes, rate and time left, and a cancel), each node imports its
 * own, and the written bundle is verified. With the cluster's "nodes have no internet"
 * (airGapped), the packages of its distribution are fetched into the bundle and its packages folder
 * put in, as {@code kubeha export} does with airGapped. The architectures are those the wizard's
 * connection test reported; a node it has not told is taken as amd64, which
 * {@link #archNoteProperty()} says.
 */
public final class ExportViewModel extends BundleExportViewModel {
    private final ReviewInput input;
    private final BooleanProperty encrypt = new SimpleBooleanProperty(false);
    private final BooleanProperty airGapped = new SimpleBooleanProperty(false);
    private final BooleanProperty downloading = new SimpleBooleanProperty(false);
    private final DoubleProperty downloadProgress = new SimpleDoubleProperty(0);
    private final StringProperty downloadText = new SimpleStringProperty("");
    private volatile boolean cancelRequested;
    private ImageSources imageSources = ImageSources.none();
    private Path cacheRoot;
    private Consumer<Runnable> toFxThread = Platform::runLater;
    /** Set by {@link #useArches}; null: from the connection test ({@link #useReportedArchitectures}). */
    private List<String> arches;
    private java.util.function.Supplier<Map<String, String>> reportedArches = Map::of;
    private final StringProperty archNote = new SimpleStringProperty("");
    private EtcdTarballs.Sources etcdSources;
    private PackageRepositories packageRepositories;

    public ExportViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        super(executor, messages);
        this.input = input;
    }

    /** The file name to suggest for the chosen format. */
    public String suggestedName() {
        return suggestedName(input.cluster().get().name());
    }

    /** Exports without encryption (or fails saying a passphrase is needed, when encryption is chosen). */
    public void export(Path out) {
        export(out, null, null);
    }

    /**
     * Exports; with {@link #encryptProperty()} set, encrypted with the passphrase, which must be
     * given twice alike. The caller may wipe its arrays as soon as this returns.
     */
    public void export(Path out, char[] passphrase, char[] confirmation) {
        ReviewInput.Snapshot snapshot = input.snapshot();
        BundleFormat chosen = formatProperty().get();
        boolean encrypted = encrypt.get();
        if (encrypted && !chosen.isArchive()) {
            refuse("export.encryptDir");
            return;
        }
        if (encrypted && (passphrase == null || passphrase.length == 0)) {
            refuse("export.passphraseEmpty");
            return;
        }
        if (encrypted && !Arrays.equals(passphrase, confirmation)) {
            refuse("export.passphraseDiffers");
            return;
        }
        if (airGapped.get()) {
            java.util.Optional<String> refused = AirGapSetting.refusal(snapshot.cluster(), messages());
            if (refused.isPresent()) {
                status().fail(refused.get());
                return;
            }
        }
        char[] secret = encrypted ? passphrase.clone() : null;
        if (airGapped.get()) {
            writeAirGapped(snapshot, chosen, out, secret);
            return;
        }
        write(() -> {
            PlanPreparation.Prepared prepared = snapshot.prepare();
            return new Bundled(prepared.cluster(), prepared.plan());
        }, chosen, out, secret);
    }

    /** What one air-gapped export gives back to the FX thread. */
    private record AirGapped(int nodes, int images, int missing, String packages) {
    }

    private void writeAirGapped(ReviewInput.Snapshot snapshot, BundleFormat chosen, Path out, char[] secret) {
        boolean encrypted = secret != null;
        ResourceBundle messages = messages();
        cancelRequested = false;
        downloadProgress.set(-1);
        downloadText.set("");
        downloading.set(true);
        status().start(messages.getString("export.airGapped.working"));
        Path root = cacheRoot != null ? cacheRoot : ArtifactCache.rootFor(System.getenv(ArtifactCache.VARIABLE));
        List<String> bundleArches = arches != null ? List.copyOf(arches) : refreshArchitectures(snapshot.cluster()).arches();
        PackageRepositories repositories = packageRepositories;
        ImageSources sources = imageSources;
        Consumer<Runnable> post = toFxThread;
        EtcdTarballs.Sources etcdFrom = etcdSources;
        executor().run(() -> {
            Path archives = null;
            try {
                PlanPreparation.Checked checked = snapshot.check();
                PlanPreparation.requireValid(checked);
                Cluster cluster = checked.cluster();
                CniSource cni;
                try {
                    cni = AirGapCarry.bundledCni(checked, new AirGapCarry.Listener() {
                    });
                } catch (AirGapCarry.CarryException e) {
                    throw new IOException(AirGapSetting.failure(e, messages), e);
                }
                // What would fail the plan (a node without its private address) fails before any download.
                new PlanPreparation().prepare(checked, snapshot.workspace().pki(), EtcdUploads.NONE, ImageImports.NONE, cni);
                String cniText = cni instanceof CniSource.Manifest m ? new String(m.content(), StandardCharsets.UTF_8) : null;
                List<ImageList.Image> needed;
                try {
                    needed = ImageList.of(cluster, cniText);
                } catch (RenderException e) {
                    throw new IOException(e.getMessage(), e);
                }
                // The demo's process is offline: its images are not fetched from the internet either.
                java.util.Optional<String> offline = Downloader.offlineReason();
                if (offline.isPresent()) {
                    throw new IOException(String.format(messages.getString("export.airGapped.offline"), offline.get()));
                }
                ArtifactCache cache = new ArtifactCache(root);
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                archives = Files.createTempDirectory(root, "export-");
                AirGappedDownload progress = new AirGappedDownload(messages,
                        shown -> post.accept(() -> {
                            downloadProgress.set(shown.fraction());
                            downloadText.set(shown.text());
                        }),
                        () -> cancelRequested, System::nanoTime);
                List<BundledImage> bundled = ImageArchives.fetch(needed, bundleArches, sources, cache, archives, progress);
                ImageImports imports = cluster.siteRegistry().isEmpty()
                        ? BundleImages.imports(cluster, needed, bundled) : ImageImports.NONE;
                requireNotCancelled();
                PlanPreparation.Prepared prepared = new PlanPreparation().prepare(checked, snapshot.workspace().pki(),
                        EtcdUploads.NONE, imports, cni);
                Map<String, Path> fetched = etcdTarballs(checked, prepared.cluster(), cache, bundleArches, etcdFrom);
                // The nodes' packages, as kubeha export brings them for airGapped: the distribution's, and the folder's.
                PackageSet packageSet = null;
                Distro distro = AirGapSetting.distro(cluster);
                if (distro != null) {
                    packageSet = fetchPackages(prepared.cluster(), distro, bundleArches, root, repositories, messages);
                    for (FetchedPackage p : packageSet.packages()) {
                        fetched.putIfAbsent(p.fileName(), p.file());
                    }
                }
                requireNotCancelled();
                List<BundleEntry> entries = new ArrayList<>(BundleContents.of(prepared.cluster(), prepared.plan(),
                        AirGapSetting.packagesDir(checked), fetched));
                if (packageSet != null) {
                    entries.add(BundleEntry.text("packages/packages.json", 0644, packageSet.toJson()));
                }
                entries.addAll(BundleImages.entries(bundled, bundleArches));
                requireNotCancelled();
                List<BundleEntry> written = new BundleWriter().write(entries, out, chosen, secret);
                // The written entries still name the archives under the temporary directory: verify first.
                BundleVerifier.Report report = BundleVerifier.verify(written);
                String packages = packageSet == null ? null : String.format(messages.getString("export.airGapped.packages"),
                        packageSet.packages().size(), distro.label(), String.join(", ", bundleArches));
                return new AirGapped(prepared.cluster().nodes().size(), bundled.size(), report.missing().size(), packages);
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, '\0');
                }
                if (archives != null) {
                    dev.kubeha.files.PrivateFiles.deleteRecursively(archives);
                }
            }
        }, result -> {
            downloading.set(false);
            String wrote = encrypted
                    ? String.format(messages.getString("export.airGapped.doneEncrypted"), out, result.nodes(), result.images())
                    : String.format(messages.getString("export.airGapped.done"), out, result.nodes(), result.images());
            status().done(wrote + " " + (result.packages() == null ? "" : result.packages() + " ")
                    + (result.missing() == 0 ? messages.getString("export.airGapped.complete")
                    : String.format(messages.getString("export.airGapped.missing"), result.missing(), out)));
        }, e -> {
            downloading.set(false);
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            if (cancelRequested || e instanceof InterruptedIOException) {
                status().done(messages.getString("export.airGapped.cancelled"));
            } else if (e instanceof FileAlreadyExistsException) {
                status().fail(String.format(messages.getString("export.exists"), out));
            } else {
                status().fail(e);
            }
        });
    }

    /**
     * The etcd release tarballs the members run by systemd need, from the cache or a checked
     * download, as {@code kubeha export} brings them; none when they cannot be had (the bundle is
     * written all the same, and its verification names what is missing).
     */
    private static Map<String, Path> etcdTarballs(PlanPreparation.Checked checked, Cluster cluster, ArtifactCache cache,
            List<String> arches, EtcdTarballs.Sources sources) {
        Map<String, Path> result = new LinkedHashMap<>();
        if (cluster.etcdMembersRunBySystemd().isEmpty()) {
            return result;
        }
        try {
            EtcdTarballs tarballs = new EtcdTarballs(cache, Downloader.standard(), KubernetesReleases.builtIn());
            for (EtcdTarballs.Tarball t : tarballs.resolve(cluster.etcdVersion(), arches,
                    sources != null ? sources : AirGapSetting.etcdSources(checked, EtcdTarballs.Sources.fromEnvironment()),
                    note -> { })) {
                result.put(t.fileName(), t.file());
            }
        } catch (EtcdTarballs.EtcdTarballException | IllegalArgumentException e) {
            // Reported by the verification as missing.
        }
        return result;
    }

    /** Where the etcd release tarball comes from; by default as for Install (the cache, then etcd's releases). */
    public void useEtcdSources(EtcdTarballs.Sources sources) {
        this.etcdSources = sources;
    }

    private void requireNotCancelled() throws InterruptedIOException {
        if (cancelRequested) {
            throw new InterruptedIOException("cancelled");
        }
    }

    /** The packages of {@code distro} for the cluster's release, fetched through the cache and checked. */
    private static PackageSet fetchPackages(Cluster cluster, Distro distro, List<String> arches, Path cacheRoot,
            PackageRepositories given, ResourceBundle messages) throws IOException {
        try {
            PackageRepositories repositories = given != null ? given : PackageRepositories.standard(null, null);
            return AirGapCarry.fetchPackages(PackageFetcher.standard(cacheRoot.toString(), repositories), cluster, distro,
                    arches, PackageProgress.NONE);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(String.format(messages.getString("carry.packagesFailed"), distro.label(), e.getMessage()), e);
        }
    }

    /**
     * The architectures an air-gapped export carries, from the connection test (amd64 for a node
     * it has not told), and the note that says which nodes are taken as amd64; on the FX thread.
     */
    public AirGapSetting.Architectures refreshArchitectures() {
        return refreshArchitectures(input.cluster().get());
    }

    private AirGapSetting.Architectures refreshArchitectures(Cluster cluster) {
        AirGapSetting.Architectures found = AirGapSetting.architectures(cluster, reportedArches.get());
        archNote.set(arches != null ? "" : found.note(messages()));
        return found;
    }

    /** Node name to architecture, as the wizard's connection test reported them; none by default. */
    public void useReportedArchitectures(java.util.function.Supplier<Map<String, String>> reported) {
        this.reportedArches = reported;
    }

    /** Where the nodes' packages come from; by default the repositories themselves, or KUBEHA_PACKAGE_MIRROR. */
    public void usePackageRepositories(PackageRepositories repositories) {
        this.packageRepositories = repositories;
    }

    /** Which nodes an air-gapped export takes as amd64 because the connection test did not tell; "" when none. */
    public ReadOnlyStringProperty archNoteProperty() {
        return archNote;
    }


    /** Stops a running air-gapped download: it ends saying so, and what was downloaded stays in the cache. */
    public void cancel() {
        cancelRequested = true;
    }

    /** Where the images come from (mirrors, plain-HTTP registries); {@link ImageSources#none()} by default. */
    public void useImageSources(ImageSources sources) {
        this.imageSources = sources;
    }

    /** The cache the images go through; by default {@code KUBEHA_CACHE}, else {@code ~/.kubeha/cache}. */
    public void useCacheRoot(Path root) {
        this.cacheRoot = root;
    }

    /** How progress reaches the FX thread; {@code Platform::runLater} by default (tests run it at once). */
    public void useFxThread(Consumer<Runnable> post) {
        this.toFxThread = post;
    }

    /** The nodes' architectures whose images the bundle carries; amd64 by default. */
    public void useArches(List<String> arches) {
        this.arches = List.copyOf(arches);
    }

    /** "For an air-gapped site: container images in the bundle", off by default. */
    public BooleanProperty airGappedProperty() {
        return airGapped;
    }

    /** True while an air-gapped export runs (the progress bar and Cancel show). */
    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading;
    }

    /** 0..1, or -1 while the total is not known yet. */
    public ReadOnlyDoubleProperty downloadProgressProperty() {
        return downloadProgress;
    }

    /** Bytes done of total, rate and time left. */
    public ReadOnlyStringProperty downloadTextProperty() {
        return downloadText;
    }

    /** Whether the archive is encrypted; only tar.gz and zip can be. */
    public BooleanProperty encryptProperty() {
        return encrypt;
    }
}

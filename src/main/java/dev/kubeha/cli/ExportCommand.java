package dev.kubeha.cli;

import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.Distro;
import dev.kubeha.artifact.FetchedPackage;
import dev.kubeha.artifact.PackageSet;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.render.ImageList;
import dev.kubeha.render.RenderException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import dev.kubeha.artifact.Sha256;
import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleImages;
import dev.kubeha.bundle.BundleVerifier;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.ImageImports;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.bundle.OpensslEncryption;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.Problem;
import dev.kubeha.plan.PlanPreparation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubeha export FILE --out PATH}: the air-gapped path. Everything {@code apply} would put on
 * the nodes, as a bundle: per node an install script with the plan's steps and the files at their
 * paths, a runbook, checksums and a manifest.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the artifact bundle for an air-gapped site: every node's files, an install.sh per node"
                + " (the plan's steps, in order), RUNBOOK.md, SHA256SUMS and manifest.json.",
                "The PKI is made in (or reused from) the workspace first, as `kubeha certs` does.",
                "--operation reset writes the reset's bundle instead: RUNBOOK.md and a reset.sh per node.",
                "--operation remove-node --nodes N1,N2 writes the removal's: RUNBOOK.md, cluster.json after it and a"
                        + " remove-node.sh per node with the files it uploads."})
final class ExportCommand implements Callable<Integer> {
    static final String PASSPHRASE_VARIABLE = "KUBEHA_BUNDLE_PASSPHRASE";

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspaceOption;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "where to write the bundle; it must not exist yet")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "dir, tar.gz or zip (default: from the --out name: .tar.gz/.tgz, .zip, else dir)")
    String format;

    @Mixin
    EtcdSourceOptions etcdSource;

    @Option(names = "--arch", paramLabel = "ARCH", split = ",",
            description = "the nodes' architecture, amd64 or arm64 (default: amd64; several for a mixed cluster):"
                    + " which etcd release tarball the bundle carries")
    List<String> arches;

    @Option(names = "--images", description = "fetch every container image the nodes run (kubeha images FILE,"
            + " for each --arch) into the bundle as OCI archives; each node imports its own before kubeadm runs, or,"
            + " with images.registry in cluster.json, `kubeha images push` fills the site registry from them")
    boolean images;

    @Mixin
    ImageOptions imageOptions;

    @Mixin
    PackageOptions packageOptions;

    @Option(names = "--air-gapped", description = "everything a node needs in the bundle, for a site without"
            + " internet: the CNI manifest (downloaded here when cni.manifest is a URL) and, with --images and"
            + " --fetch-packages or --include-packages, the images and packages; exit code 1 when anything is missing"
            + " (the bundle is written all the same and `kubeha bundle verify` lists what)")
    boolean airGapped;

    @Option(names = "--encrypt", description = "encrypt the archive for `" + OpensslEncryption.DECRYPT_COMMAND
            + "`; the passphrase comes from " + PASSPHRASE_VARIABLE + ", the terminal, or the first line of stdin")
    boolean encrypt;

    @Mixin
    OperationOption operationOption;

    /** Environment and console; tests give their own. */
    Terminal terminal = Terminal.system();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BundleFormat bundleFormat = format();
        if (encrypt && !bundleFormat.isArchive()) {
            throw CommandFailure.usage("--encrypt needs --format tar.gz or zip: a directory cannot be encrypted");
        }
        if (Files.exists(this.out)) {
            throw CommandFailure.usage(this.out + " already exists: choose another --out, or remove it first");
        }
        operationOption.check(spec.commandLine());
        Path packages = etcdSource.packages();
        if (operationOption.removeNode()) {
            if (images || airGapped || packages != null || packageOptions.distro() != null) {
                throw CommandFailure.usage("--operation remove-node writes the removal's scripts and the files they"
                        + " upload, which need nothing downloaded: --images, --air-gapped and the package options are"
                        + " for an install bundle");
            }
            // The remaining masters' files can hold keys: the archive may be encrypted as an install bundle's.
            char[] passphrase = encrypt ? passphrase() : null;
            try {
                return RemoveNodeExport.write(file, operationOption.nodes, operationOption.force, workspaceOption,
                        this.out, bundleFormat, passphrase, next(bundleFormat), out, err);
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
            }
        }
        if (operationOption.reset()) {
            if (encrypt || images || airGapped || packages != null || packageOptions.distro() != null) {
                throw CommandFailure.usage("--operation reset writes the reset's scripts alone, which need nothing"
                        + " from this machine and hold no secret: --encrypt, --images, --air-gapped and the package"
                        + " options are for an install bundle");
            }
            return ResetExport.write(file, this.out, bundleFormat, out, err);
        }
        List<String> bundleArches = arches();
        EtcdTarballs.Sources etcdSources = etcdSource.sources(terminal);
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        List<Node> missing = PlanPreparation.withoutPrivateAddress(checked.cluster());
        if (!missing.isEmpty()) {
            // Online, apply detects them over SSH; a bundle is made without reaching any node.
            for (Node n : missing) {
                err.println(Problem.error("nodes[" + checked.cluster().nodes().indexOf(n) + "].privateAddress",
                        "node " + n.name() + " has no private address, and an offline export cannot detect it",
                        "set privateAddress in " + file));
            }
            throw CommandFailure.failed("nothing exported");
        }
        if (etcdSource.packagesFrom(checked)) {
            packages = etcdSource.packages();
            etcdSources = etcdSource.sources(terminal);
        }
        Distro distroChosen = packageOptions.distro();
        // cluster.json's airGapped asks for what --air-gapped --images and --fetch-packages --distro do.
        var siteWithoutInternet = checked.cluster().airGapped();
        if (siteWithoutInternet != null) {
            airGapped = true;
            images = true;
            if (distroChosen == null && siteWithoutInternet.distro() != null) {
                distroChosen = Distro.fromLabel(siteWithoutInternet.distro());
            }
        }
        ImageSources imageSources = imageOptions.sources();
        ArtifactCache cache = new ArtifactCache(ArtifactCache.rootFor(terminal.variable(ArtifactCache.VARIABLE).orElse(null)));
        Path archives = null;
        char[] passphrase = encrypt ? passphrase() : null;
        try {
            boolean withImages = images;
            CniSource cni = airGapped || withImages ? bundledCni(checked, err) : null;
            List<BundledImage> bundled = List.of();
            ImageImports imports = ImageImports.NONE;
            if (withImages) {
                String cniText = cni instanceof CniSource.Manifest m ? new String(m.content(), StandardCharsets.UTF_8) : null;
                List<ImageList.Image> needed;
                try {
                    needed = ImageList.of(checked.cluster(), cniText);
                } catch (RenderException e) {
                    throw CommandFailure.failed(file + ": " + e.getMessage());
                }
                Files.createDirectories(cache.root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                archives = Files.createTempDirectory(cache.root(), "export-");
                bundled = ImageOptions.fetch(needed, bundleArches, imageSources, cache, archives, err);
                if (checked.cluster().siteRegistry().isEmpty()) {
                    imports = BundleImages.imports(checked.cluster(), needed, bundled);
                }
            }
            AddPlan.Planned addition = operationOption.add()
                    ? AddPlan.planned(checked, operationOption.nodes, workspaceOption.resolve(checked.cluster()),
                            "kubeha export " + file + " --operation add", err, imports, cni, dev.kubeha.plan.PackageUploads.NONE)
                    : null;
            PlanPreparation.Prepared prepared = addition != null ? addition.prepared()
                    : PlanSetup.prepare(new PlanPreparation(), checked, workspaceOption.resolve(checked.cluster()),
                            "kubeha export " + file, err, imports, cni);
            List<String> added = addition != null ? addition.addition().names() : List.of();
            Map<String, Path> fetched = new LinkedHashMap<>(etcdTarballs(prepared.cluster(), bundleArches, etcdSources, err));
            PackageSet packageSet = null;
            if (distroChosen != null) {
                packageSet = packageOptions.fetch(prepared.cluster(), distroChosen, bundleArches, terminal, err);
                for (FetchedPackage p : packageSet.packages()) {
                    fetched.putIfAbsent(p.fileName(), p.file());
                }
            }
            List<BundleEntry> entries = new ArrayList<>(BundleContents.of(prepared.cluster(), prepared.plan(), packages, fetched,
                    added));
            if (packageSet != null) {
                entries.add(BundleEntry.text("packages/packages.json", 0644, packageSet.toJson()));
            }
            if (!bundled.isEmpty()) {
                entries.addAll(BundleImages.entries(bundled, bundleArches));
            }
            List<BundleEntry> written;
            try {
                written = new BundleWriter().write(entries, this.out, bundleFormat, passphrase);
            } catch (FileAlreadyExistsException e) {
                throw CommandFailure.usage(e.getMessage());
            }
            long nodes = entries.stream().filter(e -> e.path().matches("nodes/[^/]+/install\\.sh")).count();
            out.println("wrote " + this.out + " (" + bundleFormat + (encrypt ? ", encrypted" : "") + "): "
                    + (added.isEmpty() ? "" : "adding " + String.join(", ", added) + " to cluster " + prepared.cluster().name()
                    + ", ") + nodes + " nodes, " + prepared.plan().tasks().size() + " tasks, " + written.size() + " files");
            BundleVerifier.Report report = BundleVerifier.verify(written);
            int verdict = Cli.OK;
            if (airGapped) {
                verdict = BundleCommand.print(report, out);
            } else if (report.complete()) {
                out.println("complete for an air-gapped site");
            } else {
                out.println("not complete for an air-gapped site: " + report.missing().size() + " things missing"
                        + " (kubeha bundle verify " + this.out + " lists them; export --air-gapped brings what it can)");
            }
            out.println(next(bundleFormat));
            return verdict;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
            if (archives != null) {
                dev.kubeha.files.PrivateFiles.deleteRecursively(archives);
            }
        }
    }

    /**
     * The CNI manifest for a bundle whose first master cannot download it: a URL is fetched here, a
     * file read; null without one.
     */
    private CniSource bundledCni(PlanPreparation.Checked checked, PrintWriter err) throws CommandFailure {
        try {
            return CniDownload.bundled(checked, file, err);
        } catch (IOException e) {
            throw CommandFailure.failed("cni.manifest " + checked.cluster().cni().manifest() + ": cannot read it: " + e.getMessage());
        }
    }

    private List<String> arches() throws CommandFailure {
        if (arches == null || arches.isEmpty()) {
            return List.of("amd64");
        }
        for (String arch : arches) {
            if (!arch.equals("amd64") && !arch.equals("arm64")) {
                throw CommandFailure.usage("--arch " + arch + " is not one of amd64, arm64");
            }
        }
        return arches.stream().distinct().toList();
    }

    /**
     * The etcd release tarballs the members run by systemd need, by file name, found and checked
     * on this machine. A bundle without one is still written, with a warning: its members then
     * need the tarball put in their packages directory, or a network and a checksum.
     */
    private Map<String, Path> etcdTarballs(Cluster cluster, List<String> bundleArches, EtcdTarballs.Sources sources,
                                           PrintWriter err) {
        Map<String, Path> result = new LinkedHashMap<>();
        if (cluster.etcdMembersRunBySystemd().isEmpty()) {
            return result;
        }
        try {
            for (EtcdTarballs.Tarball t : EtcdSourceOptions.tarballs(terminal).resolve(cluster.etcdVersion(), bundleArches,
                    sources, note -> err.println("kubeha: " + note))) {
                result.put(t.fileName(), t.file());
            }
        } catch (EtcdTarballs.EtcdTarballException e) {
            err.println("kubeha: warning: the bundle carries no etcd release tarball: " + e.getMessage());
        }
        return result;
    }

    private String next(BundleFormat bundleFormat) {
        String name = out.getFileName().toString();
        if (encrypt) {
            String untar = bundleFormat == BundleFormat.TAR_GZ ? " | tar -xzpf -" : " > " + name.replaceAll("\\.enc$", "");
            return "next: " + OpensslEncryption.DECRYPT_COMMAND + " -in " + name + untar
                    + ", then sha256sum -c SHA256SUMS and follow RUNBOOK.md";
        }
        if (bundleFormat == BundleFormat.DIR) {
            return "next: (cd " + out + " && sha256sum -c SHA256SUMS), then follow RUNBOOK.md";
        }
        return "next: unpack it, run sha256sum -c SHA256SUMS and follow RUNBOOK.md";
    }

    private BundleFormat format() throws CommandFailure {
        if (format != null) {
            return BundleFormat.fromLabel(format).orElseThrow(() ->
                    CommandFailure.usage("--format " + format + " is not one of dir, tar.gz, zip"));
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.enc$", "");
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return BundleFormat.TAR_GZ;
        }
        return name.endsWith(".zip") ? BundleFormat.ZIP : BundleFormat.DIR;
    }

    /** The passphrase, never echoed and never on the command line. */
    private char[] passphrase() throws IOException, CommandFailure {
        var fromEnvironment = terminal.variable(PASSPHRASE_VARIABLE);
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get().toCharArray();
        }
        if (terminal.interactive()) {
            char[] first = terminal.readPassword("Bundle passphrase: ");
            char[] again = terminal.readPassword("Again: ");
            if (first == null || first.length == 0 || !Arrays.equals(first, again)) {
                throw CommandFailure.usage("the passphrases are empty or differ; nothing exported");
            }
            Arrays.fill(again, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw CommandFailure.usage("--encrypt needs a passphrase: set " + PASSPHRASE_VARIABLE
                    + " or give it on the first line of stdin");
        }
        return line.toCharArray();
    }
}

package dev.kubeha.artifact;

import dev.kubeha.model.ContainerdVersion;
import dev.kubeha.model.KubernetesRelease;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Fetches the packages a node of a distribution needs for a Kubernetes version: kubeadm, kubelet
 * and kubectl of exactly that version, cri-tools and kubernetes-cni (newest of the release's
 * channel) from pkgs.k8s.io, containerd.io (newest at or above the release's containerd floor)
 * from Docker's repository, and for Debian and Ubuntu what those depend on that a minimal
 * installation lacks, from the distribution's own repositories ({@link AptResolver} has the rule).
 *
 * <p>Every file is checked before it is used: apt repositories by their {@code InRelease}, whose
 * OpenPGP signature must verify with the repository's pinned key ({@link PackageRepositories}),
 * the {@code Packages} index by the sha256 the signed text gives, each {@code .deb} by the sha256
 * of its stanza; rpm-md repositories by {@code repodata/repomd.xml} and its detached signature
 * {@code repomd.xml.asc}, {@code primary.xml.gz} by its sha256 in repomd.xml, each {@code .rpm} by
 * its sha256 in primary.xml. For rhel-9 only the Kubernetes and Docker repositories are read (RHEL's
 * own need a subscription): what the packages require beyond them is {@link PackageSet#fromSite()}.
 *
 * <p>The pinned copy of pkgs.k8s.io's key expires (2026-12-29 for the copy kubeha carries); upstream
 * extends the same key from time to time. A signature that verifies but was made after the copy's
 * expiry makes kubeha read the key the repository publishes beside its metadata ({@code Release.key},
 * {@code repodata/repomd.xml.key}) and use it only when it has the pinned fingerprint and its
 * self-signatures verify; otherwise the expiry is the error, and {@code --package-keyring FILE}
 * gives a current copy.
 *
 * <p>Caching: the signed metadata ({@code InRelease}, {@code repomd.xml} and its signature) is
 * downloaded on every fetch, so that a fetch never works from stale metadata; the indexes it names
 * ({@code Packages.xz}, {@code primary.xml.gz}) and the packages are kept in the {@link ArtifactCache}
 * under their sha256 and taken from there when present. A second fetch with a warm cache therefore
 * downloads only the signed metadata.
 */
public final class PackageFetcher {
    private static final long METADATA_LIMIT = 64L << 20;

    /**
     * What kubeadm's preflight (v1.32 and later) looks for besides the packages' Depends: ip, iptables,
     * mount, nsenter (required), ebtables, ethtool, socat, tc (warned about); crictl comes with cri-tools.
     * conntrack is no longer needed from v1.32 on (kube-proxy stopped calling it, kubernetes#126952).
     * Debian and Ubuntu: the packages with those commands, fetched unless a minimal installation has them.
     */
    static final List<String> DEB_TOOLS = List.of("iproute2", "iptables", "mount", "util-linux", "ebtables", "ethtool", "socat");
    /** rhel-9: the same commands as file requirements ({@code dnf install /usr/sbin/ethtool} works), for the site. */
    static final List<String> RPM_TOOLS = List.of("/usr/sbin/ip", "/usr/sbin/iptables", "/usr/bin/mount", "/usr/bin/nsenter",
            "/usr/sbin/ebtables", "/usr/sbin/ethtool", "/usr/bin/socat", "/usr/sbin/tc");

    /** haproxy-keepalived mode: the control-plane nodes' load balancer, from the distribution's repository. */
    static final List<String> LOAD_BALANCER_PACKAGES = List.of("haproxy", "keepalived");
    /** Where HAProxy, keepalived and what only they need go, under the packages directory. */
    public static final String LOAD_BALANCER_DIR = "load-balancer/";

    private final ArtifactCache cache;
    private final Downloader downloader;
    private final PackageRepositories repositories;
    private final Clock clock;

    public PackageFetcher(ArtifactCache cache, Downloader downloader, PackageRepositories repositories) {
        this(cache, downloader, repositories, Clock.systemUTC());
    }

    /** Over the cache ({@code cacheDir}, as {@code KUBEHA_CACHE}; null or blank: the default) and {@link Downloader#standard()}. */
    public static PackageFetcher standard(String cacheDir, PackageRepositories repositories) {
        Path root = cacheDir == null || cacheDir.isBlank() ? ArtifactCache.defaultRoot() : Path.of(cacheDir);
        return new PackageFetcher(new ArtifactCache(root), Downloader.standard(), repositories);
    }

    PackageFetcher(ArtifactCache cache, Downloader downloader, PackageRepositories repositories, Clock clock) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** As {@link #fetch(Distro, KubernetesRelease, String, String, List, PackageProgress)} with the release's containerd floors. */
    public PackageSet fetch(Distro distro, KubernetesRelease release, String kubernetesVersion, List<String> arches,
                            PackageProgress progress) throws IOException {
        return fetch(distro, release, kubernetesVersion, null, arches, progress);
    }

    /**
     * The packages for {@code arches} ({@code amd64}, {@code arm64}).
     *
     * @param kubernetesVersion {@code 1.35.0} or {@code v1.35.0} (any package revision, the newest), or a
     *                          whole package version ({@code 1.35.0-1.1}: exactly that)
     * @param containerdFloor   the lowest containerd.io, {@code 2.2.0}; null: what the release accepts
     *                          ({@link KubernetesRelease#containerdAcceptable})
     * @throws PackageFetchException something is missing or not what its signed metadata says; nothing unchecked is returned
     * @throws IOException           a download failed
     */
    public PackageSet fetch(Distro distro, KubernetesRelease release, String kubernetesVersion, String containerdFloor,
                            List<String> arches, PackageProgress progress) throws IOException {
        return fetch(distro, release, kubernetesVersion, containerdFloor, arches, false, progress);
    }

    /**
     * As {@link #fetch(Distro, KubernetesRelease, String, String, List, PackageProgress)}, and with
     * {@code loadBalancer} HAProxy and keepalived too (haproxy-keepalived mode), from the
     * distribution's repository with what only they need, each under {@link #LOAD_BALANCER_DIR} in its
     * {@link FetchedPackage#fileName()}: only the control-plane nodes install them. rhel-9: they are in
     * RHEL's AppStream, so {@code fromSite}.
     */
    public PackageSet fetch(Distro distro, KubernetesRelease release, String kubernetesVersion, String containerdFloor,
                            List<String> arches, boolean loadBalancer, PackageProgress progress) throws IOException {
        PackageProgress out = progress == null ? PackageProgress.NONE : progress;
        String k8s = kubernetesVersion.startsWith("v") ? kubernetesVersion.substring(1) : kubernetesVersion;
        Predicate<String> containerdOk = containerdAccepts(release, containerdFloor);
        String containerdWanted = containerdFloor != null ? containerdFloor + "+" : release.containerdRequirement();
        List<PackageRepositories.Repository> repos = repositories.forDistro(distro, release);
        List<FetchedPackage> fetched = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> fromSite = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        List<String> kubeArches = arches.stream().map(a -> Distro.kubehaArch(distro.packageArch(a))).distinct().toList();
        for (String arch : kubeArches) {
            String packageArch = distro.packageArch(arch);
            List<PackageRepositories.Repository> serving = repos.stream().filter(r -> r.serves(packageArch)).toList();
            Map<PackageRepositories.Kind, String> urls = new EnumMap<>(PackageRepositories.Kind.class);
            serving.forEach(r -> urls.putIfAbsent(r.kind(), r.urlFor(packageArch)));
            if (distro.format() == Distro.Format.DEB) {
                List<AptPackage> universe = new ArrayList<>();
                for (PackageRepositories.Repository r : serving) {
                    universe.addAll(aptIndex(r, packageArch, out));
                }
                AptResolver resolver = new AptResolver(universe, distro.label() + " " + packageArch);
                Map<String, AptPackage> minimal = resolver.minimal();
                List<AptResolver.Root> roots = new ArrayList<>();
                for (String name : List.of("kubeadm", "kubelet", "kubectl")) {
                    roots.add(new AptResolver.Root(name, PackageRepositories.Kind.KUBERNETES, k8s, p -> kubernetesMatches(p.version(), k8s)));
                }
                roots.add(new AptResolver.Root("cri-tools", PackageRepositories.Kind.KUBERNETES, "(any)", p -> true));
                roots.add(new AptResolver.Root("kubernetes-cni", PackageRepositories.Kind.KUBERNETES, "(any)", p -> true));
                roots.add(new AptResolver.Root("containerd.io", PackageRepositories.Kind.DOCKER, containerdWanted,
                        p -> containerdOk.test(p.version())));
                List<String> missingTools = new ArrayList<>();
                List<AptPackage> chosen = resolver.resolve(roots, DEB_TOOLS, minimal, urls, missingTools);
                for (String tool : missingTools) {
                    notes.add(tool + " is not in the " + distro.label() + " repositories for " + packageArch
                            + ": kubeadm's preflight may warn about the command it brings");
                }
                for (AptPackage p : chosen) {
                    if (!seen.add(p.sha256())) {
                        continue;
                    }
                    String base = p.repository().urlFor(packageArch);
                    fetched.add(download(p.name(), p.version(), p.arch(), base, p.filename(), p.sha256(), p.size(), "", out));
                }
                if (loadBalancer) {
                    // What the node packages bring counts as installed: the load-balancer directory holds only the rest.
                    Map<String, AptPackage> installed = new LinkedHashMap<>(minimal);
                    chosen.forEach(p -> installed.putIfAbsent(p.name(), p));
                    List<AptResolver.Root> balancers = new ArrayList<>();
                    for (String name : LOAD_BALANCER_PACKAGES) {
                        balancers.add(new AptResolver.Root(name, PackageRepositories.Kind.BASE, "(any)", p -> true));
                    }
                    for (AptPackage p : resolver.resolve(balancers, installed, urls)) {
                        if (!seen.add(p.sha256())) {
                            continue;
                        }
                        String base = p.repository().urlFor(packageArch);
                        fetched.add(download(p.name(), p.version(), p.arch(), base, p.filename(), p.sha256(), p.size(),
                                LOAD_BALANCER_DIR, out));
                    }
                }
            } else {
                List<RpmPackage> universe = new ArrayList<>();
                for (PackageRepositories.Repository r : serving) {
                    universe.addAll(rpmPrimary(r, packageArch, out));
                }
                RpmResolver resolver = new RpmResolver(universe, distro.label() + " " + packageArch);
                List<RpmResolver.Root> roots = new ArrayList<>();
                for (String name : List.of("kubeadm", "kubelet", "kubectl")) {
                    roots.add(new RpmResolver.Root(name, PackageRepositories.Kind.KUBERNETES, k8s,
                            p -> kubernetesMatches(p.version() + "-" + p.release(), k8s)));
                }
                roots.add(new RpmResolver.Root("cri-tools", PackageRepositories.Kind.KUBERNETES, "(any)", p -> true));
                roots.add(new RpmResolver.Root("kubernetes-cni", PackageRepositories.Kind.KUBERNETES, "(any)", p -> true));
                roots.add(new RpmResolver.Root("containerd.io", PackageRepositories.Kind.DOCKER, containerdWanted,
                        p -> containerdOk.test(p.version())));
                RpmResolver.Result result = resolver.resolve(roots, RPM_TOOLS, urls);
                fromSite.addAll(result.unresolved());
                if (loadBalancer) {
                    fromSite.addAll(LOAD_BALANCER_PACKAGES);
                }
                for (RpmPackage p : result.packages()) {
                    if (!seen.add(p.sha256())) {
                        continue;
                    }
                    fetched.add(download(p.name(), p.evr(), p.arch(), p.repository().urlFor(packageArch), p.href(), p.sha256(),
                            p.size(), "", out));
                }
            }
        }
        if (distro.format() == Distro.Format.DEB) {
            notes.add("Dependencies that a minimal " + distro.label() + " installation has (Priority required or important,"
                    + " Essential, and what those depend on) are not included.");
        } else {
            notes.add("RHEL's own repositories need a subscription and were not read: the site provides fromSite"
                    + " (requirements of these packages that neither pkgs.k8s.io nor Docker's repository provides)"
                    + " from its RHEL 9 BaseOS and AppStream repositories; the paths among them (/usr/sbin/ethtool, …)"
                    + " are the commands kubeadm's preflight looks for, which dnf installs by path.");
        }
        return new PackageSet(distro, k8s, kubeArches, fetched, List.copyOf(fromSite), notes);
    }

    /** Whether package version {@code version} ({@code 1.35.0-1.1}) is Kubernetes {@code wanted} ({@code 1.35.0} or {@code 1.35.0-1.1}). */
    static boolean kubernetesMatches(String version, String wanted) {
        String v = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        return wanted.contains("-") ? v.equals(wanted) : v.startsWith(wanted + "-") || v.equals(wanted);
    }

    private static Predicate<String> containerdAccepts(KubernetesRelease release, String floor) {
        Optional<ContainerdVersion> min = floor == null ? Optional.empty() : ContainerdVersion.parse(floor);
        if (floor != null && min.isEmpty()) {
            throw new IllegalArgumentException("containerd floor " + floor + " is not a version like 2.2.0");
        }
        return version -> {
            String v = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
            Optional<ContainerdVersion> c = ContainerdVersion.parse(v);
            if (c.isEmpty()) {
                return false;
            }
            return min.map(m -> c.get().compareTo(m) >= 0).orElseGet(() -> release.containerdAcceptable(c.get()));
        };
    }

    // ---- apt

    private List<AptPackage> aptIndex(PackageRepositories.Repository r, String arch, PackageProgress out) throws IOException {
        String base = r.urlFor(arch);
        String dist = r.suite() == null ? base : base + "dists/" + r.suite() + "/";
        String inReleaseUrl = dist + "InRelease";
        byte[] signed = bytes(inReleaseUrl);
        String text;
        try {
            text = r.keyring().verifyClearSigned(signed, inReleaseUrl);
            out.note(inReleaseUrl + ": signature verified with " + r.keyring().name());
        } catch (PackageKeyring.ExpiredKeyException e) {
            PackageKeyring refreshed = refreshed(r, base + "Release.key", e, out);
            text = refreshed.verifyClearSigned(signed, inReleaseUrl);
            out.note(inReleaseUrl + ": signature verified with " + refreshed.name());
        }
        AptIndex.Release release = AptIndex.parseRelease(text);
        checkRelease(release, r, inReleaseUrl);
        List<String> prefixes = new ArrayList<>();
        if (r.suite() == null) {
            prefixes.add("");
        } else {
            // "No-Support-for-Architecture-all: Packages" (Debian's archive): the binary-<arch> index lists the
            // Architecture: all packages too, and a binary-all index is not to be read in addition.
            boolean allInArch = "Packages".equals(release.field("No-Support-for-Architecture-all"));
            for (String component : r.components()) {
                prefixes.add(component + "/binary-" + arch + "/");
                if (!allInArch) {
                    prefixes.add(component + "/binary-all/");
                }
            }
        }
        List<AptPackage> result = new ArrayList<>();
        boolean any = false;
        for (String prefix : prefixes) {
            AptIndex.ReleaseFile file = null;
            for (String name : List.of("Packages.xz", "Packages.gz", "Packages")) {
                file = release.sha256().get(prefix + name);
                if (file != null) {
                    break;
                }
            }
            if (file == null) {
                continue;
            }
            any = true;
            String url = dist + file.path();
            Path local = cached(url, file.sha256(), "the Packages index " + url + " (sha256 from " + inReleaseUrl + ")", out);
            try (InputStream in = decompress(Files.newInputStream(local), file.path())) {
                // A flat repository (pkgs.k8s.io) has one index for every architecture.
                AptIndex.parsePackages(in, r).stream()
                        .filter(p -> p.arch().equals(arch) || p.arch().equals("all"))
                        .forEach(result::add);
            }
        }
        if (!any) {
            throw new PackageFetchException(inReleaseUrl + " lists no Packages index for " + arch
                    + (r.suite() == null ? "" : " in " + String.join(", ", r.components())));
        }
        return result;
    }

    private void checkRelease(AptIndex.Release release, PackageRepositories.Repository r, String url) throws PackageFetchException {
        if (r.suite() != null) {
            String suite = release.field("Suite");
            String codename = release.field("Codename");
            if (!r.suite().equals(suite) && !r.suite().equals(codename)) {
                throw new PackageFetchException(url + " is for " + (codename != null ? codename : suite)
                        + ", not " + r.suite() + ": the repository answers with another distribution's metadata");
            }
        }
        String validUntil = release.field("Valid-Until");
        if (validUntil != null) {
            Instant until;
            try {
                until = ZonedDateTime.parse(validUntil.replace("UTC", "GMT"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new PackageFetchException(url + " has a Valid-Until that is not a date: " + validUntil);
            }
            if (clock.instant().isAfter(until)) {
                throw new PackageFetchException(url + " was valid until " + validUntil
                        + ": the repository (or mirror) serves outdated metadata");
            }
        }
    }

    // ---- rpm

    private List<RpmPackage> rpmPrimary(PackageRepositories.Repository r, String arch, PackageProgress out) throws IOException {
        String base = r.urlFor(arch);
        String repomdUrl = base + "repodata/repomd.xml";
        byte[] repomd = bytes(repomdUrl);
        byte[] signature;
        try {
            signature = bytes(repomdUrl + ".asc");
        } catch (PackageFetchException e) {
            throw e;
        } catch (IOException e) {
            throw new PackageFetchException(repomdUrl + " has no signature kubeha can check (" + e.getMessage()
                    + "); kubeha uses only signed repository metadata", e);
        }
        try {
            r.keyring().verifyDetached(repomd, signature, repomdUrl);
            out.note(repomdUrl + ": signature verified with " + r.keyring().name());
        } catch (PackageKeyring.ExpiredKeyException e) {
            PackageKeyring refreshed = refreshed(r, base + "repodata/repomd.xml.key", e, out);
            refreshed.verifyDetached(repomd, signature, repomdUrl);
            out.note(repomdUrl + ": signature verified with " + refreshed.name());
        }
        RpmMetadata.Location primary = RpmMetadata.primaryOf(repomd, repomdUrl);
        String url = base + primary.href();
        Path local = cached(url, primary.sha256(), "the primary metadata " + url + " (sha256 from " + repomdUrl + ")", out);
        try (InputStream in = decompress(Files.newInputStream(local), primary.href())) {
            return RpmMetadata.parsePrimary(in, r, url).stream()
                    .filter(p -> p.arch().equals(arch) || p.arch().equals("noarch")).toList();
        }
    }

    /**
     * pkgs.k8s.io extends its key's expiry from time to time and publishes the key beside the
     * metadata: when the signature verified but kubeha's copy of the key had expired, the published
     * copy is used, and only when it has the pinned fingerprint and verifying self-signatures.
     */
    private PackageKeyring refreshed(PackageRepositories.Repository r, String keyUrl, PackageKeyring.ExpiredKeyException e,
                                     PackageProgress out) throws IOException {
        if (r.kind() != PackageRepositories.Kind.KUBERNETES) {
            throw e;
        }
        byte[] published;
        try {
            published = bytes(keyUrl);
        } catch (IOException io) {
            throw new PackageFetchException(e.getMessage() + "; a current copy could not be had from " + keyUrl + ": "
                    + io.getMessage(), io);
        }
        PackageKeyring refreshed = r.keyring().refreshedBy(published, keyUrl);
        out.note(keyUrl + ": a current copy of the pinned key (" + String.join(", ", r.keyring().fingerprints()) + ")");
        return refreshed;
    }

    // ---- common

    private FetchedPackage download(String name, String version, String arch, String base, String relative, String sha256,
                                    long size, String directory, PackageProgress out) throws IOException {
        String url = base + relative;
        String fileName = relative.substring(relative.lastIndexOf('/') + 1);
        Optional<Path> hit = cache.find(sha256);
        Path file;
        if (hit.isPresent()) {
            out.note(name + " " + version + " " + arch + ": from the cache");
            file = hit.get();
        } else {
            out.note(name + " " + version + " " + arch + ": downloading " + url);
            try (InputStream in = counting(downloader.open(URI.create(url)), fileName, size, out)) {
                file = cache.store(in, sha256, url);
            } catch (ArtifactCache.ChecksumMismatchException e) {
                throw new PackageFetchException(url + " has sha256 " + e.actual() + ", not " + e.expected()
                        + " as the repository's signed metadata says: not using it");
            }
        }
        return new FetchedPackage(name, version, arch, directory + fileName, sha256, size >= 0 ? size : Files.size(file), base,
                file);
    }

    private Path cached(String url, String sha256, String what, PackageProgress out) throws IOException {
        Optional<Path> hit = cache.find(sha256);
        if (hit.isPresent()) {
            out.note(url + ": from the cache");
            return hit.get();
        }
        try (InputStream in = downloader.open(URI.create(url))) {
            return cache.store(in, sha256, url);
        } catch (ArtifactCache.ChecksumMismatchException e) {
            throw new PackageFetchException(what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1) + " has sha256 "
                    + e.actual() + ", not " + e.expected() + ": not using it");
        }
    }

    private byte[] bytes(String url) throws IOException {
        try (InputStream in = downloader.open(URI.create(url))) {
            byte[] data = in.readNBytes((int) METADATA_LIMIT + 1);
            if (data.length > METADATA_LIMIT) {
                throw new PackageFetchException(url + " is larger than " + (METADATA_LIMIT >> 20) + " MiB: not repository metadata");
            }
            return data;
        }
    }

    private static InputStream decompress(InputStream in, String name) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZInputStream(in);
        }
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (name.endsWith(".zst") || name.endsWith(".bz2")) {
            in.close();
            throw new PackageFetchException(name + ": kubeha reads .xz, .gz and uncompressed metadata only");
        }
        return in;
    }

    private static InputStream counting(InputStream in, String file, long total, PackageProgress out) {
        return new FilterInputStream(in) {
            private long done;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    out.bytes(file, ++done, total);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    done += n;
                    out.bytes(file, done, total);
                }
                return n;
            }
        };
    }
}

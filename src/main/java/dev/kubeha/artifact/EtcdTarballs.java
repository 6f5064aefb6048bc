package dev.kubeha.artifact;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KubernetesReleases;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The etcd release tarball that members run by systemd install, found on the workstation: from
 * the directory the user brings ({@code --include-packages}), from the cache, or downloaded from
 * etcd's releases (or a mirror) — the last two only against a published sha256, from kubeha's
 * release table or from the user ({@code --etcd-sha256}). A tarball the user brings is checked
 * against the same sha256 when there is one.
 */
public final class EtcdTarballs {
    /** etcd's GitHub releases; {@code --etcd-download-url} points elsewhere (a mirror, a test server). */
    public static final URI DEFAULT_DOWNLOAD_URL = URI.create("https://github.com/etcd-io/etcd/releases/download");
    /** Moves the etcd downloads to a mirror, as {@code --etcd-download-url} does. */
    public static final String DOWNLOAD_URL_VARIABLE = "KUBEHA_ETCD_DOWNLOAD_URL";

    private final ArtifactCache cache;
    private final Downloader downloader;
    private final KubernetesReleases releases;

    public EtcdTarballs(ArtifactCache cache, Downloader downloader, KubernetesReleases releases) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.releases = Objects.requireNonNull(releases, "releases");
    }

    /** Over the cache ({@code KUBEHA_CACHE}, else {@code ~/.kubeha/cache}), the network and the built-in table. */
    public static EtcdTarballs standard() {
        return standard(System.getenv(ArtifactCache.VARIABLE));
    }

    /** As {@link #standard()}, with {@code cacheDir} for the value of {@code KUBEHA_CACHE} (null or blank: the default). */
    public static EtcdTarballs standard(String cacheDir) {
        Path root = ArtifactCache.rootFor(cacheDir);
        return new EtcdTarballs(new ArtifactCache(root), Downloader.standard(), KubernetesReleases.builtIn());
    }

    /**
     * {@code text} as the base URL of etcd's downloads.
     *
     * @param option names the setting in the message, e.g. {@code --etcd-download-url}
     * @throws IllegalArgumentException it is not an http or https URL with a host; the message says so
     */
    public static URI parseDownloadUrl(String text, String option) {
        URI base;
        try {
            base = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(option + " " + text + " is not a URL: " + e.getReason());
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || base.getHost() == null) {
            throw new IllegalArgumentException(option + " " + text + " is not an http or https URL with a host");
        }
        return base;
    }

    /**
     * Where tarballs may come from.
     *
     * @param packages    a directory the user brings, or null
     * @param sha256      the user's sha256 for the tarball (one architecture only), or null
     * @param downloadUrl the base under which {@code v<version>/etcd-v<version>-linux-<arch>.tar.gz} lies
     */
    public record Sources(Path packages, String sha256, URI downloadUrl) {
        public Sources {
            downloadUrl = downloadUrl == null ? DEFAULT_DOWNLOAD_URL : downloadUrl;
            if (sha256 != null && !Sha256.isHex(sha256)) {
                throw new IllegalArgumentException("--etcd-sha256 " + sha256 + " is not a sha256 (64 hex digits)");
            }
            sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        }

        public static Sources defaults() {
            return new Sources(null, null, null);
        }

        /** No directory or sha256 of the user's; downloads from {@code KUBEHA_ETCD_DOWNLOAD_URL} when it is set. */
        public static Sources fromEnvironment() {
            String moved = System.getenv(DOWNLOAD_URL_VARIABLE);
            return new Sources(null, null, moved == null || moved.isBlank() ? null
                    : parseDownloadUrl(moved.trim(), DOWNLOAD_URL_VARIABLE));
        }
    }

    /** Where a tarball came from. */
    public enum Origin {
        /** The user's directory. */
        GIVEN,
        /** An earlier download. */
        CACHE,
        /** Downloaded now. */
        DOWNLOADED
    }

    /**
     * One tarball on the workstation.
     *
     * @param checked whether it matched a published sha256 (else the user's own file, as given)
     */
    public record Tarball(String version, String arch, Path file, String sha256, Origin origin, boolean checked) {
        public String fileName() {
            return EtcdTarballs.fileName(version, arch);
        }
    }

    /** {@code etcd-v3.6.8-linux-amd64.tar.gz}, as etcd names its release files. */
    public static String fileName(String version, String arch) {
        return "etcd-v" + version + "-linux-" + arch + ".tar.gz";
    }

    /** Where etcd {@code version} for {@code arch} is downloaded from. */
    public static URI downloadUrl(URI base, String version, String arch) {
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text : text + "/") + "v" + version + "/" + fileName(version, arch));
    }

    /**
     * The tarball of etcd {@code version} for each of {@code arches}, in that order.
     *
     * @param notes told what happens (downloads, checks), one line each
     * @throws EtcdTarballException none can be had that kubeha may trust; the message says what to do
     */
    public List<Tarball> resolve(String version, List<String> arches, Sources sources, Consumer<String> notes)
            throws EtcdTarballException {
        List<String> distinct = arches.stream().distinct().toList();
        if (sources.sha256() != null && distinct.size() > 1) {
            throw new EtcdTarballException("--etcd-sha256 names one tarball, but the etcd members run "
                    + String.join(" and ", distinct) + ": put " + String.join(" and ",
                    distinct.stream().map(a -> fileName(version, a)).toList())
                    + " in a directory and give --include-packages DIR instead");
        }
        List<Tarball> result = new ArrayList<>();
        for (String arch : distinct) {
            result.add(resolve(version, arch, sources, notes));
        }
        return result;
    }

    private Tarball resolve(String version, String arch, Sources sources, Consumer<String> notes)
            throws EtcdTarballException {
        String name = fileName(version, arch);
        String published = sources.sha256() != null ? sources.sha256()
                : releases.etcdTarballSha256(version, arch).orElse(null);
        String from = sources.sha256() != null ? "--etcd-sha256" : "kubeha's release table";
        try {
            if (sources.packages() != null) {
                Path given = sources.packages().resolve(name);
                if (Files.isRegularFile(given)) {
                    String actual = Sha256.of(given);
                    if (published != null && !published.equals(actual)) {
                        throw new EtcdTarballException(given + " has sha256 " + actual + ", not " + published
                                + " (from " + from + "): it is not etcd's release file; replace it with the one from"
                                + " etcd v" + version + "'s release page");
                    }
                    notes.accept(published != null ? given + ": sha256 matches " + from
                            : given + ": taken as given (kubeha knows no published sha256 for it)");
                    return new Tarball(version, arch, given, actual, Origin.GIVEN, published != null);
                }
            }
            if (published == null) {
                throw new EtcdTarballException("kubeha knows no published sha256 of " + name
                        + ", so it does not download it: put the file in a directory and give --include-packages DIR,"
                        + " or give --etcd-sha256 with its sha256 from etcd v" + version + "'s SHA256SUMS"
                        + known());
            }
            var cached = cache.find(published);
            if (cached.isPresent()) {
                notes.accept(name + ": from the cache (" + cached.get() + ")");
                return new Tarball(version, arch, cached.get(), published, Origin.CACHE, true);
            }
            URI url = downloadUrl(sources.downloadUrl(), version, arch);
            notes.accept(name + ": downloading " + url);
            Path stored;
            try (InputStream in = downloader.open(url)) {
                stored = cache.store(in, published, url.toString());
            } catch (ArtifactCache.ChecksumMismatchException e) {
                throw new EtcdTarballException(e.getMessage() + " (from " + from + "): nothing was kept; check"
                        + " --etcd-download-url, or bring the file with --include-packages DIR");
            } catch (IOException e) {
                throw new EtcdTarballException("cannot download " + url + " (" + (e.getMessage() != null ? e.getMessage()
                        : e.getClass().getSimpleName()) + "): check the"
                        + " network or --etcd-download-url, or put " + name + " in a directory and give"
                        + " --include-packages DIR");
            }
            notes.accept(name + ": sha256 matches " + from + "; kept in " + stored);
            return new Tarball(version, arch, stored, published, Origin.DOWNLOADED, true);
        } catch (IOException e) {
            throw new EtcdTarballException("cannot read " + name + ": " + e.getMessage());
        }
    }

    /**
     * As {@link #unavailable}, for the etcd of {@code cluster}: empty as well when no member runs
     * etcd under systemd (kubeadm's static pods come from the image, not the tarball).
     */
    public Optional<String> unavailableFor(Cluster cluster, Sources sources) {
        return cluster.etcdMembersRunBySystemd().isEmpty() ? Optional.empty()
                : unavailable(cluster.etcdVersion(), sources);
    }

    /**
     * Why no tarball of etcd {@code version} can be had whatever the nodes' architecture, without
     * looking at the network: kubeha knows no published sha256 of it, none is given, and the
     * user's directory has no tarball of it. Empty when one may be had (the cache and the
     * download are tried only by {@link #resolve}).
     */
    public Optional<String> unavailable(String version, Sources sources) {
        if (sources.sha256() != null || releases.etcdVersionsWithChecksums().contains(version)) {
            return Optional.empty();
        }
        if (sources.packages() != null) {
            String prefix = "etcd-v" + version + "-linux-";
            try (var files = Files.list(sources.packages())) {
                if (files.anyMatch(f -> f.getFileName().toString().startsWith(prefix)
                        && f.getFileName().toString().endsWith(".tar.gz"))) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.of("cannot list " + sources.packages() + ": " + e.getMessage());
            }
        }
        return Optional.of("kubeha knows no published sha256 of etcd v" + version + "'s release tarball, so it does"
                + " not download it: put " + fileName(version, "<arch>") + " in a directory and give"
                + " --include-packages DIR, or give --etcd-sha256 with its sha256 from etcd v" + version
                + "'s SHA256SUMS" + known());
    }

    private String known() {
        List<String> versions = releases.etcdVersionsWithChecksums();
        return versions.isEmpty() ? "" : "; or set etcd.version to one kubeha knows (" + String.join(", ", versions) + ")";
    }

    /** No tarball kubeha may trust; the message says what to do. */
    public static final class EtcdTarballException extends Exception {
        public EtcdTarballException(String message) {
            super(message);
        }
    }
}

package dev.kubeha.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release table: every Kubernetes minor kubeha knows, read once from
 * {@code kubernetes-releases.json} in the jar. Whatever depends on the release (the validator,
 * the kubeadm configuration, etcd's default version, the package channel, the image list, the
 * wizard) asks here, so that a new release is one new row.
 */
public final class KubernetesReleases {
    static final String RESOURCE = "kubernetes-releases.json";

    private static final KubernetesReleases BUILT_IN = load();

    private final LocalDate checked;
    private final List<KubernetesRelease> releases;
    /** The etcd versions whose release tarball checksums some row has, oldest first. */
    private final List<String> etcdVersionsWithChecksums;

    KubernetesReleases(LocalDate checked, List<KubernetesRelease> releases) {
        this.checked = checked;
        this.releases = releases.stream()
                .sorted(Comparator.comparing(r -> minorOf(r.minor())))
                .toList();
        this.etcdVersionsWithChecksums = this.releases.stream()
                .filter(r -> r.etcd() != null && r.etcdTarballSha256() != null && !r.etcdTarballSha256().isEmpty())
                .map(KubernetesRelease::etcdVersion)
                .distinct()
                .toList();
        if (supported().isEmpty()) {
            throw new IllegalStateException(RESOURCE + " lists no supported release");
        }
    }

    /** The table shipped in the jar. */
    public static KubernetesReleases builtIn() {
        return BUILT_IN;
    }

    /** The day the table's values were last checked against upstream. */
    public LocalDate checked() {
        return checked;
    }

    /** Every row, oldest minor first, including releases not yet supported. */
    public List<KubernetesRelease> all() {
        return releases;
    }

    /** The releases kubeha installs, oldest first. */
    public List<KubernetesRelease> supported() {
        return releases.stream().filter(KubernetesRelease::supported).toList();
    }

    public KubernetesRelease oldestSupported() {
        return supported().get(0);
    }

    public KubernetesRelease newestSupported() {
        List<KubernetesRelease> s = supported();
        return s.get(s.size() - 1);
    }

    /** A new cluster's version: the newest supported patch of the newest supported minor. */
    public String defaultVersion() {
        return newestSupported().newestPatch();
    }

    /** {@code v1.35 to v1.37} */
    public String supportedRange() {
        return oldestSupported().minor() + " to " + newestSupported().minor();
    }

    /** The row of {@code version}'s minor, supported or not; empty when the table has none. */
    public Optional<KubernetesRelease> forVersion(KubernetesVersion version) {
        return releases.stream().filter(r -> r.minor().equals(version.minorText())).findFirst();
    }

    /** The supported row of {@code kubernetesVersion}; empty when it is not a supported version. */
    public Optional<KubernetesRelease> supportedFor(String kubernetesVersion) {
        return KubernetesVersion.parse(kubernetesVersion).flatMap(this::forVersion).filter(KubernetesRelease::supported);
    }

    /**
     * The published sha256 of etcd {@code etcdVersion}'s release tarball for {@code arch} (amd64,
     * arm64), from whichever row pins that etcd; empty when the table has none.
     */
    public Optional<String> etcdTarballSha256(String etcdVersion, String arch) {
        return releases.stream()
                .filter(r -> r.etcd() != null && r.etcdVersion().equals(etcdVersion))
                .map(r -> r.etcdTarballSha256(arch))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The etcd versions whose release tarball checksums the table has, oldest first. */
    public List<String> etcdVersionsWithChecksums() {
        return etcdVersionsWithChecksums;
    }

    /**
     * The etcd release members run by systemd get by default under {@code release}: the one
     * its kubeadm pins when the table has that release tarball's sha256 (kubeha downloads only
     * what it can check), else the newest etcd the table has checksums of that kubeadm of this
     * release accepts as external etcd and that is not newer than the pinned one; the pinned one
     * when there is none (apply then asks for the tarball).
     */
    public String systemdEtcdVersion(KubernetesRelease release) {
        String pinned = release.etcdVersion();
        if (pinned == null || etcdVersionsWithChecksums().contains(pinned) || release.minExternalEtcd() == null) {
            return pinned;
        }
        EtcdVersion newest = EtcdVersion.parse(pinned).orElse(null);
        EtcdVersion minimum = EtcdVersion.parse(release.minExternalEtcdVersion()).orElse(null);
        if (newest == null || minimum == null) {
            return pinned;
        }
        return etcdVersionsWithChecksums().stream()
                .map(v -> EtcdVersion.parse(v).orElseThrow())
                .filter(v -> v.compareTo(minimum) >= 0 && v.compareTo(newest) <= 0)
                .max(EtcdVersion::compareTo)
                .map(EtcdVersion::toString)
                .orElse(pinned);
    }

    private static KubernetesVersion minorOf(String minor) {
        return KubernetesVersion.parse(minor + ".0")
                .orElseThrow(() -> new IllegalStateException(RESOURCE + ": \"" + minor + "\" is not a minor like v1.37"));
    }

    /** The file's shape; dates are text because the model does without Jackson's java.time module. */
    record Document(String checked, String about, List<Row> releases) {
    }

    record Row(String minor, KubernetesRelease.Status status, String newestPatch, String endOfLife, String releaseDate,
               String kubeadmApi, String etcd, String minExternalEtcd, String pause, String coreDns,
               String packageChannel, List<String> containerd, Map<String, String> etcdTarballSha256, String source) {
        KubernetesRelease release() {
            return new KubernetesRelease(minor, status, newestPatch, date(endOfLife), date(releaseDate), kubeadmApi, etcd,
                    minExternalEtcd, pause, coreDns, packageChannel, containerd, etcdTarballSha256, source);
        }

        private static LocalDate date(String text) {
            return text == null ? null : LocalDate.parse(text);
        }
    }

    static KubernetesReleases read(InputStream in) throws IOException {
        Document doc = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build()
                .readValue(in, Document.class);
        return new KubernetesReleases(LocalDate.parse(doc.checked()),
                doc.releases().stream().map(Row::release).toList());
    }

    private static KubernetesReleases load() {
        try (InputStream in = KubernetesReleases.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}

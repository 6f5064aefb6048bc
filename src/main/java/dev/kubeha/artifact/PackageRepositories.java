package dev.kubeha.artifact;

import dev.kubeha.model.KubernetesRelease;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the packages of each distribution come from, and the keys their metadata must be signed
 * with. {@link #standard()} is the upstream repositories with kubeha's pinned keys:
 *
 * <table>
 * <caption>Repositories by distribution</caption>
 * <tr><th>distribution</th><th>Kubernetes</th><th>containerd.io</th><th>base (dependencies)</th></tr>
 * <tr><td>debian-12</td><td rowspan="3">the release's pkgs.k8s.io channel ({@code .../deb/}, flat),
 *   key {@value #KUBERNETES_FINGERPRINT}</td>
 *   <td>download.docker.com/linux/debian bookworm stable, key {@value #DOCKER_FINGERPRINT}</td>
 *   <td>deb.debian.org/debian bookworm and bookworm-updates main, security.debian.org/debian-security
 *   bookworm-security main; Debian 12 and 13 archive keys</td></tr>
 * <tr><td>ubuntu-22.04</td><td>download.docker.com/linux/ubuntu jammy stable</td>
 *   <td>archive.ubuntu.com/ubuntu (amd64) or ports.ubuntu.com/ubuntu-ports (arm64) jammy, jammy-updates,
 *   jammy-security main; Ubuntu archive key 2018 {@value #UBUNTU_FINGERPRINT}</td></tr>
 * <tr><td>ubuntu-24.04</td><td>download.docker.com/linux/ubuntu noble stable</td><td>as 22.04, noble</td></tr>
 * <tr><td>rhel-9</td><td>the same channel's {@code .../rpm/}</td>
 *   <td>download.docker.com/linux/rhel/9/$basearch/stable, key {@value #DOCKER_RPM_FINGERPRINT}</td>
 *   <td>none: RHEL's repositories need a subscription; what the packages require beyond the two
 *   repositories is listed in {@link PackageSet#fromSite()}</td></tr>
 * </table>
 *
 * <p>Where the pinned keys ({@code src/main/resources/dev/kubeha/artifact/keys/}) come from; each
 * resource's fingerprints are asserted when it is loaded and in {@code PackageKeyringTest}:
 * <ul>
 * <li>{@code debian-12.asc}: exported from Debian 12's {@code debian-archive-keyring} 2023.3+deb12u2
 *     ({@code /usr/share/keyrings/debian-archive-keyring.gpg}): the 12/bookworm stable release,
 *     archive and security archive keys and the 13/trixie archive and security archive keys (the
 *     archive signs bookworm with the current ones); a real bookworm-updates InRelease verifies.</li>
 * <li>{@code ubuntu-archive-2018.asc}: Ubuntu Archive Automatic Signing Key (2018), which signs the
 *     jammy and noble archives; Debian 12's apt had no {@code ubuntu-keyring}, so the text is the copy
 *     in canonical/chisel ({@code internal/testutil/pgpkeys.go}, commit ebec450c), checked by fingerprint.</li>
 * <li>{@code docker.asc}, {@code docker-rpm.asc}: Docker Release (CE deb) and (CE rpm), the keys at
 *     download.docker.com/linux/{debian,ubuntu}/gpg and /linux/{centos,rhel}/gpg, from public copies,
 *     checked by the fingerprints Docker publishes (the deb one as prepare-node.sh pins it).</li>
 * <li>{@code kubernetes.asc}: pkgs.k8s.io's {@code Release.key} (isv:kubernetes OBS Project), a public
 *     copy whose self-signature of 2024-10-20 runs to 2026-12-29; the fingerprint is the one dnf shows
 *     importing {@code repomd.xml.key}. Past that day {@link PackageFetcher} takes the repository's
 *     current copy when it has this fingerprint.</li>
 * </ul>
 *
 * <p>{@link #withMirror} moves every repository below one base URL, {@code <mirror>/<host><path>}
 * ({@code https://pkgs.k8s.io/core:/stable:/v1.35/deb/} becomes
 * {@code http://mirror.example/pkgs.k8s.io/core:/stable:/v1.35/deb/}); {@link #withKeyring} replaces
 * the pinned keys (a mirror that signs with its own key, or a newer copy of an expired key); a keyring
 * given for one {@link Kind} wins over one given for every repository.
 */
public final class PackageRepositories {
    /** pkgs.k8s.io: isv:kubernetes OBS Project. The pinned copy expires on 2026-12-29. */
    public static final String KUBERNETES_FINGERPRINT = "DE15B14486CD377B9E876E1A234654DA9A296436";
    /** Docker Release (CE deb), as in prepare-node.sh. */
    public static final String DOCKER_FINGERPRINT = "9DC858229FC7DD38854AE2D88D81803C0EBFCD88";
    /** Docker Release (CE rpm). */
    public static final String DOCKER_RPM_FINGERPRINT = "060A61C51B558A7F742B77AAC52FEB6B621E9F35";
    /** Ubuntu Archive Automatic Signing Key (2018). */
    public static final String UBUNTU_FINGERPRINT = "F6ECB3762474EDA9D21B7022871920D1991BC93C";
    /** Debian 12 stable release key, 12 archive and 12 security archive keys, 13 archive and 13 security archive keys. */
    public static final Set<String> DEBIAN_FINGERPRINTS = Set.of(
            "4D64FEC119C2029067D6E791F8D2585B8783D481",
            "B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8",
            "05AB90340C0C5E797F44A8C8254CF3B5AEC0A8F0",
            "04B54C3CDCA79751B16BC6B5225629DF75B188BD",
            "5E04A1E3223A19A20706E20F9904613D4CCE68C6");

    /** What a repository is for. */
    public enum Kind {
        /** pkgs.k8s.io: kubeadm, kubelet, kubectl, cri-tools, kubernetes-cni. */
        KUBERNETES,
        /** Docker's: containerd.io. */
        DOCKER,
        /** The distribution's own: what the packages above depend on. */
        BASE
    }

    /**
     * One repository.
     *
     * @param url        apt: the archive root ({@code https://deb.debian.org/debian/}), or the directory of
     *                   a flat repository; rpm: the directory holding {@code repodata/}, with {@code $basearch}
     * @param suite      apt: {@code bookworm}; null for a flat repository and for rpm
     * @param components apt: {@code main}; empty for a flat repository and for rpm
     * @param arches     the package architectures it serves; empty: every one
     */
    public record Repository(Kind kind, String name, String url, String suite, List<String> components,
                             List<String> arches, PackageKeyring keyring) {
        public Repository {
            url = url.endsWith("/") ? url : url + "/";
            components = List.copyOf(components);
            arches = List.copyOf(arches);
        }

        public boolean serves(String packageArch) {
            return arches.isEmpty() || arches.contains(packageArch);
        }

        /** The base URL for {@code packageArch} ({@code $basearch} replaced). */
        public String urlFor(String packageArch) {
            return url.replace("$basearch", packageArch);
        }

        Repository moved(String newUrl, PackageKeyring newKeyring) {
            return new Repository(kind, name, newUrl, suite, components, arches, newKeyring);
        }
    }

    private final String mirror;
    private final PackageKeyring everyKeyring;
    private final Map<Kind, PackageKeyring> keyrings;

    private PackageRepositories(String mirror, PackageKeyring everyKeyring, Map<Kind, PackageKeyring> keyrings) {
        this.mirror = mirror;
        this.everyKeyring = everyKeyring;
        this.keyrings = keyrings;
    }

    /** Moves every package repository below a mirror, as {@code --package-mirror} does (tests point it at loopback). */
    public static final String MIRROR_VARIABLE = "KUBEHA_PACKAGE_MIRROR";

    /** The upstream repositories and kubeha's pinned keys. */
    public static PackageRepositories standard() {
        return new PackageRepositories(null, null, new EnumMap<>(Kind.class));
    }

    /**
     * What {@code --package-mirror URL} and {@code --package-keyring FILE} ask for; either may be null.
     * Without {@code mirror}, {@code KUBEHA_PACKAGE_MIRROR} when it is set.
     *
     * @throws IllegalArgumentException the mirror is not an http or https URL with a host
     * @throws IOException              the keyring file cannot be read or holds no public key
     */
    public static PackageRepositories standard(String mirror, Path keyring) throws IOException {
        PackageRepositories result = standard();
        String moved = mirror != null && !mirror.isBlank() ? mirror.strip() : System.getenv(MIRROR_VARIABLE);
        if (moved != null && !moved.isBlank()) {
            String option = mirror != null && !mirror.isBlank() ? "--package-mirror" : MIRROR_VARIABLE;
            result = result.withMirror(EtcdTarballs.parseDownloadUrl(moved.strip(), option));
        }
        return keyring == null ? result : result.withKeyring(PackageKeyring.read(keyring));
    }

    /**
     * Every repository below {@code base}: {@code <base>/<host><path>} of its upstream URL.
     *
     * @throws IllegalArgumentException not an http or https URL with a host ({@code --package-mirror ...})
     */
    public PackageRepositories withMirror(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
            throw new IllegalArgumentException("--package-mirror " + base + " is not an http or https URL with a host");
        }
        String text = base.toString();
        return new PackageRepositories(text.endsWith("/") ? text : text + "/", everyKeyring, keyrings);
    }

    /** Every repository's metadata checked against {@code keyring} instead of the pinned keys. */
    public PackageRepositories withKeyring(PackageKeyring keyring) {
        return new PackageRepositories(mirror, Objects.requireNonNull(keyring, "keyring"), keyrings);
    }

    /** The repositories of {@code kind} checked against {@code keyring} instead of their pinned keys. */
    public PackageRepositories withKeyring(Kind kind, PackageKeyring keyring) {
        Map<Kind, PackageKeyring> copy = new EnumMap<>(Kind.class);
        copy.putAll(keyrings);
        copy.put(kind, Objects.requireNonNull(keyring, "keyring"));
        return new PackageRepositories(mirror, everyKeyring, copy);
    }

    /** The mirror base, or null for the upstream URLs. */
    public String mirror() {
        return mirror;
    }

    /** The repositories of {@code distro} for {@code release}, Kubernetes first, then Docker's, then the base. */
    public List<Repository> forDistro(Distro distro, KubernetesRelease release) {
        List<Repository> result = new ArrayList<>();
        String channel = release.packageChannel();
        if (channel == null) {
            throw new IllegalArgumentException(release.minor() + " has no package channel in the release table");
        }
        channel = channel.endsWith("/") ? channel : channel + "/";
        switch (distro) {
            case DEBIAN_12 -> {
                result.add(new Repository(Kind.KUBERNETES, "pkgs.k8s.io " + release.minor(), channel, null, List.of(), List.of(),
                        kubernetesKey()));
                result.add(new Repository(Kind.DOCKER, "Docker", "https://download.docker.com/linux/debian/", "bookworm",
                        List.of("stable"), List.of(), dockerKey()));
                PackageKeyring debian = PackageKeyring.builtIn("debian-12.asc", DEBIAN_FINGERPRINTS);
                result.add(new Repository(Kind.BASE, "Debian bookworm", "https://deb.debian.org/debian/", "bookworm",
                        List.of("main"), List.of(), debian));
                result.add(new Repository(Kind.BASE, "Debian bookworm-updates", "https://deb.debian.org/debian/", "bookworm-updates",
                        List.of("main"), List.of(), debian));
                result.add(new Repository(Kind.BASE, "Debian bookworm-security", "https://security.debian.org/debian-security/",
                        "bookworm-security", List.of("main"), List.of(), debian));
            }
            case UBUNTU_2204, UBUNTU_2404 -> {
                String code = distro.codename();
                result.add(new Repository(Kind.KUBERNETES, "pkgs.k8s.io " + release.minor(), channel, null, List.of(), List.of(),
                        kubernetesKey()));
                result.add(new Repository(Kind.DOCKER, "Docker", "https://download.docker.com/linux/ubuntu/", code,
                        List.of("stable"), List.of(), dockerKey()));
                PackageKeyring ubuntu = PackageKeyring.builtIn("ubuntu-archive-2018.asc", Set.of(UBUNTU_FINGERPRINT));
                for (String suite : List.of(code, code + "-updates", code + "-security")) {
                    result.add(new Repository(Kind.BASE, "Ubuntu " + suite, "http://archive.ubuntu.com/ubuntu/", suite,
                            List.of("main"), List.of("amd64"), ubuntu));
                    result.add(new Repository(Kind.BASE, "Ubuntu ports " + suite, "http://ports.ubuntu.com/ubuntu-ports/", suite,
                            List.of("main"), List.of("arm64"), ubuntu));
                }
            }
            case RHEL_9 -> {
                result.add(new Repository(Kind.KUBERNETES, "pkgs.k8s.io " + release.minor(), rpmChannel(channel), null, List.of(),
                        List.of(), kubernetesKey()));
                result.add(new Repository(Kind.DOCKER, "Docker", "https://download.docker.com/linux/rhel/9/$basearch/stable/", null,
                        List.of(), List.of(), PackageKeyring.builtIn("docker-rpm.asc", Set.of(DOCKER_RPM_FINGERPRINT))));
            }
        }
        return result.stream().map(this::apply).toList();
    }

    /** {@code https://pkgs.k8s.io/core:/stable:/v1.37/deb/} to the same minor's {@code .../rpm/}. */
    static String rpmChannel(String debChannel) {
        return debChannel.endsWith("/deb/") ? debChannel.substring(0, debChannel.length() - "deb/".length()) + "rpm/" : debChannel;
    }

    private static PackageKeyring kubernetesKey() {
        return PackageKeyring.builtIn("kubernetes.asc", Set.of(KUBERNETES_FINGERPRINT));
    }

    private static PackageKeyring dockerKey() {
        return PackageKeyring.builtIn("docker.asc", Set.of(DOCKER_FINGERPRINT));
    }

    private Repository apply(Repository r) {
        // The most specific wins: a keyring for this kind of repository, then one for every repository, then the pinned key.
        PackageKeyring keyring = keyrings.getOrDefault(r.kind(), everyKeyring != null ? everyKeyring : r.keyring());
        String url = r.url();
        if (mirror != null) {
            URI u = URI.create(url.replace("$basearch", "BASEARCH"));
            url = mirror + u.getHost() + u.getRawPath().replace("BASEARCH", "$basearch");
        }
        return r.moved(url, keyring);
    }
}

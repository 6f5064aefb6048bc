package dev.kubeha.artifact;

import static dev.kubeha.artifact.TestAptRepository.Deb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesReleases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * debian-12 node packages fetched from real signed apt repositories on 127.0.0.1, laid out as
 * pkgs.k8s.io (flat), Docker's and Debian's archives (dists/) are, through {@code withMirror}.
 */
class AptFetchTest {
    private static final String KUBELET_DEPENDS = "iptables (>= 1.4.21), conntrack, ethtool, socat, mount, kubernetes-cni (>= 1.2.0)";
    private static TestGpg gpg;
    private static TestGpg stranger;
    private static PackageKeyring testKey;

    @TempDir
    Path tmp;

    private final KubernetesRelease v135 = KubernetesReleases.builtIn().all().stream()
            .filter(r -> r.minor().equals("v1.35")).findFirst().orElseThrow();

    @BeforeAll
    static void keys() throws Exception {
        gpg = new TestGpg("kubeha test archive <archive@kubeha.invalid>", "rsa2048");
        stranger = new TestGpg("someone else <else@kubeha.invalid>", "ed25519");
        testKey = PackageKeyring.of("test key", gpg.publicKey());
    }

    @AfterAll
    static void closeKeys() throws Exception {
        gpg.close();
        stranger.close();
    }

    /** The repositories a debian-12 node's packages come from, below {@code root}. */
    private void repositories(Path root, String kubeletDepends) throws Exception {
        repositories(root, kubeletDepends, gpg);
    }

    private boolean arm64;

    private void repositories(Path root, String kubeletDepends, TestGpg kubernetesSigner) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        write(root, "pkgs.k8s.io/core:/stable:/v1.35/deb/", null, null, List.of(
                Deb.of("kubeadm", "1.35.0-1.1", "amd64", "optional", "cri-tools (>= 1.30.0)"),
                Deb.of("kubeadm", "1.35.1-1.1", "amd64", "optional", "cri-tools (>= 1.30.0)"),
                Deb.of("kubeadm", "1.35.0-1.1", "arm64", "optional", "cri-tools (>= 1.30.0)"),
                Deb.of("kubelet", "1.35.0-1.1", "amd64", "optional", kubeletDepends),
                Deb.of("kubelet", "1.35.1-1.1", "amd64", "optional", kubeletDepends),
                Deb.of("kubectl", "1.35.0-1.1", "amd64", "optional", null),
                Deb.of("cri-tools", "1.35.0-1.1", "amd64", "optional", null),
                Deb.of("kubernetes-cni", "1.7.1-1.1", "amd64", "optional", null)), "xz", kubernetesSigner, work);
        write(root, "download.docker.com/linux/debian/", "bookworm", "stable", List.of(
                Deb.of("containerd.io", "1.6.33-1", "amd64", "optional", "libc6 (>= 2.34)"),
                Deb.of("containerd.io", "1.7.28-1", "amd64", "optional", "libc6 (>= 2.34), libseccomp2 (>= 2.5.0)"),
                Deb.of("containerd.io", "2.0.5-1", "amd64", "optional", "libc6 (>= 2.34), libseccomp2 (>= 2.5.0)"),
                Deb.of("containerd.io", "2.2.1-1", "amd64", "optional", "libc6 (>= 2.34), libseccomp2 (>= 2.5.0)")),
                "gz", gpg, work);
        write(root, "deb.debian.org/debian/", "bookworm", "main", List.of(
                Deb.of("libc6", "2.36-9+deb12u4", "amd64", "required", null),
                new Deb("mount", "2.38.1-5+deb12u1", "amd64", "required", false, "libc6 (>= 2.34)", null),
                new Deb("dash", "0.5.12-2", "amd64", "required", true, null, "sh"),
                Deb.of("systemd", "252.30-1~deb12u2", "amd64", "important", "libc6 (>= 2.34), libseccomp2 (>= 2.5.0), mount"),
                Deb.of("libseccomp2", "2.5.4-1+b3", "amd64", "optional", "libc6 (>= 2.14)"),
                Deb.of("ethtool", "1:6.1-1", "amd64", "important", "libc6 (>= 2.34)"),
                Deb.of("iptables", "1.8.9-2", "amd64", "optional",
                        "libip4tc2 (= 1.8.9-2), libxtables12 (= 1.8.9-2), netbase, libc6 (>= 2.34)"),
                Deb.of("libip4tc2", "1.8.9-2", "amd64", "optional", null),
                Deb.of("libxtables12", "1.8.9-2", "amd64", "optional", null),
                Deb.of("netbase", "6.4", "all", "optional", null),
                Deb.of("conntrack", "1:1.4.7-1+b2", "amd64", "optional", "libnetfilter-conntrack3 (>= 1.0.9), libc6"),
                Deb.of("libnetfilter-conntrack3", "1.0.9-3", "amd64", "optional", null),
                Deb.of("socat", "1.7.4.4-2", "amd64", "optional", "libwrap0 (>= 7.6-4~) | tcpd, sh"),
                Deb.of("libwrap0", "7.6.q-32", "amd64", "optional", null),
                new Deb("util-linux", "2.38.1-5+deb12u1", "amd64", "required", true, null, null),
                Deb.of("iproute2", "6.1.0-3", "amd64", "important", "libc6 (>= 2.34)"),
                Deb.of("ebtables", "2.0.11-5", "amd64", "optional", "libc6 (>= 2.34)")), "xz", gpg, work);
        write(root, "deb.debian.org/debian/", "bookworm-updates", "main", List.of(), "xz", gpg, work);
        write(root, "security.debian.org/debian-security/", "bookworm-security", "main", List.of(
                Deb.of("socat", "1.7.4.4-2+deb12u1", "amd64", "optional", "libwrap0 (>= 7.6-4~) | tcpd")), "none", gpg, work);
    }

    /** {@link TestAptRepository#write}, with an arm64 build of every amd64 package when {@link #arm64} is set. */
    private void write(Path root, String path, String suite, String component, List<Deb> debs, String compression, TestGpg signer,
                       Path work) throws Exception {
        List<Deb> all = new ArrayList<>(debs);
        if (arm64) {
            for (Deb d : debs) {
                Deb copy = new Deb(d.name(), d.version(), "arm64", d.priority(), d.essential(), d.depends(), d.provides());
                if (d.arch().equals("amd64") && !all.contains(copy)) {
                    all.add(copy);
                }
            }
        }
        TestAptRepository.write(root, path, suite, component, all, compression, signer, work);
    }

    private PackageFetcher fetcher(TestPackageServer server, PackageKeyring keyring) {
        return new PackageFetcher(new ArtifactCache(tmp.resolve("cache")), Downloader.http(),
                PackageRepositories.standard().withMirror(server.base()).withKeyring(keyring));
    }

    @Test
    void fetchesTheClosureVerifiedIntoTheCacheAndAgainOnlyTheSignedMetadata() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        try (TestPackageServer server = new TestPackageServer(root)) {
            List<String> notes = new ArrayList<>();
            PackageSet set = fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "v1.35.0", List.of("amd64"), new PackageProgress() {
                @Override
                public void note(String line) {
                    notes.add(line);
                }
            });

            assertThat(set.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.arch()).containsExactlyInAnyOrder(
                    "kubeadm 1.35.0-1.1 amd64",
                    "cri-tools 1.35.0-1.1 amd64",
                    "kubelet 1.35.0-1.1 amd64",
                    "iptables 1.8.9-2 amd64",
                    "libip4tc2 1.8.9-2 amd64",
                    "libxtables12 1.8.9-2 amd64",
                    "netbase 6.4 all",
                    "conntrack 1:1.4.7-1+b2 amd64",
                    "libnetfilter-conntrack3 1.0.9-3 amd64",
                    "socat 1.7.4.4-2+deb12u1 amd64",
                    "libwrap0 7.6.q-32 amd64",
                    "kubernetes-cni 1.7.1-1.1 amd64",
                    "kubectl 1.35.0-1.1 amd64",
                    "containerd.io 2.2.1-1 amd64",
                    "ebtables 2.0.11-5 amd64");
            List<String> order = set.packages().stream().map(FetchedPackage::name).toList();
            assertThat(order.indexOf("cri-tools")).isLessThan(order.indexOf("kubeadm"));
            assertThat(order.indexOf("libip4tc2")).isLessThan(order.indexOf("iptables"));
            assertThat(order.indexOf("kubernetes-cni")).isLessThan(order.indexOf("kubelet"));
            assertThat(set.fromSite()).isEmpty();
            assertThat(set.kubernetesVersion()).isEqualTo("1.35.0");
            String base = server.base().toString();
            for (FetchedPackage p : set.packages()) {
                assertThat(p.file()).isEqualTo(tmp.resolve("cache/sha256/" + p.sha256()));
                assertThat(Sha256.of(p.file())).isEqualTo(p.sha256());
                assertThat(Files.size(p.file())).isEqualTo(p.size());
                assertThat(p.repository()).startsWith(base);
                assertThat(TestAptRepository.exec(tmp, "dpkg-deb", "--info", p.file().toString()))
                        .contains(" Package: " + p.name() + "\n", " Version: " + p.version() + "\n");
            }
            FetchedPackage kubeadm = set.packages().stream().filter(p -> p.name().equals("kubeadm")).findFirst().orElseThrow();
            assertThat(kubeadm.fileName()).isEqualTo("kubeadm_1.35.0-1.1_amd64.deb");
            assertThat(kubeadm.repository()).isEqualTo(base + "pkgs.k8s.io/core:/stable:/v1.35/deb/");
            assertThat(notes).contains(base + "pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease: signature verified with test key");

            String json = set.toJson();
            assertThat(json).contains("\"distribution\" : \"debian-12\"", "\"arches\" : [ \"amd64\" ]",
                    "\"name\" : \"kubeadm\"", "\"file\" : \"kubeadm_1.35.0-1.1_amd64.deb\"", "\"sha256\" : \"" + kubeadm.sha256() + "\"",
                    "\"fromSite\" : [ ]");

            server.requests.clear();
            PackageSet again = fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0-1.1", List.of("amd64"), null);
            assertThat(again.packages()).isEqualTo(set.packages());
            assertThat(server.requests).containsExactlyInAnyOrder(
                    "/pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease",
                    "/download.docker.com/linux/debian/dists/bookworm/InRelease",
                    "/deb.debian.org/debian/dists/bookworm/InRelease",
                    "/deb.debian.org/debian/dists/bookworm-updates/InRelease",
                    "/security.debian.org/debian-security/dists/bookworm-security/InRelease");
        }
    }

    @Test
    void anAlteredInReleaseIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        Path inRelease = root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease");
        Files.writeString(inRelease, Files.readString(inRelease).replace("Origin: test", "Origin: evil"));
        String keyId = testKey.fingerprints().get(0).substring(24);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage("the signature of " + server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease is not valid:"
                            + " the signature by key " + keyId + " does not match the content (keyring test key)");
        }
    }

    @Test
    void metadataSignedByAnotherKeyIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        PackageKeyring other = PackageKeyring.of("other key", stranger.publicKey());
        String keyId = testKey.fingerprints().get(0).substring(24);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, other).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage(server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease is signed by key " + keyId
                            + ", which is not in keyring other key (" + other.fingerprints().get(0)
                            + "); give the repository's key with --package-keyring FILE if you trust it");
        }
        // And upstream's own pinned key does not accept the test archive either.
        try (TestPackageServer server = new TestPackageServer(root)) {
            PackageFetcher pinned = new PackageFetcher(new ArtifactCache(tmp.resolve("cache")), Downloader.http(),
                    PackageRepositories.standard().withMirror(server.base()));
            assertThatThrownBy(() -> pinned.fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .hasMessageContaining("which is not in keyring kubernetes.asc (built in) (DE15B14486CD377B9E876E1A234654DA9A296436)");
        }
    }

    @Test
    void aPackagesIndexOtherThanInReleaseSaysIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        Path index = root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb/Packages.xz");
        String expected = Sha256.of(index);
        Files.writeString(root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb/Packages"), "Package: kubeadm\nVersion: 9.9.9\n");
        Files.delete(index);
        TestAptRepository.exec(tmp, "xz", root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb/Packages").toString());
        String actual = Sha256.of(index);
        try (TestPackageServer server = new TestPackageServer(root)) {
            String dir = server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/";
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage("The Packages index " + dir + "Packages.xz (sha256 from " + dir + "InRelease) has sha256 " + actual
                            + ", not " + expected + ": not using it");
        }
    }

    @Test
    void aDebOtherThanItsStanzaSaysIsRefusedAndNotKept() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        Path deb = root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb/amd64/kubeadm_1.35.0-1.1_amd64.deb");
        String expected = Sha256.of(deb);
        Files.write(deb, "not the package that was signed".getBytes(StandardCharsets.UTF_8));
        String actual = Sha256.of(deb);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage(server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/amd64/kubeadm_1.35.0-1.1_amd64.deb has sha256 "
                            + actual + ", not " + expected + " as the repository's signed metadata says: not using it");
        }
        assertThat(tmp.resolve("cache/sha256/" + expected)).doesNotExist();
        assertThat(tmp.resolve("cache/sha256/" + actual)).doesNotExist();
    }

    @Test
    void aVersionTheRepositoryDoesNotHaveIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0-1.2", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage("kubeadm 1.35.0-1.2 is not in " + server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/"
                            + " for debian-12 amd64 (it has 1.35.1-1.1, 1.35.0-1.1)");
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("arm64"), null))
                    .hasMessage("kubelet 1.35.0 is not in " + server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/"
                            + " for debian-12 arm64 (it has no kubelet at all)");
        }
        Path dist = root.resolve("download.docker.com/linux/debian/dists/bookworm");
        Files.writeString(dist.resolve("Release"), Files.readString(dist.resolve("Release")).lines()
                .filter(l -> !l.contains("binary-arm64")).collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        gpg.clearSign(dist.resolve("Release"), dist.resolve("InRelease"));
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("arm64"), null))
                    .hasMessage(server.base() + "download.docker.com/linux/debian/dists/bookworm/InRelease"
                            + " lists no Packages index for arm64 in stable");
        }
    }

    @Test
    void aContainerdBelowTheFloorIsNotTaken() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", "2.3.0", List.of("amd64"), null))
                    .hasMessage("containerd.io 2.3.0+ is not in " + server.base() + "download.docker.com/linux/debian/"
                            + " for debian-12 amd64 (it has 2.2.1-1, 2.0.5-1, 1.7.28-1, 1.6.33-1)");
        }
    }

    @Test
    void anUnsatisfiableDependencyIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, "conntrack (>= 2:1.0), kubernetes-cni");
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage("kubelet 1.35.0-1.1 depends on conntrack (>= 2:1.0), which no repository of debian-12 amd64 has");
        }
    }

    @Test
    void metadataPastItsValidUntilIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        Path dist = root.resolve("security.debian.org/debian-security/dists/bookworm-security");
        Files.writeString(dist.resolve("Release"), Files.readString(dist.resolve("Release"))
                .replace("SHA256:", "Valid-Until: Tue, 08 Dec 2026 19:40:00 UTC\nSHA256:"));
        gpg.clearSign(dist.resolve("Release"), dist.resolve("InRelease"));
        try (TestPackageServer server = new TestPackageServer(root)) {
            java.time.Clock later = java.time.Clock.fixed(java.time.Instant.parse("2026-12-09T00:00:00Z"), java.time.ZoneOffset.UTC);
            PackageFetcher fetcher = new PackageFetcher(new ArtifactCache(tmp.resolve("cache")), Downloader.http(),
                    PackageRepositories.standard().withMirror(server.base()).withKeyring(testKey), later);
            assertThatThrownBy(() -> fetcher.fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage(server.base() + "security.debian.org/debian-security/dists/bookworm-security/InRelease was valid until"
                            + " Tue, 08 Dec 2026 19:40:00 UTC: the repository (or mirror) serves outdated metadata");
            java.time.Clock before = java.time.Clock.fixed(java.time.Instant.parse("2026-12-08T00:00:00Z"), java.time.ZoneOffset.UTC);
            assertThat(new PackageFetcher(new ArtifactCache(tmp.resolve("cache")), Downloader.http(),
                    PackageRepositories.standard().withMirror(server.base()).withKeyring(testKey), before)
                    .fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null).packages()).hasSize(15);
        }
    }

    @Test
    void anotherSuitesSignedMetadataIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        Path dists = root.resolve("deb.debian.org/debian/dists");
        Files.copy(dists.resolve("bookworm/InRelease"), dists.resolve("bookworm-updates/InRelease"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage(server.base() + "deb.debian.org/debian/dists/bookworm-updates/InRelease is for bookworm, not"
                            + " bookworm-updates: the repository answers with another distribution's metadata");
        }
    }

    @Test
    void aKeyringFileReplacesThePinnedKeyOfOneKindOfRepository() throws Exception {
        Path file = tmp.resolve("mirror-key.asc");
        Files.write(file, gpg.publicKey());
        PackageKeyring fromFile = PackageKeyring.read(file);
        assertThat(fromFile.fingerprints()).isEqualTo(testKey.fingerprints());
        assertThat(fromFile.name()).isEqualTo(file.toString());
        var repos = PackageRepositories.standard().withKeyring(PackageRepositories.Kind.KUBERNETES, fromFile)
                .forDistro(Distro.DEBIAN_12, v135);
        assertThat(repos.get(0).keyring()).isSameAs(fromFile);
        assertThat(repos.get(1).keyring().fingerprints()).containsExactly(PackageRepositories.DOCKER_FINGERPRINT);
        Files.writeString(tmp.resolve("junk.asc"), "not a key\n");
        assertThatThrownBy(() -> PackageKeyring.read(tmp.resolve("junk.asc")))
                .hasMessageStartingWith(tmp.resolve("junk.asc") + " ");
        assertThatThrownBy(() -> PackageKeyring.read(tmp.resolve("absent.asc")))
                .hasMessageStartingWith("--package-keyring " + tmp.resolve("absent.asc") + ": cannot be read: ");
    }

    @Test
    void anExpiredCopyOfTheKubernetesKeyIsRefreshedFromReleaseKeyOnlyWithTheSameFingerprint() throws Exception {
        try (TestGpg k8s = TestGpg.expiredSince2025("kubeha test k8s <k8s@kubeha.invalid>")) {
            PackageKeyring expired = PackageKeyring.of("expired copy", k8s.publicKey());
            k8s.extend(expired.fingerprints().get(0));
            byte[] current = k8s.publicKey();
            Path root = Files.createDirectories(tmp.resolve("mirror"));
            repositories(root, KUBELET_DEPENDS, k8s);
            Path releaseKey = root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb/Release.key");
            String inRelease = "pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease";
            String keyId = expired.fingerprints().get(0).substring(24);
            try (TestPackageServer server = new TestPackageServer(root)) {
                PackageFetcher fetcher = new PackageFetcher(new ArtifactCache(tmp.resolve("cache")), Downloader.http(),
                        PackageRepositories.standard().withMirror(server.base()).withKeyring(testKey)
                                .withKeyring(PackageRepositories.Kind.KUBERNETES, expired));
                // No published key: the expiry is the message.
                assertThatThrownBy(() -> fetcher.fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                        .isInstanceOf(PackageFetchException.class)
                        .hasMessageStartingWith("the signature of " + server.base() + inRelease + " is not valid: key " + keyId
                                + " expired on 2025-01-02T00:00:00Z, before the signature was made (")
                        .hasMessageEndingWith("a current copy could not be had from " + server.base()
                                + "pkgs.k8s.io/core:/stable:/v1.35/deb/Release.key: " + server.base()
                                + "pkgs.k8s.io/core:/stable:/v1.35/deb/Release.key: HTTP 404");
                // Someone else's key in its place: refused.
                Files.write(releaseKey, stranger.publicKey());
                assertThatThrownBy(() -> fetcher.fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                        .hasMessage(server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/Release.key holds none of the keys of"
                                + " expired copy (" + expired.fingerprints().get(0) + ")");
                // The owner's extended copy: used.
                Files.write(releaseKey, current);
                List<String> notes = new ArrayList<>();
                PackageSet set = fetcher.fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), new PackageProgress() {
                    @Override
                    public void note(String line) {
                        notes.add(line);
                    }
                });
                assertThat(set.packages()).hasSize(15);
                assertThat(notes).contains(server.base() + inRelease + ": signature verified with expired copy, refreshed from "
                        + server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/Release.key");
            }
        }
    }

    @Test
    void bothArchitecturesAreFetchedAndAnArchitectureAllPackageOnce() throws Exception {
        arm64 = true;
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        try (TestPackageServer server = new TestPackageServer(root)) {
            PackageSet set = fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64", "arm64", "amd64"), null);
            assertThat(set.arches()).containsExactly("amd64", "arm64");
            assertThat(set.packages()).hasSize(29);
            assertThat(set.packages()).filteredOn(p -> p.arch().equals("all")).extracting(FetchedPackage::name).containsExactly("netbase");
            assertThat(set.packages()).filteredOn(p -> p.arch().equals("arm64")).extracting(FetchedPackage::fileName)
                    .contains("kubeadm_1.35.0-1.1_arm64.deb", "containerd.io_2.2.1-1_arm64.deb");
            assertThat(set.packages()).extracting(FetchedPackage::sha256).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSignatureWithAWeakDigestIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root, KUBELET_DEPENDS);
        Path dir = root.resolve("pkgs.k8s.io/core:/stable:/v1.35/deb");
        gpg.clearSignWithSha1(dir.resolve("Release"), dir.resolve("InRelease"));
        String keyId = testKey.fingerprints().get(0).substring(24);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server, testKey).fetch(Distro.DEBIAN_12, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage("the signature of " + server.base() + "pkgs.k8s.io/core:/stable:/v1.35/deb/InRelease is not valid:"
                            + " the signature by key " + keyId + " uses a weak digest (OpenPGP hash algorithm 2); apt refuses it too"
                            + " (keyring test key)");
        }
    }

    @Test
    void ubuntuArm64ComesFromThePortsArchive() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        TestAptRepository.write(root, "pkgs.k8s.io/core:/stable:/v1.35/deb/", null, null, List.of(
                Deb.of("kubeadm", "1.35.0-1.1", "arm64", "optional", null),
                Deb.of("kubelet", "1.35.0-1.1", "arm64", "optional", "iptables (>= 1.4.21), kubernetes-cni (>= 1.2.0), mount, util-linux"),
                Deb.of("kubectl", "1.35.0-1.1", "arm64", "optional", null),
                Deb.of("cri-tools", "1.35.0-1.1", "arm64", "optional", null),
                Deb.of("kubernetes-cni", "1.7.1-1.1", "arm64", "optional", null)), "xz", gpg, work);
        TestAptRepository.write(root, "download.docker.com/linux/ubuntu/", "noble", "stable", List.of(
                Deb.of("containerd.io", "2.2.1-1~ubuntu.24.04~noble", "arm64", "optional", "libc6 (>= 2.34)")), "gz", gpg, work);
        TestAptRepository.write(root, "ports.ubuntu.com/ubuntu-ports/", "noble", "main", List.of(
                Deb.of("libc6", "2.39-0ubuntu8", "arm64", "required", null),
                new Deb("mount", "2.39.3-9ubuntu6", "arm64", "required", false, null, null),
                new Deb("util-linux", "2.39.3-9ubuntu6", "arm64", "required", true, null, null),
                Deb.of("iproute2", "6.1.0-1ubuntu6", "arm64", "important", null),
                Deb.of("iptables", "1.8.10-3ubuntu2", "arm64", "important", null),
                Deb.of("ethtool", "1:6.7-1build1", "arm64", "important", null),
                Deb.of("ebtables", "2.0.11-6build1", "arm64", "optional", null),
                Deb.of("socat", "1.8.0.0-4build3", "arm64", "optional", null)), "xz", gpg, work);
        TestAptRepository.write(root, "ports.ubuntu.com/ubuntu-ports/", "noble-updates", "main", List.of(
                Deb.of("socat", "1.8.0.0-4ubuntu0.1", "arm64", "optional", null)), "xz", gpg, work);
        TestAptRepository.write(root, "ports.ubuntu.com/ubuntu-ports/", "noble-security", "main", List.of(), "xz", gpg, work);
        try (TestPackageServer server = new TestPackageServer(root)) {
            PackageSet set = fetcher(server, testKey).fetch(Distro.UBUNTU_2404, v135, "1.35.0", List.of("arm64"), null);
            assertThat(set.packages()).extracting(p -> p.name() + " " + p.version()).containsExactlyInAnyOrder(
                    "kubeadm 1.35.0-1.1", "kubelet 1.35.0-1.1", "kubernetes-cni 1.7.1-1.1", "kubectl 1.35.0-1.1",
                    "cri-tools 1.35.0-1.1", "containerd.io 2.2.1-1~ubuntu.24.04~noble", "ebtables 2.0.11-6build1",
                    "socat 1.8.0.0-4ubuntu0.1");
            assertThat(set.packages()).filteredOn(p -> p.name().equals("socat")).extracting(FetchedPackage::repository)
                    .containsExactly(server.base() + "ports.ubuntu.com/ubuntu-ports/");
            assertThat(server.requests).noneMatch(r -> r.startsWith("/archive.ubuntu.com/"));
        }
    }
}

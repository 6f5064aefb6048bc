package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.KubernetesReleases;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pinned keys are the ones their publishers name, by fingerprint. */
class PackageKeyringTest {

    @Test
    void theKubernetesKeyIsPkgsK8sIo() {
        assertThat(PackageKeyring.builtIn("kubernetes.asc", Set.of(PackageRepositories.KUBERNETES_FINGERPRINT)).fingerprints())
                .containsExactly("DE15B14486CD377B9E876E1A234654DA9A296436");
    }

    @Test
    void dockerKeysAreDockers() {
        assertThat(PackageKeyring.builtIn("docker.asc", Set.of(PackageRepositories.DOCKER_FINGERPRINT)).fingerprints())
                .containsExactly("9DC858229FC7DD38854AE2D88D81803C0EBFCD88");
        assertThat(PackageKeyring.builtIn("docker-rpm.asc", Set.of(PackageRepositories.DOCKER_RPM_FINGERPRINT)).fingerprints())
                .containsExactly("060A61C51B558A7F742B77AAC52FEB6B621E9F35");
    }

    @Test
    void theArchiveKeysAreDebiansAndUbuntus() {
        assertThat(PackageKeyring.builtIn("debian-12.asc", PackageRepositories.DEBIAN_FINGERPRINTS).fingerprints())
                .containsExactlyInAnyOrder(
                        "4D64FEC119C2029067D6E791F8D2585B8783D481", // Debian Stable Release Key (12/bookworm)
                        "B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8", // Debian Archive Automatic Signing Key (12/bookworm)
                        "05AB90340C0C5E797F44A8C8254CF3B5AEC0A8F0", // Debian Security Archive Automatic Signing Key (12/bookworm)
                        "04B54C3CDCA79751B16BC6B5225629DF75B188BD", // Debian Archive Automatic Signing Key (13/trixie)
                        "5E04A1E3223A19A20706E20F9904613D4CCE68C6"); // Debian Security Archive Automatic Signing Key (13/trixie)
        assertThat(PackageKeyring.builtIn("ubuntu-archive-2018.asc", Set.of(PackageRepositories.UBUNTU_FINGERPRINT)).fingerprints())
                .containsExactly("F6ECB3762474EDA9D21B7022871920D1991BC93C");
    }

    @Test
    void aResourceWithOtherKeysIsABrokenBuild() {
        assertThatThrownBy(() -> PackageKeyring.builtIn("docker.asc", Set.of(PackageRepositories.KUBERNETES_FINGERPRINT)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the key resource keys/docker.asc holds [9DC858229FC7DD38854AE2D88D81803C0EBFCD88], not the pinned"
                        + " [DE15B14486CD377B9E876E1A234654DA9A296436]");
    }

    @Test
    void everyDistributionHasItsRepositoriesWithPinnedKeys() throws Exception {
        var release = KubernetesReleases.builtIn().all().get(0);
        for (Distro d : Distro.values()) {
            List<PackageRepositories.Repository> repos = PackageRepositories.standard().forDistro(d, release);
            assertThat(repos).extracting(PackageRepositories.Repository::kind).contains(
                    PackageRepositories.Kind.KUBERNETES, PackageRepositories.Kind.DOCKER);
            assertThat(repos.get(0).keyring().fingerprints()).containsExactly(PackageRepositories.KUBERNETES_FINGERPRINT);
        }
        var rhel = PackageRepositories.standard().forDistro(Distro.RHEL_9, release);
        assertThat(rhel).extracting(PackageRepositories.Repository::url).containsExactly(
                "https://pkgs.k8s.io/core:/stable:/v1.35/rpm/", "https://download.docker.com/linux/rhel/9/$basearch/stable/");
        var mirrored = PackageRepositories.standard("http://mirror.example/base", null).forDistro(Distro.UBUNTU_2404, release);
        assertThat(mirrored).extracting(PackageRepositories.Repository::url).contains(
                "http://mirror.example/base/pkgs.k8s.io/core:/stable:/v1.35/deb/",
                "http://mirror.example/base/download.docker.com/linux/ubuntu/",
                "http://mirror.example/base/ports.ubuntu.com/ubuntu-ports/");
        assertThatThrownBy(() -> PackageRepositories.standard().withMirror(java.net.URI.create("ftp://x/")))
                .hasMessage("--package-mirror ftp://x/ is not an http or https URL with a host");
        assertThatThrownBy(() -> PackageRepositories.standard("ftp://x/", null))
                .hasMessage("--package-mirror ftp://x/ is not an http or https URL with a host");
    }

    @Test
    void aRealDebianInReleaseVerifiesWithThePinnedKeysOnly() throws Exception {
        // bookworm-updates' InRelease of 2026-12-02, as apt fetched it on the machine this test was written on.
        byte[] real;
        try (var in = getClass().getResourceAsStream("debian-bookworm-updates-InRelease")) {
            real = in.readAllBytes();
        }
        PackageKeyring debian = PackageKeyring.builtIn("debian-12.asc", PackageRepositories.DEBIAN_FINGERPRINTS);
        String text = debian.verifyClearSigned(real, "bookworm-updates/InRelease");
        AptIndex.Release release = AptIndex.parseRelease(text);
        assertThat(release.field("Codename")).isEqualTo("bookworm-updates");
        assertThat(release.sha256()).containsKey("main/binary-amd64/Packages.xz");

        String altered = new String(real, java.nio.charset.StandardCharsets.UTF_8).replaceFirst("Codename: bookworm-updates",
                "Codename: bookworm-updatez");
        assertThatThrownBy(() -> debian.verifyClearSigned(altered.getBytes(java.nio.charset.StandardCharsets.UTF_8), "altered"))
                .isInstanceOf(PackageFetchException.class)
                .hasMessageStartingWith("the signature of altered is not valid: the signature by key ");
        PackageKeyring ubuntu = PackageKeyring.builtIn("ubuntu-archive-2018.asc", Set.of(PackageRepositories.UBUNTU_FINGERPRINT));
        assertThatThrownBy(() -> ubuntu.verifyClearSigned(real, "bookworm-updates/InRelease"))
                .hasMessageStartingWith("bookworm-updates/InRelease is signed by key ")
                .hasMessageEndingWith(", which is not in keyring ubuntu-archive-2018.asc (built in)"
                        + " (F6ECB3762474EDA9D21B7022871920D1991BC93C); give the repository's key with --package-keyring FILE if you trust it");
        assertThatThrownBy(() -> debian.verifyClearSigned("Origin: Debian\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "x"))
                .hasMessage("x is not clear-signed (no BEGIN PGP SIGNED MESSAGE at its start)");
    }
}

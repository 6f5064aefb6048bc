package dev.kubeha.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The release table in the jar: complete rows, the supported range, the default. */
class KubernetesReleasesTest {
    private static final Pattern ETCD_TAG = Pattern.compile("3\\.\\d+\\.\\d+-\\d+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final KubernetesReleases table = KubernetesReleases.builtIn();

    @Test
    void supportsV135ToV137AndNotYetV138() {
        assertThat(table.supported()).extracting(KubernetesRelease::minor).containsExactly("v1.35", "v1.36", "v1.37");
        assertThat(table.supportedRange()).isEqualTo("v1.35 to v1.37");
        KubernetesRelease v138 = table.forVersion(KubernetesVersion.parse("v1.38.0").orElseThrow()).orElseThrow();
        assertThat(v138.supported()).isFalse();
        assertThat(v138.releaseDate()).isEqualTo(LocalDate.of(2026, 12, 16));
        assertThat(table.forVersion(KubernetesVersion.parse("v1.34.2").orElseThrow())).isEmpty();
    }

    @Test
    void defaultIsTheNewestPatchOfTheNewestSupportedMinor() {
        assertThat(table.defaultVersion()).isEqualTo("v1.37.1");
        assertThat(table.newestSupported().minor()).isEqualTo("v1.37");
    }

    /** A supported release without a pinned etcd, pause or CoreDNS (or a source) fails the build. */
    @Test
    void everySupportedRowIsComplete() {
        for (KubernetesRelease r : table.supported()) {
            String minor = r.minor();
            assertThat(r.newestPatchVersion().minorText()).as(minor + " newestPatch").isEqualTo(minor);
            assertThat(r.endOfLife()).as(minor + " endOfLife").isNotNull();
            assertThat(r.kubeadmApi()).as(minor + " kubeadmApi").isEqualTo("kubeadm.k8s.io/v1beta4");
            assertThat(r.etcd()).as(minor + " etcd").matches(ETCD_TAG);
            assertThat(r.minExternalEtcd()).as(minor + " minExternalEtcd").matches(ETCD_TAG);
            assertThat(EtcdVersion.parse(r.minExternalEtcdVersion()).orElseThrow())
                    .as(minor + " minimum external etcd is at most the pinned one")
                    .isLessThanOrEqualTo(EtcdVersion.parse(r.etcdVersion()).orElseThrow());
            assertThat(r.pause()).as(minor + " pause").matches("3\\.\\d+(\\.\\d+)?");
            assertThat(r.coreDns()).as(minor + " coreDns").matches("v1\\.\\d+\\.\\d+");
            assertThat(r.packageChannel()).as(minor + " packageChannel")
                    .isEqualTo("https://pkgs.k8s.io/core:/stable:/" + minor + "/deb/");
            assertThat(r.source()).as(minor + " source").isNotBlank();
            // prepare-node.sh and the host test need a containerd floor for every supported release.
            assertThat(r.containerd()).as(minor + " containerd").isNotNull().isNotEmpty()
                    .allSatisfy(v -> assertThat(ContainerdVersion.parse(v)).as(minor + " containerd " + v).isPresent());
            if (r.etcdTarballSha256() != null) {
                assertThat(r.etcdTarballSha256()).as(minor + " etcd sha256").containsOnlyKeys("amd64", "arm64")
                        .allSatisfy((arch, sha) -> assertThat(sha).matches(SHA256));
            }
        }
    }

    @Test
    void supportedRowsAreConsecutiveMinors() {
        var minors = table.supported().stream().map(r -> r.newestPatchVersion().minor()).toList();
        for (int i = 1; i < minors.size(); i++) {
            assertThat(minors.get(i)).isEqualTo(minors.get(i - 1) + 1);
        }
    }

    @Test
    void endOfLifeIsAfterTheDay() {
        KubernetesRelease v135 = table.supportedFor("v1.35.9").orElseThrow();
        assertThat(v135.endOfLifeBy(LocalDate.of(2027, 2, 28))).isFalse();
        assertThat(v135.endOfLifeBy(LocalDate.of(2027, 3, 1))).isTrue();
    }

    @Test
    void pinnedEtcdWithoutTheImageBuildNumber() {
        KubernetesRelease v137 = table.supportedFor("v1.37.1").orElseThrow();
        assertThat(v137.etcd()).isEqualTo("3.7.0-0");
        assertThat(v137.etcdVersion()).isEqualTo("3.7.0");
        assertThat(v137.minExternalEtcdVersion()).isEqualTo("3.5.24");
    }

    @Test
    void aTableWithoutASupportedReleaseIsRefused() {
        String json = """
                {"checked": "2026-12-03", "about": "x", "releases": [
                  {"minor": "v1.38", "status": "not-yet-supported", "source": "x"}]}
                """;
        assertThatThrownBy(() -> KubernetesReleases.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("kubernetes-releases.json lists no supported release");
    }

    @Test
    void anUnknownFieldIsRefused() {
        String json = """
                {"checked": "2026-12-03", "about": "x", "releases": [
                  {"minor": "v1.37", "status": "supported", "etcdVersion": "3.7.0", "source": "x"}]}
                """;
        assertThatThrownBy(() -> KubernetesReleases.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("etcdVersion");
    }
}

package dev.kubeha.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** containerd versions and what each release of the table accepts. */
class ContainerdVersionTest {
    private final KubernetesReleases table = KubernetesReleases.builtIn();

    private KubernetesRelease release(String minor) {
        return table.all().stream().filter(r -> r.minor().equals(minor)).findFirst().orElseThrow();
    }

    private static ContainerdVersion v(String text) {
        return ContainerdVersion.parse(text).orElseThrow();
    }

    @Test
    void parsesTableEntriesAndWhatPackagesPrint() {
        assertThat(ContainerdVersion.parse("2.2.0")).contains(new ContainerdVersion(2, 2, 0));
        assertThat(ContainerdVersion.parse("v2.2.1")).contains(new ContainerdVersion(2, 2, 1));
        assertThat(ContainerdVersion.parse("1.6.20~ds1")).contains(new ContainerdVersion(1, 6, 20));
        assertThat(ContainerdVersion.parse("2.2")).isEmpty();
        assertThat(ContainerdVersion.parse("2.2.0x")).isEmpty();
        assertThat(ContainerdVersion.parse(null)).isEmpty();
        assertThat(ContainerdVersion.ofVersionLine(
                "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1")).contains(v("1.6.20"));
        assertThat(ContainerdVersion.ofVersionLine(
                "containerd containerd.io 1.7.28 05044ec0a9a75232cad458027ca83437aae3f4da")).contains(v("1.7.28"));
        assertThat(ContainerdVersion.ofVersionLine("containerd github.com/containerd/containerd/v2 v2.2.1 abc"))
                .contains(v("2.2.1"));
        assertThat(ContainerdVersion.ofVersionLine("bash: containerd: command not found")).isEmpty();
    }

    /** v1.35: 2.2.0+, 2.1.5+, 1.7.28+ (containerd's table). */
    @Test
    void v135AcceptsEachListedBranchFromItsPatchAndNewerBranches() {
        KubernetesRelease r = release("v1.35");
        assertThat(r.minimumContainerd()).contains(v("1.7.28"));
        assertThat(r.containerdRequirement()).isEqualTo("2.2.0+, 2.1.5+ or 1.7.28+");
        for (String ok : new String[] {"1.7.28", "1.7.30", "2.1.5", "2.1.9", "2.2.0", "2.2.3", "2.3.0", "3.0.0"}) {
            assertThat(r.containerdAcceptable(v(ok))).as(ok).isTrue();
        }
        // Debian 12's 1.6, a 1.7 below the patch, 2.0 (not listed between listed branches), 2.1 below 2.1.5.
        for (String bad : new String[] {"1.6.20", "1.7.24", "1.7.27", "2.0.5", "2.1.4", "1.8.0"}) {
            assertThat(r.containerdAcceptable(v(bad))).as(bad).isFalse();
        }
    }

    @Test
    void v136WantsTwoPointTwoOrNewer() {
        KubernetesRelease r = release("v1.36");
        assertThat(r.minimumContainerd()).contains(v("2.2.0"));
        assertThat(r.containerdRequirement()).isEqualTo("2.3.0+ or 2.2.0+");
        assertThat(r.containerdAcceptable(v("2.2.0"))).isTrue();
        assertThat(r.containerdAcceptable(v("2.3.1"))).isTrue();
        assertThat(r.containerdAcceptable(v("2.4.0"))).isTrue();
        assertThat(r.containerdAcceptable(v("2.1.5"))).isFalse();
        assertThat(r.containerdAcceptable(v("1.7.28"))).isFalse();
    }

    /** v1.37 has no row in containerd's table: kubeha's floor is v1.36's lowest, 2.2.0. */
    @Test
    void v137UsesKubehasFloor() {
        KubernetesRelease r = release("v1.37");
        assertThat(r.minimumContainerd()).contains(v("2.2.0"));
        assertThat(r.containerdRequirement()).isEqualTo("2.2.0+");
        assertThat(r.containerdAcceptable(v("2.2.0"))).isTrue();
        assertThat(r.containerdAcceptable(v("2.3.0"))).isTrue();
        assertThat(r.containerdAcceptable(v("2.1.9"))).isFalse();
        assertThat(r.source()).contains("2.2.0 is kubeha's floor, not containerd's statement");
    }

    @Test
    void pauseImageIsTheReleasesPause() {
        assertThat(release("v1.37").pauseImage()).isEqualTo("registry.k8s.io/pause:3.10.2");
        assertThat(release("v1.35").pauseImage()).isEqualTo("registry.k8s.io/pause:3.10.1");
    }
}

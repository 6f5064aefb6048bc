package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DistroTest {

    @Test
    void labelsNameTheDistributions() {
        assertThat(Distro.fromLabel("debian-12")).isEqualTo(Distro.DEBIAN_12);
        assertThat(Distro.fromLabel("ubuntu-22.04")).isEqualTo(Distro.UBUNTU_2204);
        assertThat(Distro.fromLabel("ubuntu-24.04")).isEqualTo(Distro.UBUNTU_2404);
        assertThat(Distro.fromLabel("rhel-9")).isEqualTo(Distro.RHEL_9);
        assertThat(Distro.RHEL_9.format()).isEqualTo(Distro.Format.RPM);
        assertThat(Distro.UBUNTU_2404.codename()).isEqualTo("noble");
    }

    @Test
    void anUnknownDistributionIsRefusedWithTheList() {
        assertThatThrownBy(() -> Distro.fromLabel("centos-7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--distro centos-7: not one of debian-12, ubuntu-22.04, ubuntu-24.04, rhel-9");
    }

    @Test
    void architecturesAreNamedAsEachFormatNamesThem() {
        assertThat(Distro.DEBIAN_12.packageArch("amd64")).isEqualTo("amd64");
        assertThat(Distro.UBUNTU_2204.packageArch("arm64")).isEqualTo("arm64");
        assertThat(Distro.RHEL_9.packageArch("amd64")).isEqualTo("x86_64");
        assertThat(Distro.RHEL_9.packageArch("arm64")).isEqualTo("aarch64");
        assertThat(Distro.kubehaArch("aarch64")).isEqualTo("arm64");
        assertThatThrownBy(() -> Distro.DEBIAN_12.packageArch("s390x"))
                .hasMessage("architecture s390x: not one of amd64, arm64");
    }

    @Test
    void cluster_jsonNamesTheSameDistributions() {
        assertThat(Distro.labels()).isEqualTo(dev.kubeha.model.AirGapped.DISTROS);
    }
}

package dev.kubeha.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.HostProbe.Interface;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostProbeTest {

    @Test
    void theSystemIsThePrettyNameUnquoted() {
        assertThat(HostProbe.osName(List.of("NAME=\"Debian GNU/Linux\"", "VERSION_ID=\"12\"",
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""))).contains("Debian GNU/Linux 12 (bookworm)");
        assertThat(HostProbe.osName(List.of("PRETTY_NAME='Rocky Linux 9.4'"))).contains("Rocky Linux 9.4");
    }

    @Test
    void withoutAPrettyNameTheNameAndVersionStandIn() {
        assertThat(HostProbe.osName(List.of("NAME=Alpine", "VERSION_ID=3.20"))).contains("Alpine 3.20");
        assertThat(HostProbe.osName(List.of("NAME=Alpine"))).contains("Alpine");
        assertThat(HostProbe.osName(List.of("# comment", "garbage", "=x"))).isEmpty();
    }

    @Test
    void interfacesComeWithTheirPrefixInTheNodesOrder() {
        assertThat(HostProbe.interfaces(List.of(
                "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
                "3: ens4    inet 10.0.0.31/24 brd 10.0.0.255 scope global ens4\\       valid_lft forever",
                "3: ens4    inet 10.0.0.99/24 scope global secondary ens4",
                "4: bad    inet 300.0.0.1/24 scope global bad",
                "Device \"ens9\" does not exist.")))
                .containsExactly(new Interface("lo", "127.0.0.1", 8), new Interface("ens4", "10.0.0.31", 24),
                        new Interface("ens4", "10.0.0.99", 24));
        assertThat(new Interface("ens4", "10.0.0.31", 24).cidr()).isEqualTo("10.0.0.31/24");
    }
}

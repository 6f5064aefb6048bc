package dev.kubeha.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "255.255.255.255, 255.255.255.255",
        "::1, ::1",
        "fd00:0:0:0:0:0:0:1, fd00::1",
        "2001:DB8::8:800:200C:417A, 2001:db8::8:800:200c:417a",
        "::ffff:10.0.0.1, ::ffff:a00:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    })
    void parsesAndPrintsAddresses(String text, String canonical) {
        assertThat(IpAddress.parse(text)).map(IpAddress::toString).hasValue(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.300", "10.0.0", "10.0.0.01", "1.2.3.4.5", "", "a.b.c.d", ":::", "1::2::3",
        "12345::1", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "[::1]", "host.example.com"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @Test
    void classifiesAddresses() {
        assertThat(IpAddress.parse("127.0.0.11").orElseThrow().isLoopback()).isTrue();
        assertThat(IpAddress.parse("::1").orElseThrow().isLoopback()).isTrue();
        assertThat(IpAddress.parse("10.0.0.1").orElseThrow().isLoopback()).isFalse();
        assertThat(IpAddress.parse("::").orElseThrow().isUnspecified()).isTrue();
        assertThat(IpAddress.parse("ff02::1").orElseThrow().isMulticast()).isTrue();
    }

    @Test
    void cidrContainmentAndOverlap() {
        Cidr pods = Cidr.parse("10.244.0.0/16").orElseThrow();
        assertThat(pods.contains(IpAddress.parse("10.244.255.1").orElseThrow())).isTrue();
        assertThat(pods.contains(IpAddress.parse("10.245.0.1").orElseThrow())).isFalse();
        assertThat(pods.contains(IpAddress.parse("::1").orElseThrow())).isFalse();
        assertThat(pods.overlaps(Cidr.parse("10.0.0.0/8").orElseThrow())).isTrue();
        assertThat(pods.overlaps(Cidr.parse("10.96.0.0/12").orElseThrow())).isFalse();
        assertThat(Cidr.parse("10.244.1.0/16").orElseThrow().network()).hasToString("10.244.0.0/16");
        assertThat(Cidr.parse("fd00::1/64").orElseThrow().network()).hasToString("fd00::/64");
        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(IpAddress.parse("8.8.8.8").orElseThrow())).isTrue();
        assertThat(Cidr.parse("10.0.0.0/-1")).isEmpty();
        assertThat(Cidr.parse("::/129")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"8760h, 31536000", "43800h0m0s, 157680000", "1.5h, 5400", "90m, 5400", "1h30m15s, 5415", "0, 0"})
    void parsesGoDurations(String text, long seconds) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1y", "8760", "h", "-1h", "1h 30m", "1d", "1hh"})
    void rejectsWhatGoWouldReject(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not a duration like 8760h or 43800h0m0s");
    }

    @Test
    void formatsLikeGo() {
        assertThat(GoDuration.format(Duration.ofHours(8760))).isEqualTo("8760h0m0s");
        assertThat(GoDuration.parse("2562047h").toHours()).isEqualTo(2562047L);
        assertThatThrownBy(() -> GoDuration.parse("2562048h")).hasMessage("is out of range (at most 2562047h)");
    }

    @Test
    void names() {
        assertThat(Names.isLabel("master-0")).isTrue();
        assertThat(Names.isLabel("-master")).isFalse();
        assertThat(Names.isLabel("a".repeat(64))).isFalse();
        assertThat(Names.isSubdomain("node1.dc1")).isTrue();
        assertThat(Names.isDnsName("LB.Example.com")).isTrue();
        assertThat(Names.isDnsName("10.0.0.300")).isFalse();
        assertThat(Names.isUserName("ubuntu")).isTrue();
        assertThat(Names.isUserName("root;rm")).isFalse();
        assertThat(Names.isInterfaceName("enp0s31f6")).isTrue();
        assertThat(Names.isInterfaceName("eth 1")).isFalse();
    }

    @Test
    void endpoints() {
        assertThat(HostPort.parse("[fd00::10]:6443").value()).hasValue(new HostPort("fd00::10", 6443));
        assertThat(HostPort.parse("lb:6443").value()).hasValue(new HostPort("lb", 6443));
        assertThat(HostPort.parse("[fd00::10:6443").error()).isEqualTo("\"[fd00::10:6443\" has no closing ] after the IPv6 address");
        assertThat(HostPort.parse("lb:0").error()).isEqualTo("port 0 is out of range 1-65535");
    }

    @Test
    void kubernetesVersions() {
        KubernetesVersion v = KubernetesVersion.parse("v1.37.1").orElseThrow();
        assertThat(v).isEqualTo(new KubernetesVersion(1, 37, 1));
        assertThat(v.minorText()).isEqualTo("v1.37");
        assertThat(v).isLessThan(KubernetesVersion.parse("v1.37.10").orElseThrow());
        assertThat(KubernetesVersion.parse("v1.036.0")).isEmpty();
        assertThat(KubernetesVersion.parse("1.37.1")).isEmpty();
    }

    @Test
    void etcdVersions() {
        assertThat(EtcdVersion.parse("3.5.24")).hasValue(new EtcdVersion(3, 5, 24));
        assertThat(EtcdVersion.parse("v3.6.8")).isEmpty();
        assertThat(EtcdVersion.parse("3.6")).isEmpty();
        assertThat(EtcdVersion.ofImageTag("3.7.0-0")).isEqualTo(new EtcdVersion(3, 7, 0));
        assertThat(new EtcdVersion(3, 5, 24)).isLessThan(new EtcdVersion(3, 6, 0));
    }
}

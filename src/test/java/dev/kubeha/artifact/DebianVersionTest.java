package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Debian Policy 5.6.12, with the cases dpkg's own tests and the archive show. */
class DebianVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            "1.0 < 1.1",
            "1.0 = 1.0",
            "1.0-1 < 1.0-2",
            "1.0 = 1.0-0",
            "1.9 < 1.10",
            "1.35.0-1.1 < 1.35.1-1.1",
            "1.35.0-1.1 < 1.35.0-1.2",
            "1.35.10-1.1 > 1.35.9-1.1",
            "1:1.0 > 2.0",
            "1:0.1 > 0:9.9",
            "0:1.0 = 1.0",
            "2:1.0 > 1:9.0",
            "1.0~rc1 < 1.0",
            "1.0~rc1 < 1.0~rc2",
            "1.0~~ < 1.0~",
            "1.0~ < 1.0",
            "1.0 < 1.0a",
            "1.0a < 1.0+",
            "1.0+ < 1.0.1",
            "1.0 < 1.0+dfsg",
            "2.2.0-2~debian.12~bookworm < 2.2.0-2",
            "2.2.0-2~debian.12~bookworm > 2.2.0-1",
            "1.4.7-1+b2 > 1.4.7-1",
            "1.4.7-1+b1 < 1.4.7-1+b2",
            "7.6.q-32 > 7.6-4~",
            "001 = 1",
            "1.0-1ubuntu1 > 1.0-1",
            "2.36-9+deb12u4 > 2.36-9+deb12u3",
    })
    void ordersAsPolicySays(String a, String op, String b) {
        int c = Integer.signum(DebianVersion.compare(a, b));
        int expected = switch (op) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        };
        assertThat(c).as(a + " " + op + " " + b).isEqualTo(expected);
        assertThat(Integer.signum(DebianVersion.compare(b, a))).as(b + " vs " + a).isEqualTo(-expected);
    }

    @Test
    void partsAreReadAsPolicySays() {
        DebianVersion v = DebianVersion.parse("1:2.3-4-5");
        assertThat(v.epoch()).isEqualTo(1);
        assertThat(v.upstream()).isEqualTo("2.3-4");
        assertThat(v.revision()).isEqualTo("5");
        assertThat(v.toString()).isEqualTo("1:2.3-4-5");
        assertThat(DebianVersion.parse("1.35.0").revision()).isEmpty();
    }

    @Test
    void notAVersionIsRefused() {
        assertThatThrownBy(() -> DebianVersion.parse("x:1.0")).hasMessage("version x:1.0: the epoch is not a number");
        assertThatThrownBy(() -> DebianVersion.parse("-1")).hasMessage("version -1: the upstream version does not start with a digit");
    }

    @Test
    void relationsAreReadWithTheirConstraints() {
        var groups = AptRelation.parseField("libc6 (>= 2.34), cri-tools (>= 1.30.0), iptables | nftables:any, awk, foo (<< 2~)");
        assertThat(groups).hasSize(5);
        assertThat(groups.get(0).get(0)).isEqualTo(new AptRelation("libc6", ">=", "2.34"));
        assertThat(groups.get(2)).extracting(AptRelation::name).containsExactly("iptables", "nftables");
        assertThat(groups.get(4).get(0).satisfiedBy("1.9")).isTrue();
        assertThat(groups.get(4).get(0).satisfiedBy("2~rc1")).isFalse();
        assertThat(groups.get(4).get(0).satisfiedBy("2")).isFalse();
        assertThat(groups.get(0).get(0).satisfiedBy("2.36-9+deb12u4")).isTrue();
        assertThat(groups.get(0).get(0).satisfiedBy("2.33")).isFalse();
    }
}

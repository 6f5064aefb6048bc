package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rpmvercmp, with cases from rpm's own test suite (rpmvercmp.at). */
class RpmVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            "1.0 = 1.0",
            "1.0 < 2.0",
            "2.0.1 > 2.0",
            "2.0.1a > 2.0.1",
            "5.5p1 < 5.5p2",
            "5.5p10 > 5.5p2",
            "10xyz < 10.1xyz",
            "xyz10 < xyz10.1",
            "1.0 < 1.0a",
            "10.0001 = 10.1",
            "1.0~rc1 < 1.0",
            "1.0~rc1 < 1.0~rc2",
            "1.0~rc1~git123 < 1.0~rc1",
            "1.0^ > 1.0",
            "1.0^git1 < 1.0.1",
            "1.0^git1 > 1.0",
            "a+ = a_",
            "1.35.0 < 1.35.1",
    })
    void ordersAsRpmDoes(String a, String op, String b) {
        int expected = op.equals("<") ? -1 : op.equals(">") ? 1 : 0;
        assertThat(Integer.signum(RpmVersion.compare(a, b))).as(a + " " + op + " " + b).isEqualTo(expected);
        assertThat(Integer.signum(RpmVersion.compare(b, a))).as(b + " vs " + a).isEqualTo(-expected);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            "1.35.0-150500.1.1 < 1.35.1-150500.1.1",
            "1:1.0-1 > 2.0-1",
            "2:2.74-1 > 2.74-1",
            "1.7.28-1.el9 < 1.7.28-2.el9",
            "2.2.0-1.el9 = 0:2.2.0-1.el9",
    })
    void ordersEpochVersionRelease(String a, String op, String b) {
        int expected = op.equals("<") ? -1 : op.equals(">") ? 1 : 0;
        assertThat(Integer.signum(RpmVersion.compareEvr(a, b))).as(a + " " + op + " " + b).isEqualTo(expected);
    }
}

package dev.kubeha.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** The unit and env-file reading BundleEtcdTest relies on, case by case as systemd's parser has it. */
class SystemdFilesTest {
    @Test
    void environmentFileQuotingAsSystemdReadsIt() {
        String file = """
                # comment
                  ; another comment
                PLAIN=a b  \t
                  SPACED  =  x
                SINGLE='a "b" \\n '
                DOUBLE="a \\"b\\" \\$c \\n \\\\"
                JOINED='x' "y"z
                BARE_QUOTES=x'y'
                ESCAPED=a\\ b\\\\
                CONTINUED=one \\
                two
                EMPTY=
                """;
        assertThat(SystemdFiles.environment(file)).containsExactly(
                entry("PLAIN", "a b"),
                entry("SPACED", "x"),
                entry("SINGLE", "a \"b\" \\n "),
                entry("DOUBLE", "a \"b\" $c \\n \\"),
                entry("JOINED", "xyz"),
                entry("BARE_QUOTES", "x'y'"),
                entry("ESCAPED", "a b\\"),
                entry("CONTINUED", "one two"),
                entry("EMPTY", ""));
    }

    @Test
    void aLineSystemdWouldSkipIsAnError() {
        assertThatThrownBy(() -> SystemdFiles.environment("ETCD_NAME etcd0\n")).hasMessage("line without '=': ETCD_NAME etcd0");
        assertThatThrownBy(() -> SystemdFiles.environment("ETCD-NAME=etcd0\n")).hasMessage("not a variable name: ETCD-NAME");
        assertThatThrownBy(() -> SystemdFiles.environment("A=\"open\n")).hasMessage("A: unbalanced double quote");
    }

    @Test
    void theServiceSectionsExecStartAndEnvironmentFiles() {
        SystemdFiles.Service s = SystemdFiles.service("""
                [Unit]
                ExecStart=/not/this
                [Service]
                EnvironmentFile=-/etc/default/x
                EnvironmentFile=
                EnvironmentFile=/etc/etcd.env
                ExecStart=/bin/false
                ExecStart=
                ExecStart=-/usr/local/bin/etcd --name "etcd 0" \\
                  'x y'
                """);
        assertThat(s.environmentFiles()).containsExactly("/etc/etcd.env");
        assertThat(s.execStart()).containsExactly("/usr/local/bin/etcd", "--name", "etcd 0", "x y");
        assertThatThrownBy(() -> SystemdFiles.service("[Service]\nExecStart=/bin/etcd $FLAGS\n"))
                .hasMessage("ExecStart with $ expansion is not supported here: /bin/etcd $FLAGS");
        assertThatThrownBy(() -> SystemdFiles.service("[Service]\nType=notify\n")).hasMessage("no ExecStart= in [Service]");
    }
}

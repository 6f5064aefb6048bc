package dev.kubeha.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void safeWordsStayBare() {
        assertThat(Shell.quote("/etc/kubeha/kubeadm.yaml")).isEqualTo("/etc/kubeha/kubeadm.yaml");
        assertThat(Shell.quote("--config=x")).isEqualTo("--config=x");
    }

    @Test
    void everythingElseIsSingleQuotedWithQuotesEscaped() {
        assertThat(Shell.quote("")).isEqualTo("''");
        assertThat(Shell.quote("a b")).isEqualTo("'a b'");
        assertThat(Shell.quote("it's; rm -rf /")).isEqualTo("'it'\\''s; rm -rf /'");
        assertThat(Shell.quote("$(reboot)")).isEqualTo("'$(reboot)'");
        assertThat(Shell.quote("`x`\n")).isEqualTo("'`x`\n'");
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> Shell.quote("a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void quotedWordsSurviveARealShell() throws Exception {
        String tricky = "it's \"quoted\" $HOME `id` \\ ; | & * ?";
        Command echo = Command.of("printf", "%s", tricky);
        Process p = new ProcessBuilder("sh", "-c", echo.line()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(tricky);
    }

    @Test
    void commandsCompose() {
        Command c = Command.allOf(Command.of("systemctl", "daemon-reload"), Command.of("systemctl", "restart", "etcd"));
        assertThat(c.line()).isEqualTo("systemctl daemon-reload && systemctl restart etcd");
        assertThat(Shell.join(List.of("echo", "a b"))).isEqualTo("echo 'a b'");
    }
}

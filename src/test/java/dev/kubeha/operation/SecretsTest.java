package dev.kubeha.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One holder of an operation's secrets: asked once, masked everywhere, wiped at the end. */
class SecretsTest {
    final List<String> asked = new ArrayList<>();

    Secrets.Source answering(String login, String sudo, String passphrase) {
        return (kind, subject) -> {
            asked.add(kind + " " + subject);
            String answer = switch (kind) {
                case LOGIN_PASSWORD -> login;
                case SUDO_PASSWORD -> sudo;
                case KEY_PASSPHRASE -> passphrase;
            };
            return answer == null ? null : answer.toCharArray();
        };
    }

    static SshTarget withKey(String node, String key, boolean sudo) {
        return new SshTarget(node, "127.0.0.1", 22, "kube", key == null ? null : Path.of(key), sudo);
    }

    @Test
    void asksUpFrontForWhatTheNodesNeedAndMasksIt() throws Exception {
        Secrets secrets = Secrets.from(answering("login-secret", "sudo-secret", null));
        secrets.gather(List.of(withKey("m0", null, true), withKey("w0", null, false), withKey("e0", "/k", false)));

        assertThat(asked).containsExactly("LOGIN_PASSWORD m0, w0", "SUDO_PASSWORD ");
        SshSecrets ssh = secrets.ssh();
        assertThat(ssh.loginPassword().apply(withKey("m0", null, true))).containsExactly("login-secret".toCharArray());
        assertThat(ssh.sudoPassword().apply(withKey("m0", null, true))).containsExactly("sudo-secret".toCharArray());
        assertThat(secrets.redactor().redact("said login-secret and sudo-secret"))
                .isEqualTo("said <redacted> and <redacted>");
        secrets.register("abcdef.0123456789abcdef");
        assertThat(secrets.redactor().redact("token abcdef.0123456789abcdef")).doesNotContain("0123456789abcdef");
        assertThat(secrets).hasToString("Secrets[****]");
    }

    @Test
    void aNodeWithoutAKeyFileAndNoPasswordStopsBeforeAnythingStarts() {
        Secrets secrets = Secrets.from(answering(null, null, null));
        assertThatThrownBy(() -> secrets.gather(List.of(withKey("m0", null, false), withKey("w1", null, false))))
                .isInstanceOf(Secrets.MissingSecretException.class)
                .hasMessage("nodes m0, w1 log in without a key file (no ssh.identityFile), and no password was given");
        assertThatThrownBy(() -> Secrets.from(answering("", null, null)).gather(List.of(withKey("m0", null, false))))
                .hasMessage("node m0 log in without a key file (no ssh.identityFile), and no password was given");
    }

    @Test
    void anEmptySudoPasswordIsNoneAndWhatWasGivenIsNotAskedAgain() throws Exception {
        char[] given = "from-the-dialog".toCharArray();
        Secrets secrets = Secrets.from(answering("never", "never", null))
                .give(Secrets.Kind.LOGIN_PASSWORD, given)
                .give(Secrets.Kind.SUDO_PASSWORD, new char[0]);
        java.util.Arrays.fill(given, '\0'); // the caller wipes its own at once
        secrets.gather(List.of(withKey("m0", null, true)));

        assertThat(asked).isEmpty();
        assertThat(secrets.ssh().loginPassword().apply(withKey("m0", null, true))).containsExactly("from-the-dialog".toCharArray());
        assertThat(secrets.ssh().sudoPassword().apply(withKey("m0", null, true))).isNull();
        assertThatThrownBy(() -> secrets.give(Secrets.Kind.KEY_PASSPHRASE, "x".toCharArray()))
                .hasMessage("a passphrase belongs to a key file: it is asked for");
    }

    @Test
    void aPassphraseIsAskedOncePerKeyFileEvenWhenRefusedAndEveryAnswerIsACopy() {
        Secrets secrets = Secrets.from(answering(null, null, "pass-phrase"));
        SshSecrets ssh = secrets.ssh();
        char[] first = ssh.keyPassphrase().apply(withKey("m0", "/keys/a", false));
        java.util.Arrays.fill(first, '\0'); // what the transport does with what it got
        assertThat(ssh.keyPassphrase().apply(withKey("m1", "/keys/a", false))).containsExactly("pass-phrase".toCharArray());
        ssh.keyPassphrase().apply(withKey("m2", "/keys/b", false));
        assertThat(asked).containsExactly("KEY_PASSPHRASE /keys/a", "KEY_PASSPHRASE /keys/b");

        Secrets refused = Secrets.from((kind, subject) -> {
            asked.add("refused " + subject);
            return null;
        });
        assertThat(refused.ssh().keyPassphrase().apply(withKey("m0", "/keys/c", false))).isNull();
        assertThat(refused.ssh().keyPassphrase().apply(withKey("m1", "/keys/c", false))).isNull();
        assertThat(asked).containsOnlyOnce("refused /keys/c");
    }

    @Test
    void closingWipesEverySecretButTheMaskingGoesOn() throws Exception {
        Secrets secrets = Secrets.from(answering("login-secret", "sudo-secret", "pass-phrase"));
        secrets.gather(List.of(withKey("m0", null, true)));
        SshSecrets ssh = secrets.ssh();
        ssh.keyPassphrase().apply(withKey("m0", "/keys/a", false));

        secrets.close();

        assertThat(ssh.loginPassword().apply(withKey("m0", null, true))).isNull();
        assertThat(ssh.sudoPassword().apply(withKey("m0", null, true))).isNull();
        assertThat(secrets.redactor().redact("login-secret")).isEqualTo("<redacted>");
    }
}

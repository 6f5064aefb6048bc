package dev.kubeha.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    final Redactor redactor = new Redactor();

    @Test
    void bootstrapTokensKeepOnlyTheirPublicId() {
        assertThat(redactor.redact("kubeadm join --token abcdef.0123456789abcdef lb:6443"))
                .isEqualTo("kubeadm join --token abcdef.<redacted> lb:6443");
    }

    @Test
    void certificateKeysAreMaskedButPublicHashesAreNot() {
        String key = "a".repeat(32) + "0123456789abcdef0123456789abcdef";
        String hash = "sha256:" + "b".repeat(64);
        assertThat(redactor.redact("--certificate-key " + key + " --discovery-token-ca-cert-hash " + hash))
                .isEqualTo("--certificate-key <redacted> --discovery-token-ca-cert-hash " + hash);
        assertThat(redactor.redact("[upload-certs] Using certificate key:\n" + key + "\n"))
                .isEqualTo("[upload-certs] Using certificate key:\n<redacted>\n");
    }

    @Test
    void privateKeyBlocksAreMaskedInTextAndAcrossLines() {
        String pem = "before\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA\nAwEHoUQDQg\n-----END EC PRIVATE KEY-----\nafter";
        assertThat(redactor.redact(pem))
                .isEqualTo("before\n-----BEGIN EC PRIVATE KEY-----<redacted>-----END EC PRIVATE KEY-----\nafter");
        Redactor.LineFilter lines = redactor.lineFilter();
        StringBuilder out = new StringBuilder();
        for (String line : pem.split("\n")) {
            out.append(lines.apply(line)).append('|');
        }
        assertThat(out.toString()).doesNotContain("MHcCAQEEIA").doesNotContain("AwEHoUQDQg")
                .startsWith("before|-----BEGIN EC PRIVATE KEY-----").endsWith("-----END EC PRIVATE KEY-----|after|");
        // A certificate is public and stays readable.
        assertThat(redactor.redact("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"))
                .contains("MIIB");
    }

    @Test
    void registeredLiteralsAndPasswordAssignmentsAreMasked() {
        redactor.register("s3cr3t-sudo".toCharArray());
        redactor.register("ab"); // too short to mask sensibly: ignored
        assertThat(redactor.redact("sudo: s3cr3t-sudo is wrong; ab")).isEqualTo("sudo: <redacted> is wrong; ab");
        assertThat(redactor.redact("PASSWORD=hunter22 next")).isEqualTo("PASSWORD=<redacted> next");
        assertThat(redactor.redact("{\"passphrase\": \"correct horse\"}")).isEqualTo("{\"passphrase\": <redacted>}");
        assertThat(redactor.redact(null)).isNull();
    }
}

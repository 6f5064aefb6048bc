package dev.kubeha.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTokensTest {
    @TempDir
    Path dir;

    @Test
    void aTokenExpiresADayAfterItWasMadeLessTheMargin() {
        Instant made = Instant.parse("2026-12-01T10:00:00Z");
        Duration hour = Duration.ofHours(1);
        assertThat(BootstrapTokens.expired(made, made.plus(Duration.ofHours(22)), hour)).isFalse();
        assertThat(BootstrapTokens.expired(made, made.plus(Duration.ofHours(23)), hour)).isTrue();
        assertThat(BootstrapTokens.expired(made, made.plus(Duration.ofDays(2)), hour)).isTrue();
    }

    @Test
    void theFilesTimeIsWhenItWasMadeAndRenewingReplacesItPrivately() throws Exception {
        PkiWorkspace workspace = new PkiWorkspace(dir.resolve("pki"));
        assertThat(BootstrapTokens.created(workspace)).isEmpty();
        BootstrapTokens.renew(workspace, new SecureRandom());
        Path file = dir.resolve("pki/bootstrap-token");
        String first = Files.readString(file).trim();
        assertThat(first).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.setLastModifiedTime(file, FileTime.from(twoDaysAgo));
        assertThat(BootstrapTokens.created(workspace)).contains(twoDaysAgo);

        BootstrapTokens.renew(workspace, new SecureRandom());

        assertThat(Files.readString(file).trim()).isNotEqualTo(first).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(BootstrapTokens.created(workspace).orElseThrow()).isAfter(twoDaysAgo.plus(Duration.ofDays(1)));
    }
}

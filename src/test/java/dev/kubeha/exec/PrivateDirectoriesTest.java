package dev.kubeha.exec;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.files.PrivateFiles;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubeha's own directories are private from the moment they exist; the user's stay as they are. */
class PrivateDirectoriesTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void newDirectoriesAre0700AndExistingOnesKeepTheirMode() throws Exception {
        Path users = Files.createDirectory(dir.resolve("users"));
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path made = PrivateFiles.createDirectories(users.resolve(".kubeha/prod-eu1/logs"));

        assertThat(made).isEqualTo(users.resolve(".kubeha/prod-eu1/logs"));
        assertThat(mode(users)).isEqualTo("rwxr-xr-x");
        assertThat(mode(users.resolve(".kubeha"))).isEqualTo("rwx------");
        assertThat(mode(users.resolve(".kubeha/prod-eu1"))).isEqualTo("rwx------");
        assertThat(mode(made)).isEqualTo("rwx------");
        // Again: nothing to do, no error.
        assertThat(PrivateFiles.createDirectories(made)).isEqualTo(made);
    }

    @Test
    void aFileWhereADirectoryShouldBeIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("workspace"), "not a directory");
        assertThatThrownBy(() -> PrivateFiles.createDirectories(file.resolve("logs")))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("workspace/logs");
    }

    @Test
    void theJournalAndTheRunLogMakeAPrivateWorkspace() throws Exception {
        Path workspace = dir.resolve("ws");
        Workspace.at(workspace).journal().save(new Journal.Snapshot(Journal.VERSION, "lab", null, java.util.List.of()));
        Workspace.at(workspace).newLog("apply", Clock.systemUTC()).close();
        assertThat(mode(workspace)).isEqualTo("rwx------");
        assertThat(mode(workspace.resolve("logs"))).isEqualTo("rwx------");
    }
}

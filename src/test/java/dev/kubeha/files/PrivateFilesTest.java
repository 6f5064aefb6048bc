package dev.kubeha.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer of kubeha's own files: modes from the first byte, replaced in one step, no strays. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static long entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void anAtomicWriteReplacesTheFileWithTheModeAskedAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("admin.conf");
        Files.writeString(target, "old");
        PrivateFiles.writeAtomically(target, "new".getBytes(), PrivateFiles.SECRET);
        assertThat(target).hasContent("new");
        assertThat(mode(target)).isEqualTo("rw-------");
        PrivateFiles.writeAtomically(target, "cert".getBytes(), PrivateFiles.PUBLIC);
        assertThat(mode(target)).isEqualTo("rw-r--r--");
        assertThat(entries(dir)).isEqualTo(1);
    }

    @Test
    void aNewFileNeverReplacesOneThatIsThere() throws Exception {
        Path ca = dir.resolve("ca.key");
        PrivateFiles.writeNew(ca, "first".getBytes(), PrivateFiles.SECRET);
        assertThat(mode(ca)).isEqualTo("rw-------");
        assertThatThrownBy(() -> PrivateFiles.writeNew(ca, "second".getBytes(), PrivateFiles.SECRET))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessage(ca.toString());
        assertThat(ca).hasContent("first");
        assertThat(entries(dir)).isEqualTo(1);
    }

    @Test
    void aCreatedFileIsPrivateAndExclusiveAndEnsuringItKeepsWhatIsThere() throws Exception {
        Path log = PrivateFiles.createFile(dir.resolve("apply.log"), PrivateFiles.SECRET);
        assertThat(mode(log)).isEqualTo("rw-------");
        assertThatThrownBy(() -> PrivateFiles.createFile(log, PrivateFiles.SECRET)).isInstanceOf(FileAlreadyExistsException.class);
        Files.writeString(log, "kept");
        assertThat(PrivateFiles.ensureFile(log)).hasContent("kept");
        assertThat(mode(PrivateFiles.ensureFile(dir.resolve("known_hosts")))).isEqualTo("rw-------");
        assertThat(PrivateFiles.permissions(0640)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    }
}

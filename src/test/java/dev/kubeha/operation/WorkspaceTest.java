package dev.kubeha.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace's layout, its privacy and its lock; the journal's decision. */
class WorkspaceTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void oneTypeNamesEveryPlaceOfTheLayout() {
        Workspace ws = Workspace.at(dir.resolve("a/../prod-eu1"));
        assertThat(ws.root()).isEqualTo(dir.resolve("prod-eu1"));
        assertThat(ws.pki().directory()).isEqualTo(dir.resolve("prod-eu1/pki"));
        assertThat(ws.journal().file()).isEqualTo(dir.resolve("prod-eu1/journal.json"));
        assertThat(ws.knownHosts().file()).isEqualTo(dir.resolve("prod-eu1/known_hosts"));
        assertThat(ws.logs()).isEqualTo(dir.resolve("prod-eu1/logs"));
        assertThat(ws.adminConf()).isEqualTo(dir.resolve("prod-eu1/admin.conf"));
        assertThat(ws).isEqualTo(Workspace.at(dir.resolve("prod-eu1"))).hasToString(dir.resolve("prod-eu1").toString());
    }

    @Test
    void theDefaultIsTheClusterNameUnderKubehaInTheHome() {
        assertThat(Workspace.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".kubeha"));
        assertThat(Workspace.defaultFor(dev.kubeha.model.ClusterFixtures.parse(dev.kubeha.model.ClusterFixtures.VALID)).root())
                .isEqualTo(Workspace.home().resolve(dev.kubeha.model.ClusterFixtures.parse(dev.kubeha.model.ClusterFixtures.VALID).name()));
    }

    @Test
    void itIsMadePrivateAndSoAreItsLogs() throws Exception {
        Workspace ws = Workspace.at(dir.resolve("home/.kubeha/lab"));
        Clock noon = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
        try (var log = ws.newLog("apply", noon); var again = ws.newLog("apply", noon)) {
            assertThat(log.file()).isEqualTo(ws.logs().resolve("apply-20261203-120000.log"));
            assertThat(again.file()).isEqualTo(ws.logs().resolve("apply-20261203-120000-2.log"));
            assertThat(mode(log.file())).isEqualTo("rw-------");
        }
        assertThat(mode(dir.resolve("home/.kubeha"))).isEqualTo("rwx------");
        assertThat(mode(ws.root())).isEqualTo("rwx------");
        assertThat(mode(ws.logs())).isEqualTo("rwx------");
    }

    @Test
    void aSecondHolderInThisProcessIsToldWhoHoldsItAndGetsItOnceItIsLetGo() throws Exception {
        Workspace ws = Workspace.at(dir.resolve("lab"));
        long pid = ProcessHandle.current().pid();
        try (WorkspaceLock lock = ws.lock("kubeha apply cluster.json")) {
            assertThat(lock.file()).isEqualTo(dir.resolve("lab/kubeha.lock"));
            assertThat(mode(lock.file())).isEqualTo("rw-------");
            assertThat(Files.readString(lock.file())).startsWith("pid=" + pid + "\ncommand=kubeha apply cluster.json\nsince=");
            assertThatThrownBy(() -> ws.lock("kubeha plan cluster.json"))
                    .isInstanceOf(WorkspaceBusyException.class)
                    .hasMessageStartingWith("workspace " + ws + " is in use by another run of this kubeha (PID " + pid
                            + ", kubeha apply cluster.json, since ")
                    .hasMessageEndingWith("): wait until it has finished, or stop it; nothing was changed")
                    .extracting(e -> ((WorkspaceBusyException) e).holderPid()).isEqualTo(pid);
            // Another workspace is another lock.
            try (WorkspaceLock other = Workspace.at(dir.resolve("other")).lock("kubeha plan")) {
                assertThat(other.file()).exists();
            }
        }
        try (WorkspaceLock again = ws.lock("kubeha plan cluster.json")) {
            assertThat(Files.readString(again.file())).contains("command=kubeha plan cluster.json\n");
        }
    }

    @Test
    void aLockFileLeftByAProcessThatDiedIsTakenOver() throws Exception {
        Workspace ws = Workspace.at(dir.resolve("lab")).create();
        Files.writeString(ws.root().resolve("kubeha.lock"), "pid=999999\ncommand=kubeha apply old.json\nsince=2026-01-01T00:00:00Z\n");
        try (WorkspaceLock lock = ws.lock("kubeha apply cluster.json")) {
            assertThat(Files.readString(lock.file())).startsWith("pid=" + ProcessHandle.current().pid() + "\n")
                    .doesNotContain("old.json", "999999");
        }
    }

    @Test
    void theJournalDecidesBetweenFreshResumeFinishedAndAnotherCluster() throws Exception {
        Workspace ws = Workspace.at(dir.resolve("lab"));
        assertThat(Decision.of(ws, "lab")).isEqualTo(new Decision.Fresh());

        Journal journal = ws.journal();
        journal.save(new Journal.Snapshot(Journal.VERSION, "lab", null, List.of(
                entry("m/prepare", TaskState.SUCCEEDED), entry("m/init", TaskState.FAILED), entry("w/join", TaskState.SKIPPED))));
        assertThat(Decision.of(ws, "lab")).isEqualTo(new Decision.Resume(journal.file(), 1, 3, List.of("m/init", "w/join")));
        assertThat(((Decision.Resume) Decision.of(ws, "lab")).left()).isEqualTo(2);
        assertThat(Decision.of(ws, "other")).isEqualTo(new Decision.OtherCluster(journal.file(), "lab"));

        journal.save(new Journal.Snapshot(Journal.VERSION, "lab", null, List.of(entry("m/prepare", TaskState.SUCCEEDED))));
        assertThat(Decision.of(ws, "lab")).isEqualTo(new Decision.Finished(journal.file(), 1));

        Files.writeString(journal.file(), "{ not json");
        assertThatThrownBy(() -> Decision.of(ws, "lab")).hasMessageStartingWith(journal.file() + ": not a kubeha journal (")
                .hasMessageEndingWith("); move it away to start afresh");
    }

    private static Journal.Entry entry(String id, TaskState state) {
        return new Journal.Entry(id, id.substring(0, 1), state, true, "d", "", null);
    }
}

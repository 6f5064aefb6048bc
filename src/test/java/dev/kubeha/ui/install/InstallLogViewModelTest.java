package dev.kubeha.ui.install;

import dev.kubeha.operation.TestRuns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.model.Cluster;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log pane's model: rings, all nodes interleaved, search, and Save, without a window. */
class InstallLogViewModelTest {
    @TempDir
    Path dir;

    final Cluster cluster = TaskGraphViewModelTest.exampleCluster();
    final Plan plan = InstallViewModelTest.plan(cluster);
    final String a = plan.nodes().get(0);
    final String b = plan.nodes().get(1);

    InstallViewModel install(Plan p) {
        return TaskGraphViewModelTest.install(p, cluster, dir.resolve("ws"));
    }

    InstallLogViewModel logs(InstallViewModel install) {
        return new InstallLogViewModel(install, new CurrentThreadExecutor(), TaskGraphViewModelTest.MESSAGES);
    }

    static void out(ExecListener listener, String node, String task, String line) {
        listener.onEvent(new ExecEvent.OutputLine(node, node + "/" + task, OutputStreamKind.STDOUT, line));
    }

    @Test
    void allNodesInterleavedWithTheirNamesInABoundedRingAndEachNodeFromItsRow() {
        InstallViewModel install = install(plan);
        InstallLogViewModel logs = logs(install);
        assertThat(logs.sources()).hasSize(plan.nodes().size() + 1).first().isEqualTo(InstallLogViewModel.Source.ALL);
        assertThat(logs.sourceProperty().get()).isEqualTo(InstallLogViewModel.Source.ALL);

        ExecListener listener = install.listener();
        out(listener, a, "t0", "a first");
        out(listener, b, "t1", "b first");
        out(listener, a, "t0", "a second");
        install.drain();
        assertThat(logs.lines()).containsExactly(a + ": t0 | a first", b + ": t1 | b first", a + ": t0 | a second");

        for (int i = 0; i < 6_000; i++) {
            out(listener, i % 2 == 0 ? a : b, "t2", "line " + i);
            if (i % 1_000 == 999) {
                install.drain();
            }
        }
        assertThat(logs.lines()).hasSize(InstallLogViewModel.ALL_NODES_LINES)
                .startsWith(a + ": t2 | line 1000", b + ": t2 | line 1001").endsWith(b + ": t2 | line 5999");

        // One node: that node's row, and from then on only its lines.
        logs.sourceProperty().set(new InstallLogViewModel.Source(b));
        assertThat(install.selectedProperty().get().node()).isEqualTo(b);
        assertThat(logs.lines()).hasSize(InstallViewModel.LOG_LINES_PER_NODE).startsWith("t2 | line 2001")
                .endsWith("t2 | line 5999");
        out(listener, a, "t0", "not shown");
        out(listener, b, "t0", "shown");
        install.drain();
        assertThat(logs.lines()).hasSize(InstallViewModel.LOG_LINES_PER_NODE).endsWith("t2 | line 5999", "t0 | shown");

        // Back to all nodes: the ring, with what came meanwhile; a row picked in the table shows that node.
        logs.sourceProperty().set(InstallLogViewModel.Source.ALL);
        assertThat(logs.lines()).hasSize(InstallLogViewModel.ALL_NODES_LINES).endsWith(a + ": t0 | not shown", b + ": t0 | shown");
        install.selectedProperty().set(install.rows().get(0));
        assertThat(logs.sourceProperty().get()).isEqualTo(new InstallLogViewModel.Source(a));
        assertThat(logs.lines()).endsWith("t0 | not shown");

        // A flood within one pulse keeps only the newest lines, in one update.
        logs.sourceProperty().set(InstallLogViewModel.Source.ALL);
        for (int i = 0; i < 12_000; i++) {
            out(listener, a, "t1", "flood " + i);
        }
        install.drain();
        assertThat(logs.lines()).hasSize(InstallLogViewModel.ALL_NODES_LINES)
                .startsWith(a + ": t1 | flood 7000").endsWith(a + ": t1 | flood 11999");
    }

    @Test
    void searchCountsMatchesIgnoringCaseMovesThroughThemAndKeepsCountingAsLinesComeAndGo() {
        InstallViewModel install = install(plan);
        InstallLogViewModel logs = logs(install);
        ExecListener listener = install.listener();
        out(listener, a, "t0", "ERROR: disk full");
        out(listener, b, "t0", "all good");
        out(listener, a, "t1", "an error again");
        out(listener, b, "t1", "Error three");
        install.drain();

        assertThat(logs.matchTextProperty().get()).isEmpty();
        logs.searchProperty().set("error");
        assertThat(logs.matchCountProperty().get()).isEqualTo(3);
        assertThat(logs.matchTextProperty().get()).isEqualTo("Matches: 3");
        assertThat(logs.currentIndexProperty().get()).isEqualTo(-1);
        assertThat(logs.matches(a + ": t0 | ERROR: disk full")).isTrue();
        assertThat(logs.matches(b + ": t0 | all good")).isFalse();
        assertThat(logs.followProperty().get()).isTrue();

        logs.next();
        assertThat(logs.currentIndexProperty().get()).isZero();
        assertThat(logs.matchTextProperty().get()).isEqualTo("1 of 3");
        assertThat(logs.followProperty().get()).as("a match stays in view").isFalse();
        logs.next();
        logs.next();
        assertThat(logs.currentIndexProperty().get()).isEqualTo(3);
        assertThat(logs.matchTextProperty().get()).isEqualTo("3 of 3");
        logs.next();
        assertThat(logs.matchTextProperty().get()).isEqualTo("1 of 3");
        logs.previous();
        assertThat(logs.matchTextProperty().get()).isEqualTo("3 of 3");

        // New lines count as they come; the current match keeps its place.
        out(listener, a, "t2", "error four");
        install.drain();
        assertThat(logs.matchTextProperty().get()).isEqualTo("3 of 4");
        // Lines that leave the ring leave the count, and the current match with them.
        for (int i = 0; i < InstallLogViewModel.ALL_NODES_LINES - 3; i++) {
            out(listener, b, "t2", "filler " + i);
        }
        install.drain();
        assertThat(logs.lines()).startsWith(a + ": t1 | an error again");
        assertThat(logs.matchTextProperty().get()).isEqualTo("2 of 3");
        assertThat(logs.currentIndexProperty().get()).isEqualTo(1);
        out(listener, b, "t2", "filler");
        out(listener, b, "t2", "filler");
        install.drain();
        assertThat(logs.lines()).startsWith(a + ": t2 | error four");
        assertThat(logs.matchTextProperty().get()).isEqualTo("Matches: 1");
        assertThat(logs.currentIndexProperty().get()).isEqualTo(-1);
        logs.previous();
        assertThat(logs.matchTextProperty().get()).isEqualTo("1 of 1");
        assertThat(logs.lines().get(logs.currentIndexProperty().get())).isEqualTo(a + ": t2 | error four");

        logs.searchProperty().set("no such thing");
        assertThat(logs.matchTextProperty().get()).isEqualTo("No matches");
        logs.next();
        assertThat(logs.currentIndexProperty().get()).isEqualTo(-1);
        logs.searchProperty().set("");
        assertThat(logs.matchTextProperty().get()).isEmpty();
        assertThat(logs.matches(a + ": t2 | error four")).isFalse();
    }

    /** Two nodes; m's command prints more lines than any ring in the window keeps. */
    Plan chattyPlan() {
        return new Plan("c", List.of(
                Task.on("m", "m/chat").step(Step.RunCommand.root(Command.of("chat"))).build(),
                Task.on("w", "w/join").after("m/chat").step(Step.RunCommand.root(Command.of("join"))).build()));
    }

    @Test
    void saveCopiesTheFullLogFromTheWorkspaceNotTheRingAndOneNodesLinesWhenANodeIsShown() throws Exception {
        InstallViewModel install = install(chattyPlan());
        InstallLogViewModel logs = logs(install);
        Path target = dir.resolve("saved.log");
        logs.save(target);
        assertThat(logs.statusProperty().get()).isEqualTo("Nothing to save yet: the run has not written its log.");
        assertThat(target).doesNotExist();

        LinesTransport transport = new LinesTransport();
        List<String> chat = IntStream.range(0, 7_000).mapToObj(i -> "chat " + i).toList();
        transport.output.put("chat", chat);
        transport.output.put("join", List.of("joined"));
        install.start(TestRuns.over(() -> transport, dir.resolve("ws")), ExecOptions.DEFAULT_CONCURRENCY, false);
        assertThat(install.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        assertThat(logs.lines()).hasSize(InstallLogViewModel.ALL_NODES_LINES).endsWith("w: join | joined");

        logs.save(target);
        Path full = install.runLogs().get(0);
        assertThat(full.getParent()).isEqualTo(dir.resolve("ws/logs"));
        List<String> fullLines = Files.readAllLines(full);
        assertThat(fullLines.size()).isGreaterThan(7_000);
        assertThat(Files.readAllLines(target)).isEqualTo(fullLines);
        assertThat(Files.readString(target)).contains("m m/chat stdout| chat 0\n");
        assertThat(logs.statusProperty().get()).isEqualTo("Saved " + fullLines.size() + " lines of the log to " + target + ".");
        assertThat(logs.savingProperty().get()).isFalse();
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        }

        // w shown: w's lines of the full log only, replacing the earlier file.
        logs.sourceProperty().set(new InstallLogViewModel.Source("w"));
        logs.save(target);
        List<String> wLines = new ArrayList<>(fullLines.stream().filter(l -> l.split(" ")[1].equals("w")).toList());
        assertThat(wLines).hasSize(3); // running, its output line, succeeded
        assertThat(Files.readAllLines(target)).isEqualTo(wLines);
        assertThat(Files.readAllLines(target)).anySatisfy(l -> assertThat(l).endsWith(" w w/join stdout| joined"));
        assertThat(logs.statusProperty().get()).isEqualTo("Saved 3 lines of the log to " + target + ".");
    }

    @Test
    void saveSaysWhyItCouldNotInOneLine() throws Exception {
        InstallViewModel install = install(chattyPlan());
        InstallLogViewModel logs = logs(install);
        install.start(TestRuns.over(LinesTransport::new, dir.resolve("ws")), ExecOptions.DEFAULT_CONCURRENCY, false);

        Path missing = dir.resolve("no/such/folder/saved.log");
        logs.save(missing);
        assertThat(logs.statusProperty().get()).isEqualTo("Could not save the log to " + missing
                + ": the folder " + dir.resolve("no/such/folder") + " does not exist.");
        assertThat(logs.savingProperty().get()).isFalse();

        Path own = install.runLogs().get(0);
        long size = Files.size(own);
        logs.save(own);
        assertThat(logs.statusProperty().get()).isEqualTo("Could not save the log to " + own
                + ": that is the run's own log; choose another file.");
        assertThat(Files.size(own)).isEqualTo(size);

        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        logs.save(folder);
        assertThat(logs.statusProperty().get()).startsWith("Could not save the log to " + folder + ": ")
                .doesNotContain("Exception").doesNotContain("\n");

        Files.delete(own);
        Path target = dir.resolve("saved.log");
        logs.save(target);
        assertThat(logs.statusProperty().get()).isEqualTo("Could not save the log to " + target
                + ": the run's log " + own + " is gone.");
    }

    @Test
    void theNodeOfALineOfTheRunsLog() {
        assertThat(InstallLogViewModel.nodeOf("2026-01-01T00:00:00Z master0 master0/kubeadm-init stdout| x")).isEqualTo("master0");
        assertThat(InstallLogViewModel.nodeOf("2026-01-01T00:00:00Z etcd0 etcd/healthy running")).isEqualTo("etcd0");
        assertThat(InstallLogViewModel.nodeOf("2026-01-01T00:00:00Z kubeha window: cluster c, 2 tasks")).isNull();
        assertThat(InstallLogViewModel.nodeOf("2026-01-01T00:00:00Z progress 1/2")).isNull();
        assertThat(InstallLogViewModel.nodeOf("2026-01-01T00:00:00Z   w/join: exit 1")).isNull();
    }
}

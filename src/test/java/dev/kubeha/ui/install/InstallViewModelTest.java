package dev.kubeha.ui.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Node;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.wizard.ClusterViewModelTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The view model fed with synthetic events, without a window: drains are called by hand, as a pulse would. */
class InstallViewModelTest {
    static final int TASKS_PER_NODE = 3;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final Cluster cluster = ClusterFiles.read(ClusterViewModelTest.EXAMPLE).cluster();
    final Plan plan = plan(cluster);
    final InstallViewModel install = new InstallViewModel(plan, cluster, Path.of("ws"), new CurrentThreadExecutor(),
            KubehaApp.messages(Locale.ENGLISH), Clock.fixed(T0.plusSeconds(75), ZoneOffset.UTC));

    InstallViewModelTest() throws Exception {
    }

    /** Three chained tasks per node of the cluster. */
    static Plan plan(Cluster cluster) {
        List<Task> tasks = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            for (int i = 0; i < TASKS_PER_NODE; i++) {
                Task.Builder b = Task.on(node.name(), node.name() + "/t" + i)
                        .step(Step.RunCommand.root(Command.of("echo", "t" + i)));
                if (i > 0) {
                    b.after(node.name() + "/t" + (i - 1));
                }
                tasks.add(b.build());
            }
        }
        return new Plan(cluster.name(), tasks);
    }

    @Test
    void eventsFromManyThreadsBecomeRowsAndTotalsInOneDrain() throws Exception {
        ExecListener listener = install.listener();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            work.add(threads.submit(() -> {
                for (int i = 0; i < TASKS_PER_NODE; i++) {
                    String id = node.name() + "/t" + i;
                    listener.onEvent(new ExecEvent.TaskStateChanged(id, node.name(), TaskState.RUNNING, "", T0.plusSeconds(i)));
                    for (int line = 0; line < 200; line++) {
                        listener.onEvent(new ExecEvent.OutputLine(node.name(), id, OutputStreamKind.STDOUT, "line " + line));
                    }
                    listener.onEvent(new ExecEvent.TaskStateChanged(id, node.name(), TaskState.SUCCEEDED, "",
                            T0.plusSeconds(i + 1)));
                }
            }));
        }
        for (Future<?> f : work) {
            f.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();
        int total = plan.tasks().size();
        listener.onEvent(new ExecEvent.Progress(total, total));
        assertThat(install.drainsWithEvents()).isZero();

        install.drain();
        install.drain(); // an idle pulse is not an update

        assertThat(install.drainsWithEvents()).isEqualTo(1);
        assertThat(install.rows()).hasSize(cluster.nodes().size());
        assertThat(install.rows()).allSatisfy(row -> {
            assertThat(row.stateProperty().get()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(row.doneProperty().get()).isEqualTo(TASKS_PER_NODE);
            assertThat(row.progressProperty().get()).isEqualTo(1.0);
            assertThat(row.currentTaskProperty().get()).isEmpty();
            assertThat(row.elapsedProperty().get()).isEqualTo("0:03");
            assertThat(row.logLines()).hasSize(TASKS_PER_NODE * 200).endsWith("t2 | line 199");
        });
        assertThat(install.rows().get(0).roles()).isEqualTo(String.join(", ",
                cluster.nodes().get(0).roles().stream().map(r -> r.wireName()).toList()));
        assertThat(install.doneProperty().get()).isEqualTo(total);
        assertThat(install.progressTextProperty().get()).isEqualTo(total + " / " + total + " tasks");
    }

    @Test
    void aNodeWithTasksDoneAndNoneRunningWaits() {
        String node = plan.nodes().get(0);
        install.listener().onEvent(new ExecEvent.TaskStateChanged(node + "/t0", node, TaskState.RUNNING, "", T0));
        install.listener().onEvent(new ExecEvent.TaskStateChanged(node + "/t0", node, TaskState.SUCCEEDED, "", T0));
        install.drain();
        InstallViewModel.NodeRow row = install.rows().get(0);
        assertThat(row.doneProperty().get()).isEqualTo(1);
        assertThat(row.currentTaskProperty().get()).isEmpty();
        assertThat(row.stateProperty().get()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void aRunningTaskIsTheCurrentOneAndItsNodeRunsWithTheClock() {
        String node = plan.nodes().get(0);
        install.listener().onEvent(new ExecEvent.TaskStateChanged(node + "/t0", node, TaskState.RUNNING, "", T0));
        install.listener().onEvent(new ExecEvent.Progress(0, plan.tasks().size()));
        install.drain();
        InstallViewModel.NodeRow row = install.rows().get(0);
        assertThat(row.currentTaskProperty().get()).isEqualTo("t0");
        assertThat(row.stateProperty().get()).isEqualTo(TaskState.RUNNING);
        assertThat(row.elapsedProperty().get()).isEqualTo("1:15");
        assertThat(install.rows().get(1).stateProperty().get()).isEqualTo(TaskState.PENDING);

        assertThat(install.progressTextProperty().get()).isEqualTo("0 / " + plan.tasks().size() + " tasks");

        install.listener().onEvent(new ExecEvent.TaskStateChanged(node + "/t0", node, TaskState.FAILED, "exit 1", T0));
        install.listener().onEvent(new ExecEvent.Progress(1, plan.tasks().size()));
        install.drain();
        assertThat(row.stateProperty().get()).isEqualTo(TaskState.FAILED);
        assertThat(row.doneProperty().get()).isEqualTo(1);
        // One task in 75 s so far: the others at the same pace.
        int left = plan.tasks().size() - 1;
        assertThat(install.progressTextProperty().get()).isEqualTo("1 / " + plan.tasks().size() + " tasks, about "
                + InstallViewModel.human(java.time.Duration.ofSeconds(75L * left)) + " left");
    }

    @Test
    void eachNodeKeepsItsLastLinesOnlyAndTheSelectedLogToo() {
        String node = plan.nodes().get(0);
        InstallViewModel.NodeRow row = install.rows().get(0);
        install.selectedProperty().set(row);
        ExecListener listener = install.listener();
        for (int i = 0; i < 10_000; i++) {
            listener.onEvent(new ExecEvent.OutputLine(node, node + "/t0", OutputStreamKind.STDOUT, "line " + i));
            if (i % 3_000 == 0) {
                install.drain();
            }
        }
        install.drain();

        assertThat(row.logLines()).hasSize(InstallViewModel.LOG_LINES_PER_NODE)
                .startsWith("t0 | line 8000").endsWith("t0 | line 9999");
        assertThat(install.selectedLog()).hasSize(InstallViewModel.LOG_LINES_PER_NODE).isEqualTo(row.logLines());
        assertThat(install.drainsWithEvents()).isEqualTo(5);

        install.selectedProperty().set(install.rows().get(1));
        assertThat(install.selectedLog()).isEmpty();
    }
}

package dev.kubeha.ui.install;

import dev.kubeha.operation.OperationRun;
import dev.kubeha.operation.TestRuns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.plan.Check;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.wizard.ClusterViewModelTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task graph's layout from real plans, and its states and details from drained events, without a window. */
class TaskGraphViewModelTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ResourceBundle MESSAGES = KubehaApp.messages(Locale.ENGLISH);

    @TempDir
    Path dir;

    static InstallViewModel install(Plan plan, Cluster cluster, Path workspace) {
        return new InstallViewModel(plan, cluster, workspace, new CurrentThreadExecutor(), MESSAGES,
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void aHundredAndSixNodesLayOutInLanesByNodeAndColumnsInTheOrderOfTheRun() {
        Cluster cluster = GraphPlans.cluster(100);
        Plan plan = GraphPlans.plan(cluster);
        TaskGraphViewModel graph = new TaskGraphViewModel(install(plan, cluster, dir), MESSAGES);

        assertThat(graph.boxes()).hasSize(plan.tasks().size());
        assertThat(graph.lanes()).extracting(TaskGraphViewModel.Lane::node).isEqualTo(plan.nodes()).hasSize(106);
        // Prepare, etcd and the load balancer, etcd healthy, kubeadm init, joins, verify, fetch.
        assertThat(graph.columns()).extracting(TaskGraphViewModel.Column::heading).containsExactly(
                "prepare", "etcd \u00b7 load-balancer/reachable", "etcd/healthy", "kubeadm-init",
                "load-balancer/serves-api \u00b7 cni/apply", "kubeadm-join", "verify/cluster \u00b7 verify/etcd", "fetch/admin-conf");
        Map<String, Integer> column = graph.boxes().stream().collect(
                Collectors.toMap(TaskGraphViewModel.Box::taskId, TaskGraphViewModel.Box::column));
        assertThat(List.of("etcd0/prepare", "etcd0/etcd", "etcd/healthy", "master0/kubeadm-init", "master1/kubeadm-join",
                "verify/cluster", "fetch/admin-conf")).extracting(column::get).containsExactly(0, 1, 2, 3, 5, 6, 7);
        // Joins wait for the CNI and for the load balancer to serve the first API server.
        assertThat(column.get("worker99/kubeadm-join")).isEqualTo(5);
        assertThat(column.get("load-balancer/serves-api")).isEqualTo(4);
        assertThat(column.get("cni/apply")).isEqualTo(4);

        // Each node's tasks sit in its own lane: one row each, but master0's two tasks in column 4 need two.
        for (TaskGraphViewModel.Lane lane : graph.lanes()) {
            assertThat(lane.height()).as(lane.node())
                    .isEqualTo((lane.node().equals("master0") ? 2 : 1) * TaskGraphViewModel.ROW_HEIGHT);
        }
        Map<String, TaskGraphViewModel.Lane> laneOf = graph.lanes().stream()
                .collect(Collectors.toMap(TaskGraphViewModel.Lane::node, l -> l));
        assertThat(graph.boxes()).allSatisfy(b -> {
            TaskGraphViewModel.Lane lane = laneOf.get(b.node());
            assertThat(b.y()).isBetween(lane.y(), lane.y() + lane.height() - TaskGraphViewModel.BOX_HEIGHT);
        });
        Set<String> cells = new HashSet<>();
        assertThat(graph.boxes()).allSatisfy(b -> assertThat(cells.add(b.row() + "/" + b.column())).isTrue());
        assertThat(graph.width()).isEqualTo(TaskGraphViewModel.LANE_LABEL_WIDTH + 8 * TaskGraphViewModel.COLUMN_WIDTH);
        assertThat(graph.height()).isEqualTo(TaskGraphViewModel.HEADER_HEIGHT + 107 * TaskGraphViewModel.ROW_HEIGHT);

        // Every dependency is an edge, from the dependency's right side to the dependant's left, pointing right.
        Set<List<String>> expected = plan.tasks().stream()
                .flatMap(t -> t.dependsOn().stream().map(d -> List.of(d, t.id()))).collect(Collectors.toSet());
        assertThat(graph.edges()).extracting(e -> List.of(e.from(), e.to())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(graph.edges()).allSatisfy(e -> {
            TaskGraphViewModel.Box from = graph.box(e.from());
            TaskGraphViewModel.Box to = graph.box(e.to());
            assertThat(e.x1()).isEqualTo(from.x() + TaskGraphViewModel.BOX_WIDTH);
            assertThat(e.x2()).isEqualTo(to.x()).isGreaterThan(e.x1());
            assertThat(e.y2()).isEqualTo(to.y() + TaskGraphViewModel.BOX_HEIGHT / 2);
        });
    }

    @Test
    void aNodeWithTwoTasksInOneColumnGetsALaneOfTwoRows() {
        Plan plan = new Plan("c", List.of(
                Task.on("a", "a/one").step(Step.RunCommand.root(Command.of("true"))).build(),
                Task.on("a", "a/two").step(Step.RunCommand.root(Command.of("true"))).build(),
                Task.on("b", "b/after").after("a/one", "a/two").step(Step.RunCommand.root(Command.of("true"))).build()));
        TaskGraphViewModel graph = new TaskGraphViewModel(install(plan, exampleCluster(), dir), MESSAGES);

        assertThat(graph.lanes()).extracting(TaskGraphViewModel.Lane::node, TaskGraphViewModel.Lane::height).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 2 * TaskGraphViewModel.ROW_HEIGHT),
                org.assertj.core.groups.Tuple.tuple("b", TaskGraphViewModel.ROW_HEIGHT));
        assertThat(graph.boxes()).extracting(TaskGraphViewModel.Box::taskId, TaskGraphViewModel.Box::row,
                TaskGraphViewModel.Box::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a/one", 0, 0),
                org.assertj.core.groups.Tuple.tuple("a/two", 1, 0),
                org.assertj.core.groups.Tuple.tuple("b/after", 2, 1));
        // Arrow keys: right along the row, down to the nearest box in the next row, nothing past the edge.
        TaskGraphViewModel.Box one = graph.box("a/one");
        assertThat(graph.neighbour(one, TaskGraphViewModel.Direction.RIGHT)).isNull();
        assertThat(graph.neighbour(one, TaskGraphViewModel.Direction.DOWN)).isSameAs(graph.box("a/two"));
        assertThat(graph.neighbour(graph.box("a/two"), TaskGraphViewModel.Direction.DOWN)).isSameAs(graph.box("b/after"));
        assertThat(graph.neighbour(graph.box("b/after"), TaskGraphViewModel.Direction.UP)).isSameAs(graph.box("a/two"));
        assertThat(graph.neighbour(one, TaskGraphViewModel.Direction.UP)).isNull();
        assertThat(graph.neighbour(graph.box("b/after"), TaskGraphViewModel.Direction.LEFT)).isNull();
    }

    static Cluster exampleCluster() {
        try {
            return ClusterFiles.read(ClusterViewModelTest.EXAMPLE).cluster();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void statesAndOutputFollowTheDrainedEventsAndTheSelectedOutputIsBounded() {
        Cluster cluster = exampleCluster();
        Plan plan = InstallViewModelTest.plan(cluster);
        InstallViewModel install = install(plan, cluster, dir);
        TaskGraphViewModel graph = new TaskGraphViewModel(install, MESSAGES);
        String node = plan.nodes().get(0);
        TaskGraphViewModel.Box t0 = graph.box(node + "/t0");
        TaskGraphViewModel.Box t1 = graph.box(node + "/t1");
        graph.selectedProperty().set(t0);
        assertThat(graph.selectedStateProperty().get()).isEqualTo("waiting");

        ExecListener listener = install.listener();
        listener.onEvent(new ExecEvent.TaskStateChanged(t0.taskId(), node, TaskState.RUNNING, "", T0));
        for (int i = 0; i < 700; i++) {
            listener.onEvent(new ExecEvent.OutputLine(node, t0.taskId(), OutputStreamKind.STDOUT, "line " + i));
        }
        listener.onEvent(new ExecEvent.OutputLine(node, "no-such/task", OutputStreamKind.STDOUT, "elsewhere"));
        // Nothing moves before the pulse drains.
        assertThat(t0.stateProperty().get()).isEqualTo(TaskState.PENDING);
        assertThat(graph.selectedOutput()).isEmpty();

        install.drain();
        assertThat(t0.stateProperty().get()).isEqualTo(TaskState.RUNNING);
        assertThat(graph.selectedStateProperty().get()).isEqualTo("running");
        assertThat(graph.selectedOutput()).hasSize(TaskGraphViewModel.OUTPUT_LINES_PER_TASK)
                .startsWith("line 200").endsWith("line 699");

        listener.onEvent(new ExecEvent.TaskStateChanged(t0.taskId(), node, TaskState.FAILED, "exit 1: port in use", T0));
        listener.onEvent(new ExecEvent.TaskStateChanged(t1.taskId(), node, TaskState.SKIPPED, "needs " + t0.taskId(), T0));
        install.drain();
        assertThat(t0.stateProperty().get()).isEqualTo(TaskState.FAILED);
        assertThat(t0.messageProperty().get()).isEqualTo("exit 1: port in use");
        assertThat(graph.selectedStateProperty().get()).isEqualTo("failed \u2014 exit 1: port in use");
        assertThat(t1.stateProperty().get()).isEqualTo(TaskState.SKIPPED);
        assertThat(graph.box(node + "/t2").stateProperty().get()).isEqualTo(TaskState.PENDING);

        // Another task: its own output (none), its own state; then back, and the output is kept.
        graph.selectedProperty().set(t1);
        assertThat(graph.selectedOutput()).isEmpty();
        assertThat(graph.selectedStateProperty().get()).isEqualTo("skipped \u2014 needs " + t0.taskId());
        graph.selectedProperty().set(t0);
        assertThat(graph.selectedOutput()).hasSize(TaskGraphViewModel.OUTPUT_LINES_PER_TASK).endsWith("line 699");
        graph.selectedProperty().set(null);
        assertThat(graph.detailsProperty().get()).isNull();
        assertThat(graph.selectedOutput()).isEmpty();
    }

    @Test
    void detailsShowEveryStepWithTheSecretsMaskedAsTheRunMasksThem() throws Exception {
        String stepSecret = "step-Secret-771";
        String login = "login-Secret-913";
        String token = "abcdef.0123456789abcdef";
        String certificateKey = "0123456789abcdef".repeat(4);
        Task init = Task.on("m", "m/init").title("kubeadm init")
                .step(Step.UploadFile.rootOwned("/etc/kubernetes/pki/ca.key", 0600,
                        ("-----BEGIN PRIVATE KEY-----\n" + stepSecret + "\n").getBytes(StandardCharsets.UTF_8), true))
                .step(new Step.RunCommand(Command.of("kubeadm", "init", "--token", token, "--password", stepSecret),
                        true, Duration.ofMinutes(15), false, List.of(stepSecret)))
                .step(new Step.WaitFor(Check.asRoot(Command.of("check", "--certificate-key", certificateKey, "--as", login)),
                        Duration.ofMinutes(10), Duration.ofSeconds(5)))
                .step(new Step.FetchFile("/etc/kubernetes/admin.conf", "admin.conf", 0600, true))
                .probe(Check.asRoot(Command.of("test", "-e", "/etc/kubernetes/admin.conf")))
                .build();
        Task join = Task.on("w", "w/join").title("join").after("m/init")
                .step(Step.RunCommand.root(Command.of("kubeadm", "join"))).build();
        Plan plan = new Plan("c", List.of(init, join));
        InstallViewModel install = install(plan, exampleCluster(), dir.resolve("ws"));
        TaskGraphViewModel graph = new TaskGraphViewModel(install, MESSAGES);
        LinesTransport transport = new LinesTransport();
        transport.output.put("kubeadm init", List.of("using token " + token, "sudo said " + login, "done"));
        OperationRun run = TestRuns.over(() -> transport, dir.resolve("ws"));
        run.secrets().register(login);

        install.start(run, ExecOptions.DEFAULT_CONCURRENCY, false);
        assertThat(install.phaseProperty().get()).as(install.statusProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        assertThat(graph.box("m/init").stateProperty().get()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(graph.box("w/join").stateProperty().get()).isEqualTo(TaskState.SUCCEEDED);

        graph.selectedProperty().set(graph.box("m/init"));
        TaskGraphViewModel.Details d = graph.detailsProperty().get();
        assertThat(d.taskId()).isEqualTo("m/init");
        assertThat(d.title()).isEqualTo("kubeadm init");
        assertThat(d.node()).isEqualTo("m");
        assertThat(d.dependsOn()).isEmpty();
        assertThat(d.steps()).containsExactly(
                "1. upload /etc/kubernetes/pki/ca.key (0600 root:root, 44 bytes, secret)",
                "2. run as root: kubeadm init --token abcdef.<redacted> --password <redacted>",
                "3. wait up to 10m for check --certificate-key <redacted> --as <redacted> (every 5s)",
                "4. fetch /etc/kubernetes/admin.conf into the workspace as admin.conf (0600)");
        assertThat(d.probe()).isEqualTo("test -e /etc/kubernetes/admin.conf");
        assertThat(graph.selectedOutput()).containsExactly("using token abcdef.<redacted>", "sudo said <redacted>", "done");
        String shown = String.join("\n", d.steps()) + d.probe() + String.join("\n", graph.selectedOutput());
        assertThat(shown).doesNotContain(stepSecret, login, "0123456789abcdef", "BEGIN PRIVATE KEY");

        graph.selectedProperty().set(graph.box("w/join"));
        assertThat(graph.detailsProperty().get().dependsOn()).containsExactly("m/init");
        assertThat(graph.detailsProperty().get().probe()).isEmpty();
    }

    @Test
    void retryRepaintsFromTheJournalAndZoomStaysInItsBounds() throws Exception {
        Plan plan = new Plan("c", List.of(
                Task.on("m", "m/a").step(Step.RunCommand.root(Command.of("echo", "a"))).retrySafe(true).build(),
                Task.on("m", "m/b").after("m/a").step(Step.RunCommand.root(Command.of("fail-once"))).retrySafe(true).build()));
        InstallViewModel install = install(plan, exampleCluster(), dir.resolve("ws"));
        TaskGraphViewModel graph = new TaskGraphViewModel(install, MESSAGES);
        LinesTransport transport = new LinesTransport();
        transport.exitCodes.put("fail-once", 3);
        install.start(TestRuns.over(() -> transport, dir.resolve("ws")).retryPolicy(dev.kubeha.exec.RetryPolicy.NONE),
                ExecOptions.DEFAULT_CONCURRENCY, false);
        assertThat(graph.box("m/a").stateProperty().get()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(graph.box("m/b").stateProperty().get()).isEqualTo(TaskState.FAILED);
        assertThat(graph.box("m/b").messageProperty().get()).isEqualTo("m/b step 1/1 (run fail-once) on node m exited with"
                + " code 3; see its output on node m, fix the cause, then run again with --resume");

        transport.exitCodes.clear();
        install.retryFailed();
        assertThat(install.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        assertThat(graph.boxes()).allSatisfy(b -> assertThat(b.stateProperty().get()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(graph.box("m/b").messageProperty().get()).isEmpty();

        for (int i = 0; i < 20; i++) {
            graph.zoomIn();
        }
        assertThat(graph.zoomProperty().get()).isEqualTo(TaskGraphViewModel.MAX_ZOOM);
        for (int i = 0; i < 20; i++) {
            graph.zoomOut();
        }
        assertThat(graph.zoomProperty().get()).isEqualTo(TaskGraphViewModel.MIN_ZOOM);
        graph.resetZoom();
        assertThat(graph.zoomProperty().get()).isEqualTo(1.0);
    }
}

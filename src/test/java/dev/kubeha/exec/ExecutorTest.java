package dev.kubeha.exec;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.plan.Check;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ExecutorTest {

    @TempDir
    Path workspace;

    final List<ExecEvent> events = new CopyOnWriteArrayList<>();
    final List<Duration> backoffs = new CopyOnWriteArrayList<>();

    static String cmd(String id) {
        return "step " + id + " end";
    }

    static Task.Builder task(String id, String node, String... after) {
        return Task.on(node, id).after(after).step(Step.RunCommand.root(Command.of("step", id, "end")));
    }

    ExecOptions options() {
        return ExecOptions.defaults(workspace)
                .withRetryPolicy(new RetryPolicy(4, Duration.ofMillis(10), 2.0, Duration.ofMillis(25)))
                .withSleeper((d, token) -> {
                    backoffs.add(d);
                    return !token.isCancelled();
                });
    }

    Executor executor(FakeTransport transport, ExecOptions options) {
        Executor executor = new Executor(transport, options);
        executor.addListener(events::add);
        return executor;
    }

    static Plan plan(Task.Builder... builders) {
        List<Task> tasks = new ArrayList<>();
        for (Task.Builder b : builders) {
            tasks.add(b.build());
        }
        return new Plan("lab", tasks);
    }

    @Test
    void runsEveryTaskAfterItsDependenciesAndReportsProgress() throws Exception {
        FakeTransport transport = new FakeTransport();
        Plan plan = plan(task("a", "n1"), task("b", "n2", "a"), task("c", "n3", "a"), task("d", "n1", "b", "c"));
        RunResult result = executor(transport, options()).run(plan);

        assertThat(result.succeeded()).isTrue();
        List<String> order = transport.calls.stream().map(FakeTransport.Call::command).toList();
        assertThat(order.indexOf(cmd("a"))).isLessThan(order.indexOf(cmd("b"))).isLessThan(order.indexOf(cmd("d")));
        assertThat(order.indexOf(cmd("c"))).isLessThan(order.indexOf(cmd("d")));
        assertThat(events).last().isEqualTo(new ExecEvent.Progress(4, 4));
        // Each node connected once, whatever the number of its tasks.
        assertThat(transport.connects.get("n1").get()).isEqualTo(1);
        List<TaskState> statesOfD = events.stream()
                .filter(e -> e instanceof ExecEvent.TaskStateChanged s && s.taskId().equals("d"))
                .map(e -> ((ExecEvent.TaskStateChanged) e).state()).toList();
        assertThat(statesOfD).containsExactly(TaskState.RUNNING, TaskState.SUCCEEDED);
    }

    @Test
    void neverRunsMoreNodesAtOnceThanTheBoundNorTwoTasksOnOneNode() throws Exception {
        Semaphore started = new Semaphore(0);
        Semaphore gate = new Semaphore(0);
        FakeTransport transport = new FakeTransport().on(null, "step", call -> {
            started.release();
            gate.acquire();
            return 0;
        });
        List<Task.Builder> builders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            builders.add(task("t" + i, "n" + (i % 6)));
        }
        Plan plan = plan(builders.toArray(Task.Builder[]::new));
        Executor executor = executor(transport, options().withConcurrency(3));
        RunResult[] result = new RunResult[1];
        Thread runner = new Thread(() -> {
            try {
                result[0] = executor.run(plan);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        runner.start();
        for (int round = 0; round < 4; round++) {
            // Three commands are running; a fourth must not be started until one is released.
            assertThat(started.tryAcquire(3, 5, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.active.get()).isEqualTo(3);
            gate.release(3);
        }
        runner.join(5000);
        assertThat(result[0].succeeded()).isTrue();
        assertThat(transport.maxActive.get()).isEqualTo(3);
        assertThat(transport.maxPerNode.get()).isEqualTo(1);
    }

    @Test
    void whenSlotsAreScarceTheLongestChainGoesFirst() throws Exception {
        FakeTransport transport = new FakeTransport();
        Plan plan = plan(task("w1", "n1"), task("w2", "n2"), task("w3", "n3"),
                task("m-prepare", "m"), task("m-init", "m", "m-prepare"), task("w4", "n4", "m-init"));
        RunResult result = executor(transport, options().withConcurrency(1)).run(plan);
        assertThat(result.succeeded()).isTrue();
        assertThat(transport.calls).extracting(FakeTransport.Call::command).first().isEqualTo(cmd("m-prepare"));
    }

    @Test
    void aFailureSkipsOnlyItsDependants() throws Exception {
        FakeTransport transport = new FakeTransport().on("n1", cmd("a"), call -> {
            call.output().line(OutputStreamKind.STDERR, "boom");
            return 3;
        });
        Plan plan = plan(task("a", "n1"), task("b", "n1", "a"), task("c", "n2", "b"), task("d", "n3"),
                task("e", "n2", "d"));
        RunResult result = executor(transport, options()).run(plan);

        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString()
                .contains("a step 1/1").contains("on node n1").contains("exited with code 3").contains("--resume");
        assertThat(result.state("b")).isEqualTo(TaskState.SKIPPED);
        assertThat(result.state("c")).isEqualTo(TaskState.SKIPPED);
        assertThat(result.message("c")).get().asString().contains("skipped because a on node n1 failed");
        assertThat(result.state("d")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.state("e")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(transport.count(cmd("b"))).isZero();
        assertThat(events).contains(new ExecEvent.OutputLine("n1", "a", OutputStreamKind.STDERR, "boom"));
    }

    @Test
    void aConnectionLostInARetrySafeTaskIsRetriedWithBackoff() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        FakeTransport transport = new FakeTransport().on("n1", cmd("a"), call -> {
            if (runs.incrementAndGet() < 3) {
                throw new TransportException(TransportException.Kind.CONNECTION_LOST, "n1", "n1: connection reset");
            }
            return 0;
        });
        RunResult result = executor(transport, options()).run(plan(task("a", "n1").retrySafe(true)));
        assertThat(result.state("a")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(runs.get()).isEqualTo(3);
        assertThat(backoffs).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(transport.connects.get("n1").get()).isEqualTo(3);
    }

    @Test
    void aCommandThatMayHaveRunIsNeverRunTwiceWithoutAProbe() throws Exception {
        FakeTransport transport = new FakeTransport().on("n1", cmd("init"), call -> {
            throw new TransportException(TransportException.Kind.CONNECTION_LOST, "n1", "n1: connection reset");
        });
        RunResult result = executor(transport, options()).run(plan(task("init", "n1"), task("join", "n2", "init")));
        assertThat(result.state("init")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("init")).get().asString().contains("may have run").contains("check node n1 by hand");
        assertThat(transport.count(cmd("init"))).isEqualTo(1);
        assertThat(result.state("join")).isEqualTo(TaskState.SKIPPED);
        assertThat(backoffs).isEmpty();
    }

    @Test
    void aProbeDecidesWhetherAnInterruptedCommandRunsAgain() throws Exception {
        AtomicInteger initRuns = new AtomicInteger();
        FakeTransport transport = new FakeTransport()
                .on("n1", cmd("init"), call -> {
                    if (initRuns.incrementAndGet() == 1) {
                        throw new TransportException(TransportException.Kind.CONNECTION_LOST, "n1", "n1: reset");
                    }
                    return 0;
                })
                .on("n1", "test -e /not-done", call -> 1)
                .on("n2", cmd("init2"), call -> {
                    throw new TransportException(TransportException.Kind.CONNECTION_LOST, "n2", "n2: reset");
                });
        Plan plan = plan(
                task("init", "n1").probe(Check.fileExists("/not-done")),
                task("init2", "n2").probe(Check.fileExists("/etc/done")));
        RunResult result = executor(transport, options()).run(plan);
        // Probe said "not done": the command ran again. Probe said "done": it did not.
        assertThat(result.state("init")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(initRuns.get()).isEqualTo(2);
        assertThat(result.state("init2")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.message("init2")).get().asString().contains("already done");
        assertThat(transport.count(cmd("init2"))).isEqualTo(1);
    }

    @Test
    void backoffIsBoundedInAttemptsAndDelay() throws Exception {
        FakeTransport transport = new FakeTransport().failConnect("n1",
                new TransportException(TransportException.Kind.CONNECT, "n1", "n1 (10.0.0.1:22): connection refused"));
        RunResult result = executor(transport, options()).run(plan(task("a", "n1"), task("b", "n2")));
        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString().contains("gave up after 4 attempts").contains("connection refused");
        assertThat(transport.connects.get("n1").get()).isEqualTo(4);
        assertThat(backoffs).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25));
        assertThat(result.state("b")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(RetryPolicy.DEFAULT.delayAfter(10)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anAuthenticationFailureIsNotRetriedNorRepeatedByTheNodesOtherTasks() throws Exception {
        FakeTransport transport = new FakeTransport().failConnect("n1",
                new TransportException(TransportException.Kind.AUTHENTICATION, "n1", "n1: user ubuntu was refused"));
        RunResult result = executor(transport, options()).run(plan(task("a", "n1").retrySafe(true),
                task("b", "n1").retrySafe(true), task("c", "n2")));
        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.state("b")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("b")).get().asString().contains("user ubuntu was refused");
        assertThat(transport.connects.get("n1").get()).isEqualTo(1);
        assertThat(backoffs).isEmpty();
        assertThat(result.state("c")).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void aChangedHostKeyStopsTheWholeRun() throws Exception {
        CountDownLatch otherStarted = new CountDownLatch(1);
        FakeTransport transport = new FakeTransport()
                .failConnect("n1", new TransportException(TransportException.Kind.HOST_KEY_CHANGED, "n1",
                        "host key of n1 changed: was SHA256:old, now SHA256:new"))
                .connectAfter("n1", otherStarted)
                .on("n2", cmd("slow"), call -> {
                    otherStarted.countDown();
                    return call.connection().blockUntilClosed();
                });
        Plan plan = plan(task("slow", "n2"), task("a", "n1"), task("after-slow", "n2", "slow"), task("x", "n3", "a"));
        // n2's task runs and blocks; only then does n1's host key check fail and abort the run.
        RunResult result = executor(transport, options().withConcurrency(2)).run(plan);
        assertThat(result.abortReason()).contains("SHA256:old").contains("SHA256:new");
        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.state("slow")).isEqualTo(TaskState.CANCELLED);
        assertThat(result.state("after-slow")).isEqualTo(TaskState.CANCELLED);
        assertThat(result.state("x")).isIn(TaskState.SKIPPED, TaskState.CANCELLED);
        assertThat(otherStarted.getCount()).isZero();
    }

    @Test
    void cancelStopsRunningAndPendingTasksPromptly() throws Exception {
        CountDownLatch running = new CountDownLatch(2);
        FakeTransport transport = new FakeTransport().on(null, "block", call -> {
            running.countDown();
            return call.connection().blockUntilClosed();
        });
        Plan plan = plan(
                Task.on("n1", "a").step(Step.RunCommand.root(Command.of("block"))),
                Task.on("n2", "b").step(Step.RunCommand.root(Command.of("block"))),
                task("c", "n1", "a"), task("d", "n3", "a", "b"));
        Executor executor = executor(transport, options());
        Thread canceller = new Thread(() -> {
            try {
                running.await();
            } catch (InterruptedException e) {
                return;
            }
            executor.cancel();
        });
        canceller.start();
        long start = System.nanoTime();
        RunResult result = executor.run(plan);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.cancelled()).isTrue();
        assertThat(result.states()).containsOnlyKeys("a", "b", "c", "d")
                .allSatisfy((id, state) -> assertThat(state).isEqualTo(TaskState.CANCELLED));
        assertThat(transport.count(cmd("c"))).isZero();
    }

    @Test
    void cancelReturnsEvenWhenATaskCannotBeStopped() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        // Both tasks must be under way when the cancel comes: n1 hanging in connect, n2 in its command.
        CountDownLatch started = new CountDownLatch(2);
        FakeTransport transport = new FakeTransport().onConnect("n1", started).connectAfter("n1", never)
                .on("n2", "block", call -> {
                    started.countDown();
                    return call.connection().blockUntilClosed();
                });
        Plan plan = plan(task("stuck", "n1"), Task.on("n2", "b").step(Step.RunCommand.root(Command.of("block"))));
        Executor executor = executor(transport, options().withCancelGrace(Duration.ofMillis(200)));
        Thread canceller = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            executor.cancel();
        });
        canceller.start();
        RunResult result = executor.run(plan);
        never.countDown();
        assertThat(result.state("b")).isEqualTo(TaskState.CANCELLED);
        assertThat(result.state("stuck")).isEqualTo(TaskState.CANCELLED);
        assertThat(result.message("stuck")).get().asString().contains("did not stop within 200 ms");
    }

    @Test
    void resumeAfterACrashRunsOnlyUnfinishedTasksAndChecksTheInterruptedOne() throws Exception {
        Journal journal = Workspace.at(workspace).journal();
        Path crashImage = workspace.resolve("crash.json");
        // Run 1 "crashes" while c runs: the journal as it was at that moment is kept aside.
        FakeTransport first = new FakeTransport().on("n2", cmd("c"), call -> call.connection().blockUntilClosed());
        Executor run1 = executor(first, options());
        run1.addListener(e -> {
            if (e instanceof ExecEvent.TaskStateChanged s && s.taskId().equals("c") && s.state() == TaskState.RUNNING) {
                try {
                    Files.copy(journal.file(), crashImage);
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
                run1.cancel();
            }
        });
        Plan plan = plan(task("a", "n1"), task("b", "n1", "a").retrySafe(true),
                task("c", "n2", "a").probe(Check.fileExists("/etc/c-done")),
                task("d", "n2", "c"), task("e", "n3", "b").retrySafe(true));
        run1.run(plan);
        Journal.Snapshot image = new Journal(crashImage).load().orElseThrow();
        assertThat(image.entry("a").orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(image.entry("c").orElseThrow().state()).isEqualTo(TaskState.RUNNING);
        Files.move(crashImage, journal.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        FakeTransport second = new FakeTransport().on("n2", "test -e /etc/c-done", call -> 1);
        events.clear();
        RunResult result = executor(second, options().withResume(true)).run(plan);
        assertThat(result.succeeded()).isTrue();
        assertThat(second.count(cmd("a"))).isZero();
        // b may have been running too at the crash: it is retry-safe, so it simply ran again.
        assertThat(second.count(cmd("b"))).isEqualTo(1);
        // c was RUNNING: its probe was asked first, said "not done", so c ran again.
        assertThat(second.commandsOn("n2")).containsExactly("test -e /etc/c-done", cmd("c"), cmd("d"));
        long doneBefore = image.tasks().stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
        assertThat(events).contains(new ExecEvent.Progress((int) doneBefore, 5));
        assertThat(events.get(0)).isInstanceOfSatisfying(ExecEvent.TaskStateChanged.class, s -> {
            assertThat(s.taskId()).isEqualTo("a");
            assertThat(s.state()).isEqualTo(TaskState.SUCCEEDED);
        });
    }

    @Test
    void anInterruptedTaskWithoutProbeThatIsNotRetrySafeIsNotRepeatedOnResume() throws Exception {
        Journal journal = Workspace.at(workspace).journal();
        Plan plan = plan(task("init", "n1"), task("join", "n2", "init"), task("other", "n3").retrySafe(true));
        List<Journal.Entry> entries = new ArrayList<>();
        for (Task t : plan.tasks()) {
            entries.add(new Journal.Entry(t.id(), t.node(), TaskState.RUNNING, true, t.digest(), "", null));
        }
        journal.save(new Journal.Snapshot(Journal.VERSION, "lab", null, entries));
        FakeTransport transport = new FakeTransport();
        RunResult result = executor(transport, options().withResume(true)).run(plan);
        assertThat(result.state("init")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("init")).get().asString().contains("interrupted in an earlier run").contains("node n1");
        assertThat(result.state("join")).isEqualTo(TaskState.SKIPPED);
        assertThat(result.state("other")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(transport.count(cmd("init"))).isZero();
    }

    @Test
    void theJournalRecordsEveryTaskAndAnEditedTaskIsNotTrusted() throws Exception {
        Journal journal = Workspace.at(workspace).journal();
        Plan plan = plan(task("a", "n1"), task("b", "n2", "a"));
        executor(new FakeTransport(), options()).run(plan);
        Journal.Snapshot snapshot = journal.load().orElseThrow();
        assertThat(snapshot.cluster()).isEqualTo("lab");
        assertThat(snapshot.tasks()).extracting(Journal.Entry::state).containsOnly(TaskState.SUCCEEDED);
        try (var files = Files.list(workspace)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("journal.json");
        }
        // b's command changed since the journal was written: it runs again, a does not.
        Plan edited = plan(task("a", "n1"), Task.on("n2", "b").after("a").step(Step.RunCommand.root(Command.of("other"))));
        FakeTransport transport = new FakeTransport();
        executor(transport, options().withResume(true)).run(edited);
        assertThat(transport.calls).extracting(FakeTransport.Call::command).containsExactly("other");
    }

    @Test
    void secretsAreMaskedInOutputEventsAndMessages() throws Exception {
        String token = "abcdef.0123456789abcdef";
        FakeTransport transport = new FakeTransport().on("n1", "kubeadm", call -> {
            call.output().line(OutputStreamKind.STDOUT, "kubeadm join lb:6443 --token " + token);
            call.output().line(OutputStreamKind.STDOUT, "-----BEGIN RSA PRIVATE KEY-----");
            call.output().line(OutputStreamKind.STDOUT, "MIIEowIBAAKCAQEA");
            call.output().line(OutputStreamKind.STDOUT, "-----END RSA PRIVATE KEY-----");
            return 1;
        });
        Task t = Task.on("n1", "join").step(new Step.RunCommand(Command.of("kubeadm", "join", "--token", token), true,
                null, false, List.of(token))).build();
        RunResult result = executor(transport, options()).run(new Plan("lab", List.of(t)));
        String everything = events.toString() + result + Files.readString(Workspace.at(workspace).journal().file());
        assertThat(everything).doesNotContain("0123456789abcdef").doesNotContain("MIIEowIBAAKCAQEA")
                .contains("--token <redacted>").contains("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void fetchedFilesLandInTheWorkspaceWithTheirMode() throws Exception {
        Task t = Task.on("m0", "fetch").step(new Step.FetchFile("/etc/kubernetes/admin.conf", "admin.conf", 0600, true)).build();
        executor(new FakeTransport(), options()).run(new Plan("lab", List.of(t)));
        Path admin = workspace.resolve("admin.conf");
        assertThat(Files.readString(admin, StandardCharsets.UTF_8)).isEqualTo("content of /etc/kubernetes/admin.conf");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(admin)))
                .isEqualTo("rw-------");
    }

    @Test
    void waitForPollsUntilTheCheckPassesOrTimesOut() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        FakeTransport transport = new FakeTransport()
                .on("n1", "ready", call -> polls.incrementAndGet() < 3 ? 1 : 0)
                .on("n2", "never", call -> 1);
        Plan plan = plan(
                Task.on("n1", "w1").step(new Step.WaitFor(Check.asRoot(Command.of("ready")), Duration.ofSeconds(5),
                        Duration.ofMillis(5))),
                Task.on("n2", "w2").step(new Step.WaitFor(Check.asRoot(Command.of("never")), Duration.ofMillis(60),
                        Duration.ofMillis(20))));
        RunResult result = executor(transport, options()).run(plan);
        assertThat(result.state("w1")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(polls.get()).isEqualTo(3);
        assertThat(result.state("w2")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("w2")).get().asString().contains("still not true after").contains("node n2");
    }

    static Task.Builder checkpointTask(String id, String node, String... after) {
        return Task.on(node, id).after(after)
                .step(new Step.WaitFor(Check.asRoot(Command.of("ready")), Duration.ofSeconds(5), Duration.ofMillis(5)))
                .retrySafe(true)
                .checkpoint(new dev.kubeha.plan.LoadBalancerCheckpoint("lb:6443",
                        List.of(new dev.kubeha.plan.LoadBalancerCheckpoint.Backend(node, "10.0.0.1:6443"))));
    }

    @Test
    void aCheckpointWaitsForTheGateOnlyAfterItsCheckPassedAndHoldsBackWhatNeedsIt() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        FakeTransport transport = new FakeTransport().on("n1", "ready", call -> polls.incrementAndGet() < 3 ? 1 : 0);
        CountDownLatch atGate = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> passed = new CopyOnWriteArrayList<>();
        CheckpointGate gate = (task, token) -> {
            passed.add(task.id() + " after " + polls.get() + " polls");
            atGate.countDown();
            try {
                return release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        };
        Plan plan = plan(checkpointTask("gate", "n1"), task("join", "n2", "gate"), task("beside", "n3"));
        Executor executor = executor(transport, options().withCheckpoints(gate));
        Thread releaser = new Thread(() -> {
            try {
                assertThat(atGate.await(5, TimeUnit.SECONDS)).isTrue();
                // Held at the gate: the task still runs and what needs it has not started.
                assertThat(transport.calls).extracting(FakeTransport.Call::command).doesNotContain(cmd("join"));
                release.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        releaser.start();
        RunResult result = executor.run(plan);
        releaser.join();

        assertThat(result.succeeded()).isTrue();
        assertThat(passed).containsExactly("gate after 3 polls");
        assertThat(release.getCount()).isZero();
        // Without a gate (the command line), the passing check is the go-ahead.
        RunResult open = executor(new FakeTransport(), options()).run(plan(checkpointTask("gate", "n1"),
                task("join", "n2", "gate")));
        assertThat(open.succeeded()).isTrue();
    }

    @Test
    void cancelWhileHeldAtACheckpointCancelsIt() throws Exception {
        CountDownLatch atGate = new CountDownLatch(1);
        CheckpointGate gate = (task, token) -> {
            atGate.countDown();
            while (token.sleep(Duration.ofMillis(10))) {
                // the operator has not answered
            }
            return false;
        };
        Executor executor = executor(new FakeTransport(), options().withCheckpoints(gate));
        Thread canceller = new Thread(() -> {
            try {
                atGate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor.cancel();
        });
        canceller.start();
        RunResult result = executor.run(plan(checkpointTask("gate", "n1"), task("join", "n2", "gate")));
        canceller.join();

        assertThat(result.cancelled()).isTrue();
        assertThat(result.state("gate")).isEqualTo(TaskState.CANCELLED);
        assertThat(result.message("gate")).contains("cancelled while waiting for the go-ahead at gate");
        assertThat(result.state("join")).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void aDryRunRecordsWhatWouldBeDoneAndChangesNothing() throws Exception {
        Redactor redactor = new Redactor();
        DryRunTransport dry = new DryRunTransport(redactor);
        Plan plan = plan(Task.on("n1", "a")
                .step(Step.UploadFile.rootOwned("/etc/kubeha/x.conf", 0644, "x".getBytes(StandardCharsets.UTF_8), false))
                .step(Step.RunCommand.root(Command.of("kubeadm", "join", "--token", "abcdef.0123456789abcdef"))));
        RunResult result = new Executor(dry, options().withJournal(null).withRedactor(redactor)).run(plan);
        assertThat(result.succeeded()).isTrue();
        assertThat(dry.actionsOn("n1")).extracting(DryRunTransport.Action::description).containsExactly(
                "upload /etc/kubeha/x.conf (0644 root:root, 1 bytes)",
                "run as root: kubeadm join --token abcdef.<redacted>");
    }
}

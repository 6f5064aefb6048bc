package dev.kubeha.ui.install;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.plan.ClusterPlanBuilder;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.NodePaths;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Stage;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.FxUiExecutor;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Not a test (no assertion on time): the install window under the load. A 106-node plan
 * (3 etcd + 3 masters + 100 workers) shown in a real {@link InstallWindow} on the JavaFX toolkit
 * (Monocle headless unless {@code -Dglass.platform} says otherwise); executor-like threads feed the
 * view model's listener with output lines at a steady total rate, one node per task at a time, and
 * move tasks through their states. Measured on the FX thread: the longest gap between two pulses
 * (AnimationTimer timestamps), and the heap after a full GC every few seconds.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.kubeha.ui.install.InstallViewBenchmark [seconds] [lines/s] [threads]
 * </pre>
 */
public final class InstallViewBenchmark {
    static final int WORKERS = 100;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int linesPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        headlessUnlessTold();
        watchCollections();

        Cluster cluster = cluster();
        Plan plan = new ClusterPlanBuilder(cluster, InstallViewBenchmark::files,
                new CniSource.Url("https://example.com/cni.yaml")).build().plan();
        Path workspace = Files.createTempDirectory("kubeha-ui-bench");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        FxUiExecutor background = new FxUiExecutor();
        InstallViewModel install = new InstallViewModel(plan, cluster, workspace, background,
                KubehaApp.messages(Locale.ENGLISH), Clock.systemUTC());
        PulseGaps gaps = new PulseGaps(install);
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            InstallWindow window = new InstallWindow(install, new FinishViewModel(install, background,
                    KubehaApp.messages(Locale.ENGLISH)), KubehaApp.messages(Locale.ENGLISH));
            javafx.stage.Stage stage = new javafx.stage.Stage();
            stage.setScene(new Scene(window.root(), 1000, 720));
            stage.show();
            gaps.start();
            shown.countDown();
        });
        shown.await();
        System.out.printf(Locale.ROOT, "install window: %d nodes, %d tasks, glass %s, prism %s; %d lines/s from %d threads"
                        + " for %d s%n", plan.nodes().size(), plan.tasks().size(), System.getProperty("glass.platform", "native"),
                System.getProperty("prism.order", "default"), linesPerSecond, threads, seconds);

        ExecListener listener = install.listener();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lines = new AtomicLong();
        AtomicLong stateChanges = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        List<List<String>> nodesOf = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            nodesOf.add(new ArrayList<>());
        }
        for (int i = 0; i < plan.nodes().size(); i++) {
            nodesOf.get(i % threads).add(plan.nodes().get(i));
        }
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(10);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            List<String> mine = nodesOf.get(t);
            int share = linesPerSecond / threads + (t < linesPerSecond % threads ? 1 : 0);
            Thread producer = new Thread(() -> produce(plan, mine, share, periodNanos, start, stop, listener, lines,
                    stateChanges), "bench-exec-" + t);
            producer.setDaemon(true);
            producers.add(producer);
        }
        producers.forEach(Thread::start);

        List<Long> heapAfterGc = new ArrayList<>();
        int sample = Math.max(1, Math.min(5, seconds / 6));
        for (int elapsed = 0; elapsed < seconds; elapsed += sample) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(sample, seconds - elapsed)));
            // The heap as the JVM's own last collections left it: forcing a GC here would pause the
            // FX thread and measure the benchmark instead of the window.
            long used = heapAfterLastGc();
            heapAfterGc.add(used);
            System.out.printf(Locale.ROOT, "  %3d s: %,9d lines, heap after the last GC %5.1f MiB, %d GCs, longest pulse gap"
                            + " so far %5.1f ms%n", Math.min(seconds, elapsed + sample), lines.get(), used / 1048576.0,
                    collections(), gaps.longestMillis());
        }
        stop.set(true);
        for (Thread p : producers) {
            p.join();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        CountDownLatch drained = new CountDownLatch(1);
        Platform.runLater(() -> {
            install.drain();
            gaps.stop();
            drained.countDown();
        });
        drained.await();

        System.out.printf(Locale.ROOT, "lines: %,d in %.1f s (%.0f/s), task state changes: %,d%n", lines.get(), wall,
                lines.get() / wall, stateChanges.get());
        System.out.printf(Locale.ROOT, "pulses: %,d; longest gap between pulses %.1f ms at %.1f s (after the first 2 s:"
                        + " %.1f ms); median %.1f ms, 99th percentile %.1f ms; drains with events: %,d%n", gaps.count(),
                gaps.longestMillis(), gaps.longestAtSeconds(), gaps.longestAfterMillis(2), gaps.percentileMillis(50),
                gaps.percentileMillis(99), install.drainsWithEvents());
        System.out.println("longest drain (the view model's part of a pulse): " + gaps.longestDrain());
        System.out.printf(Locale.ROOT, "heap after the JVM's %d GCs: max %.1f MiB; at the samples: first %.1f MiB,"
                        + " last %.1f MiB, max %.1f MiB%n", AFTER_GC.size(),
                AFTER_GC.stream().mapToLong(Long::longValue).max().orElse(0) / 1048576.0,
                heapAfterGc.get(0) / 1048576.0, heapAfterGc.get(heapAfterGc.size() - 1) / 1048576.0,
                heapAfterGc.stream().mapToLong(Long::longValue).max().orElse(0) / 1048576.0);
        System.out.printf(Locale.ROOT, "per-node log lines kept: max %d (bound %d); selected log %d lines%n",
                install.rows().stream().mapToInt(r -> r.logLines().size()).max().orElse(0),
                InstallViewModel.LOG_LINES_PER_NODE, install.selectedLog().size());
        background.close();
        Platform.exit();
        System.exit(0);
    }

    /**
     * One executor-like thread: its nodes' tasks in plan order, one running per node; every 10 ms
     * its share of lines, spread over its nodes; a task ends every 200 lines of its node.
     */
    private static void produce(Plan plan, List<String> nodes, int linesPerSecond, long periodNanos, long start,
                                AtomicBoolean stop, ExecListener listener, AtomicLong lines, AtomicLong stateChanges) {
        List<List<Task>> tasks = nodes.stream().map(n -> plan.tasks().stream().filter(t -> t.node().equals(n)).toList())
                .collect(Collectors.toList());
        int[] current = new int[nodes.size()];
        int[] linesInTask = new int[nodes.size()];
        long sent = 0;
        int next = 0;
        for (int i = 0; i < nodes.size(); i++) {
            stateChanges.incrementAndGet();
            listener.onEvent(new ExecEvent.TaskStateChanged(tasks.get(i).get(0).id(), nodes.get(i), TaskState.RUNNING, "",
                    Instant.now()));
        }
        for (long tick = 1; !stop.get(); tick++) {
            long due = tick * linesPerSecond * periodNanos / TimeUnit.SECONDS.toNanos(1);
            for (; sent < due; sent++) {
                int i = next++ % nodes.size();
                Task task = tasks.get(i).get(current[i] % tasks.get(i).size());
                listener.onEvent(new ExecEvent.OutputLine(nodes.get(i), task.id(), OutputStreamKind.STDOUT,
                        "[" + nodes.get(i) + "] " + task.id() + ": line " + sent + " of some command output, as kubeadm would"
                                + " print it while it works"));
                lines.incrementAndGet();
                if (++linesInTask[i] == 200) {
                    linesInTask[i] = 0;
                    listener.onEvent(new ExecEvent.TaskStateChanged(task.id(), nodes.get(i), TaskState.SUCCEEDED, "",
                            Instant.now()));
                    current[i]++;
                    Task following = tasks.get(i).get(current[i] % tasks.get(i).size());
                    listener.onEvent(new ExecEvent.TaskStateChanged(following.id(), nodes.get(i), TaskState.RUNNING, "",
                            Instant.now()));
                    stateChanges.addAndGet(2);
                }
            }
            long wait = start + tick * periodNanos - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    /** The whole heap as each of the JVM's own collections left it (GC notifications), newest last. */
    static final List<Long> AFTER_GC = java.util.Collections.synchronizedList(new ArrayList<>());

    private static void watchCollections() {
        java.util.Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .map(java.lang.management.MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                        .equals(notification.getType())) {
                    return;
                }
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) notification.getUserData());
                AFTER_GC.add(info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum());
            }, null, null);
        }
    }

    private static long heapAfterLastGc() {
        synchronized (AFTER_GC) {
            return AFTER_GC.isEmpty() ? 0 : AFTER_GC.get(AFTER_GC.size() - 1);
        }
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionCount())).sum();
    }

    /** Intervals between AnimationTimer callbacks, recorded on the FX thread. */
    static final class PulseGaps extends AnimationTimer {
        private final List<Long> gaps = new ArrayList<>();
        private final List<Long> at = new ArrayList<>();
        private final InstallViewModel install;
        private long first;
        private long last;
        private long longestDrain;
        private long longestDrainAt;

        PulseGaps(InstallViewModel install) {
            this.install = install;
        }

        @Override
        public synchronized void handle(long now) {
            // This timer drains (the view's own finds the queue empty), to time the view model's part of a pulse.
            long before = System.nanoTime();
            install.drain();
            long took = System.nanoTime() - before;
            if (took > longestDrain) {
                longestDrain = took;
                longestDrainAt = now - first;
            }
            if (last != 0) {
                gaps.add(now - last);
                at.add(now - first);
            } else {
                first = now;
            }
            last = now;
        }

        synchronized String longestDrain() {
            return String.format(Locale.ROOT, "%.1f ms at %.1f s", longestDrain / 1e6, longestDrainAt / 1e9);
        }

        synchronized double longestAtSeconds() {
            int worst = 0;
            for (int i = 1; i < gaps.size(); i++) {
                if (gaps.get(i) > gaps.get(worst)) {
                    worst = i;
                }
            }
            return gaps.isEmpty() ? 0 : at.get(worst) / 1e9;
        }

        synchronized double longestAfterMillis(int seconds) {
            long longest = 0;
            for (int i = 0; i < gaps.size(); i++) {
                if (at.get(i) > TimeUnit.SECONDS.toNanos(seconds)) {
                    longest = Math.max(longest, gaps.get(i));
                }
            }
            return longest / 1e6;
        }

        synchronized int count() {
            return gaps.size() + 1;
        }

        synchronized double longestMillis() {
            return gaps.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
        }

        synchronized double percentileMillis(int p) {
            List<Long> sorted = gaps.stream().sorted().toList();
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
        }
    }

    private static void headlessUnlessTold() {
        if (System.getProperty("glass.platform") == null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static Cluster cluster() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new Node("etcd" + i, "192.0.2.1", "10.0.0." + (10 + i), null, List.of(Role.ETCD), null, null));
            nodes.add(new Node("master" + i, "192.0.2.1", "10.0.0." + (20 + i), null, List.of(Role.CONTROL_PLANE), null, null));
        }
        for (int i = 0; i < WORKERS; i++) {
            nodes.add(new Node("worker" + i, "192.0.2.1", "10.0.1." + (10 + i), null, List.of(Role.WORKER), null, null));
        }
        return new Cluster(null, null, "bench", "v1.37.1", null, null, nodes,
                new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, null),
                new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null), null, null);
    }

    /** A prepare script per node and one file per stage: the view only needs the plan's shape. */
    private static List<Step.UploadFile> files(Node node, Stage stage) {
        String path = stage == Stage.PREPARE ? NodePaths.PREPARE_SCRIPT
                : "/etc/kubeha/bench-" + stage.name().toLowerCase(Locale.ROOT) + ".conf";
        return List.of(Step.UploadFile.rootOwned(path, 0600, (node.name() + " " + stage).getBytes(StandardCharsets.UTF_8),
                false));
    }
}

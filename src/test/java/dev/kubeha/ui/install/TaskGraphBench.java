package dev.kubeha.ui.install;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * Not a test (no assertion on time): how long the task graph of 3 etcd + 3 masters + N workers
 * takes to lay out, to build and lay out its scene, and to repaint every box in one drain, on the
 * headless Monocle platform.
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.kubeha.ui.install.TaskGraphBench [workers]
 * </pre>
 */
public final class TaskGraphBench {
    static final int RUNS = 30;

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        Cluster cluster = GraphPlans.cluster(workers);
        Plan plan = GraphPlans.plan(cluster);
        Path dir = Files.createTempDirectory("kubeha-graph-bench");
        Supplier<InstallViewModel> install = () -> new InstallViewModel(plan, cluster, dir, new CurrentThreadExecutor(),
                messages, Clock.systemUTC());
        System.out.printf("plan: %d tasks on %d nodes, %d dependencies%n", plan.tasks().size(), plan.nodes().size(),
                plan.tasks().stream().mapToInt(t -> t.dependsOn().size()).sum());

        long[] layout = new long[RUNS];
        for (int i = -RUNS; i < RUNS; i++) { // the first RUNS warm up
            InstallViewModel m = install.get();
            long t0 = System.nanoTime();
            new TaskGraphViewModel(m, messages);
            if (i >= 0) {
                layout[i] = System.nanoTime() - t0;
            }
        }
        report("layout (TaskGraphViewModel)", layout);

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        long[] scene = new long[RUNS];
        long[] repaint = new long[RUNS];
        int[] nodes = new int[1];
        for (int i = -RUNS; i < RUNS; i++) {
            int run = i;
            CompletableFuture<Void> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                InstallViewModel m = install.get();
                TaskGraphViewModel graph = new TaskGraphViewModel(m, messages);
                long t0 = System.nanoTime();
                Parent root = new TaskGraphView(graph, messages).root();
                Scene s = new Scene(root, 1000, 700);
                s.getStylesheets().add(dev.kubeha.ui.fx.Fxml.stylesheet());
                root.applyCss();
                root.layout();
                long t1 = System.nanoTime();
                ExecListener listener = m.listener();
                for (Task t : plan.tasks()) {
                    listener.onEvent(new ExecEvent.TaskStateChanged(t.id(), t.node(), TaskState.SUCCEEDED, "", Instant.now()));
                }
                long t2 = System.nanoTime();
                m.drain();
                root.applyCss();
                root.layout();
                long t3 = System.nanoTime();
                if (run >= 0) {
                    scene[run] = t1 - t0;
                    repaint[run] = t3 - t2;
                }
                nodes[0] = TaskGraphViewTest.count(root.lookup(".task-graph"));
                done.complete(null);
            });
            done.get();
        }
        report("view: build, CSS and layout", scene);
        report("one drain repainting every box, CSS and layout", repaint);
        System.out.printf("scene nodes under the graph pane: %d%n", nodes[0]);
        Platform.exit();
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: median %.2f ms, min %.2f ms, max %.2f ms (%d runs)%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}

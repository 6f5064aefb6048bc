package dev.kubeha.exec.ssh;

import dev.kubeha.operation.Workspace;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Executor;
import dev.kubeha.exec.RunResult;
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
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test (no assertion on time): 3 etcd + 3 masters + N workers, each an embedded SSH server
 * on which every plan command takes 200 ms. Prints wall time against the plan's critical path,
 * peak threads, peak heap and SSH connections per node.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.kubeha.exec.ssh.ApplyBenchmark [workers] [concurrency] [memory]
 * </pre>
 * With {@code memory}, the nodes are an in-memory transport that only sleeps: the scheduler's own
 * overhead, without SSH handshakes (which, here, the same JVM also serves for every node).
 */
public final class ApplyBenchmark {
    static final Duration COMMAND = Duration.ofMillis(200);

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : workers + 6;
        Path dir = Files.createTempDirectory("kubeha-bench");
        Path key = SshTransportTestKeys.ecdsa(dir);

        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new Node("etcd" + i, "192.0.2.1", "10.0.0." + (10 + i), null, List.of(Role.ETCD), null, null));
            nodes.add(new Node("master" + i, "192.0.2.1", "10.0.0." + (20 + i), null, List.of(Role.CONTROL_PLANE), null, null));
        }
        for (int i = 0; i < workers; i++) {
            nodes.add(new Node("worker" + i, "192.0.2.1", null, null, List.of(Role.WORKER), null, null));
        }
        Cluster cluster = new Cluster(null, null, "bench", "v1.37.1", null, null, nodes,
                new EtcdSettings(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, null),
                new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null), null, null);
        Plan plan = new ClusterPlanBuilder(cluster, ClusterRunTest.FILES, new CniSource.Url("https://example.com/cni.yaml"))
                .build().plan();

        boolean memory = args.length > 2 && args[2].equals("memory");
        Map<String, ScriptedSshNode> servers = new HashMap<>();
        Map<String, SshTarget> targets = new HashMap<>();
        for (Node n : memory ? List.<Node>of() : nodes) {
            ScriptedSshNode server = new ScriptedSshNode(n.name(), dir.resolve("nodes").resolve(n.name()),
                    Path.of(key + ".pub"), null);
            server.delayEveryCommand(COMMAND);
            servers.put(n.name(), server);
            targets.put(n.name(), new SshTarget(n.name(), "127.0.0.1", server.port(), "root", key, false));
        }
        ScriptedSshNode master0 = servers.get("master0");
        if (master0 != null) master0.on("^kubeadm init", call -> {
            Path admin = master0.file("/etc/kubernetes/admin.conf");
            Files.createDirectories(admin.getParent());
            Files.writeString(admin, "kind: Config\n");
            return 0;
        });

        // Uploads cost no command time on the nodes; every command or check costs 200 ms.
        Duration critical = plan.criticalPath(s -> s instanceof Step.RunCommand || s instanceof Step.WaitFor
                ? COMMAND : Duration.ZERO).length();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        Path workspace = dir.resolve("workspace");
        dev.kubeha.exec.Transport transport = memory ? new SleepingTransport()
                : new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                        SshSecrets.NONE, SshOptions.DEFAULT);
        Executor executor = new Executor(transport, ExecOptions.defaults(workspace).withConcurrency(concurrency));
        long t0 = System.nanoTime();
        Map<String, long[]> spans = new java.util.concurrent.ConcurrentHashMap<>();
        executor.addListener(e -> {
            if (e instanceof dev.kubeha.exec.ExecEvent.TaskStateChanged s) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long[] span = spans.computeIfAbsent(s.taskId(), k -> new long[2]);
                if (s.state() == dev.kubeha.exec.TaskState.RUNNING) {
                    span[0] = ms;
                } else {
                    span[1] = ms;
                }
            }
        });
        // The embedded servers' threads are not ours: count the installer's side separately.
        java.util.concurrent.atomic.AtomicInteger clientPeak = new java.util.concurrent.atomic.AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int ours = (int) Thread.getAllStackTraces().keySet().stream()
                        .map(Thread::getName).filter(n -> n.startsWith("sshj-") || n.startsWith("kubeha-")).count();
                clientPeak.accumulateAndGet(ours, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        RunResult result = executor.run(plan);
        sampler.interrupt();
        if (System.getProperty("spans") != null) {
            for (String id : plan.criticalPath(s -> COMMAND).taskIds()) {
                long[] span = spans.get(id);
                System.out.printf("  %-28s %5d .. %5d ms%n", id, span[0], span[1]);
            }
        }

        long peakHeap = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        int minSessions = servers.values().stream().mapToInt(s -> s.sessions.get()).min().orElse(0);
        int maxSessions = servers.values().stream().mapToInt(s -> s.sessions.get()).max().orElse(0);
        System.out.printf("%s: nodes %d, tasks %d, concurrency %d, all succeeded: %s%n",
                memory ? "in-memory transport" : "SSH to embedded servers", nodes.size(), plan.tasks().size(),
                concurrency, result.succeeded());
        System.out.printf("wall %d ms, critical path %d ms, ratio %.2f%n", result.elapsed().toMillis(),
                critical.toMillis(), (double) result.elapsed().toMillis() / critical.toMillis());
        System.out.printf("threads: %d before the run (embedded servers included), peak %d%n", threadsBefore,
                threads.getPeakThreadCount());
        System.out.printf("installer threads (kubeha-*, sshj-*), sampled every 100 ms: peak %d%n", clientPeak.get());
        System.out.printf("peak heap (sum of pool peaks, servers included) %d MiB%n", peakHeap >> 20);
        System.out.printf("SSH connections per node: min %d, max %d%n", minSessions, maxSessions);
        for (ScriptedSshNode s : servers.values()) {
            s.close();
        }
        System.exit(result.succeeded() ? 0 : 1);
    }

    /** Every command takes 200 ms, nothing else costs anything. */
    static final class SleepingTransport implements dev.kubeha.exec.Transport {
        @Override
        public dev.kubeha.exec.Connection connect(String node) {
            return new dev.kubeha.exec.Connection() {
                @Override
                public int run(dev.kubeha.plan.Command command, boolean asRoot, byte[] stdin,
                               dev.kubeha.exec.OutputSink output, Duration timeout) {
                    try {
                        Thread.sleep(COMMAND.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 0;
                }

                @Override
                public void upload(String path, byte[] content, int mode, String owner) {
                }

                @Override
                public byte[] download(String path) {
                    return new byte[0];
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}

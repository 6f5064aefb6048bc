package dev.kubeha.ui.wizard;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.HostProbe;
import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import dev.kubeha.ui.fx.UiExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hosts page's commands without the toolkit: Test connection against two embedded SSH nodes, CSV import. */
class HostsViewModelTest {
    static final String MASTER_IP = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            2: eth0    inet 203.0.113.20/24 brd 203.0.113.255 scope global eth0\\       valid_lft forever
            3: eth1    inet 10.0.0.20/24 brd 10.0.0.255 scope global eth1\\       valid_lft forever""";
    static final String WORKER_IP = """
            2: ens3    inet 203.0.113.30/24 brd 203.0.113.255 scope global ens3\\       valid_lft forever
            3: eth1    inet 10.0.0.30/24 brd 10.0.0.255 scope global eth1\\       valid_lft forever""";

    @TempDir
    Path dir;
    TwoNodeCluster nodes;
    Path file;
    ClusterViewModel cluster;
    HostsViewModel hosts;
    final ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);

    @BeforeEach
    void setUp() throws Exception {
        nodes = TwoNodeCluster.start(dir);
        nodes.master0.answerProbe("kube", "Ubuntu 24.04.1 LTS", MASTER_IP);
        nodes.worker0.answerProbe("kube", "Debian GNU/Linux 12 (bookworm)", WORKER_IP);
        file = nodes.clusterFile(false);
        cluster = new ClusterViewModel(new CurrentThreadExecutor(), () -> ValidationContext.forFile(file));
        cluster.load(ClusterFiles.read(file).cluster());
        hosts = new HostsViewModel(cluster, messages, new CurrentThreadExecutor(), () -> ValidationContext.forFile(file),
                c -> dir.resolve("workspace").resolve(c.name()));
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    HostRow row(int i) {
        return cluster.hosts().get(i);
    }

    /**
     * Runs the work on threads of its own, as the window's executor does, and queues the callbacks
     * for the test thread (the FX thread's part).
     */
    static final class ThreadsExecutor implements UiExecutor {
        final java.util.concurrent.BlockingQueue<Runnable> callbacks = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onSuccess,
                            java.util.function.Consumer<Exception> onFailure) {
            Thread t = new Thread(() -> {
                try {
                    T result = work.call();
                    callbacks.add(() -> onSuccess.accept(result));
                } catch (Exception e) {
                    callbacks.add(() -> onFailure.accept(e));
                }
            });
            t.setDaemon(true);
            t.start();
        }

        void deliver(int count) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                Runnable r = callbacks.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r).as("callback %d of %d", i + 1, count).isNotNull();
                r.run();
            }
        }
    }

    /** The most first-contact host-key questions in progress at once while testing both hosts, with a limit. */
    int mostProbesAtOnce(int limit) throws Exception {
        ThreadsExecutor threads = new ThreadsExecutor();
        HostsViewModel parallel = new HostsViewModel(cluster, messages, threads, () -> ValidationContext.forFile(file),
                c -> dir.resolve("workspace-" + limit).resolve(c.name()), limit);
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        parallel.testAll(null, TwoNodeCluster.SUDO_PASSWORD.toCharArray(), (target, type, fingerprint) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return true;
        }, key -> null);
        threads.deliver(2);
        assertThat(parallel.probingProperty().get()).isFalse();
        assertThat(row(0).probeProperty().get().ok()).isTrue();
        assertThat(row(1).probeProperty().get().ok()).isTrue();
        return most.get();
    }

    @Test
    void hostsAreProbedInParallelButNoMoreAtOnceThanTheLimit() throws Exception {
        assertThat(mostProbesAtOnce(1)).isEqualTo(1);
        assertThat(mostProbesAtOnce(2)).isEqualTo(2);
        assertThat(HostsViewModel.PROBES_AT_ONCE).isEqualTo(10);
    }

    @Test
    void testingEveryHostFillsEachRowAndTheInterfacesTheNetworkPageOffers() throws Exception {
        assertThat(hosts.resultingAddressOf(row(0))).isEqualTo("10.0.0.20");
        assertThat(hosts.resultingAddressOf(row(1))).isEqualTo("detected on eth1 at install");
        nodes.worker0.containerd("containerd containerd.io v2.2.1 0123456789abcdef");
        char[] sudo = TwoNodeCluster.SUDO_PASSWORD.toCharArray();
        hosts.testAll(null, sudo, HostKeyPolicy.ACCEPT_NEW, key -> null);
        assertThat(sudo).as("the caller's array is the caller's").isEqualTo(TwoNodeCluster.SUDO_PASSWORD.toCharArray());

        assertThat(row(0).probeProperty().get().ok()).isTrue();
        assertThat(hosts.probeSummary(row(0)).get()).isEqualTo(
                "\u2714 logged in \u00b7 Ubuntu 24.04.1 LTS \u00b7 sudo works \u00b7 cgroup v2 \u00b7 eth0 203.0.113.20/24,"
                        + " eth1 10.0.0.20/24");
        assertThat(hosts.probeSummary(row(1)).get()).isEqualTo(
                "\u2714 logged in \u00b7 Debian GNU/Linux 12 (bookworm) \u00b7 sudo works \u00b7 cgroup v2 \u00b7 containerd"
                        + " 2.2.1 \u00b7 ens3 203.0.113.30/24, eth1 10.0.0.30/24");
        assertThat(hosts.resultingAddressOf(row(0))).as("written beats reported").isEqualTo("10.0.0.20");
        assertThat(hosts.resultingAddressOf(row(1))).isEqualTo("10.0.0.30 (reported on eth1)");
        assertThat(hosts.reportedInterfaces()).containsExactly("eth0", "eth1", "ens3");
        assertThat(hosts.probeProblems()).isEmpty();
        assertThat(hosts.probeStatusProperty().get()).isEqualTo("Tested 2 hosts: 2 ready, 0 with problems.");
        assertThat(hosts.probingProperty().get()).isFalse();
        // The install's trust store: the keys accepted here are the ones the install checks.
        assertThat(Workspace.at(dir.resolve("workspace/lab")).knownHosts().entries()).extracting(KnownHosts.Entry::fingerprint)
                .containsExactlyInAnyOrder(nodes.master0.hostKeyFingerprint(), nodes.worker0.hostKeyFingerprint());
        // Testing is not editing: nothing to save, nothing to validate again.
        assertThat(cluster.modifiedProperty().get()).isFalse();

        row(1).privateInterfaceProperty().set("ens9");
        assertThat(hosts.resultingAddressOf(row(1))).isEqualTo("no IPv4 address on ens9");
        row(1).hostProperty().set("127.0.0.2");
        assertThat(row(1).probeProperty().get()).as("a new address makes the old result meaningless").isNull();
        assertThat(hosts.reportedInterfaces()).containsExactly("eth0", "eth1");
    }

    @Test
    void withoutTheSudoPasswordEachHostSaysWhatToDoOnOneLine() {
        hosts.testAll(new char[0], new char[0], HostKeyPolicy.ACCEPT_NEW, key -> null);
        assertThat(hosts.probeProblems()).containsExactly(
                "node master0: sudo asks kube for a password; give the sudo password,"
                        + " or allow kube to use sudo without one",
                "node worker0: sudo asks kube for a password; give the sudo password,"
                        + " or allow kube to use sudo without one");
        assertThat(hosts.probeSummary(row(0)).get()).startsWith("\u2716 logged in \u00b7 Ubuntu 24.04.1 LTS \u00b7 sudo fails");
        assertThat(hosts.probeStatusProperty().get()).isEqualTo("Tested 2 hosts: 0 ready, 2 with problems.");
    }

    @Test
    void aRejectedHostKeyIsTheRowsProblemAndOnlyTheSelectedRowIsTested() {
        List<String> asked = new ArrayList<>();
        hosts.test(List.of(row(1)), null, null, (target, type, fingerprint) -> {
            asked.add(target.node() + " " + fingerprint);
            return false;
        }, key -> null);
        assertThat(asked).containsExactly("worker0 " + nodes.worker0.hostKeyFingerprint());
        assertThat(row(0).probeProperty().get()).isNull();
        assertThat(row(1).probeProperty().get().reach()).isEqualTo(HostProbe.Reach.REFUSED);
        assertThat(hosts.probeProblems()).singleElement().asString()
                .startsWith("host key of node worker0 (kube@127.0.0.1:" + nodes.worker0.port() + ") (ecdsa-sha2-nistp256 "
                        + nodes.worker0.hostKeyFingerprint() + ") is not in ");
        assertThat(hosts.probeSummary(row(1)).get()).isEqualTo("\u2716 reachable, not logged in");
    }

    /** The cluster's release decides: v1.37.1 wants containerd 2.2.0+. */
    @Test
    void aTooOldContainerdIsTheRowsProblemForTheClustersRelease() {
        nodes.worker0.containerd("containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1");
        hosts.test(List.of(row(1)), null, TwoNodeCluster.SUDO_PASSWORD.toCharArray(), HostKeyPolicy.ACCEPT_NEW, key -> null);
        assertThat(hosts.probeProblems()).containsExactly("node worker0: has containerd 1.6.20, too old for Kubernetes"
                + " v1.37 (it needs 2.2.0+); upgrade it, or let the install replace it with Docker's containerd.io (from"
                + " download.docker.com, or from containerd.io packages in the packages directory)");
        assertThat(hosts.probeSummary(row(1)).get()).startsWith("\u2716 logged in \u00b7 Debian GNU/Linux 12 (bookworm)"
                + " \u00b7 sudo works \u00b7 cgroup v2 \u00b7 containerd 1.6.20 \u00b7 ");
    }

    @Test
    void aRowWithoutAHostIsNotDialled() {
        row(1).hostProperty().set("");
        hosts.test(List.of(row(1)), null, null, HostKeyPolicy.ACCEPT_NEW, key -> null);
        assertThat(hosts.probeProblems()).containsExactly("node worker0: no host to connect to; fill in its host");
        assertThat(nodes.worker0.sessions()).isZero();
    }

    @Test
    void withoutAClusterNameThereIsNoWorkspaceForTheHostKeys() {
        cluster.nameProperty().set("");
        hosts.testAll(null, null, HostKeyPolicy.ACCEPT_NEW, key -> null);
        assertThat(hosts.probeStatusProperty().get()).isEqualTo(
                "Name the cluster first (Welcome page): its workspace keeps the host keys you accept.");
        assertThat(hosts.probeFailedProperty().get()).isTrue();
        assertThat(nodes.master0.sessions()).isZero();
    }

    @Test
    void aCsvFileIsImportedWholeOrNotAtAll() throws Exception {
        Path good = Files.writeString(dir.resolve("hosts.csv"), "name,address,roles\nworker1,10.0.0.31,worker\n"
                + "worker2,10.0.0.32,worker\n");
        hosts.importCsv(good);
        assertThat(hosts.importMessageProperty().get()).isEqualTo("Imported 2 hosts from " + good + ".");
        assertThat(cluster.toCluster().nodes()).extracting(n -> n.name()).containsExactly("master0", "worker0", "worker1",
                "worker2");

        Path bad = Files.writeString(dir.resolve("bad.csv"), "name,address,roles\nworker3,10.0.0.33,worker\n"
                + "worker4,,worker\n");
        hosts.importCsv(bad);
        assertThat(hosts.importMessageProperty().get()).isEqualTo("Nothing imported from " + bad + ":\n"
                + "line 3: address is empty");
        assertThat(cluster.hosts()).hasSize(4);

        hosts.importCsv(dir.resolve("missing.csv"));
        assertThat(hosts.importMessageProperty().get()).isEqualTo("Cannot read " + dir.resolve("missing.csv")
                + ": no such file");
        Path latin1 = Files.write(dir.resolve("latin1.csv"), "name,address,roles\nw\u00e9,10.0.0.9,worker\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        hosts.importCsv(latin1);
        assertThat(hosts.importMessageProperty().get()).isEqualTo("Cannot read " + latin1 + ": not UTF-8 text");
    }
}

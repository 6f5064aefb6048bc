package dev.kubeha.exec.ssh;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ExecEvent;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Executor;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.RetryPolicy;
import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The executor over real SSH: sshj against embedded Apache MINA servers on 127.0.0.1. */
@Timeout(30)
class SshTransportTest {
    static final String KEY_PASSPHRASE = "key-Passphrase-1";
    static final String SUDO_PASSWORD = "sudo-Pa55word";

    @TempDir
    static Path keys;
    static Path ed25519;
    static Path rsaPem;
    static Path ecdsa;
    static Path stranger;
    static Path authorizedKeys;

    @TempDir
    Path dir;
    Path workspace;
    final List<ScriptedSshNode> nodes = new ArrayList<>();
    final Map<String, SshTarget> targets = new HashMap<>();
    final List<ExecEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        // Real OpenSSH key files: OpenSSH format (ed25519 with a passphrase, ECDSA) and PEM (RSA).
        ed25519 = keygen("id_ed25519", "-t", "ed25519", "-N", KEY_PASSPHRASE);
        rsaPem = keygen("id_rsa", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "");
        ecdsa = keygen("id_ecdsa", "-t", "ecdsa", "-b", "256", "-N", "");
        stranger = keygen("id_stranger", "-t", "ed25519", "-N", "");
        authorizedKeys = keys.resolve("authorized_keys");
        StringBuilder all = new StringBuilder();
        for (Path key : List.of(ed25519, rsaPem, ecdsa)) {
            all.append(Files.readString(Path.of(key + ".pub")));
        }
        Files.writeString(authorizedKeys, all);
    }

    static Path keygen(String name, String... args) throws Exception {
        Path file = keys.resolve(name);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-C", name, "-f", file.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return file;
    }

    ScriptedSshNode node(String name, Path key, String user, boolean sudo) throws IOException {
        ScriptedSshNode node = new ScriptedSshNode(name, dir.resolve("nodes").resolve(name), authorizedKeys, "login-pw");
        nodes.add(node);
        targets.put(name, new SshTarget(name, "127.0.0.1", node.port(), user, key, sudo));
        return node;
    }

    @AfterEach
    void stop() throws IOException {
        for (ScriptedSshNode n : nodes) {
            n.close();
        }
    }

    SshTransport transport(HostKeyPolicy policy) {
        workspace = dir.resolve("workspace");
        SshSecrets secrets = new SshSecrets(t -> KEY_PASSPHRASE.toCharArray(), t -> "wrong-pw".toCharArray(),
                t -> SUDO_PASSWORD.toCharArray());
        return new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), policy, secrets,
                new SshOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), 3));
    }

    RunResult run(SshTransport transport, Plan plan) throws IOException {
        return run(transport, plan, null);
    }

    RunResult run(SshTransport transport, Plan plan, java.util.function.Consumer<Executor> whileRunning) throws IOException {
        Redactor redactor = new Redactor();
        redactor.register(SUDO_PASSWORD);
        redactor.register(KEY_PASSPHRASE);
        Executor executor = new Executor(transport, ExecOptions.defaults(workspace).withRedactor(redactor)
                .withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(100))));
        executor.addListener(events::add);
        if (whileRunning != null) {
            whileRunning.accept(executor);
        }
        return executor.run(plan);
    }

    static Step run(String... argv) {
        return Step.RunCommand.root(Command.of(List.of(argv)));
    }

    @Test
    void runsASmallClusterOverOneConnectionPerNode() throws Exception {
        ScriptedSshNode n0 = node("master0", ed25519, "root", false);
        ScriptedSshNode n1 = node("master1", rsaPem, "root", false);
        ScriptedSshNode n2 = node("worker0", ecdsa, "root", false);
        n0.on("^kubeadm init", call -> {
            call.out.println("Your Kubernetes control-plane has initialized successfully!");
            Path admin = n0.file("/etc/kubernetes/admin.conf");
            Files.createDirectories(admin.getParent());
            Files.writeString(admin, "apiVersion: v1\nkind: Config\n");
            return 0;
        });
        List<Task> tasks = new ArrayList<>();
        for (String n : List.of("master0", "master1", "worker0")) {
            tasks.add(Task.on(n, n + "/prepare")
                    .step(Step.UploadFile.rootOwned("/etc/kubeha/prepare-node.sh", 0755,
                            ("#!/bin/sh\necho " + n + "\n").getBytes(StandardCharsets.UTF_8), false))
                    .step(Step.UploadFile.rootOwned("/etc/kubernetes/pki/ca.key", 0600,
                            "secret key".getBytes(StandardCharsets.UTF_8), true))
                    .step(Step.RunCommand.rootIdempotent(Command.of("bash", "/etc/kubeha/prepare-node.sh")))
                    .retrySafe(true).build());
        }
        tasks.add(Task.on("master0", "master0/init").after("master0/prepare")
                .step(run("kubeadm", "init", "--config", "/etc/kubeha/kubeadm.yaml")).build());
        tasks.add(Task.on("master1", "master1/join").after("master0/init", "master1/prepare")
                .step(run("kubeadm", "join", "--config", "/etc/kubeha/kubeadm.yaml")).build());
        tasks.add(Task.on("worker0", "worker0/join").after("master0/init", "worker0/prepare")
                .step(run("kubeadm", "join", "--config", "/etc/kubeha/kubeadm.yaml")).build());
        tasks.add(Task.on("master0", "fetch").after("master1/join", "worker0/join")
                .step(new Step.FetchFile("/etc/kubernetes/admin.conf", "admin.conf", 0600, true)).build());

        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), new Plan("lab", tasks));

        assertThat(result.succeeded()).as(result.messages().toString()).isTrue();
        for (ScriptedSshNode n : nodes) {
            assertThat(n.sessions.get()).as("SSH connections to " + n.name).isEqualTo(1);
            Path script = n.file("/etc/kubeha/prepare-node.sh");
            assertThat(Files.readString(script)).isEqualTo("#!/bin/sh\necho " + n.name + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(n.file("/etc/kubernetes/pki/ca.key"))))
                    .isEqualTo("rw-------");
            try (var left = Files.list(n.file("/etc/kubeha"))) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("prepare-node.sh");
            }
        }
        assertThat(n0.innerCommands()).contains("kubeadm init --config /etc/kubeha/kubeadm.yaml");
        assertThat(n1.count("^kubeadm join")).isEqualTo(1);
        assertThat(n2.count("^kubeadm join")).isEqualTo(1);
        assertThat(events).contains(new ExecEvent.OutputLine("master0", "master0/init", OutputStreamKind.STDOUT,
                "Your Kubernetes control-plane has initialized successfully!"));
        Path admin = workspace.resolve("admin.conf");
        assertThat(Files.readString(admin)).startsWith("apiVersion: v1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(admin))).isEqualTo("rw-------");
        assertThat(Workspace.at(workspace).knownHosts().entries()).hasSize(3);
    }

    @Test
    void aDroppedConnectionIsRetriedForSafeStepsButNeverRepeatsAnUnsafeCommand() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        ScriptedSshNode n1 = node("master1", ecdsa, "root", false);
        n0.on("^systemctl restart etcd", call -> call.count == 1 ? call.drop() : 0);
        n1.on("^kubeadm init", call -> call.drop());
        Plan plan = new Plan("lab", List.of(
                Task.on("master0", "etcd").step(Step.RunCommand.rootIdempotent(Command.of("systemctl", "restart", "etcd")))
                        .step(run("echo", "after")).retrySafe(true).build(),
                Task.on("master1", "init").step(run("kubeadm", "init")).build()));

        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);

        assertThat(result.state("etcd")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(n0.count("^systemctl restart etcd")).isEqualTo(2);
        assertThat(n0.count("^echo after")).isEqualTo(1);
        assertThat(n0.sessions.get()).isEqualTo(2);
        assertThat(result.state("init")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("init")).get().asString().contains("master1").contains("may have run");
        assertThat(n1.count("^kubeadm init")).isEqualTo(1);
    }

    @Test
    void aRefusedLoginFailsTheNodesTasksOnceWithoutARetryStorm() throws Exception {
        ScriptedSshNode byKey = node("master0", stranger, "ubuntu", false);
        ScriptedSshNode byPassword = node("master1", null, "admin", false);
        ScriptedSshNode fine = node("worker0", ecdsa, "root", false);
        Plan plan = new Plan("lab", List.of(
                Task.on("master0", "a").step(run("true")).retrySafe(true).build(),
                Task.on("master0", "b").step(run("true")).retrySafe(true).build(),
                Task.on("master1", "c").step(run("true")).retrySafe(true).build(),
                Task.on("worker0", "d").step(run("true")).build()));

        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);

        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString()
                .contains("login refused").contains("user ubuntu").contains("master0").contains("id_stranger");
        assertThat(result.state("b")).isEqualTo(TaskState.FAILED);
        assertThat(byKey.sessions.get()).isEqualTo(1);
        assertThat(result.message("c")).get().asString().contains("user admin").contains("master1").contains("password")
                .doesNotContain("wrong-pw");
        assertThat(byPassword.sessions.get()).isEqualTo(1);
        assertThat(byPassword.passwordAttempts.get()).isEqualTo(1);
        assertThat(result.state("d")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(fine.executed).hasSize(1);
    }

    @Test
    void aChangedHostKeyAbortsTheRunAndShowsBothFingerprints() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        node("worker0", ecdsa, "root", false);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("true")).build()));
        assertThat(run(transport(HostKeyPolicy.ACCEPT_NEW), plan).succeeded()).isTrue();
        String oldFingerprint = Fingerprints.sha256(n0.hostKey().getPublic());

        n0.changeHostKey();
        String newFingerprint = Fingerprints.sha256(n0.hostKey().getPublic());
        Plan again = new Plan("lab", List.of(Task.on("master0", "b").step(run("true")).build(),
                Task.on("worker0", "c").after("b").step(run("true")).build()));
        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), again);

        assertThat(result.abortReason()).contains("HOST KEY CHANGED").contains("master0").contains("127.0.0.1")
                .contains(oldFingerprint).contains(newFingerprint);
        assertThat(result.state("b")).isEqualTo(TaskState.FAILED);
        assertThat(result.state("c")).isIn(TaskState.SKIPPED, TaskState.CANCELLED);
        assertThat(n0.executed).hasSize(1);
        // The recorded key is kept, never replaced by the new one.
        assertThat(Workspace.at(workspace).knownHosts().entries()).extracting(KnownHosts.Entry::fingerprint)
                .containsExactly(oldFingerprint);
    }

    @Test
    void anUnknownHostKeyIsUpToThePolicy() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("true")).build()));
        List<String> asked = new CopyOnWriteArrayList<>();
        RunResult result = run(transport((target, type, fingerprint) -> {
            asked.add(target.node() + " " + fingerprint);
            return false;
        }), plan);
        String fingerprint = Fingerprints.sha256(n0.hostKey().getPublic());
        assertThat(asked).containsExactly("master0 " + fingerprint);
        assertThat(result.message("a")).get().asString().contains("not accepted").contains(fingerprint);
        assertThat(Workspace.at(workspace).knownHosts().entries()).isEmpty();
        assertThat(n0.executed).isEmpty();
    }

    @Test
    void aNonZeroExitSkipsDependantsWhileOtherNodesFinish() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        ScriptedSshNode n1 = node("master1", ecdsa, "root", false);
        ScriptedSshNode n2 = node("worker0", ecdsa, "root", false);
        n0.on("^kubeadm init", call -> {
            call.err.println("[ERROR Port-6443]: Port 6443 is in use");
            return 1;
        });
        Plan plan = new Plan("lab", List.of(
                Task.on("master0", "init").step(run("kubeadm", "init")).build(),
                Task.on("master1", "join").after("init").step(run("kubeadm", "join")).build(),
                Task.on("worker0", "prepare").step(run("prepare")).build(),
                Task.on("master1", "prepare1").step(run("prepare")).build()));

        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);

        assertThat(result.state("init")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("init")).get().asString().contains("exited with code 1").contains("master0");
        assertThat(result.state("join")).isEqualTo(TaskState.SKIPPED);
        assertThat(result.state("prepare")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.state("prepare1")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(n1.count("kubeadm join")).isZero();
        assertThat(n2.count("^prepare")).isEqualTo(1);
        assertThat(events).contains(new ExecEvent.OutputLine("master0", "init", OutputStreamKind.STDERR,
                "[ERROR Port-6443]: Port 6443 is in use"));
    }

    @Test
    void cancelStopsRunningCommandsAndPendingTasksPromptly() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        ScriptedSshNode n1 = node("master1", ecdsa, "root", false);
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        ScriptedSshNode.Reply hang = call -> {
            bothRunning.countDown();
            never.await(20, TimeUnit.SECONDS);
            return 0;
        };
        n0.on("^apt-get", hang);
        n1.on("^apt-get", hang);
        Plan plan = new Plan("lab", List.of(
                Task.on("master0", "a").step(run("apt-get", "install", "-y", "kubeadm")).build(),
                Task.on("master1", "b").step(run("apt-get", "install", "-y", "kubeadm")).build(),
                Task.on("master0", "c").after("a").step(run("true")).build()));
        long start = System.nanoTime();
        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan, executor -> {
            Thread t = new Thread(() -> {
                try {
                    bothRunning.await();
                    executor.cancel();
                } catch (InterruptedException ignored) {
                    // test ends
                }
            });
            t.setDaemon(true);
            t.start();
        });
        never.countDown();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.cancelled()).isTrue();
        assertThat(result.states().values()).containsOnly(TaskState.CANCELLED);
        assertThat(n0.count("^true")).isZero();
    }

    @Test
    void aStepThatRunsTooLongIsStoppedAndFails() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        CountDownLatch never = new CountDownLatch(1);
        n0.on("^sleep", call -> {
            never.await(20, TimeUnit.SECONDS);
            return 0;
        });
        Plan plan = new Plan("lab", List.of(Task.on("master0", "slow")
                .step(new Step.RunCommand(Command.of("sleep", "1000"), true, Duration.ofMillis(300), false, null))
                .step(run("true")).build()));
        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);
        never.countDown();
        assertThat(result.state("slow")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("slow")).get().asString().contains("ran longer than").contains("master0");
        assertThat(n0.count("^true")).isZero();
    }

    @Test
    void aNonRootUserWorksThroughSudoWithThePasswordOnStdinOnly() throws Exception {
        ScriptedSshNode n0 = node("master0", ed25519, "ubuntu", true);
        n0.sudoPassword(SUDO_PASSWORD);
        Files.createDirectories(n0.file("/etc/kubernetes"));
        Files.writeString(n0.file("/etc/kubernetes/admin.conf"), "kind: Config\n");
        n0.on("^kubeadm", call -> {
            call.err.println("oops, echoing my input: " + SUDO_PASSWORD);
            return 0;
        });
        Plan plan = new Plan("lab", List.of(Task.on("master0", "init")
                .step(new Step.UploadFile("/etc/etcd.env", 0640, "etcd:etcd", "ETCD_NAME=master0\n".getBytes(StandardCharsets.UTF_8), false))
                .step(run("kubeadm", "init"))
                .step(new Step.FetchFile("/etc/kubernetes/admin.conf", "admin.conf", 0600, true))
                .build()));

        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);

        assertThat(result.succeeded()).as(result.messages().toString()).isTrue();
        List<ScriptedSshNode.Exec> viaSudo = n0.executed.stream().filter(e -> e.line().startsWith("sudo ")).toList();
        assertThat(viaSudo).extracting(ScriptedSshNode.Exec::inner).containsExactly(
                viaSudo.get(0).inner(), "kubeadm init", "cat -- /etc/kubernetes/admin.conf");
        assertThat(viaSudo.get(0).inner()).contains("install -m 0640 -o etcd -g etcd");
        assertThat(viaSudo).allSatisfy(e -> assertThat(e.stdin()).startsWith(SUDO_PASSWORD + "\n"));
        assertThat(n0.executed).allSatisfy(e -> assertThat(e.line()).doesNotContain(SUDO_PASSWORD));
        assertThat(Files.readString(n0.file("/etc/etcd.env"))).isEqualTo("ETCD_NAME=master0\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(n0.file("/etc/etcd.env"))))
                .isEqualTo("rw-r-----");
        assertThat(Files.readString(workspace.resolve("admin.conf"))).isEqualTo("kind: Config\n");
        assertThat(events.toString()).doesNotContain(SUDO_PASSWORD).contains("oops, echoing my input: <redacted>");
        assertThat(Files.readString(workspace.resolve("journal.json"))).doesNotContain(SUDO_PASSWORD);
        try (var staged = Files.list(n0.file("/.kubeha-upload"))) {
            assertThat(staged).isEmpty();
        }
    }

    /** An image archive is streamed from the workstation file, as root and through sudo alike. */
    @Test
    void aWorkstationFileIsStreamedToTheNode() throws Exception {
        byte[] archive = new byte[5 * 1024 * 1024 + 123];
        new java.util.Random(3).nextBytes(archive);
        Path local = Files.write(dir.resolve("pause.tar"), archive);
        var file = new Step.UploadFile.LocalFile(local, dev.kubeha.artifact.Sha256.of(archive), archive.length);
        for (boolean sudo : List.of(false, true)) {
            ScriptedSshNode n0 = node(sudo ? "master1" : "master0", ed25519, sudo ? "ubuntu" : "root", sudo);
            if (sudo) {
                n0.sudoPassword(SUDO_PASSWORD);
            }
            Plan plan = new Plan("lab", List.of(Task.on(sudo ? "master1" : "master0", "images")
                    .step(Step.UploadFile.fromFile("/var/lib/kubeha/images/pause.tar", 0644, file)).build()));
            RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);
            assertThat(result.succeeded()).as(result.messages().toString()).isTrue();
            assertThat(Files.readAllBytes(n0.file("/var/lib/kubeha/images/pause.tar"))).isEqualTo(archive);
        }
        assertThat(Step.UploadFile.fromFile("/var/lib/kubeha/images/pause.tar", 0644, file).describe())
                .isEqualTo("upload /var/lib/kubeha/images/pause.tar (0644 root:root, 5243003 bytes)");
    }

    @Test
    void aWrongSudoPasswordFailsTheTaskWithoutRetryNamingSudoAndNeverShowingIt() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "ubuntu", true);
        n0.sudoPassword(SUDO_PASSWORD);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("systemctl", "restart", "kubelet"))
                .retrySafe(true).build()));
        workspace = dir.resolve("workspace");
        SshTransport transport = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                new SshSecrets(null, null, t -> "not-it".toCharArray()), SshOptions.DEFAULT);

        RunResult result = new Executor(transport, ExecOptions.defaults(workspace)).run(plan);

        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString().endsWith("sudo on node master0 (ubuntu@127.0.0.1:" + n0.port()
                + ") rejected the sudo password; check it and run again").doesNotContain("not-it");
        assertThat(n0.executed).hasSize(1);
    }

    @Test
    void sudoThatNeedsAPasswordWhenNoneWasGivenSaysSo() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "ubuntu", true);
        n0.sudoPassword(SUDO_PASSWORD);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a")
                .step(new Step.UploadFile("/etc/etcd.env", 0640, "root:root", "X=1\n".getBytes(StandardCharsets.UTF_8), false))
                .build()));
        workspace = dir.resolve("workspace");
        SshTransport transport = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                SshSecrets.NONE, SshOptions.DEFAULT);

        RunResult result = new Executor(transport, ExecOptions.defaults(workspace)).run(plan);

        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString().endsWith("sudo on node master0 (ubuntu@127.0.0.1:" + n0.port()
                + ") asks for a password and none was given: give the sudo password, or let ubuntu use sudo without one");
    }

    @Test
    void logsInWithAPasswordWhenNoKeyIsSet() throws Exception {
        ScriptedSshNode n0 = node("master0", null, "root", false);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("true")).build()));
        workspace = dir.resolve("workspace");
        SshTransport transport = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                new SshSecrets(null, t -> "login-pw".toCharArray(), null), SshOptions.DEFAULT);
        RunResult result = new Executor(transport, ExecOptions.defaults(workspace)).run(plan);
        assertThat(result.succeeded()).as(result.messages().toString()).isTrue();
        assertThat(n0.passwordAttempts.get()).isEqualTo(1);
        assertThat(n0.innerCommands()).containsExactly("true");
    }

    @Test
    void aWrongKeyPassphraseIsReportedAsSuchAndNeverShown() throws Exception {
        ScriptedSshNode n0 = node("master0", ed25519, "root", false);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("true")).retrySafe(true).build()));
        workspace = dir.resolve("workspace");
        SshTransport transport = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                new SshSecrets(t -> "not-the-passphrase".toCharArray(), null, null), SshOptions.DEFAULT);
        RunResult result = new Executor(transport, ExecOptions.defaults(workspace)).run(plan);
        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString().contains("cannot read the private key").contains("id_ed25519")
                .contains("passphrase").doesNotContain("not-the-passphrase");
        assertThat(n0.executed).isEmpty();
    }

    @Test
    void anUnreachableNodeIsRetriedABoundedNumberOfTimes() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        targets.put("gone", new SshTarget("gone", "127.0.0.1", closedPort, "root", ecdsa, false));
        Plan plan = new Plan("lab", List.of(Task.on("gone", "a").step(run("true")).build()));
        RunResult result = run(transport(HostKeyPolicy.ACCEPT_NEW), plan);
        assertThat(result.state("a")).isEqualTo(TaskState.FAILED);
        assertThat(result.message("a")).get().asString().contains("gave up after 3 attempts")
                .contains("connection refused").contains("node gone (root@127.0.0.1:" + closedPort + ")");
    }

    @Test
    void withoutASudoPasswordSudoRunsNonInteractively() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "ubuntu", true);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("systemctl", "restart", "kubelet"))
                .step(Step.RunCommand.rootIdempotent(Command.of("id"))).build()));
        workspace = dir.resolve("workspace");
        SshTransport transport = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.ACCEPT_NEW,
                SshSecrets.NONE, SshOptions.DEFAULT);
        RunResult result = new Executor(transport, ExecOptions.defaults(workspace)).run(plan);
        assertThat(result.succeeded()).as(result.messages().toString()).isTrue();
        assertThat(n0.executed).extracting(ScriptedSshNode.Exec::line).containsExactly(
                "sudo -n -- sh -c 'systemctl restart kubelet'", "sudo -n -- sh -c id");
    }

    @Test
    void theKnownHostsFileIsReadableByOpenSsh() throws Exception {
        ScriptedSshNode n0 = node("master0", ecdsa, "root", false);
        Plan plan = new Plan("lab", List.of(Task.on("master0", "a").step(run("true")).build()));
        assertThat(run(transport(HostKeyPolicy.ACCEPT_NEW), plan).succeeded()).isTrue();
        Path file = Workspace.at(workspace).knownHosts().file();
        Process p = new ProcessBuilder("ssh-keygen", "-F", "[127.0.0.1]:" + n0.port(), "-l", "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains(Fingerprints.sha256(n0.hostKey().getPublic()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aNodesTargetTakesItsOverridesOverTheClusterSettings() {
        dev.kubeha.model.Cluster cluster = new dev.kubeha.model.Cluster(null, null, "lab", "v1.37.1",
                new dev.kubeha.model.SshSettings("ubuntu", 22, "~/.ssh/id_ed25519", null), null,
                List.of(new dev.kubeha.model.Node("master0", "203.0.113.20", null, null,
                        List.of(dev.kubeha.model.Role.CONTROL_PLANE), null,
                        new dev.kubeha.model.SshOverride(null, 2222, null, null))), null, null, null, null);
        SshTarget target = SshTarget.of(cluster, cluster.nodes().get(0));
        assertThat(target).isEqualTo(new SshTarget("master0", "203.0.113.20", 2222, "ubuntu",
                Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"), true));
        assertThat(target.describe()).isEqualTo("node master0 (ubuntu@203.0.113.20:2222)");
    }
}

package dev.kubeha.ui.install;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.FxUiExecutor;
import dev.kubeha.ui.fx.Theme;
import dev.kubeha.ui.wizard.Forms;
import dev.kubeha.ui.wizard.RecentClusters;
import dev.kubeha.ui.wizard.WizardPage;
import dev.kubeha.ui.wizard.WizardView;
import dev.kubeha.ui.wizard.WizardViewModel;
import dev.kubeha.ui.review.InstallStartViewModel;
import dev.kubeha.ui.wizard.ClusterViewModelTest;
import dev.kubeha.exec.TaskState;
import dev.kubeha.exec.ssh.EmbeddedNode;
import dev.kubeha.exec.ssh.TwoNodeCluster;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.plan.PlanPreparation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The install window running a real plan over SSH against two embedded servers (master0, worker0;
 * stacked etcd, external load balancer), with the run on a background thread and the rows drained
 * by the window's pulse, as in the application.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class InstallViewTest {
    static final String SUDO_PASSWORD = TwoNodeCluster.SUDO_PASSWORD;

    @TempDir
    Path dir;
    Path workspace;
    TwoNodeCluster nodes;
    EmbeddedNode master0;
    EmbeddedNode worker0;
    Stage stage;
    final FxUiExecutor background = new FxUiExecutor();
    final ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
    volatile InstallViewModel install;
    InstallStartViewModel starter;
    /** worker0's kubeadm join waits for this while {@link #joinHangs} is set. */
    final CountDownLatch releaseJoin = new CountDownLatch(1);
    final CountDownLatch joinStarted = new CountDownLatch(1);
    final AtomicBoolean joinHangs = new AtomicBoolean();
    /** worker0's kubeadm join fails while this is set. */
    AtomicBoolean joinFails;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @BeforeEach
    void startNodes() throws Exception {
        workspace = dir.resolve("ws");
        nodes = TwoNodeCluster.start(dir);
        master0 = nodes.master0;
        worker0 = nodes.worker0;
        joinFails = nodes.joinFails;
        nodes.joinInstead = () -> {
            if (!joinHangs.get()) {
                return null;
            }
            joinStarted.countDown();
            releaseJoin.await(30, TimeUnit.SECONDS);
            return 1;
        };
    }

    @AfterEach
    void stopNodes() throws Exception {
        releaseJoin.countDown();
        nodes.close();
        background.close();
    }

    Path cluster(boolean workerAddress) throws Exception {
        return nodes.clusterFile(workerAddress);
    }

    /** The install window's content (checkpoint, finish page) of the last {@link #openWindow}. */
    InstallWindow window;
    FinishViewModel finish;
    final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    final javafx.beans.property.BooleanProperty focused = new javafx.beans.property.SimpleBooleanProperty(true);

    /** As {@link #open}, in the whole install window: checkpoint panel, finish page, notice when unfocused. */
    void openWindow(FxRobot robot, boolean workerAddress) throws Exception {
        open(robot, workerAddress, run -> {
            finish = new FinishViewModel(run, background, messages);
            window = new InstallWindow(run, finish, messages);
            RunEndNotice.watch(run, focused, (title, text) -> notices.add(title + " | " + text), messages);
            return window.root();
        });
    }

    /** Checks the cluster and opens the install window once the run started (after detection, if any). */
    void open(FxRobot robot, boolean workerAddress) throws Exception {
        open(robot, workerAddress, run -> new InstallView(run, messages).root());
    }

    void open(FxRobot robot, boolean workerAddress, java.util.function.Function<InstallViewModel, javafx.scene.Parent> content)
            throws Exception {
        PlanPreparation.Checked checked = PlanPreparation.check(cluster(workerAddress));
        assertThat(checked.errors()).isEmpty();
        PlanPreparation.Prepared prepared = workerAddress ? new PlanPreparation().prepare(checked, Workspace.at(workspace).pki()) : null;
        var ready = new InstallStartViewModel.Ready(checked, workspace, prepared,
                SshTarget.allOf(checked.cluster(), checked.context()));
        assertThat(ready.undetected()).isEqualTo(workerAddress ? List.of() : List.of("worker0"));
        starter = new InstallStartViewModel(null, background, messages);
        robot.interact(() -> starter.start(ready, null, SUDO_PASSWORD.toCharArray(), HostKeyPolicy.ACCEPT_NEW, key -> null,
                run -> {
                    install = run;
                    stage.setScene(new Scene(content.apply(run), 1000, 700));
                    stage.show();
                }));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> install != null || starter.failedProperty().get());
        assertThat(starter.statusProperty().get()).isEmpty();
    }

    void open(FxRobot robot) throws Exception {
        open(robot, true);
    }

    void awaitEnd() throws Exception {
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> install.phaseProperty().get() != InstallViewModel.Phase.RUNNING);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** etcd run by systemd with no tarball the window may trust: stopped before any node, in the window's words. */
    @Test
    void anEtcdTarballThatCannotBeHadStopsBeforeAnyNode(FxRobot robot) throws Exception {
        Path file = Files.writeString(dir.resolve("systemd.json"), Files.readString(cluster(true))
                .replace("\"runtime\": \"static-pod\"", "\"runtime\": \"systemd\", \"version\": \"3.7.0\""));
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        assertThat(checked.errors()).isEmpty();
        var ready = new InstallStartViewModel.Ready(checked, workspace, null, SshTarget.allOf(checked.cluster(), checked.context()));
        starter = new InstallStartViewModel(null, background, messages);

        robot.interact(() -> starter.start(ready, null, SUDO_PASSWORD.toCharArray(), HostKeyPolicy.ACCEPT_NEW, key -> null,
                run -> install = run));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> starter.failedProperty().get());

        assertThat(starter.statusProperty().get()).isEqualTo("etcd 3.7.0 run by systemd is installed from its release"
                + " tarball, and kubeha knows no published sha256 of it, so it does not download it: on the etcd page choose"
                + " an etcd version kubeha knows (3.6.6, 3.6.8) or leave the version empty, or install from the command line"
                + " with kubeha apply --include-packages DIR. No node was changed.");
        assertThat(install).isNull();
        assertThat(master0.commands()).isEmpty();
        assertThat(workspace.resolve("journal.json")).doesNotExist();
    }

    @Test
    void aFailedJoinIsShownWithItsMessageAndRetryFailedFinishesTheRun(FxRobot robot) throws Exception {
        joinFails.set(true);
        openWindow(robot, true); // in the foreground: no desktop notice
        continueAtTheCheckpoint(robot);
        awaitEnd();

        assertThat(install.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(install.rows().get(1).stateProperty().get()).isEqualTo(TaskState.FAILED);
        assertThat(install.failures()).singleElement().asString().startsWith("worker0/kubeadm-join \u2014 worker0: ");
        assertThat(robot.lookup("#installStatus").queryAs(Label.class).getText()).startsWith("1 tasks failed, ");
        assertThat(robot.lookup("#installRetry").queryButton().isVisible()).isTrue();
        assertThat(robot.lookup("#installCancel").queryButton().isDisabled()).isTrue();
        long inits = master0.count("^kubeadm init");

        joinFails.set(false);
        robot.clickOn("#installRetry");
        awaitEnd();

        assertThat(install.phaseProperty().get()).as(install.statusProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        assertThat(install.failures()).isEmpty();
        assertThat(install.rows()).allSatisfy(row -> assertThat(row.stateProperty().get()).isEqualTo(TaskState.SUCCEEDED));
        // Resumed from the journal: kubeadm init did not run again, nor did the checkpoint ask again.
        assertThat(master0.count("^kubeadm init")).isEqualTo(inits);
        assertThat(robot.lookup("#finishSummary").query().isVisible()).isTrue();
        robot.clickOn("#finishShowRun");
        assertThat(robot.lookup("#installRetry").queryButton().isVisible()).isFalse();
        assertThat(notices).isEmpty();
    }

    /** The endpoint answers at once here (curl is not scripted): Continue as soon as it is offered. */
    void continueAtTheCheckpoint(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#checkpointContinue").tryQuery()
                .map(n -> !n.isDisabled()).orElse(false));
        robot.clickOn("#checkpointContinue");
    }

    @Test
    void cancelStopsTheRunningJoinAndLeavesRetryToContinue(FxRobot robot) throws Exception {
        joinHangs.set(true);
        open(robot);
        assertThat(joinStarted.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#installCancel");
        assertThat(install.phaseProperty().get()).isIn(InstallViewModel.Phase.CANCELLING, InstallViewModel.Phase.CANCELLED);
        awaitEnd();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> install.phaseProperty().get() != InstallViewModel.Phase.CANCELLING);

        assertThat(install.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.CANCELLED);
        assertThat(robot.lookup("#installStatus").queryAs(Label.class).getText())
                .isEqualTo("Cancelled: Retry failed continues from the journal.");
        assertThat(install.rows().get(1).stateProperty().get()).isEqualTo(TaskState.CANCELLED);
        assertThat(robot.lookup("#installRetry").queryButton().isVisible()).isTrue();
        assertThat(robot.lookup("#installCancel").queryButton().isDisabled()).isTrue();
    }

    @Test
    void theInstallWindowTakesTheDarkThemeOfTheWizardThatOpensIt(FxRobot robot) throws Exception {
        var cluster = dev.kubeha.model.ClusterFiles.read(ClusterViewModelTest.EXAMPLE).cluster();
        var plan = InstallViewModelTest.plan(cluster);
        java.util.List<Stage> opened = new java.util.ArrayList<>();
        robot.interact(() -> {
            javafx.scene.layout.StackPane wizardRoot = new javafx.scene.layout.StackPane();
            stage.setScene(new Scene(wizardRoot, 400, 300));
            stage.show();
            opened.add(InstallWindow.open(new InstallViewModel(plan, cluster, workspace, background, messages,
                    java.time.Clock.systemUTC()), stage, messages, DesktopNotifier.NONE));
            Theme.DARK.mark(wizardRoot);
            opened.add(InstallWindow.open(new InstallViewModel(plan, cluster, workspace, background, messages,
                    java.time.Clock.systemUTC()), stage, messages, DesktopNotifier.NONE));
        });
        try {
            assertThat(opened.get(0).getScene().getRoot().getStyleClass()).doesNotContain(Theme.DARK_CLASS);
            assertThat(opened.get(1).getScene().getRoot().getStyleClass()).contains(Theme.DARK_CLASS);
        } finally {
            robot.interact(() -> opened.forEach(Stage::close));
        }
    }

    @Test
    void aFloodOfEventsFromManyThreadsIsDrainedOncePerPulse(FxRobot robot) throws Exception {
        var cluster = dev.kubeha.model.ClusterFiles.read(ClusterViewModelTest.EXAMPLE).cluster();
        var plan = InstallViewModelTest.plan(cluster);
        InstallViewModel flood = new InstallViewModel(plan, cluster, workspace, background, messages,
                java.time.Clock.systemUTC());
        robot.interact(() -> {
            stage.setScene(new Scene(new InstallView(flood, messages).root(), 1000, 700));
            stage.show();
        });
        var listener = flood.listener();
        int perNode = 5_000;
        List<Thread> threads = cluster.nodes().stream().map(node -> new Thread(() -> {
            for (int i = 0; i < perNode; i++) {
                listener.onEvent(new dev.kubeha.exec.ExecEvent.OutputLine(node.name(), node.name() + "/t0",
                        dev.kubeha.exec.OutputStreamKind.STDOUT, "line " + i));
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, flood::idle);
        WaitForAsyncUtils.waitForFxEvents(); // the drain that took the last event has ended

        int events = perNode * cluster.nodes().size();
        assertThat(flood.drainsWithEvents()).isPositive().isLessThan(events / 100);
        assertThat(flood.selectedLog()).hasSize(InstallViewModel.LOG_LINES_PER_NODE);
        assertThat(flood.rows()).allSatisfy(r -> assertThat(r.logLines()).hasSize(InstallViewModel.LOG_LINES_PER_NODE)
                .endsWith("t0 | line " + (perNode - 1)));
    }

    @Test
    void aRunOverSshStopsAtTheLoadBalancerCheckpointAndEndsOnTheFinishPage(FxRobot robot) throws Exception {
        // The endpoint answers master0's check on the second try only.
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        master0.on("^curl -fsSk --max-time 5 -o /dev/null https://lb.example.com:6443/healthz$", out -> {
            if (checks.incrementAndGet() == 1) {
                out.println("curl: (7) Failed to connect to lb.example.com port 6443 after 2 ms: Couldn't connect to server");
                return 7;
            }
            return 0;
        });
        master0.on("^kubectl --kubeconfig=/etc/kubernetes/admin.conf get nodes -o wide$", out -> {
            out.println("NAME      STATUS   ROLES           AGE   VERSION   INTERNAL-IP");
            out.println("master0   Ready    control-plane   2m    v1.37.1   10.0.0.20");
            out.println("worker0   Ready    <none>          1m    v1.37.1   10.0.0.30");
            return 0;
        });
        focused.set(false); // the window is in the background when the run ends
        openWindow(robot, false); // worker0's private address is detected over SSH first

        // The checkpoint: what to add, the failed check's reason, Continue held back.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#checkpoint").tryQuery()
                .map(javafx.scene.Node::isVisible).orElse(false)
                && robot.lookup("#checkpointProbe").queryAs(Label.class).getText().startsWith("Not reachable yet"));
        assertThat(robot.lookup("#checkpointInstructions").queryAs(Label.class).getText()).isEqualTo(
                "The nodes join through the load balancer lb.example.com:6443: add every control-plane node's API server"
                        + " to it (TCP, passed through):\n  master0  10.0.0.20:6443\nThe install waits here until"
                        + " https://lb.example.com:6443/healthz answers from master0, then for your Continue.");
        assertThat(robot.lookup("#checkpointProbe").queryAs(Label.class).getText()).isEqualTo("Not reachable yet: curl: (7)"
                + " Failed to connect to lb.example.com port 6443 after 2 ms: Couldn't connect to server");
        assertThat(robot.lookup("#checkpointContinue").queryButton().isDisabled()).isTrue();
        // Reachable: Continue is offered, and nothing joins before it is pressed.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#checkpointContinue").queryButton().isDisabled());
        assertThat(robot.lookup("#checkpointProbe").queryAs(Label.class).getText()).isEqualTo("Reachable:"
                + " https://lb.example.com:6443/healthz answers from master0. Continue once every control-plane node is"
                + " behind the load balancer.");
        Thread.sleep(300);
        assertThat(worker0.count("^kubeadm join")).isZero();
        assertThat(install.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.RUNNING);
        robot.clickOn("#checkpointContinue");
        assertThat(robot.lookup("#checkpoint").query().isVisible()).isFalse();

        awaitEnd();
        assertThat(install.phaseProperty().get()).as(install.statusProperty().get() + install.failures())
                .isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        assertThat(checks.get()).isEqualTo(2);
        assertThat(notices).containsExactly("kubeha: lab | Cluster lab is installed.");

        // The finish page: summary, kubectl get nodes from master0, admin.conf saved 0600.
        int total = install.plan().tasks().size();
        assertThat(robot.lookup("#finishSummary").queryAs(Label.class).getText()).matches(java.util.regex.Pattern.quote(
                "Cluster lab (Kubernetes v1.37.1) is installed.\nControl plane: master0 (10.0.0.20)\nWorkers: worker0"
                        + " (10.0.0.30)\netcd: co-located, static-pod, on master0 (10.0.0.20)\nAPI endpoint:"
                        + " lb.example.com:6443 (your load balancer)\nThis run: " + total + " tasks in ") + "0:0\\d\\.");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !finish.nodesProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#finishNodes").queryAs(javafx.scene.control.TextArea.class).getText()).isEqualTo(
                "NAME      STATUS   ROLES           AGE   VERSION   INTERNAL-IP\n"
                        + "master0   Ready    control-plane   2m    v1.37.1   10.0.0.20\n"
                        + "worker0   Ready    <none>          1m    v1.37.1   10.0.0.30\n");
        assertThat(robot.lookup("#finishNodesStatus").queryAs(Label.class).getText()).isEqualTo("As master0 answers now.");
        Path saved = dir.resolve("mine").resolve("lab-admin.conf");
        Files.createDirectories(saved.getParent());
        robot.interact(() -> finish.saveAdminConf(saved));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !finish.saveStatusProperty().get().startsWith("Saving"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#finishSaveStatus").queryAs(Label.class).getText()).isEqualTo("Saved " + saved
                + " (0600, keep it private: it is cluster-admin).");
        assertThat(Files.readString(saved)).isEqualTo("kind: Config\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
                .isEqualTo("rw-------");
        try (var left = Files.list(saved.getParent())) {
            assertThat(left).containsExactly(saved); // no temporary file left behind
        }
        Path nowhere = dir.resolve("missing").resolve("admin.conf");
        robot.interact(() -> finish.saveAdminConf(nowhere));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> finish.saveFailedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Label saveStatus = robot.lookup("#finishSaveStatus").queryAs(Label.class);
        assertThat(saveStatus.getText()).startsWith("Cannot save " + nowhere + ": ");
        assertThat(saveStatus.getPseudoClassStates()).contains(Forms.ERROR);
        // Export bundle: what was installed, with worker0's detected address.
        Path bundle = dir.resolve("lab-bundle");
        robot.interact(() -> finish.export().formatProperty().set(dev.kubeha.bundle.BundleFormat.DIR));
        robot.interact(() -> finish.exportBundle(bundle));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !finish.export().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#finishExportStatus").queryAs(Label.class).getText()).isEqualTo("Wrote " + bundle
                + " (2 nodes): check it with sha256sum -c SHA256SUMS, then follow RUNBOOK.md.");
        assertThat(Files.readString(bundle.resolve("RUNBOOK.md"))).contains("| worker0 | 10.0.0.30 | worker |");

        robot.clickOn("#finishShowRun");
        assertThat(install.rows()).extracting(InstallViewModel.NodeRow::node).containsExactly("master0", "worker0");
        assertThat(install.rows()).allSatisfy(row -> {
            assertThat(row.stateProperty().get()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(row.doneProperty().get()).isEqualTo(row.total());
        });
        assertThat(install.rows().get(0).roles()).isEqualTo("control-plane");
        javafx.scene.control.TableView<?> table = robot.lookup("#installNodes").queryTableView();
        assertThat(robot.from(table).lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class))
                .extracting(c -> c.getText()).contains("\u2713 succeeded", "control-plane", "worker");
        assertThat(robot.lookup("#installCount").queryAs(Label.class).getText()).isEqualTo(total + " / " + total + " tasks");
        assertThat(robot.lookup("#installStatus").queryAs(Label.class).getText())
                .startsWith("Cluster lab is installed: " + total + " tasks succeeded in ")
                .contains("admin.conf: " + workspace.resolve("admin.conf"));
        assertThat(Files.readString(workspace.resolve("admin.conf"))).isEqualTo("kind: Config\n");
        assertThat(Files.readString(worker0.file("/etc/kubeha/kubeadm.yaml"))).contains("10.0.0.30");

        // master0 is selected: its log shows kubeadm's join line with the token's secret masked.
        String token = Files.readString(workspace.resolve("pki/bootstrap-token")).trim();
        assertThat(install.selectedLog()).anySatisfy(l -> assertThat(l).contains("kubeadm join", "<redacted>"));
        assertThat(install.selectedLog()).noneMatch(l -> l.contains(token.substring(7)) || l.contains(SUDO_PASSWORD));
        Path log = install.logFileProperty().get();
        assertThat(log.getParent()).isEqualTo(workspace.resolve("logs"));
        assertThat(Files.readString(log)).contains("master0 master0/kubeadm-init stdout| kubeadm join", "every task succeeded")
                .doesNotContain(token.substring(7), SUDO_PASSWORD, "kind: Config");
    }

    @Test
    void closedMidRunTheInstallIsOfferedToResumeWhenTheClusterIsOpenedAgainAndFinishes(FxRobot robot) throws Exception {
        joinHangs.set(true);
        Path file = cluster(true);
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        var ready = new InstallStartViewModel.Ready(checked, workspace, new PlanPreparation().prepare(checked, Workspace.at(workspace).pki()),
                SshTarget.allOf(checked.cluster(), checked.context()));
        starter = new InstallStartViewModel(null, background, messages);
        java.util.concurrent.atomic.AtomicReference<Stage> first = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> starter.start(ready, null, SUDO_PASSWORD.toCharArray(), HostKeyPolicy.ACCEPT_NEW, key -> null,
                run -> {
                    install = run;
                    first.set(InstallWindow.open(run, stage, messages, DesktopNotifier.NONE));
                }));
        continueAtTheCheckpoint(robot);
        assertThat(joinStarted.await(30, TimeUnit.SECONDS)).isTrue();

        // Close the window mid-run: it asks, cancels, and closes once the running tasks stopped.
        javafx.application.Platform.runLater(() -> first.get().fireEvent(
                new javafx.stage.WindowEvent(first.get(), javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        javafx.scene.control.DialogPane question = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(question.getContentText()).isEqualTo(messages.getString("install.closeQuestion"));
        robot.interact(() -> ((javafx.scene.control.Button) question.lookupButton(javafx.scene.control.ButtonType.YES)).fire());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !first.get().isShowing());
        assertThat(install.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.CANCELLED);
        // The journal keeps what was done.
        var journal = dev.kubeha.operation.Workspace.at(workspace).journal().load().orElseThrow();
        assertThat(journal.entry("master0/kubeadm-init").orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(journal.entry("worker0/kubeadm-join").orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
        joinHangs.set(false);
        releaseJoin.countDown();

        // Open the cluster again in the wizard: the unfinished install is offered, with what is left.
        WizardViewModel wizard = new WizardViewModel(background, messages, new RecentClusters(dir.resolve("recent.json")),
                c -> workspace);
        robot.interact(() -> {
            stage.setScene(new Scene(new WizardView(wizard, messages).root(), 1100, 720));
            stage.show();
            wizard.open(file);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#installQuestion").tryQuery().isPresent());
        assertThat(wizard.resumeOfferProperty().get().describe(messages))
                .isEqualTo("6 of 9 tasks done, 3 left (worker0/kubeadm-join, verify/cluster, fetch/admin-conf)");
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.REVIEW);
        assertThat(robot.lookup("#installQuestion").queryAs(Label.class).getText()).isEqualTo("An earlier install of"
                + " cluster lab stopped before it finished: 6 of 9 tasks done, 3 left (worker0/kubeadm-join, verify/cluster,"
                + " fetch/admin-conf).\nResume it from the journal? What succeeded does not run again.\nWorkspace: " + workspace);
        javafx.scene.control.Button resume = robot.lookup("#installConfirm").queryButton();
        assertThat(resume.getText()).isEqualTo("_Resume the install");
        robot.interact(() -> {
            robot.lookup("#installSudoPassword").queryAs(javafx.scene.control.PasswordField.class).setText(SUDO_PASSWORD);
            resume.fire();
        });

        // The install window of the resumed run: it finishes, and nothing that succeeded ran again.
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> robot.lookup("#finishSummary").tryQuery()
                .map(n -> n.isVisible() && !((Label) n).getText().isEmpty()).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#finishSummary").queryAs(Label.class).getText())
                // The resumed run's 9 tasks and the bootstrap token's check before the join (init ran before).
                .startsWith("Cluster lab (Kubernetes v1.37.1) is installed.\n").contains("\nThis run: 10 tasks in ");
        assertThat(master0.count("^kubeadm init")).isEqualTo(1);
        assertThat(master0.count("^bash /etc/kubeha/prepare-node.sh$")).isEqualTo(1);
        assertThat(worker0.count("^kubeadm join")).isEqualTo(2); // the cancelled one, then once more
        assertThat(dev.kubeha.operation.Workspace.at(workspace).journal().load().orElseThrow().tasks())
                .allSatisfy(e -> assertThat(e.state()).as(e.id()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(Files.readString(workspace.resolve("admin.conf"))).isEqualTo("kind: Config\n");
    }

    @Test
    void theTaskGraphShowsAClickedTasksStepsAndMaskedOutputAndTheLogFindsALine(FxRobot robot) throws Exception {
        open(robot);
        awaitEnd();
        assertThat(install.phaseProperty().get()).as(install.statusProperty().get()).isEqualTo(InstallViewModel.Phase.SUCCEEDED);
        String token = Files.readString(workspace.resolve("pki/bootstrap-token")).trim();

        robot.clickOn("Task graph");
        javafx.scene.control.Label init = robot.lookup(".task-box")
                .match(n -> "master0/kubeadm-init".equals(n.getUserData())).queryAs(javafx.scene.control.Label.class);
        assertThat(init.getText()).isEqualTo("\u2713 kubeadm-init");
        assertThat(init.getStyleClass()).contains("task-box", "succeeded").doesNotContain("pending", "running");
        assertThat(init.getAccessibleText()).isEqualTo("master0/kubeadm-init: kubeadm init, succeeded");
        assertThat(robot.lookup("#graphHint").queryAs(Label.class).isVisible()).isTrue();

        robot.clickOn(init);
        assertThat(robot.lookup("#graphTaskTitle").queryAs(Label.class).getText())
                .isEqualTo("master0/kubeadm-init \u2014 kubeadm init");
        assertThat(robot.lookup("#graphTaskState").queryAs(Label.class).getText()).isEqualTo("succeeded");
        assertThat(robot.lookup("#graphTaskAfter").queryAs(Label.class).getText())
                .isEqualTo("After: master0/prepare, load-balancer/reachable");
        assertThat(robot.lookup("#graphTaskProbe").queryAs(Label.class).getText())
                .startsWith("Already done when: test -e /etc/kubernetes/admin.conf && ");
        javafx.scene.control.ListView<String> steps = robot.lookup("#graphTaskSteps").queryListView();
        assertThat(steps.getItems()).last().isEqualTo(steps.getItems().size()
                + ". run as root: kubeadm init --config /etc/kubeha/kubeadm.yaml");
        assertThat(steps.getItems()).anySatisfy(l -> assertThat(l).contains(". upload /etc/kubernetes/pki/ca.key (0600 root:root, ")
                .endsWith(" bytes, secret)"));
        javafx.scene.control.ListView<String> output = robot.lookup("#graphTaskOutput").queryListView();
        // The run registered the whole token with its redactor: not even its public id shows.
        assertThat(output.getItems()).contains(
                "kubeadm join lb.example.com:6443 --token <redacted> --discovery-token-ca-cert-hash sha256:0f");
        String shown = String.join("\n", steps.getItems()) + String.join("\n", output.getItems());
        assertThat(shown).doesNotContain(token.substring(0, 6), token.substring(7), SUDO_PASSWORD, "PRIVATE KEY");

        // The arrow keys walk the lane: kubeadm init, then the load balancer checkpoint on the same node.
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        assertThat(robot.lookup("#graphTaskTitle").queryAs(Label.class).getText())
                .isEqualTo("load-balancer/serves-api \u2014 add master0 10.0.0.20:6443 to the load balancer"
                        + " lb.example.com:6443; it then serves the API server's /healthz");

        // The log: all nodes, search the join line kubeadm init printed, jump to it.
        robot.clickOn("#installLogSource").clickOn("All nodes");
        robot.clickOn("#installLogSearch").write("KUBEADM JOIN");
        assertThat(robot.lookup("#installLogMatches").queryAs(Label.class).getText()).isEqualTo("Matches: 1");
        javafx.scene.control.ListView<String> log = robot.lookup("#installLog").queryListView();
        String joinLine = "master0: kubeadm-init | kubeadm join lb.example.com:6443 --token <redacted>"
                + " --discovery-token-ca-cert-hash sha256:0f";
        assertThat(robot.from(log).lookup(".list-cell").queryAllAs(javafx.scene.control.ListCell.class))
                .filteredOn(c -> c.getPseudoClassStates().contains(InstallLogView.MATCH))
                .extracting(c -> c.getText()).containsExactly(joinLine);
        robot.type(javafx.scene.input.KeyCode.ENTER);
        assertThat(robot.lookup("#installLogMatches").queryAs(Label.class).getText()).isEqualTo("1 of 1");
        assertThat(robot.lookup("#installFollow").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isFalse();
        assertThat(log.getSelectionModel().getSelectedItem()).isEqualTo(joinLine);
        assertThat(log.getItems()).allSatisfy(l -> assertThat(l).doesNotContain(token.substring(7), SUDO_PASSWORD));
    }
}

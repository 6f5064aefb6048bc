package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.KeyAlgorithm;
import dev.kubeha.model.Node;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The wizard window on the headless Monocle platform, with background work on the calling thread. */
@ExtendWith(ApplicationExtension.class)
class WizardViewTest {
    private WizardViewModel wizard;
    private WizardView view;
    private Path temp;

    @Start
    void start(Stage stage) throws Exception {
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        temp = Files.createTempDirectory("kubeha-wizard");
        // Never the user's ~/.kubeha: the preview writes a PKI into the workspace.
        wizard = new WizardViewModel(new CurrentThreadExecutor(), messages,
                new RecentClusters(temp.resolve("recent.json")), c -> temp.resolve("workspace").resolve(c.name()));
        view = new WizardView(wizard, messages);
        stage.setScene(new Scene(view.root(), 1100, 720));
        stage.show();
    }

    private void openExample(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        assertThat(wizard.openFailureProperty().get()).isEmpty();
    }

    /** Selects a tab of the Review page (plan, topology, files). */
    static void reviewTab(FxRobot robot, String id) {
        javafx.scene.control.TabPane tabs = robot.lookup("#reviewTabs").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    private Button next(FxRobot robot) {
        return robot.lookup("#next").queryButton();
    }

    /** Whether Next is held back by the page's errors: marked, and pressing it would stay on the page. */
    static boolean nextHeld(FxRobot robot, WizardViewModel wizard) {
        Button next = robot.lookup("#next").queryButton();
        boolean marked = next.getPseudoClassStates().contains(WizardView.HAS_ERRORS);
        assertThat(marked).as("Next marked as held back").isEqualTo(!wizard.canGoNextProperty().get()
                && !wizard.pageProperty().get().isLast());
        return marked;
    }

    @Test
    void anInvalidPodCidrIsShownBesideTheFieldAndHoldsNextBack(FxRobot robot) {
        openExample(robot);
        robot.interact(() -> wizard.show(WizardPage.NETWORK));
        assertThat(nextHeld(robot, wizard)).isFalse();
        TextField pods = robot.lookup("#networking-podSubnet").queryAs(TextField.class);
        robot.interact(() -> pods.setText("10.244.0.0/33"));
        assertThat(wizard.cluster().toCluster().networking().podSubnet()).isEqualTo("10.244.0.0/33");
        Label message = robot.lookup("#message-networking-podSubnet").queryAs(Label.class);
        assertThat(message.getText()).startsWith("\"10.244.0.0/33\" is not a CIDR");
        assertThat(nextHeld(robot, wizard)).isTrue();
        robot.clickOn(next(robot));
        assertThat(wizard.pageProperty().get()).as("Next stays while the page has errors").isEqualTo(WizardPage.NETWORK);
        assertThat(pods.isFocused()).as("and goes to the field").isTrue();
        robot.interact(() -> pods.setText("10.32.0.0/16"));
        assertThat(message.getText()).isEmpty();
        assertThat(nextHeld(robot, wizard)).isFalse();
        robot.clickOn(next(robot));
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.ETCD);
    }

    @Test
    void onReviewInstallIsTheMainActionAndNextIsGone(FxRobot robot) {
        openExample(robot);
        assertThat(next(robot).isVisible()).isTrue();
        robot.interact(() -> wizard.show(WizardPage.REVIEW));
        assertThat(next(robot).isVisible()).isFalse();
        assertThat(robot.lookup("#install").queryButton().getStyleClass()).contains("accent");
        robot.interact(() -> wizard.show(WizardPage.LOAD_BALANCER));
        assertThat(next(robot).isVisible()).isTrue();
    }

    @Test
    void theTitleNamesTheFileAndMarksUnsavedChanges(FxRobot robot) {
        var title = view.titleBinding();
        assertThat(title.get()).isEqualTo("kubeha \u2014 new HA cluster");
        openExample(robot);
        assertThat(title.get()).isEqualTo("kubeha \u2014 cluster.json");
        robot.interact(() -> wizard.cluster().dnsDomainProperty().set("example.internal"));
        assertThat(title.get()).isEqualTo("kubeha \u2014 cluster.json *");
    }

    @Test
    void enterIsNextOnceThePageHasNoErrors(FxRobot robot) {
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.WELCOME);
        assertThat(nextHeld(robot, wizard)).isTrue(); // no name yet
        robot.clickOn("#name");
        robot.write("lab");
        assertThat(wizard.cluster().nameProperty().get()).isEqualTo("lab");
        robot.type(KeyCode.ENTER);
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.HOSTS);
    }

    @Test
    void hostsCanBeAddedPastedAndRemoved(FxRobot robot) {
        openExample(robot);
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.HOSTS);
        robot.clickOn("#addHost");
        assertThat(wizard.cluster().toCluster().nodes()).hasSize(9).last().extracting(Node::name).isEqualTo("worker2");
        TextArea paste = robot.lookup("#pasteHosts").queryAs(TextArea.class);
        robot.interact(() -> paste.setText("worker3 203.0.113.33 worker\nworker4 203.0.113.34 worker"));
        robot.clickOn("#addPasted");
        assertThat(wizard.cluster().toCluster().nodes()).hasSize(11).extracting(Node::name)
                .endsWith("worker3", "worker4");
        assertThat(paste.getText()).isEmpty();
        assertThat(robot.lookup("#pasteMessage").queryAs(Label.class).getText()).isEqualTo("Added 2 hosts.");
        TableView<HostRow> table = robot.lookup("#hostTable").queryTableView();
        // A bad address marks its cell and explains it in the tooltip.
        robot.interact(() -> wizard.cluster().hosts().get(1).hostProperty().set("10.0.0.300"));
        TextField badCell = robot.lookup("#hostTable .text-field").queryAllAs(TextField.class).stream()
                .filter(f -> "10.0.0.300".equals(f.getText())).findFirst().orElseThrow();
        assertThat(badCell.getPseudoClassStates()).contains(Forms.ERROR);
        assertThat(badCell.getTooltip().getText()).startsWith("10.0.0.300 is not an IP address");
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#removeHost");
        assertThat(wizard.cluster().toCluster().nodes()).hasSize(10).extracting(Node::name).doesNotContain("etcd0");
    }

    @Test
    void switchingTheTopologyRedrawsTheDiagram(FxRobot robot) {
        openExample(robot);
        robot.interact(() -> wizard.show(WizardPage.ETCD));
        TopologyDiagram diagram = view.etcdView().diagram();
        assertThat(diagram.count("master")).isEqualTo(3);
        assertThat(diagram.count("etcd-member")).isEqualTo(3);
        assertThat(diagram.count("worker")).isEqualTo(2);
        robot.clickOn("#CO_LOCATED");
        assertThat(wizard.cluster().etcdTopologyProperty().get()).isEqualTo(EtcdTopology.CO_LOCATED);
        assertThat(wizard.cluster().topologyProperty().get().etcdOnMasters()).isTrue();
        assertThat(diagram.count("etcd-member")).isZero();
        assertThat(diagram.count("master")).isEqualTo(3);
        assertThat(robot.lookup("#quorum").queryAs(Label.class).getText())
                .isEqualTo("3 etcd members: a write needs 2 of them, so the cluster survives the loss of 1.");
        robot.clickOn("#DEDICATED");
        assertThat(diagram.count("etcd-member")).isEqualTo(3);
    }

    @Test
    void reviewListsEveryProblemAndSummarises(FxRobot robot) {
        openExample(robot);
        robot.interact(() -> {
            wizard.cluster().lbEndpointProperty().set("");
            wizard.show(WizardPage.REVIEW);
        });
        assertThat(robot.lookup("#reviewSummary").queryAs(Label.class).getText())
                .startsWith("prod-eu1, Kubernetes v1.37.1: 3 control-plane nodes, 3 etcd members (Dedicated etcd nodes), 2 workers")
                .endsWith("1 error, 0 warnings");
        assertThat(robot.lookup("#reviewProblems").queryListView().getItems()).hasSize(1);
        assertThat(robot.lookup("#step-LOAD_BALANCER").queryButton().getPseudoClassStates())
                .contains(WizardView.HAS_ERRORS);
        assertThat(next(robot).isDisabled()).isTrue(); // Review is the last page
    }

    @Test
    void onAnInstalledClusterInstallSaysItAppliesChanges(FxRobot robot) throws Exception {
        openExample(robot);
        robot.interact(() -> wizard.show(WizardPage.REVIEW));
        assertThat(robot.lookup("#install").queryButton().getText()).isEqualTo("_Install\u2026");
        // A finished run's journal: Install converges as kubeha apply does (an unfinished one is
        // offered to resume instead: InstallViewTest).
        var journal = dev.kubeha.operation.Workspace.at(temp.resolve("workspace").resolve("prod-eu1")).journal();
        journal.save(new dev.kubeha.exec.Journal.Snapshot(dev.kubeha.exec.Journal.VERSION, "prod-eu1",
                "2026-01-01T00:00:00Z", java.util.List.of(new dev.kubeha.exec.Journal.Entry("master0/prepare", "master0",
                        dev.kubeha.exec.TaskState.SUCCEEDED, true, "d", "", "2026-01-01T00:00:00Z"))));
        robot.interact(() -> wizard.show(WizardPage.NETWORK));
        robot.interact(() -> wizard.show(WizardPage.REVIEW));
        assertThat(robot.lookup("#install").queryButton().getText()).isEqualTo("_Apply changes\u2026");
        robot.interact(() -> wizard.cluster().lbEndpointProperty().set(""));
        assertThat(robot.lookup("#install").queryButton().isDisabled()).isTrue();
    }

    @Test
    void previewShowsEveryNodesFilesWithKeysMaskedAndFailuresInThePage(FxRobot robot) {
        openExample(robot);
        robot.interact(() -> {
            wizard.cluster().keyAlgorithmProperty().set(KeyAlgorithm.ECDSA_P256); // quicker keys
            wizard.show(WizardPage.REVIEW);
        });
        reviewTab(robot, "filesTab");
        robot.clickOn("#previewFiles");
        Label status = robot.lookup("#previewStatus").queryAs(Label.class);
        assertThat(status.getText()).startsWith("no private address for node worker1 (nodes[7].privateAddress");
        assertThat(status.getPseudoClassStates()).contains(Forms.ERROR);

        robot.interact(() -> wizard.cluster().hosts().get(7).privateAddressProperty().set("10.0.0.31"));
        robot.clickOn("#previewFiles");
        assertThat(status.getText()).contains("for 8 nodes");
        TreeView<Object> tree = robot.lookup("#previewTree").queryAs(TreeView.class);
        assertThat(tree.getRoot().getChildren()).extracting(TreeItem::getValue)
                .containsExactly("etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0", "worker1");
        TreeItem<Object> etcd0 = tree.getRoot().getChildren().get(0);
        TreeItem<Object> key = etcd0.getChildren().stream()
                .filter(i -> i.getValue().toString().equals("/etc/kubernetes/pki/etcd/server.key")).findFirst().orElseThrow();
        TextArea text = robot.lookup("#previewText").queryAs(TextArea.class);
        robot.interact(() -> tree.getSelectionModel().select(key));
        assertThat(text.getText()).contains("mode 0600").contains("(secret: not shown)").doesNotContain("PRIVATE KEY");
        TreeItem<Object> cert = etcd0.getChildren().stream()
                .filter(i -> i.getValue().toString().equals("/etc/kubernetes/pki/etcd/server.crt")).findFirst().orElseThrow();
        robot.interact(() -> tree.getSelectionModel().select(cert));
        assertThat(text.getText()).contains("-----BEGIN CERTIFICATE-----");
        assertThat(text.isEditable()).isFalse();
        robot.interact(() -> wizard.cluster().nameProperty().set("other"));
        assertThat(status.getText()).startsWith("The cluster changed since this preview");
    }

    @Test
    void exportWritesABundleInTheBackgroundAndReportsOnTheReviewPage(FxRobot robot) throws Exception {
        openExample(robot);
        robot.interact(() -> wizard.show(WizardPage.REVIEW));
        Button export = robot.lookup("#exportBundle").queryButton();
        robot.interact(() -> wizard.cluster().podSubnetProperty().set("nope"));
        assertThat(export.isDisabled()).isTrue();
        robot.interact(() -> {
            wizard.cluster().podSubnetProperty().set("10.244.0.0/16");
            wizard.cluster().keyAlgorithmProperty().set(KeyAlgorithm.ECDSA_P256);
            wizard.cluster().hosts().get(7).privateAddressProperty().set("10.0.0.31");
            robot.lookup("#exportFormat").queryComboBox().getSelectionModel().select(BundleFormat.ZIP);
        });
        assertThat(export.isDisabled()).isFalse();
        assertThat(wizard.export().suggestedName()).isEqualTo("prod-eu1-bundle.zip");
        Path out = Files.createTempDirectory("kubeha-export").resolve("prod-eu1-bundle.zip");
        robot.interact(() -> wizard.export().export(out));
        Label status = robot.lookup("#exportStatus").queryAs(Label.class);
        assertThat(status.getText()).startsWith("Wrote " + out + " (8 nodes)");
        assertThat(out).isRegularFile();
        try (var zip = new java.util.zip.ZipFile(out.toFile())) {
            assertThat(zip.getEntry("nodes/etcd0/install.sh")).isNotNull();
            assertThat(zip.getEntry("RUNBOOK.md")).isNotNull();
        }
        robot.interact(() -> wizard.export().export(out));
        assertThat(status.getText()).isEqualTo(out + " already exists: choose another name.");
        assertThat(status.getPseudoClassStates()).contains(Forms.ERROR);
    }

    @Test
    void aBadCertificateSanIsMarkedInItsCellAndHoldsNextBack(FxRobot robot) {
        openExample(robot);
        robot.interact(() -> wizard.show(WizardPage.LOAD_BALANCER));
        assertThat(nextHeld(robot, wizard)).isFalse();
        robot.clickOn("#addSan");
        TextField cell = robot.lookup("#certSan-0").queryAs(TextField.class);
        assertThat(nextHeld(robot, wizard)).as("an empty name").isTrue();
        robot.clickOn(cell).write("Api_Server");
        assertThat(wizard.cluster().toCluster().extraCertSans()).containsExactly("Api_Server");
        assertThat(cell.getPseudoClassStates()).contains(Forms.ERROR);
        assertThat(cell.getTooltip().getText()).isEqualTo("\"Api_Server\" is not a DNS name or IP address \u2014 lowercase"
                + " DNS-1123 names such as api.example.com (or *.example.com), or an IP address");
        assertThat(robot.lookup(".problem-list").queryListView().getItems()).extracting(p -> ((dev.kubeha.model.Problem) p).path())
                .containsExactly("apiServer.certSANs[0]");
        assertThat(robot.lookup("#step-LOAD_BALANCER").queryButton().getPseudoClassStates()).contains(WizardView.HAS_ERRORS);
        assertThat(nextHeld(robot, wizard)).isTrue();
        robot.interact(() -> cell.setText("api.example.com"));
        assertThat(cell.getPseudoClassStates()).doesNotContain(Forms.ERROR);
        assertThat(nextHeld(robot, wizard)).isFalse();
        robot.clickOn("#addSan");
        robot.interact(() -> robot.lookup("#certSan-1").queryAs(TextField.class).setText("api.example.com"));
        assertThat(robot.lookup("#certSan-1").queryAs(TextField.class).getTooltip().getText())
                .isEqualTo("api.example.com is already extra name 1 \u2014 list each name once");
        robot.clickOn("#removeSan");
        assertThat(wizard.cluster().toCluster().extraCertSans()).containsExactly("api.example.com");
        assertThat(nextHeld(robot, wizard)).isFalse();
    }

    @Test
    void reviewShowsThePlanByNodeAndTheTopology(FxRobot robot) {
        openExample(robot);
        robot.interact(() -> {
            wizard.cluster().keyAlgorithmProperty().set(KeyAlgorithm.ECDSA_P256);
            wizard.cluster().hosts().get(7).privateAddressProperty().set("10.0.0.31");
            wizard.show(WizardPage.REVIEW);
        });
        reviewTab(robot, "planTab");
        robot.clickOn("#showPlan");
        assertThat(robot.lookup("#planStatus").queryLabeled().getText()).endsWith("tasks on 8 nodes, numbered in an order they can run.");
        TreeView<String> tree = robot.lookup("#planTree").queryAs(TreeView.class);
        assertThat(tree.getRoot().getChildren()).extracting(TreeItem::getValue)
                .allMatch(v -> v.matches("(etcd|master|worker)\\d \\((1 task|\\d+ tasks)\\)"));
        assertThat(tree.getRoot().getChildren()).extracting(TreeItem::getValue).contains("etcd1 (1 task)");
        assertThat(tree.getRoot().getChildren()).hasSize(8);
        TreeItem<String> firstNode = tree.getRoot().getChildren().get(0);
        assertThat(firstNode.isExpanded()).isTrue();
        assertThat(firstNode.getChildren().get(0).getValue()).matches("\\d+\\. \\S+ \\u2014 .+ \\((1 step|\\d+ steps)\\)");
        assertThat(tree.getRoot().getChildren().stream().flatMap(n -> n.getChildren().stream()).map(TreeItem::getValue))
                .anyMatch(v -> v.contains(", after "));
        reviewTab(robot, "topologyTab");
        TopologyDiagram diagram = robot.lookup("#reviewDiagram").queryAs(TopologyDiagram.class);
        assertThat(diagram.count("master")).isEqualTo(3);
        assertThat(diagram.count("etcd-member")).isEqualTo(3);
        robot.interact(() -> wizard.cluster().etcdTopologyProperty().set(EtcdTopology.CO_LOCATED));
        assertThat(diagram.count("etcd-member")).isZero();
        assertThat(robot.lookup("#planStatus").queryLabeled().getText())
                .isEqualTo("The cluster changed since this plan: show it again.");
    }

    @Test
    void anEncryptedBundleIsExportedThroughThePassphraseFields(FxRobot robot) throws Exception {
        openExample(robot);
        robot.interact(() -> {
            wizard.cluster().keyAlgorithmProperty().set(KeyAlgorithm.ECDSA_P256);
            wizard.cluster().hosts().get(7).privateAddressProperty().set("10.0.0.31");
            wizard.show(WizardPage.REVIEW);
        });
        javafx.scene.control.CheckBox encrypt = robot.lookup("#exportEncrypt").queryAs(javafx.scene.control.CheckBox.class);
        javafx.scene.control.PasswordField passphrase = robot.lookup("#exportPassphrase")
                .queryAs(javafx.scene.control.PasswordField.class);
        javafx.scene.control.PasswordField confirm = robot.lookup("#exportPassphraseConfirm")
                .queryAs(javafx.scene.control.PasswordField.class);
        assertThat(passphrase.isVisible()).isFalse();
        robot.interact(() -> robot.lookup("#exportFormat").queryComboBox().getSelectionModel().select(BundleFormat.DIR));
        assertThat(encrypt.isDisabled()).as("a directory cannot be encrypted").isTrue();
        robot.interact(() -> robot.lookup("#exportFormat").queryComboBox().getSelectionModel().select(BundleFormat.ZIP));
        robot.clickOn(encrypt);
        assertThat(wizard.export().encryptProperty().get()).isTrue();
        assertThat(passphrase.isVisible()).isTrue();
        robot.clickOn(passphrase).write("open sesame");
        robot.clickOn(confirm).write("open sesame!");
        Path out = Files.createTempDirectory("kubeha-export").resolve("prod-eu1-bundle.zip");
        robot.interact(() -> ReviewView.exportTo(wizard.export(), out, passphrase, confirm));
        Label status = robot.lookup("#exportStatus").queryAs(Label.class);
        assertThat(status.getText()).isEqualTo("The two passphrases differ: type the same passphrase twice.");
        assertThat(status.getPseudoClassStates()).contains(Forms.ERROR);
        assertThat(passphrase.getText()).as("kept to correct").isEqualTo("open sesame");
        robot.interact(() -> confirm.setText("open sesame"));
        robot.interact(() -> ReviewView.exportTo(wizard.export(), out, passphrase, confirm));
        assertThat(status.getText()).startsWith("Wrote " + out + " (8 nodes), encrypted: decrypt it with openssl enc -d");
        assertThat(status.getPseudoClassStates()).doesNotContain(Forms.ERROR);
        assertThat(passphrase.getText()).as("never kept").isEmpty();
        assertThat(confirm.getText()).isEmpty();
        Path x = Files.createTempDirectory("kubeha-decrypted");
        Process p = new ProcessBuilder("bash", "-c", dev.kubeha.bundle.OpensslEncryption.DECRYPT_COMMAND
                + " -pass pass:'open sesame' -in '" + out + "' -out bundle.zip").directory(x.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        try (var zip = new java.util.zip.ZipFile(x.resolve("bundle.zip").toFile())) {
            assertThat(zip.getEntry("nodes/etcd0/install.sh")).isNotNull();
            assertThat(zip.getEntry("SHA256SUMS")).isNotNull();
        }
    }
}

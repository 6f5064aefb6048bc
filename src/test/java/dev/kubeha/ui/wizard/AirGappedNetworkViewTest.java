package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.HostProbe;
import dev.kubeha.model.AirGapped;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "The nodes have no internet" on the Network page (Monocle): the distribution and packages
 * folder it shows, kept in cluster.json's airGapped, the messages bad input gets, in English and
 * Chinese; and the Review page's note on the architectures an air-gapped export takes.
 */
@ExtendWith(ApplicationExtension.class)
class AirGappedNetworkViewTest {
    private WizardViewModel wizard;
    private AppearanceViewModel appearance;
    private Path temp;

    @Start
    void start(Stage stage) throws Exception {
        temp = Files.createTempDirectory("kubeha-airgapped-network");
        TestWizardWindow window = TestWizardWindow.open(stage, temp, temp.resolve("workspace"));
        wizard = window.wizard();
        appearance = window.appearance();
        stage.show();
        // The cluster file in a directory of its own: the packages folder is relative to it.
        Path file = Files.copy(ClusterViewModelTest.EXAMPLE, temp.resolve("cluster.json"));
        wizard.open(file);
    }

    @Test
    void theSettingShowsTheDistributionAndPackagesFolderInBothLanguages(FxRobot robot) {
        for (Language language : Language.values()) {
            ResourceBundle messages = KubehaApp.messages(language.locale());
            robot.interact(() -> {
                appearance.languageProperty().set(language);
                wizard.show(WizardPage.NETWORK);
                wizard.cluster().airGappedProperty().set(false);
            });
            CheckBox airGapped = robot.lookup("#airGapped").queryAs(CheckBox.class);
            @SuppressWarnings("unchecked")
            ComboBox<String> distro = robot.lookup("#airGapped-distro").queryAs(ComboBox.class);
            TextField packages = robot.lookup("#airGapped-packages").queryAs(TextField.class);
            Button choose = robot.lookup("#airGappedChoosePackages").queryButton();
            assertThat(airGapped.getText()).as(language.tag()).isEqualTo(messages.getString("network.airGapped"));
            assertThat(airGapped.isSelected()).isFalse();
            assertThat(distro.isVisible()).isFalse();
            assertThat(packages.isVisible()).isFalse();

            robot.interact(() -> airGapped.setSelected(true));
            assertThat(distro.isVisible()).isTrue();
            assertThat(packages.isVisible()).isTrue();
            assertThat(choose.getText()).isEqualTo(messages.getString("network.airGapped.choosePackages"));
            assertThat(distro.getItems()).containsExactly("", "debian-12", "ubuntu-22.04", "ubuntu-24.04", "rhel-9");
            assertThat(distro.getPromptText()).isEqualTo(messages.getString("network.airGapped.distroPrompt"));
            assertThat(packages.getPromptText()).isEqualTo(messages.getString("network.airGapped.packagesPrompt"));
            assertThat(distro.getAccessibleText()).isEqualTo(ProblemWords.plain(messages.getString("field.airGappedDistro")));
        }
        ResourceBundle zh = KubehaApp.messages(Language.SIMPLIFIED_CHINESE.locale());
        assertThat(zh.getString("network.airGapped")).isEqualTo("\u8282\u70b9\u65e0\u6cd5\u8bbf\u95ee\u4e92\u8054\u7f51"
                + "\uff08\u79bb\u7ebf\u73af\u5883\uff09(_G)");
        Label needs = robot.lookup("#airGappedNeeds").queryAs(Label.class);
        assertThat(needs.getText()).isEqualTo(zh.getString("airGapped.needsPackages"));
    }

    @Test
    void badInputGetsItsMessageAndAGoodChoiceLandsInTheClusterFile(FxRobot robot) throws Exception {
        robot.interact(() -> {
            appearance.languageProperty().set(Language.ENGLISH);
            wizard.show(WizardPage.NETWORK);
            wizard.export().airGappedProperty().set(false);
            wizard.cluster().airGappedProperty().set(true);
        });
        // As kubeha export with airGapped: the Review page's export is for an air-gapped site from now on.
        assertThat(wizard.export().airGappedProperty().get()).isTrue();
        Label needs = robot.lookup("#airGappedNeeds").queryAs(Label.class);
        Label packagesMessage = robot.lookup("#message-airGapped-packages").queryAs(Label.class);
        @SuppressWarnings("unchecked")
        ComboBox<String> distro = robot.lookup("#airGapped-distro").queryAs(ComboBox.class);
        TextField packages = robot.lookup("#airGapped-packages").queryAs(TextField.class);
        // Neither a distribution nor a folder: the nodes would have no packages.
        assertThat(needs.isVisible()).isTrue();
        assertThat(needs.getText()).isEqualTo("The nodes have no internet: choose their distribution, whose packages kubeha"
                + " fetches on this machine, or a packages folder.");

        String hint = " \u2014 the directory that holds the nodes' .deb or .rpm packages (kubeadm, kubelet, kubectl,"
                + " cri-tools, kubernetes-cni, containerd.io), or leave it out";
        robot.interact(() -> packages.setText("debs"));
        assertThat(needs.isVisible()).isFalse();
        assertThat(packagesMessage.getText()).isEqualTo(temp.resolve("debs") + " does not exist" + hint);
        assertThat(wizard.canGoNextProperty().get()).as("an error blocks Next on the page").isFalse();

        Files.createDirectories(temp.resolve("debs"));
        Files.writeString(temp.resolve("debs/notes.txt"), "not a package");
        robot.interact(() -> packages.setText("debs "));
        robot.interact(() -> packages.setText("debs"));
        assertThat(packagesMessage.getText()).isEqualTo(temp.resolve("debs") + " holds no .deb or .rpm package" + hint);

        Files.writeString(temp.resolve("debs/kubeadm_1.37.1-1.1_amd64.deb"), "a package");
        robot.interact(() -> packages.setText("debs "));
        assertThat(packagesMessage.isVisible()).isFalse();
        robot.interact(() -> distro.setValue("rhel-9"));
        assertThat(wizard.cluster().toCluster().airGapped()).isEqualTo(new AirGapped("rhel-9", "debs"));

        // Saved: cluster.json keeps the choice; opened again, the page shows it.
        Path saved = temp.resolve("saved.json");
        robot.interact(() -> wizard.saveAs(saved, () -> { }));
        assertThat(Files.readString(saved)).contains("\"airGapped\" : {\n    \"distro\" : \"rhel-9\",\n    \"packages\" : \"debs\"\n  }");
        robot.interact(() -> {
            wizard.open(saved);
            wizard.show(WizardPage.NETWORK);
        });
        assertThat(robot.lookup("#airGapped").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(distro.getValue()).isEqualTo("rhel-9");
        assertThat(packages.getText()).isEqualTo("debs");

        // The empty choice is "none": the folder alone is enough.
        robot.interact(() -> distro.setValue(""));
        assertThat(wizard.cluster().toCluster().airGapped()).isEqualTo(new AirGapped(null, "debs"));
        assertThat(needs.isVisible()).isFalse();
    }

    @Test
    void reviewSaysWhichNodesAnAirGappedExportTakesAsAmd64(FxRobot robot) {
        robot.interact(() -> {
            appearance.languageProperty().set(Language.ENGLISH);
            wizard.export().airGappedProperty().set(true);
            wizard.show(WizardPage.REVIEW);
        });
        Label note = robot.lookup("#exportArchNote").queryAs(Label.class);
        assertThat(note.isVisible()).isTrue();
        assertThat(note.getText()).isEqualTo("The connection test has not told the architecture of master0, master1, master2,"
                + " worker0, worker1: their images and packages are for amd64.");

        // The test told master0's and worker0's: arm64 images too, amd64 for the rest, named.
        robot.interact(() -> {
            for (HostRow row : wizard.cluster().hosts()) {
                if (List.of("master0", "worker0").contains(row.nameProperty().get())) {
                    row.probeProperty().set(new HostProbe.Report(row.nameProperty().get(), HostProbe.Reach.AUTHENTICATED,
                            "Debian GNU/Linux 12", HostProbe.Sudo.OK, List.of(), "v2", null, "arm64", null));
                }
            }
            wizard.show(WizardPage.NETWORK);
            wizard.show(WizardPage.REVIEW);
        });
        assertThat(note.getText()).isEqualTo("The connection test has not told the architecture of master1, master2, worker1:"
                + " their images and packages are for amd64.");
        assertThat(wizard.export().refreshArchitectures().arches()).containsExactly("amd64", "arm64");

        robot.interact(() -> {
            for (HostRow row : wizard.cluster().hosts()) {
                row.probeProperty().set(new HostProbe.Report(row.nameProperty().get(), HostProbe.Reach.AUTHENTICATED,
                        "Debian GNU/Linux 12", HostProbe.Sudo.OK, List.of(), "v2", null, "arm64", null));
            }
            wizard.show(WizardPage.NETWORK);
            wizard.show(WizardPage.REVIEW);
        });
        assertThat(note.isVisible()).isFalse();
        assertThat(wizard.export().refreshArchitectures().arches()).containsExactly("arm64");

        robot.interact(() -> wizard.export().airGappedProperty().set(false));
        assertThat(note.isVisible()).isFalse();
    }
}

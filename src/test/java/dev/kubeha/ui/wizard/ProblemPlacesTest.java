package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Problem;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Problems in the window name what the user sees (labels, hosts and columns), lead to their cell or
 * field when clicked, mark every row involved, and show where the change that caused them was made.
 */
@ExtendWith(ApplicationExtension.class)
class ProblemPlacesTest {
    private WizardViewModel wizard;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        ResourceBundle messages = KubehaApp.messages(Locale.ENGLISH);
        Path temp = Files.createTempDirectory("kubeha-problems");
        wizard = new WizardViewModel(new CurrentThreadExecutor(), messages,
                new RecentClusters(temp.resolve("recent.json")), c -> temp.resolve("workspace"));
        scene = new Scene(new WizardView(wizard, messages).root(), 1440, 900);
        stage.setScene(scene);
        stage.show();
    }

    @SuppressWarnings("unchecked")
    private ListView<Problem> problemList() {
        return FirstStartTest.onFx(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return (ListView<Problem>) scene.getRoot().lookupAll(".problem-list").stream()
                .filter(n -> !n.getStyleClass().contains("probe-problems") && n.isVisible())
                .findFirst().orElseThrow();
        });
    }

    private List<String> lines() {
        return problemList().lookupAll(".list-cell").stream()
                .map(n -> ((ListCell<?>) n).getText()).filter(t -> t != null && !t.isEmpty()).toList();
    }

    private List<TextField> nameCells(TableView<?> table) {
        return table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && "name".equals(c.getTableColumn().getUserData())
                        && c.getIndex() >= 0 && c.getIndex() < table.getItems().size())
                .sorted(java.util.Comparator.comparingInt(n -> ((TableCell<?, ?>) n).getIndex()))
                .map(n -> (TextField) ((TableCell<?, ?>) n).getGraphic()).toList();
    }

    @Test
    void aDuplicateNameNamesBothHostsMarksBothRowsAndLeadsToItsCell(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        robot.interact(() -> wizard.cluster().hosts().get(7).nameProperty().set("worker0"));
        assertThat(lines()).containsExactly("Error: host worker0 (row 8), Name: \"worker0\" is already the name of"
                + " host worker0 (row 7) \u2014 node names must be unique");
        TableView<?> table = robot.lookup("#hostTable").queryTableView();
        List<TextField> names = nameCells(table);
        assertThat(names).hasSize(8);
        for (int i = 0; i < names.size(); i++) {
            assertThat(names.get(i).getPseudoClassStates().contains(Forms.ERROR)).as("row %d marked", i + 1)
                    .isEqualTo(i == 6 || i == 7);
        }
        assertThat(names.get(6).getTooltip().getText())
                .isEqualTo("\"worker0\" is already the name of host worker0 (row 7) \u2014 node names must be unique");
        robot.interact(() -> table.getSelectionModel().clearAndSelect(0));
        robot.clickOn(problemList().lookupAll(".list-cell").iterator().next());
        assertThat(table.getSelectionModel().getSelectedIndex()).isEqualTo(7);
        assertThat(nameCells(table).get(7).isFocused()).as("the name cell of row 8 has the focus").isTrue();
    }

    @Test
    void aClickedFieldProblemFocusesTheField(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        robot.interact(() -> wizard.show(WizardPage.NETWORK));
        TextField dns = robot.lookup("#networking-dnsDomain").queryAs(TextField.class);
        robot.interact(() -> dns.setText("Bad_Domain"));
        assertThat(lines()).containsExactly("Error: DNS domain: \"Bad_Domain\" is not a valid DNS domain"
                + " \u2014 " + wizard.cluster().problems().get(0).hint());
        robot.clickOn("#networking-podSubnet");
        robot.clickOn(problemList().lookupAll(".list-cell").iterator().next());
        assertThat(dns.isFocused()).isTrue();
    }

    @Test
    void anOverlapIsShownUnderTheFieldThatWasEditedToo(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        robot.interact(() -> wizard.show(WizardPage.NETWORK));
        robot.interact(() -> robot.lookup("#networking-podSubnet").queryAs(TextField.class).setText("10.96.0.0/16"));
        String overlap = "10.96.0.0/12 overlaps Pod CIDR 10.96.0.0/16 \u2014 pick subnets that do not share addresses,"
                + " e.g. 10.244.0.0/16 and 10.96.0.0/12";
        assertThat(robot.lookup("#message-networking-podSubnet").queryAs(Label.class).getText()).isEqualTo(overlap);
        assertThat(robot.lookup("#message-networking-serviceSubnet").queryAs(Label.class).getText()).isEqualTo(overlap);
        assertThat(lines()).containsExactly("Error: Service CIDR: " + overlap);
    }

    @Test
    void coLocatedEtcdWithEtcdHostsIsShownOnTheEtcdPage(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        robot.interact(() -> wizard.show(WizardPage.ETCD));
        robot.clickOn("#CO_LOCATED");
        String hint = " \u2014 co-located etcd runs on the control-plane nodes: remove role etcd, or set Topology to dedicated";
        assertThat(lines()).contains(
                "Error: host etcd0 (row 1), Roles: role etcd is not used with the co-located etcd topology" + hint,
                "Error: host etcd2 (row 3), Roles: role etcd is not used with the co-located etcd topology" + hint);
        // Clicking one goes to the host's row on the Hosts page.
        Node first = problemList().lookupAll(".list-cell").iterator().next();
        robot.clickOn(first);
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.HOSTS);
        assertThat(robot.lookup("#hostTable").queryTableView().getSelectionModel().getSelectedIndex()).isZero();
        Node focused = scene.getFocusOwner();
        assertThat(focused).as("the row's control-plane box").isInstanceOf(javafx.scene.control.CheckBox.class);
        assertThat(((TableCell<?, ?>) focused.getParent()).getIndex()).isZero();
        assertThat(((TableCell<?, ?>) focused.getParent()).getTableColumn().getId()).isEqualTo("role-control-plane");
    }

    @Test
    void aProblemOfAFieldOnTwoPagesStaysOnThePageItWasClickedOn(FxRobot robot) {
        robot.interact(() -> wizard.open(ClusterViewModelTest.EXAMPLE));
        robot.interact(() -> wizard.show(WizardPage.NETWORK));
        javafx.scene.control.ComboBox<?> choice = robot.lookup("#privateInterfaceChoice").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> choice.getEditor().setText("eth 1"));
        List<String> shown = lines();
        assertThat(shown).singleElement().asString().startsWith("Error: Private interface: ");
        robot.clickOn("#networking-podSubnet");
        robot.clickOn(problemList().lookupAll(".list-cell").iterator().next());
        assertThat(wizard.pageProperty().get()).isEqualTo(WizardPage.NETWORK);
        assertThat(choice.isFocused() || choice.getEditor().isFocused()).isTrue();
    }

    @Test
    void aFreshPageShowsWhatAChangeOnItBroughtUpOnAnotherPage(FxRobot robot) {
        // A new cluster: nothing is shown on Hosts, yet hosts with the etcd role exist.
        robot.interact(() -> {
            wizard.cluster().hosts().add(new HostRow("etcd0", "203.0.113.10", List.of(dev.kubeha.model.Role.ETCD)));
            wizard.show(WizardPage.ETCD);
        });
        robot.clickOn("#CO_LOCATED");
        assertThat(lines()).contains("Error: host etcd0 (row 1), Roles: role etcd is not used with the co-located"
                + " etcd topology \u2014 co-located etcd runs on the control-plane nodes: remove role etcd, or set"
                + " Topology to dedicated");
    }
}

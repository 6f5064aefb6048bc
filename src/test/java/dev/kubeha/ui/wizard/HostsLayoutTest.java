package dev.kubeha.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.AppearanceViewModel;
import dev.kubeha.ui.fx.Language;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Hosts page at 1440×900: eight hosts in view, headers whole, the test result beside the name; Enter in a cell. */
@ExtendWith(ApplicationExtension.class)
class HostsLayoutTest {
    private Stage stage;
    private WizardViewModel wizard;
    private AppearanceViewModel appearance;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path temp = Files.createTempDirectory("kubeha-hosts-layout");
        TestWizardWindow window = TestWizardWindow.open(stage, temp, temp.resolve("workspace"));
        wizard = window.wizard();
        appearance = window.appearance();
        stage.setWidth(1440);
        stage.setHeight(900);
        stage.show();
        wizard.open(ClusterViewModelTest.EXAMPLE);
    }

    /** The rows of the table whose whole height is inside the table's view. */
    static long rowsInView(TableView<?> table) {
        Node flow = table.lookup(".virtual-flow");
        Bounds view = flow.localToScene(flow.getLayoutBounds());
        return table.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof TableRow<?> r && !r.isEmpty() && r.isVisible())
                .filter(n -> {
                    Bounds b = n.localToScene(n.getLayoutBounds());
                    return b.getMinY() >= view.getMinY() - 0.5 && b.getMaxY() <= view.getMaxY() + 0.5;
                }).count();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void eightHostsAreInViewWithWholeHeadersInEnglishAndChinese(FxRobot robot) throws Exception {
        for (Language language : List.of(Language.ENGLISH, Language.SIMPLIFIED_CHINESE)) {
            robot.interact(() -> appearance.languageProperty().set(language));
            robot.interact(() -> wizard.show(WizardPage.HOSTS));
            TableView<?> table = robot.lookup("#hostTable").queryTableView();
            robot.interact(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
            });
            Screenshots.shoot(robot, stage.getScene(), "hosts-1440x900-" + language.tag());
            assertThat(table.getItems()).hasSize(8);
            assertThat(rowsInView(table)).as("rows in view at 1440x900, %s", language).isGreaterThanOrEqualTo(8);
            // Each column read whole once scrolled to (the last ones are right of the view at 1440).
            for (TableColumn<?, ?> column : table.getColumns()) {
                robot.interact(() -> {
                    table.scrollToColumn((TableColumn) column);
                    table.layout();
                });
                var header = table.lookupAll(".column-header").stream()
                        .filter(n -> n instanceof javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() == column)
                        .map(n -> (javafx.scene.Parent) n).findFirst().orElseThrow();
                assertThat(FirstStartTest.elided(header)).as("the header of %s, %s", column.getText(), language).isEmpty();
            }
            robot.interact(() -> table.scrollToColumn((TableColumn) table.getColumns().get(0)));
            // The test result is the column after the name.
            assertThat(table.getColumns().get(1).getId()).isEqualTo("connectionColumn");
            var zh = KubehaApp.messages(language.locale());
            TableColumn<?, ?> controlPlane = table.getColumns().stream()
                    .filter(c -> "roles".equals(c.getUserData())).findFirst().orElseThrow();
            Label header = (Label) controlPlane.getGraphic();
            assertThat(header.getText()).isEqualTo(zh.getString("hosts.col.role.control-plane"));
            assertThat(FirstStartTest.elided(header)).isEmpty();
            assertThat(header.getTooltip().getText()).isEqualTo(zh.getString("hosts.col.role.control-plane.tip"));
        }
    }

    @Test
    void enterInACellCommitsTheCellAndStaysOnHosts(FxRobot robot) {
        robot.interact(() -> wizard.show(WizardPage.HOSTS));
        TableView<?> table = robot.lookup("#hostTable").queryTableView();
        TextField name = (TextField) table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getIndex() == 7
                        && "name".equals(c.getTableColumn().getUserData()))
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getGraphic()).findFirst().orElseThrow();
        robot.clickOn(name);
        robot.interact(name::selectAll);
        robot.write("worker9");
        robot.type(KeyCode.ENTER);
        assertThat(wizard.cluster().hosts().get(7).nameProperty().get()).isEqualTo("worker9");
        assertThat(wizard.pageProperty().get()).as("Enter in a cell is not Next").isEqualTo(WizardPage.HOSTS);
    }
}

package dev.kubeha.ui.wizard;

import dev.kubeha.model.Problem;
import dev.kubeha.model.Role;
import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.install.SshQuestions;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * Hosts: SSH defaults, the editable host table, and a box to paste {@code name address role} lines.
 * The layout is HostsView.fxml; this class binds it and makes the table's columns (one per role).
 */
final class HostsView {
    private final HostsViewModel hosts;
    private final Forms forms;
    private final VBox root;

    @FXML private GridPane form;
    @FXML private TextField sshUser;
    @FXML private Label sshUserMessage;
    @FXML private TextField sshPort;
    @FXML private Label sshPortMessage;
    @FXML private TextField identityFile;
    @FXML private Label identityFileMessage;
    @FXML private CheckBox sudo;
    @FXML private TextField privateInterface;
    @FXML private Label privateInterfaceMessage;
    @FXML private TableView<HostRow> hostTable;
    @FXML private Button addHost;
    @FXML private Button duplicateHost;
    @FXML private Button removeHost;
    @FXML private Label lockedNotice;
    @FXML private Button importCsv;
    @FXML private Label importMessage;
    @FXML private Button testConnection;
    @FXML private Button testAll;
    @FXML private PasswordField testLoginPassword;
    @FXML private PasswordField testSudoPassword;
    @FXML private Label probeStatus;
    @FXML private ListView<String> probeProblems;
    @FXML private Label pasteLabel;
    @FXML private TextArea pasteHosts;
    @FXML private Button addPasted;
    @FXML private Label pasteMessage;
    @FXML private Label switchedToDedicated;
    @FXML private ListView<Problem> problems;

    HostsView(HostsViewModel hosts, Forms forms) {
        this.hosts = hosts;
        this.forms = forms;
        this.root = Fxml.load("wizard/HostsView", this, forms.messages());
        bind();
    }

    private void bind() {
        ClusterViewModel cluster = hosts.cluster();
        forms.bindField(sshUser, sshUserMessage, cluster.sshUserProperty(), "ssh.user");
        sshPort.setTextFormatter(Forms.digitsOnly());
        forms.bindField(sshPort, sshPortMessage, cluster.sshPortProperty(), "ssh.port");
        forms.bindField(identityFile, identityFileMessage, cluster.sshIdentityFileProperty(), "ssh.identityFile");
        sudo.selectedProperty().bindBidirectional(cluster.sshSudoProperty());
        forms.bindField(privateInterface, privateInterfaceMessage, cluster.privateInterfaceProperty(), "privateInterface");
        Forms.labelRows(form);

        TableView<HostRow> table = hostTable;
        table.setItems(cluster.hosts());
        addColumns(table, cluster);
        forms.onHostTarget((row, field) -> focusCell(table, row, field));

        addHost.setOnAction(e -> table.getSelectionModel().select(hosts.addHost()));
        duplicateHost.setOnAction(e -> table.getSelectionModel().select(
                hosts.duplicate(table.getSelectionModel().getSelectedItem())));
        removeHost.setOnAction(e -> hosts.remove(table.getSelectionModel().getSelectedItem()));
        duplicateHost.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        // An installed node is locked while nodes are added: Remove node… on the Cluster page takes it out.
        removeHost.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            HostRow selected = table.getSelectionModel().getSelectedItem();
            return selected == null || selected.lockedProperty().get();
        }, table.getSelectionModel().selectedItemProperty(), hosts.lockedNoticeProperty()));
        lockedNotice.textProperty().bind(hosts.lockedNoticeProperty());
        lockedNotice.visibleProperty().bind(hosts.lockedNoticeProperty().isNotEmpty());
        lockedNotice.managedProperty().bind(lockedNotice.visibleProperty());
        importCsv.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(forms.text("hosts.importTitle"));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(forms.text("hosts.csvFiles"), "*.csv"));
            java.io.File chosen = chooser.showOpenDialog(root.getScene().getWindow());
            if (chosen != null) {
                hosts.importCsv(chosen.toPath());
            }
        });
        importMessage.textProperty().bind(hosts.importMessageProperty());
        importMessage.visibleProperty().bind(hosts.importMessageProperty().isNotEmpty());
        importMessage.managedProperty().bind(importMessage.visibleProperty());

        testConnection.setOnAction(e -> test(hosts, forms, List.of(table.getSelectionModel().getSelectedItem()),
                testLoginPassword, testSudoPassword));
        testConnection.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(hosts.probingProperty()));
        testAll.setOnAction(e -> test(hosts, forms, List.copyOf(cluster.hosts()), testLoginPassword, testSudoPassword));
        testAll.disableProperty().bind(Bindings.isEmpty(cluster.hosts()).or(hosts.probingProperty()));
        probeStatus.textProperty().bind(hosts.probeStatusProperty());
        hosts.probeFailedProperty().addListener((o, was, now) -> probeStatus.pseudoClassStateChanged(Forms.ERROR, now));
        probeProblems.setItems(hosts.probeProblems());
        // One wrapped line per host with a problem, the list as high as its lines (up to six).
        probeProblems.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
            }
        });
        probeProblems.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> 8 + 26.0 * Math.min(6, Math.max(1, hosts.probeProblems().size())), hosts.probeProblems()));
        probeProblems.visibleProperty().bind(Bindings.isNotEmpty(hosts.probeProblems()));
        probeProblems.managedProperty().bind(probeProblems.visibleProperty());

        pasteHosts.textProperty().bindBidirectional(hosts.pasteTextProperty());
        pasteLabel.setLabelFor(pasteHosts);
        pasteHosts.setAccessibleText(pasteLabel.getText().replace("_", ""));
        addPasted.setOnAction(e -> hosts.addPasted());
        addPasted.disableProperty().bind(hosts.pasteTextProperty().isEmpty());
        pasteMessage.textProperty().bind(hosts.pasteMessageProperty());

        switchedToDedicated.visibleProperty().bind(cluster.switchedToDedicatedProperty());
        switchedToDedicated.managedProperty().bind(switchedToDedicated.visibleProperty());
        forms.showProblems(problems, cluster.shownProblems(WizardPage.HOSTS), cluster.problems(WizardPage.HOSTS));
        // Here the host table takes the free height; the lists keep a few lines.
        VBox.setVgrow(problems, javafx.scene.layout.Priority.NEVER);
        VBox.setVgrow(probeProblems, javafx.scene.layout.Priority.NEVER);
        // The password fields as wide as their placeholders, which say what each is for.
        for (PasswordField f : List.of(testLoginPassword, testSudoPassword)) {
            f.setPrefWidth(textWidth(f.getPromptText(), false) + 28);
            f.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        // Buttons keep their text when the test status beside them grows.
        root.lookupAll(".button").forEach(b -> ((javafx.scene.layout.Region) b).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
    }

    /** The host table's columns: bound text cells marked by the validator, a check box per role, results. */
    private void addColumns(TableView<HostRow> table, ClusterViewModel cluster) {
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.name"), HostRow::nameProperty, false, 110, "name"));
        // The test result beside the name, where it is read with the host it is about.
        TableColumn<HostRow, String> connection = new TableColumn<>(forms.text("hosts.col.connection"));
        connection.setId("connectionColumn");
        connection.setCellValueFactory(c -> hosts.probeSummary(c.getValue()));
        connection.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new javafx.scene.control.Tooltip(text));
                pseudoClassStateChanged(Forms.ERROR, !empty && text != null && text.startsWith("\u2716"));
            }
        });
        connection.setPrefWidth(fit(connection.getText(), 190));
        table.getColumns().add(connection);
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.host"), HostRow::hostProperty, false, 130, "host"));
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.privateAddress"), HostRow::privateAddressProperty,
                false, 120, "privateAddress"));
        for (Role role : Role.values()) {
            // A short header (the role's full name and what it means in its tooltip): three of them fit.
            TableColumn<HostRow, HostRow> c = new TableColumn<>();
            Label header = new Label(forms.text("hosts.col.role." + role.wireName()));
            header.setTooltip(new javafx.scene.control.Tooltip(forms.text("hosts.col.role." + role.wireName() + ".tip")));
            header.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            c.setGraphic(header);
            c.setId("role-" + role.wireName());
            BoundCells.check(c, r -> r.role(role), role.wireName());
            if (role.ordinal() == 0) {
                c.setUserData("roles");
            }
            c.setPrefWidth(fit(header.getText(), 60));
            table.getColumns().add(c);
        }
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.interface"), HostRow::privateInterfaceProperty,
                false, 90, "privateInterface"));
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.user"), HostRow::sshUserProperty, false, 90, "ssh.user"));
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.port"), HostRow::sshPortProperty, true, 60, "ssh.port"));
        table.getColumns().add(textColumn(cluster, forms.words(), forms.text("hosts.col.identityFile"), HostRow::sshIdentityFileProperty,
                false, 120, "ssh.identityFile"));
        TableColumn<HostRow, String> resulting = new TableColumn<>(forms.text("hosts.col.resultingAddress"));
        resulting.setId("resultingAddressColumn");
        resulting.setCellValueFactory(c -> hosts.resultingAddress(c.getValue()));
        resulting.setPrefWidth(fit(resulting.getText(), 170));
        table.getColumns().add(resulting);
    }

    /** Selects a host's row and focuses the cell of {@code field} (the first cell when null or unknown). */
    private static void focusCell(TableView<HostRow> table, int row, String field) {
        if (row < 0 || row >= table.getItems().size()) {
            return;
        }
        TableColumn<HostRow, ?> column = table.getColumns().stream()
                .filter(c -> field != null && field.equals(c.getUserData())).findFirst()
                .orElse(table.getColumns().get(0));
        table.getSelectionModel().clearAndSelect(row);
        table.scrollTo(row);
        table.scrollToColumn(column);
        table.layout();
        table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> cell
                        && cell.getIndex() == row && cell.getTableColumn() == column)
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getGraphic())
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .ifPresentOrElse(javafx.scene.Node::requestFocus, table::requestFocus);
    }

    /**
     * Tests the rows in the background; a first-seen host key and an encrypted key file are asked
     * about here. The password fields keep their text for the next test (never saved).
     */
    private void test(HostsViewModel hosts, Forms forms, List<HostRow> rows, PasswordField login, PasswordField sudo) {
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        javafx.stage.Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        SshQuestions questions = new SshQuestions(owner, forms.messages());
        hosts.test(rows, loginPassword, sudoPassword, questions.hostKeys(), questions.passphrases());
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    private static TableColumn<HostRow, HostRow> textColumn(ClusterViewModel cluster, ProblemWords words, String title,
            java.util.function.Function<HostRow, javafx.beans.property.StringProperty> property, boolean digits,
            double width, String field) {
        TableColumn<HostRow, HostRow> c = new TableColumn<>(title);
        BoundCells.text(c, property, digits, cluster, words, field);
        c.setUserData(field);
        c.setPrefWidth(fit(title, width));
        return c;
    }

    /** A column's width: {@code width}, or more when its header would not read whole (the header is bold). */
    static double fit(String header, double width) {
        // Measured in the toolkit's default font; the theme's is up to a tenth larger, and the header has padding.
        double needed = Math.ceil(textWidth(header, true) * 1.1) + 28;
        // Not 80: a column of that preferred width is sized to its content by the table.
        double w = Math.max(width, needed);
        return w == 80 ? 81 : w;
    }

    static double textWidth(String s, boolean bold) {
        javafx.scene.text.Font font = javafx.scene.text.Font.getDefault();
        javafx.scene.text.Text text = new javafx.scene.text.Text(s);
        text.setFont(javafx.scene.text.Font.font(font.getFamily(),
                bold ? javafx.scene.text.FontWeight.BOLD : javafx.scene.text.FontWeight.NORMAL, font.getSize()));
        return Math.ceil(text.getLayoutBounds().getWidth());
    }

    Parent root() {
        return root;
    }
}

package dev.kubeha.ui;

import dev.kubeha.model.Role;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.stage.FileChooser;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Hosts: SSH defaults, the editable host table, and a box to paste {@code name address role} lines. */
final class HostsView {
    private final VBox root = new VBox(8);

    HostsView(HostsViewModel hosts, Forms forms) {
        ClusterViewModel cluster = hosts.cluster();
        root.getStyleClass().addAll("page", "hosts-page");

        GridPane ssh = Forms.grid();
        forms.textRow(ssh, "field.sshUser", cluster.sshUserProperty(), "ssh.user");
        forms.portRow(ssh, "field.sshPort", cluster.sshPortProperty(), "ssh.port");
        forms.textRow(ssh, "field.identityFile", cluster.sshIdentityFileProperty(), "ssh.identityFile");
        CheckBox sudo = new CheckBox(forms.text("field.sudo"));
        sudo.setMnemonicParsing(true);
        sudo.selectedProperty().bindBidirectional(cluster.sshSudoProperty());
        ssh.add(sudo, 1, ssh.getRowCount());
        // Also on the Network page; here because without it (or a private address per host) the
        // table has errors the user could not fix from this page.
        forms.textRow(ssh, "field.privateInterfaceAll", cluster.privateInterfaceProperty(), "privateInterface");

        TableView<HostRow> table = new TableView<>(cluster.hosts());
        table.setId("hostTable");
        table.setEditable(true);
        table.setPrefHeight(280);
        table.setAccessibleText(forms.text("hosts.table"));
        table.setPlaceholder(new Label(forms.text("hosts.empty")));
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.name"), HostRow::nameProperty, false, 110, "name"));
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.host"), HostRow::hostProperty, false, 140, "host"));
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.privateAddress"), HostRow::privateAddressProperty,
                false, 120, "privateAddress"));
        for (Role role : Role.values()) {
            TableColumn<HostRow, HostRow> c = new TableColumn<>(role.wireName());
            BoundCells.check(c, r -> r.role(role));
            c.setPrefWidth(90);
            table.getColumns().add(c);
        }
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.interface"), HostRow::privateInterfaceProperty,
                false, 80, "privateInterface"));
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.user"), HostRow::sshUserProperty, false, 80, "ssh.user"));
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.port"), HostRow::sshPortProperty, true, 60, "ssh.port"));
        table.getColumns().add(textColumn(cluster, forms.text("hosts.col.identityFile"), HostRow::sshIdentityFileProperty,
                false, 140, "ssh.identityFile"));
        TableColumn<HostRow, String> resulting = new TableColumn<>(forms.text("hosts.col.resultingAddress"));
        resulting.setId("resultingAddressColumn");
        resulting.setCellValueFactory(c -> hosts.resultingAddress(c.getValue()));
        resulting.setPrefWidth(170);
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
        connection.setPrefWidth(320);
        table.getColumns().add(resulting);
        table.getColumns().add(connection);

        Button add = button(forms.text("hosts.add"), "addHost");
        add.setOnAction(e -> table.getSelectionModel().select(hosts.addHost()));
        Button duplicate = button(forms.text("hosts.duplicate"), "duplicateHost");
        duplicate.setOnAction(e -> table.getSelectionModel().select(
                hosts.duplicate(table.getSelectionModel().getSelectedItem())));
        Button remove = button(forms.text("hosts.remove"), "removeHost");
        remove.setOnAction(e -> hosts.remove(table.getSelectionModel().getSelectedItem()));
        duplicate.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button importCsv = button(forms.text("hosts.importCsv"), "importCsv");
        importCsv.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(forms.text("hosts.importTitle"));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(forms.text("hosts.csvFiles"), "*.csv"));
            java.io.File chosen = chooser.showOpenDialog(root.getScene().getWindow());
            if (chosen != null) {
                hosts.importCsv(chosen.toPath());
            }
        });
        Label importMessage = new Label();
        importMessage.setId("importMessage");
        importMessage.setWrapText(true);
        importMessage.textProperty().bind(hosts.importMessageProperty());
        importMessage.visibleProperty().bind(hosts.importMessageProperty().isNotEmpty());
        importMessage.managedProperty().bind(importMessage.visibleProperty());

        PasswordField loginPassword = new PasswordField();
        loginPassword.setId("testLoginPassword");
        loginPassword.setPromptText(forms.text("hosts.test.loginPassword"));
        loginPassword.setAccessibleText(forms.text("hosts.test.loginPassword"));
        PasswordField sudoPassword = new PasswordField();
        sudoPassword.setId("testSudoPassword");
        sudoPassword.setPromptText(forms.text("hosts.test.sudoPassword"));
        sudoPassword.setAccessibleText(forms.text("hosts.test.sudoPassword"));
        Button test = button(forms.text("hosts.test.selected"), "testConnection");
        test.setOnAction(e -> test(hosts, forms, List.of(table.getSelectionModel().getSelectedItem()), loginPassword,
                sudoPassword));
        test.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(hosts.probingProperty()));
        Button testAll = button(forms.text("hosts.test.all"), "testAll");
        testAll.setOnAction(e -> test(hosts, forms, List.copyOf(cluster.hosts()), loginPassword, sudoPassword));
        testAll.disableProperty().bind(Bindings.isEmpty(cluster.hosts()).or(hosts.probingProperty()));
        Label probeStatus = new Label();
        probeStatus.setId("probeStatus");
        probeStatus.getStyleClass().add("save-status");
        probeStatus.setWrapText(true);
        probeStatus.textProperty().bind(hosts.probeStatusProperty());
        hosts.probeFailedProperty().addListener((o, was, now) -> probeStatus.pseudoClassStateChanged(Forms.ERROR, now));
        ListView<String> probeProblems = new ListView<>(hosts.probeProblems());
        probeProblems.setId("probeProblems");
        probeProblems.getStyleClass().addAll("problem-list", "probe-problems");
        probeProblems.setPrefHeight(80);
        probeProblems.setFocusTraversable(false);
        probeProblems.setAccessibleText(forms.text("hosts.test.problems"));
        probeProblems.visibleProperty().bind(Bindings.isNotEmpty(hosts.probeProblems()));
        probeProblems.managedProperty().bind(probeProblems.visibleProperty());
        HBox testRow = new HBox(8, test, testAll, loginPassword, sudoPassword, probeStatus);
        testRow.getStyleClass().add("test-row");

        TextArea paste = new TextArea();
        paste.setId("pasteHosts");
        paste.setPrefRowCount(3);
        paste.setPromptText("master0 203.0.113.20 control-plane   \u00b7   worker0 203.0.113.30 worker");
        paste.textProperty().bindBidirectional(hosts.pasteTextProperty());
        Label pasteLabel = new Label(forms.text("hosts.pasteLabel"));
        pasteLabel.setMnemonicParsing(true);
        pasteLabel.setLabelFor(paste);
        paste.setAccessibleText(pasteLabel.getText().replace("_", ""));
        Button addPasted = button(forms.text("hosts.addPasted"), "addPasted");
        addPasted.setOnAction(e -> hosts.addPasted());
        addPasted.disableProperty().bind(hosts.pasteTextProperty().isEmpty());
        Label pasteMessage = new Label();
        pasteMessage.setId("pasteMessage");
        pasteMessage.setWrapText(true);
        pasteMessage.textProperty().bind(hosts.pasteMessageProperty());
        HBox.setHgrow(paste, Priority.ALWAYS);

        Label switched = new Label(forms.text("hosts.switchedToDedicated"));
        switched.setId("switchedToDedicated");
        switched.getStyleClass().add("notice");
        switched.setWrapText(true);
        switched.visibleProperty().bind(cluster.switchedToDedicatedProperty());
        switched.managedProperty().bind(switched.visibleProperty());

        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(Forms.heading(forms.text("hosts.heading")), ssh, table,
                new HBox(8, add, duplicate, remove, importCsv), importMessage, testRow, probeProblems, pasteLabel, new HBox(8, paste, addPasted), pasteMessage, switched,
                forms.problemList(cluster.problems(WizardPage.HOSTS)));
    }

    /**
     * Tests the rows in the background; a first-seen host key and an encrypted key file are asked
     * about here. The password fields keep their text for the next test (never saved).
     */
    private void test(HostsViewModel hosts, Forms forms, List<HostRow> rows, PasswordField login, PasswordField sudo) {
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        javafx.stage.Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        hosts.test(rows, loginPassword, sudoPassword,
                new FxHostKeyPolicy((target, type, fingerprint) -> InstallLauncher.trust(owner, forms.messages(), target.describe(), type,
                        fingerprint)),
                key -> FxQuestion.ask(() -> InstallLauncher.passphrase(owner, forms.messages(), key), null));
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    private static TableColumn<HostRow, HostRow> textColumn(ClusterViewModel cluster, String title,
            java.util.function.Function<HostRow, javafx.beans.property.StringProperty> property, boolean digits,
            double width, String field) {
        TableColumn<HostRow, HostRow> c = new TableColumn<>(title);
        BoundCells.text(c, property, digits, cluster.problems(), field);
        c.setPrefWidth(width);
        return c;
    }

    private static Button button(String text, String id) {
        Button b = new Button(text);
        b.setMnemonicParsing(true);
        b.setId(id);
        return b;
    }

    Parent root() {
        return root;
    }
}

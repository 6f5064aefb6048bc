package dev.kubeha.ui;

import dev.kubeha.exec.HostProbe;
import javafx.collections.FXCollections;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Network: the private interface (chosen from what the tested hosts reported, or typed when they
 * have not been tested), a per-host override with the private address each host ends up with, pod
 * and service CIDRs, DNS domain and CNI manifest, each with its live message.
 */
final class NetworkView {
    private final VBox root = new VBox(10);

    NetworkView(HostsViewModel hosts, Forms forms) {
        ClusterViewModel cluster = hosts.cluster();
        root.getStyleClass().addAll("page", "network-page");
        GridPane grid = Forms.grid();
        ComboBox<String> iface = interfaceChoice(hosts.reportedInterfaces(), cluster.privateInterfaceProperty());
        iface.setId("privateInterfaceChoice");
        iface.setPromptText("eth1");
        forms.row(grid, "field.privateInterface", iface, "privateInterface");
        forms.textRow(grid, "field.podSubnet", cluster.podSubnetProperty(), "networking.podSubnet");
        forms.textRow(grid, "field.serviceSubnet", cluster.serviceSubnetProperty(), "networking.serviceSubnet");
        forms.textRow(grid, "field.dnsDomain", cluster.dnsDomainProperty(), "networking.dnsDomain");
        forms.textRow(grid, "field.cniManifest", cluster.cniManifestProperty(), "cni.manifest");
        Label intro = new Label(forms.text("network.intro"));
        intro.setWrapText(true);

        TableView<HostRow> table = new TableView<>(cluster.hosts());
        table.setId("networkHosts");
        table.setEditable(true);
        table.setPrefHeight(200);
        table.setAccessibleText(forms.text("network.hosts"));
        table.setPlaceholder(new Label(forms.text("hosts.empty")));
        TableColumn<HostRow, String> name = new TableColumn<>(forms.text("hosts.col.name"));
        name.setCellValueFactory(c -> c.getValue().nameProperty());
        name.setPrefWidth(140);
        TableColumn<HostRow, HostRow> override = new TableColumn<>(forms.text("network.col.override"));
        override.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        override.setCellFactory(c -> new OverrideCell(forms.text("network.col.override")));
        override.setPrefWidth(180);
        TableColumn<HostRow, String> address = new TableColumn<>(forms.text("hosts.col.resultingAddress"));
        address.setCellValueFactory(c -> hosts.resultingAddress(c.getValue()));
        address.setPrefWidth(260);
        table.getColumns().add(name);
        table.getColumns().add(override);
        table.getColumns().add(address);
        Label hostsIntro = new Label(forms.text("network.hostsIntro"));
        hostsIntro.setWrapText(true);

        root.getChildren().addAll(Forms.heading(forms.text("network.heading")), intro, grid, hostsIntro, table,
                forms.problemList(cluster.problems(WizardPage.NETWORK)));
    }

    /**
     * An editable choice of interface names whose text is the property, as typed: a name typed by
     * hand counts at once, without Enter.
     */
    static ComboBox<String> interfaceChoice(javafx.collections.ObservableList<String> names,
                                            javafx.beans.property.StringProperty value) {
        ComboBox<String> box = new ComboBox<>(names);
        box.setEditable(true);
        box.getEditor().textProperty().bindBidirectional(value);
        box.valueProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(value.get())) {
                value.set(now);
            }
        });
        return box;
    }

    /** The row's own interface, chosen from the interfaces that host reported; empty follows the cluster's. */
    private static final class OverrideCell extends TableCell<HostRow, HostRow> {
        private final String label;
        private ComboBox<String> box;
        private final javafx.beans.InvalidationListener probed = o -> refreshItems();

        OverrideCell(String label) {
            this.label = label;
        }

        @Override
        protected void updateItem(HostRow row, boolean empty) {
            super.updateItem(row, empty);
            if (box != null) {
                HostRow old = (HostRow) box.getUserData();
                box.getEditor().textProperty().unbindBidirectional(old.privateInterfaceProperty());
                old.probeProperty().removeListener(probed);
                box = null;
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            box = interfaceChoice(FXCollections.observableArrayList(), row.privateInterfaceProperty());
            box.setUserData(row);
            row.probeProperty().addListener(probed);
            refreshItems();
            box.setAccessibleText(label);
            box.setMaxWidth(Double.MAX_VALUE);
            setGraphic(box);
        }

        private void refreshItems() {
            if (box != null) {
                HostProbe.Report report = ((HostRow) box.getUserData()).probeProperty().get();
                box.getItems().setAll(report == null ? java.util.List.of() : report.interfaceNames());
            }
        }
    }

    Parent root() {
        return root;
    }
}

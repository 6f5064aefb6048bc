package dev.kubeha.ui.wizard;

import dev.kubeha.exec.HostProbe;
import dev.kubeha.model.Problem;
import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.artifact.Distro;
import dev.kubeha.ui.review.AirGapSetting;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * Network: the private interface (chosen from what the tested hosts reported, or typed when they
 * have not been tested), a per-host override with the private address each host ends up with, pod
 * and service CIDRs, DNS domain and CNI manifest, each with its live message. The layout is
 * NetworkView.fxml; this class binds it and makes the override column's cells.
 */
final class NetworkView {
    private final HostsViewModel hosts;
    private final Forms forms;
    private final VBox root;

    @FXML private GridPane form;
    @FXML private ComboBox<String> privateInterfaceChoice;
    @FXML private Label privateInterfaceMessage;
    @FXML private TextField podSubnet;
    @FXML private Label podSubnetMessage;
    @FXML private TextField serviceSubnet;
    @FXML private Label serviceSubnetMessage;
    @FXML private TextField dnsDomain;
    @FXML private Label dnsDomainMessage;
    @FXML private TextField cniManifest;
    @FXML private Label cniManifestMessage;
    @FXML private CheckBox airGapped;
    @FXML private Label airGappedIntro;
    @FXML private Label airGappedDistroLabel;
    @FXML private ComboBox<String> airGappedDistro;
    @FXML private Label airGappedDistroMessage;
    @FXML private Label airGappedPackagesLabel;
    @FXML private TextField airGappedPackages;
    @FXML private Button airGappedChoosePackages;
    @FXML private Label airGappedPackagesMessage;
    @FXML private Label airGappedNeeds;
    @FXML private TableView<HostRow> networkHosts;
    @FXML private TableColumn<HostRow, String> nameColumn;
    @FXML private TableColumn<HostRow, HostRow> overrideColumn;
    @FXML private TableColumn<HostRow, String> addressColumn;
    @FXML private ListView<Problem> problems;

    NetworkView(HostsViewModel hosts, Forms forms) {
        this.hosts = hosts;
        this.forms = forms;
        this.root = Fxml.load("wizard/NetworkView", this, forms.messages());
        bind();
    }

    private void bind() {
        ClusterViewModel cluster = hosts.cluster();
        bindInterfaceChoice(privateInterfaceChoice, hosts.reportedInterfaces(), cluster.privateInterfaceProperty());
        forms.bindMessage(privateInterfaceMessage, "privateInterface", privateInterfaceChoice);
        forms.bindField(podSubnet, podSubnetMessage, cluster.podSubnetProperty(), "networking.podSubnet");
        forms.bindField(serviceSubnet, serviceSubnetMessage, cluster.serviceSubnetProperty(), "networking.serviceSubnet");
        forms.bindField(dnsDomain, dnsDomainMessage, cluster.dnsDomainProperty(), "networking.dnsDomain");
        forms.bindField(cniManifest, cniManifestMessage, cluster.cniManifestProperty(), "cni.manifest");
        bindAirGapped(cluster);
        Forms.labelRows(form);

        networkHosts.setItems(cluster.hosts());
        nameColumn.setCellValueFactory(c -> c.getValue().nameProperty());
        overrideColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        overrideColumn.setCellFactory(c -> new OverrideCell(forms.text("network.col.override")));
        addressColumn.setCellValueFactory(c -> hosts.resultingAddress(c.getValue()));
        forms.showProblems(problems, cluster.shownProblems(WizardPage.NETWORK), cluster.problems(WizardPage.NETWORK));
    }

    /**
     * "The nodes have no internet": the distribution whose packages kubeha fetches (or none, for
     * the packages folder only) and the packages folder, shown while it is on; what Install and the
     * air-gapped export would refuse is said under them.
     */
    private void bindAirGapped(ClusterViewModel cluster) {
        airGapped.selectedProperty().bindBidirectional(cluster.airGappedProperty());
        forms.target("airGapped", airGapped);
        String none = forms.text("network.airGapped.distroNone");
        List<String> choices = new java.util.ArrayList<>(List.of(""));
        choices.addAll(Distro.labels());
        airGappedDistro.setItems(FXCollections.observableArrayList(choices));
        airGappedDistro.setCellFactory(l -> new DistroCell(none));
        airGappedDistro.setButtonCell(new DistroCell(none));
        StringProperty distro = cluster.airGappedDistroProperty();
        airGappedDistro.setValue(distro.get().isEmpty() ? null : distro.get());
        airGappedDistro.valueProperty().addListener((o, was, now) -> distro.set(now == null ? "" : now));
        distro.addListener((o, was, now) -> {
            String shown = now == null || now.isEmpty() ? null : now;
            if (!java.util.Objects.equals(airGappedDistro.getValue(), shown)) {
                airGappedDistro.setValue(shown);
            }
        });
        forms.bindMessage(airGappedDistroMessage, "airGapped.distro", airGappedDistro);
        forms.bindField(airGappedPackages, airGappedPackagesMessage, cluster.airGappedPackagesProperty(), "airGapped.packages");
        airGappedChoosePackages.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(forms.text("network.airGapped.choosePackagesTitle"));
            File chosen = chooser.showDialog(root.getScene().getWindow());
            if (chosen != null) {
                cluster.airGappedPackagesProperty().set(chosen.getAbsolutePath());
            }
        });
        airGappedNeeds.textProperty().bind(Bindings.createStringBinding(() -> cluster.snapshotProperty().get() == null ? ""
                : AirGapSetting.refusal(cluster.snapshotProperty().get(), forms.messages()).orElse(""), cluster.snapshotProperty()));
        airGappedNeeds.visibleProperty().bind(airGappedNeeds.textProperty().isNotEmpty());
        airGappedNeeds.managedProperty().bind(airGappedNeeds.visibleProperty());
        airGappedNeeds.pseudoClassStateChanged(Forms.ERROR, true);
        for (javafx.scene.Node n : new javafx.scene.Node[] {airGappedIntro, airGappedDistroLabel, airGappedDistro,
                airGappedPackagesLabel, airGappedPackages, airGappedChoosePackages}) {
            n.visibleProperty().bind(cluster.airGappedProperty());
            n.managedProperty().bind(n.visibleProperty());
        }
    }

    /** A distribution in the choice; the empty entry is "none". */
    private static final class DistroCell extends javafx.scene.control.ListCell<String> {
        private final String none;

        DistroCell(String none) {
            this.none = none;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? none : item);
        }
    }

    /**
     * An editable choice of interface names whose text is the property, as typed: a name typed by
     * hand counts at once, without Enter.
     */
    static ComboBox<String> interfaceChoice(javafx.collections.ObservableList<String> names,
                                            javafx.beans.property.StringProperty value) {
        ComboBox<String> box = new ComboBox<>();
        box.setEditable(true);
        bindInterfaceChoice(box, names, value);
        return box;
    }

    /** Makes an editable combo box (from FXML or {@link #interfaceChoice}) such a choice. */
    static void bindInterfaceChoice(ComboBox<String> box, javafx.collections.ObservableList<String> names,
                                    javafx.beans.property.StringProperty value) {
        box.setItems(names);
        box.getEditor().textProperty().bindBidirectional(value);
        box.valueProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(value.get())) {
                value.set(now);
            }
        });
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

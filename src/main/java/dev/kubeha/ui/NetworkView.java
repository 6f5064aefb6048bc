package dev.kubeha.ui;

import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Network: the private interface, pod and service CIDRs, DNS domain and CNI manifest, each with its live message. */
final class NetworkView {
    private final VBox root = new VBox(10);

    NetworkView(ClusterViewModel cluster, Forms forms) {
        root.getStyleClass().addAll("page", "network-page");
        GridPane grid = Forms.grid();
        forms.textRow(grid, "field.privateInterface", cluster.privateInterfaceProperty(), "privateInterface");
        forms.textRow(grid, "field.podSubnet", cluster.podSubnetProperty(), "networking.podSubnet");
        forms.textRow(grid, "field.serviceSubnet", cluster.serviceSubnetProperty(), "networking.serviceSubnet");
        forms.textRow(grid, "field.dnsDomain", cluster.dnsDomainProperty(), "networking.dnsDomain");
        forms.textRow(grid, "field.cniManifest", cluster.cniManifestProperty(), "cni.manifest");
        Label intro = new Label(forms.text("network.intro"));
        intro.setWrapText(true);
        root.getChildren().addAll(Forms.heading(forms.text("network.heading")), intro, grid,
                forms.problemList(cluster.problems(WizardPage.NETWORK)));
    }

    Parent root() {
        return root;
    }
}

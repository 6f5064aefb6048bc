package dev.kubeha.ui;

import dev.kubeha.model.LoadBalancerMode;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Load balancer: an external endpoint, or HAProxy + keepalived on the masters with a virtual IP. */
final class LoadBalancerView {
    private final VBox root = new VBox(10);

    LoadBalancerView(ClusterViewModel cluster, Forms forms) {
        root.getStyleClass().addAll("page", "lb-page");
        RadioButton external = Forms.radio(forms.text("lb.external"), LoadBalancerMode.EXTERNAL);
        RadioButton haproxy = Forms.radio(forms.text("lb.haproxy"), LoadBalancerMode.HAPROXY_KEEPALIVED);
        Forms.radios(cluster.lbModeProperty(), external, haproxy);
        GridPane grid = Forms.grid();
        forms.row(grid, "lb.mode", external, null);
        grid.add(haproxy, 2, grid.getRowCount() - 1);
        TextField endpoint = forms.textRow(grid, "field.lbEndpoint", cluster.lbEndpointProperty(), "loadBalancer.endpoint");
        endpoint.promptTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> forms.text(cluster.lbModeProperty().get() == LoadBalancerMode.EXTERNAL
                        ? "lb.endpointPrompt" : "lb.endpointFromVip"), cluster.lbModeProperty()));
        TextField vip = forms.textRow(grid, "field.virtualIp", cluster.lbVirtualIpProperty(), "loadBalancer.virtualIp");
        vip.disableProperty().bind(cluster.lbModeProperty().isEqualTo(LoadBalancerMode.EXTERNAL));
        vip.setPromptText("10.0.0.100/24");
        Label intro = new Label(forms.text("lb.intro"));
        intro.setWrapText(true);
        root.getChildren().addAll(Forms.heading(forms.text("lb.heading")), intro, grid,
                forms.problemList(cluster.problems(WizardPage.LOAD_BALANCER)));
    }

    Parent root() {
        return root;
    }
}

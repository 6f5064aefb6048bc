package dev.kubeha.ui;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** etcd: topology and runtime, a diagram of the cluster drawn from the model, and what quorum means here. */
final class EtcdView {
    private final VBox root = new VBox(10);
    private final TopologyDiagram diagram;

    EtcdView(ClusterViewModel cluster, Forms forms, java.util.ResourceBundle messages) {
        root.getStyleClass().addAll("page", "etcd-page");
        RadioButton dedicated = Forms.radio(forms.text("etcd.dedicated"), EtcdTopology.DEDICATED);
        RadioButton coLocated = Forms.radio(forms.text("etcd.coLocated"), EtcdTopology.CO_LOCATED);
        Forms.radios(cluster.etcdTopologyProperty(), dedicated, coLocated);
        RadioButton systemd = Forms.radio(forms.text("etcd.systemd"), EtcdRuntime.SYSTEMD);
        RadioButton staticPod = Forms.radio(forms.text("etcd.staticPod"), EtcdRuntime.STATIC_POD);
        Forms.radios(cluster.etcdRuntimeProperty(), systemd, staticPod);

        GridPane grid = Forms.grid();
        forms.row(grid, "etcd.topology", dedicated, null);
        grid.add(coLocated, 2, grid.getRowCount() - 1);
        forms.row(grid, "etcd.runtime", systemd, null);
        grid.add(staticPod, 2, grid.getRowCount() - 1);
        forms.textRow(grid, "field.etcdVersion", cluster.etcdVersionProperty(), "etcd.version");

        Label mode = new Label();
        mode.setWrapText(true);
        mode.textProperty().bind(Bindings.createStringBinding(() -> forms.text(
                new dev.kubeha.model.EtcdSettings(cluster.etcdTopologyProperty().get(),
                        cluster.etcdRuntimeProperty().get(), null).stacked() ? "etcd.stacked" : "etcd.external"),
                cluster.etcdTopologyProperty(), cluster.etcdRuntimeProperty()));

        diagram = new TopologyDiagram(messages);
        diagram.setId("topologyDiagram");
        Label quorum = new Label();
        quorum.setId("quorum");
        quorum.setWrapText(true);
        quorum.textProperty().bind(Bindings.createStringBinding(() -> quorumText(cluster.topologyProperty().get(), forms),
                cluster.topologyProperty()));
        diagram.show(cluster.topologyProperty().get());
        cluster.topologyProperty().addListener((o, was, now) -> diagram.show(now));

        root.getChildren().addAll(Forms.heading(forms.text("etcd.heading")), grid, mode, diagram, quorum,
                forms.problemList(cluster.problems(WizardPage.ETCD)));
    }

    private static String quorumText(Topology t, Forms forms) {
        if (t == null || t.etcdMembers().isEmpty()) {
            return forms.text("etcd.quorumNone");
        }
        return String.format(forms.text("etcd.quorum"), t.etcdMembers().size(), t.quorum(), t.toleratedFailures());
    }

    TopologyDiagram diagram() {
        return diagram;
    }

    Parent root() {
        return root;
    }

}

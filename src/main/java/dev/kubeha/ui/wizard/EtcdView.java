package dev.kubeha.ui.wizard;

import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.Problem;
import dev.kubeha.ui.fx.Fxml;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * etcd: topology and runtime, a diagram of the cluster drawn from the model, and what quorum means
 * here. The layout is EtcdView.fxml; this class binds it and adds the diagram.
 */
final class EtcdView {
    private final ClusterViewModel cluster;
    private final Forms forms;
    private final VBox root;
    private final TopologyDiagram diagram;

    @FXML private GridPane form;
    @FXML private RadioButton dedicated;
    @FXML private RadioButton coLocated;
    @FXML private RadioButton systemd;
    @FXML private RadioButton staticPod;
    @FXML private TextField version;
    @FXML private Label versionMessage;
    @FXML private Label mode;
    @FXML private Label quorum;
    @FXML private ListView<Problem> problems;

    EtcdView(ClusterViewModel cluster, Forms forms, java.util.ResourceBundle messages) {
        this.cluster = cluster;
        this.forms = forms;
        this.root = Fxml.load("wizard/EtcdView", this, messages);
        this.diagram = new TopologyDiagram(messages);
        diagram.setId("topologyDiagram");
        root.getChildren().add(root.getChildren().indexOf(mode) + 1, diagram);
        bind();
    }

    private void bind() {
        Forms.radios(cluster.etcdTopologyProperty(), dedicated, coLocated);
        forms.target("etcd.topology", dedicated);
        Forms.radios(cluster.etcdRuntimeProperty(), systemd, staticPod);
        forms.target("etcd.runtime", systemd);
        forms.bindField(version, versionMessage, cluster.etcdVersionProperty(), "etcd.version");
        Forms.labelRows(form);

        mode.textProperty().bind(Bindings.createStringBinding(() -> forms.text(
                new EtcdSettings(cluster.etcdTopologyProperty().get(),
                        cluster.etcdRuntimeProperty().get(), null).stacked() ? "etcd.stacked" : "etcd.external"),
                cluster.etcdTopologyProperty(), cluster.etcdRuntimeProperty()));
        quorum.textProperty().bind(Bindings.createStringBinding(() -> quorumText(cluster.topologyProperty().get(), forms),
                cluster.topologyProperty()));
        diagram.show(cluster.topologyProperty().get());
        cluster.topologyProperty().addListener((o, was, now) -> diagram.show(now));
        forms.showProblems(problems, cluster.shownProblems(WizardPage.ETCD), cluster.problems(WizardPage.ETCD));
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

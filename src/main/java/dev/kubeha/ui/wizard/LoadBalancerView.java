package dev.kubeha.ui.wizard;

import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Problem;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Load balancer: an external endpoint, or HAProxy + keepalived on the masters with a virtual IP;
 * and the extra names of the API server certificate. The layout is LoadBalancerView.fxml; this
 * class binds it and makes the SAN list's cells.
 */
final class LoadBalancerView {
    private final ClusterViewModel cluster;
    private final Forms forms;
    private final VBox root;

    @FXML private GridPane form;
    @FXML private RadioButton external;
    @FXML private RadioButton haproxy;
    @FXML private TextField endpoint;
    @FXML private Label endpointMessage;
    @FXML private TextField virtualIp;
    @FXML private Label virtualIpMessage;
    @FXML private Label certSansLabel;
    @FXML private ListView<StringProperty> certSans;
    @FXML private Button addSan;
    @FXML private Button removeSan;
    @FXML private ListView<Problem> problems;

    LoadBalancerView(ClusterViewModel cluster, Forms forms) {
        this.cluster = cluster;
        this.forms = forms;
        this.root = Fxml.load("wizard/LoadBalancerView", this, forms.messages());
        bind();
    }

    private void bind() {
        Forms.radios(cluster.lbModeProperty(), external, haproxy);
        forms.target("loadBalancer.mode", external);
        forms.bindField(endpoint, endpointMessage, cluster.lbEndpointProperty(), "loadBalancer.endpoint");
        endpoint.promptTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> forms.text(cluster.lbModeProperty().get() == LoadBalancerMode.EXTERNAL
                        ? "lb.endpointPrompt" : "lb.endpointFromVip"), cluster.lbModeProperty()));
        forms.bindField(virtualIp, virtualIpMessage, cluster.lbVirtualIpProperty(), "loadBalancer.virtualIp");
        virtualIp.disableProperty().bind(cluster.lbModeProperty().isEqualTo(LoadBalancerMode.EXTERNAL));
        Forms.labelRows(form);
        bindCertSans();
        forms.showProblems(problems, cluster.shownProblems(WizardPage.LOAD_BALANCER), cluster.problems(WizardPage.LOAD_BALANCER));
    }

    /** apiServer.certSANs: an editable list, each entry marked with the validator's message for it. */
    private void bindCertSans() {
        certSans.setItems(cluster.certSans());
        certSans.setCellFactory(v -> new SanCell(cluster.problems(), forms.words(), forms.text("lb.sans")));
        certSansLabel.setLabelFor(certSans);
        forms.onSanTarget(i -> {
            certSans.getSelectionModel().clearAndSelect(i);
            certSans.scrollTo(i);
            certSans.layout();
            certSans.lookupAll("#certSan-" + i).stream().findFirst().ifPresent(javafx.scene.Node::requestFocus);
        });
        certSans.setAccessibleText(certSansLabel.getText().replace("_", ""));
        addSan.setOnAction(e -> {
            cluster.certSans().add(new SimpleStringProperty(""));
            certSans.getSelectionModel().selectLast();
            certSans.scrollTo(cluster.certSans().size() - 1);
        });
        removeSan.disableProperty().bind(certSans.getSelectionModel().selectedItemProperty().isNull());
        removeSan.setOnAction(e -> cluster.certSans().remove(certSans.getSelectionModel().getSelectedItem()));
    }

    /** A text field bound to one entry; marked and explained (tooltip) when the validator objects to it. */
    private static final class SanCell extends ListCell<StringProperty> {
        private final TextField field = new TextField();
        private final ObservableList<Problem> problems;
        private final ProblemWords words;
        private StringProperty bound;

        SanCell(ObservableList<Problem> problems, ProblemWords words, String label) {
            this.problems = problems;
            this.words = words;
            field.setAccessibleText(ProblemWords.plain(label));
            field.setPromptText("api.example.com");
            field.setOnAction(javafx.event.Event::consume);
            problems.addListener((javafx.beans.InvalidationListener) o -> mark());
            field.focusedProperty().addListener((o, was, now) -> {
                if (now && getIndex() >= 0) {
                    getListView().getSelectionModel().select(getIndex());
                }
            });
        }

        @Override
        protected void updateItem(StringProperty item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                field.textProperty().unbindBidirectional(bound);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                field.setId(null);
            } else {
                bound = item;
                field.textProperty().bindBidirectional(item);
                field.setId("certSan-" + getIndex());
                setGraphic(field);
            }
            mark();
        }

        private void mark() {
            String path = "apiServer.certSANs[" + getIndex() + "]";
            Problem problem = isEmpty() ? null
                    : problems.stream().filter(p -> p.path().equals(path)).findFirst().orElse(null);
            field.pseudoClassStateChanged(Forms.ERROR, problem != null && problem.isError());
            field.setTooltip(problem == null ? null : new Tooltip(words.sentence(problem)));
        }
    }

    Parent root() {
        return root;
    }
}

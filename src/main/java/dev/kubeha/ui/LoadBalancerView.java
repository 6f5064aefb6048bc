package dev.kubeha.ui;

import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Problem;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * Load balancer: an external endpoint, or HAProxy + keepalived on the masters with a virtual IP;
 * and the extra names of the API server certificate.
 */
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
        root.getChildren().addAll(Forms.heading(forms.text("lb.heading")), intro, grid, certSans(cluster, forms),
                forms.problemList(cluster.problems(WizardPage.LOAD_BALANCER)));
    }

    /** apiServer.certSANs: an editable list, each entry marked with the validator's message for it. */
    private static VBox certSans(ClusterViewModel cluster, Forms forms) {
        ListView<StringProperty> list = new ListView<>(cluster.certSans());
        list.setId("certSans");
        list.setEditable(true);
        list.setPrefHeight(120);
        list.setPlaceholder(new Label(forms.text("lb.sansEmpty")));
        list.setCellFactory(v -> new SanCell(cluster.problems(), forms.text("lb.sans")));
        Label label = new Label(forms.text("lb.sans"));
        label.setMnemonicParsing(true);
        label.setLabelFor(list);
        list.setAccessibleText(label.getText().replace("_", ""));
        Label explain = new Label(forms.text("lb.sansIntro"));
        explain.setWrapText(true);
        Button add = new Button(forms.text("lb.sansAdd"));
        add.setId("addSan");
        add.setMnemonicParsing(true);
        add.setOnAction(e -> {
            cluster.certSans().add(new SimpleStringProperty(""));
            list.getSelectionModel().selectLast();
            list.scrollTo(cluster.certSans().size() - 1);
        });
        Button remove = new Button(forms.text("lb.sansRemove"));
        remove.setId("removeSan");
        remove.setMnemonicParsing(true);
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> cluster.certSans().remove(list.getSelectionModel().getSelectedItem()));
        return new VBox(6, label, explain, list, new HBox(8, add, remove));
    }

    /** A text field bound to one entry; marked and explained (tooltip) when the validator objects to it. */
    private static final class SanCell extends ListCell<StringProperty> {
        private final TextField field = new TextField();
        private final ObservableList<Problem> problems;
        private StringProperty bound;

        SanCell(ObservableList<Problem> problems, String label) {
            this.problems = problems;
            field.setAccessibleText(label.replace("_", ""));
            field.setPromptText("api.example.com");
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
            field.setTooltip(problem == null ? null : new Tooltip(problem.message()
                    + (problem.hint() == null ? "" : " \u2014 " + problem.hint())));
        }
    }

    Parent root() {
        return root;
    }
}

package dev.kubeha.ui.cluster;

import dev.kubeha.ui.fx.DialogButtons;
import dev.kubeha.ui.fx.Fxml;
import dev.kubeha.ui.fx.PseudoClasses;
import dev.kubeha.ui.install.DesktopNotifier;
import dev.kubeha.ui.install.InstallWindow;
import dev.kubeha.ui.install.SshQuestions;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Cluster page (ClusterPage.fxml): the tables of {@link ClusterPageViewModel}, Refresh with
 * the passwords the nodes need, and the actions: Add nodes (the wizard's Hosts page, installed
 * nodes locked), Remove node… and Reset…, each confirmed with its plan before it runs in the live
 * install window.
 */
public final class ClusterPageView {
    static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");

    private final ClusterPageViewModel model;
    private final ResourceBundle messages;
    private final javafx.beans.value.ObservableStringValue clusterName;
    private final Runnable addNodes;
    private final DesktopNotifier notifier;
    private final VBox root;

    @FXML private Label heading;
    @FXML private Label summary;
    @FXML private Button refresh;
    @FXML private Button addNodesButton;
    @FXML private Button removeNode;
    @FXML private Button reset;
    @FXML private HBox passwords;
    @FXML private Label loginLabel;
    @FXML private PasswordField login;
    @FXML private Label sudoLabel;
    @FXML private PasswordField sudo;
    @FXML private Label status;
    @FXML private TableView<ClusterPageViewModel.NodeRow> nodes;
    @FXML private TableColumn<ClusterPageViewModel.NodeRow, String> nodeName;
    @FXML private TableColumn<ClusterPageViewModel.NodeRow, String> nodeRoles;
    @FXML private TableColumn<ClusterPageViewModel.NodeRow, String> nodeHost;
    @FXML private TableColumn<ClusterPageViewModel.NodeRow, String> nodeKubelet;
    @FXML private TableColumn<ClusterPageViewModel.NodeRow, String> nodeReady;
    @FXML private Label etcdSummary;
    @FXML private TableView<ClusterPageViewModel.MemberRow> members;
    @FXML private TableColumn<ClusterPageViewModel.MemberRow, String> memberName;
    @FXML private TableColumn<ClusterPageViewModel.MemberRow, String> memberListed;
    @FXML private TableColumn<ClusterPageViewModel.MemberRow, String> memberHealth;
    @FXML private Label certificatesProblem;
    @FXML private TableView<ClusterPageViewModel.CertificateRow> certificates;
    @FXML private TableColumn<ClusterPageViewModel.CertificateRow, String> certificateFile;
    @FXML private TableColumn<ClusterPageViewModel.CertificateRow, String> certificateNotAfter;
    @FXML private TableColumn<ClusterPageViewModel.CertificateRow, String> certificateDaysLeft;
    @FXML private Label loadBalancer;

    /**
     * @param addNodes shows the wizard's Hosts page with the installed nodes locked
     */
    public ClusterPageView(ClusterPageViewModel model, ResourceBundle messages,
                           javafx.beans.value.ObservableStringValue clusterName,
                           Runnable addNodes, DesktopNotifier notifier) {
        this.model = model;
        this.messages = messages;
        this.clusterName = clusterName;
        this.addNodes = addNodes;
        this.notifier = notifier;
        this.root = Fxml.load("cluster/ClusterPage", this, messages);
        bind();
    }

    private void bind() {
        heading.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> String.format(messages.getString("cluster.heading"), clusterName.get()), clusterName));
        summary.textProperty().bind(model.summaryProperty());
        status.textProperty().bind(model.statusProperty());
        model.failedProperty().addListener((o, was, now) -> status.pseudoClassStateChanged(PseudoClasses.ERROR, now));
        status.pseudoClassStateChanged(PseudoClasses.ERROR, model.failedProperty().get());
        etcdSummary.textProperty().bind(model.etcdSummaryProperty());
        certificatesProblem.textProperty().bind(model.certificatesProblemProperty());
        certificatesProblem.visibleProperty().bind(model.certificatesProblemProperty().isNotEmpty());
        certificatesProblem.managedProperty().bind(certificatesProblem.visibleProperty());
        loadBalancer.textProperty().bind(model.loadBalancerProperty());

        column(nodeName, ClusterPageViewModel.NodeRow::name);
        column(nodeRoles, ClusterPageViewModel.NodeRow::roles);
        column(nodeHost, ClusterPageViewModel.NodeRow::host);
        column(nodeKubelet, ClusterPageViewModel.NodeRow::kubelet);
        column(nodeReady, ClusterPageViewModel.NodeRow::ready);
        nodes.setItems(model.nodes());
        nodes.setRowFactory(t -> marked(ClusterPageViewModel.NodeRow::problem));
        column(memberName, ClusterPageViewModel.MemberRow::name);
        column(memberListed, ClusterPageViewModel.MemberRow::listed);
        column(memberHealth, ClusterPageViewModel.MemberRow::health);
        members.setItems(model.members());
        members.setRowFactory(t -> marked(ClusterPageViewModel.MemberRow::problem));
        column(certificateFile, ClusterPageViewModel.CertificateRow::file);
        column(certificateNotAfter, ClusterPageViewModel.CertificateRow::notAfter);
        column(certificateDaysLeft, ClusterPageViewModel.CertificateRow::daysLeft);
        certificates.setItems(model.certificates());
        certificates.setRowFactory(t -> marked(ClusterPageViewModel.CertificateRow::expiresSoon));

        // Which passwords the nodes need follows the cluster shown (read again when the page shows).
        loginLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(
                messages.getString("cluster.loginPassword"), model.loginNodesProperty().get()), model.loginNodesProperty()));
        loginLabel.setLabelFor(login);
        login.accessibleTextProperty().bind(loginLabel.textProperty());
        for (javafx.scene.Node n : List.of(loginLabel, login)) {
            n.visibleProperty().bind(model.loginNodesProperty().isNotEmpty());
            n.managedProperty().bind(n.visibleProperty());
        }
        sudoLabel.setLabelFor(sudo);
        sudo.setAccessibleText(sudoLabel.getText().replace("_", ""));
        for (javafx.scene.Node n : List.of(sudoLabel, sudo)) {
            n.visibleProperty().bind(model.sudoNeededProperty());
            n.managedProperty().bind(n.visibleProperty());
        }
        passwords.visibleProperty().bind(model.sudoNeededProperty().or(model.loginNodesProperty().isNotEmpty()));
        passwords.managedProperty().bind(passwords.visibleProperty());

        refresh.disableProperty().bind(model.busyProperty());
        removeNode.disableProperty().bind(model.busyProperty());
        reset.disableProperty().bind(model.busyProperty());
        refresh.setOnAction(e -> refresh());
        addNodesButton.setOnAction(e -> addNodes.run());
        removeNode.setOnAction(e -> removeSelected());
        reset.setOnAction(e -> model.proposeReset(this::confirmReset));
    }

    private static <R> void column(TableColumn<R, String> column, Function<R, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setSortable(false);
    }

    private static <R> TableRow<R> marked(java.util.function.Predicate<R> problem) {
        return new TableRow<>() {
            @Override
            protected void updateItem(R item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(PROBLEM, !empty && item != null && problem.test(item));
            }
        };
    }

    /** Looks at the cluster with the passwords typed (the fields keep them for the next action). */
    public void refresh() {
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        model.refresh(loginPassword, sudoPassword);
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    private void removeSelected() {
        ClusterPageViewModel.NodeRow selected = nodes.getSelectionModel().getSelectedItem();
        if (selected == null) {
            model.choose();
            return;
        }
        model.proposeRemoval(selected.name(), this::confirmRemoval);
    }

    /** The removal's confirmation: what happens, refusals (Remove disabled) or warnings, the plan; then the run. */
    void confirmRemoval(ClusterPageViewModel.RemovalProposal proposal) {
        RemoveForm form = new RemoveForm();
        DialogPane pane = Fxml.load("cluster/RemoveNodeConfirmation", form, messages);
        DialogButtons.name(pane, messages);
        form.question.setText(proposal.question());
        form.steps.setText(String.join("\n", proposal.steps().stream().map(s -> "\u2022 " + s).toList()));
        shown(form.steps, !proposal.steps().isEmpty());
        form.refusals.setText(String.join("\n", proposal.refusals()));
        shown(form.refusals, proposal.refused());
        shown(form.refusalsHeading, proposal.refused());
        // NodeRemoval's warnings; the plan's notes speak of the command line's --force, which the window does not offer.
        List<String> warnings = proposal.warnings();
        form.warnings.setText(String.join("\n", warnings));
        shown(form.warnings, !warnings.isEmpty());
        shown(form.warningsHeading, !warnings.isEmpty());
        form.planHeading.setText(String.format(messages.getString("cluster.remove.plan"), proposal.plan().size()));
        form.plan.getItems().setAll(proposal.plan());
        shown(form.planHeading, !proposal.plan().isEmpty());
        shown(form.plan, !proposal.plan().isEmpty());
        Button ok = (Button) pane.lookupButton(ButtonType.OK);
        ok.setId("removeConfirm");
        ok.setText(messages.getString("cluster.remove.button"));
        ok.setDisable(proposal.refused());
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setDialogPane(pane);
        dialog.setTitle(messages.getString("cluster.remove.confirmTitle"));
        dialog.initOwner(window());
        if (dialog.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK || proposal.refused()) {
            return;
        }
        Window window = window();
        SshQuestions questions = new SshQuestions(window, messages);
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        model.startRemoval(proposal, loginPassword, sudoPassword, questions.hostKeys(),
                run -> InstallWindow.open(run, window, messages, notifier));
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    /** The reset's confirmation: the cluster and every node, the plan, the cluster's name typed; then the run. */
    void confirmReset(ClusterPageViewModel.ResetProposal proposal) {
        ResetForm form = new ResetForm();
        DialogPane pane = Fxml.load("cluster/ResetConfirmation", form, messages);
        DialogButtons.name(pane, messages);
        String name = proposal.checked().cluster().name();
        form.question.setText(proposal.question());
        form.nodes.setText(String.join("\n", proposal.nodes().stream().map(n -> "\u2022 " + n).toList()));
        form.planHeading.setText(String.format(messages.getString("cluster.remove.plan"), proposal.plan().size()));
        form.plan.getItems().setAll(proposal.plan());
        form.nameLabel.setText(String.format(messages.getString("cluster.reset.typeName"), name));
        form.nameLabel.setLabelFor(form.name);
        Button ok = (Button) pane.lookupButton(ButtonType.OK);
        ok.setId("resetConfirm");
        ok.setText(messages.getString("cluster.reset.button"));
        ok.disableProperty().bind(form.name.textProperty().isNotEqualTo(name));
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setDialogPane(pane);
        dialog.setTitle(messages.getString("cluster.reset.confirmTitle"));
        dialog.initOwner(window());
        if (dialog.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK || !name.equals(form.name.getText())) {
            return;
        }
        Window window = window();
        SshQuestions questions = new SshQuestions(window, messages);
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        model.startReset(proposal, loginPassword, sudoPassword, questions.hostKeys(),
                run -> InstallWindow.open(run, window, messages, notifier));
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    private static void shown(javafx.scene.Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    public Parent root() {
        return root;
    }

    /** RemoveNodeConfirmation.fxml's nodes. */
    static final class RemoveForm {
        @FXML Label question;
        @FXML Label steps;
        @FXML Label refusalsHeading;
        @FXML Label refusals;
        @FXML Label warningsHeading;
        @FXML Label warnings;
        @FXML Label planHeading;
        @FXML ListView<String> plan;
    }

    /** ResetConfirmation.fxml's nodes. */
    static final class ResetForm {
        @FXML Label question;
        @FXML Label nodes;
        @FXML Label planHeading;
        @FXML ListView<String> plan;
        @FXML Label nameLabel;
        @FXML TextField name;
    }
}

package dev.kubeha.ui;

import dev.kubeha.model.Problem;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Review: a summary of the cluster and every problem the validator finds, as {@code kubeha validate} would. */
final class ReviewView {
    private final VBox root = new VBox(10);

    ReviewView(ClusterViewModel cluster, Forms forms) {
        root.getStyleClass().addAll("page", "review-page");
        Label summary = new Label();
        summary.setId("reviewSummary");
        summary.getStyleClass().add("summary");
        summary.setWrapText(true);
        summary.textProperty().bind(Bindings.createStringBinding(() -> summary(cluster, forms),
                cluster.topologyProperty(), cluster.problems()));
        ListView<Problem> problems = forms.problemList(cluster.problems(WizardPage.REVIEW));
        problems.setId("reviewProblems");
        VBox.setVgrow(problems, Priority.ALWAYS);
        root.getChildren().addAll(Forms.heading(forms.text("review.heading")), summary, problems);
    }

    private static String summary(ClusterViewModel cluster, Forms forms) {
        Topology t = cluster.topologyProperty().get();
        if (t == null) {
            return "";
        }
        long errors = cluster.problems().stream().filter(Problem::isError).count();
        long warnings = cluster.problems().size() - errors;
        String verdict = errors == 0 ? String.format(forms.text("check.valid"), warnings)
                : String.format(forms.text("check.invalid"), errors, warnings);
        return String.format(forms.text("review.summary"), cluster.nameProperty().get(),
                cluster.kubernetesVersionProperty().get(), t.masters().size(), t.etcdMembers().size(),
                forms.text(t.etcdOnMasters() ? "etcd.coLocated" : "etcd.dedicated").replace("_", ""),
                t.workers().size(), t.loadBalancer().isEmpty() ? "\u2014" : t.loadBalancer()) + "\n" + verdict;
    }

    Parent root() {
        return root;
    }
}

package dev.kubeha.ui.review;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.operation.Workspace;
import dev.kubeha.plan.PlanPreparation;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;

/**
 * What the Review page's background work (preview, plan, export, install) starts from: the
 * wizard's cluster, its file if saved, where its relative paths resolve, and its workspace.
 *
 * @param cluster      the wizard's cluster as it is now (a snapshot of the FX thread's model)
 * @param edited       the cluster after each edit, by which a result shown goes stale
 * @param clusterFile  the cluster file if there is one (messages name it); may supply null
 * @param workspaceFor where a cluster's PKI lives ({@code ~/.kubeha/<name>}, as for the CLI)
 */
public record ReviewInput(Supplier<Cluster> cluster, ObservableValue<Cluster> edited, Supplier<Path> clusterFile,
                          Supplier<ValidationContext> context, Function<Cluster, Path> workspaceFor) {

    /** The cluster as it is now, with its file's name and context: taken on the FX thread. */
    Snapshot snapshot() {
        Cluster now = cluster.get();
        Path file = clusterFile.get();
        return new Snapshot(now, file != null ? file : Path.of((now.name() == null ? "cluster" : now.name()) + ".json"),
                context.get(), workspaceFor);
    }

    /** One state of the cluster; its methods are for the background (they validate, read and write the PKI). */
    record Snapshot(Cluster cluster, Path file, ValidationContext where, Function<Cluster, Path> workspaceFor) {
        Workspace workspace() {
            return Workspace.at(workspaceFor.apply(cluster));
        }

        /** Validates the cluster as {@link PlanPreparation#check(Path)} does a file. */
        PlanPreparation.Checked check() {
            return PlanPreparation.check(cluster, file, where);
        }

        /** Prepares the plan of an unsaved or saved cluster as the CLI does for a file. */
        PlanPreparation.Prepared prepare() throws Exception {
            return new PlanPreparation().prepare(check(), workspace().pki());
        }
    }
}

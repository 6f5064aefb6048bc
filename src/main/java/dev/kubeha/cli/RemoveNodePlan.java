package dev.kubeha.cli;

import dev.kubeha.model.NodeRemoval;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.RemoveNodeOperation;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.operation.WorkspaceLock;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.RemoveNodePlanBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * {@code kubeha plan FILE --operation remove-node --nodes N1,N2}: the removal's plan as {@code
 * kubeha remove-node} would run it (every removed node answering), refusals and warnings first.
 * It needs the workspace's PKI, which renders the remaining masters' files; a workspace without
 * one installed nothing, and a new CA would plan files no node could use, so none is made here.
 */
final class RemoveNodePlan {
    private RemoveNodePlan() {
    }

    static Plan of(PlanPreparation.Checked checked, List<String> nodes, boolean force, Workspace workspace, String command,
                   PrintWriter err) throws CommandFailure, PkiException {
        Planned planned = planned(checked, nodes, force, workspace, command, err);
        planned.result().notes().forEach(n -> err.println("note: " + n));
        err.flush();
        return planned.result().plan();
    }

    /** The allowed removal and its plan with the notes. */
    record Planned(NodeRemoval removal, RemoveNodePlanBuilder.Result result) {
    }

    /**
     * The removal as {@link #of} plans it, refusals and warnings printed, the notes not: for
     * {@code kubeha export --operation remove-node}, whose runbook carries them.
     */
    static Planned planned(PlanPreparation.Checked checked, List<String> nodes, boolean force, Workspace workspace,
                           String command, PrintWriter err) throws CommandFailure, PkiException {
        NodeRemoval removal = RemoveNodeCommand.allowed(NodeRemoval.of(checked.cluster(), nodes, force), err);
        removal.warnings().forEach(w -> err.println("kubeha: warning: " + w));
        ClusterPki pki;
        try (WorkspaceLock ignored = workspace.lock(command)) {
            if (!workspace.pki().exists("ca.crt")) {
                throw CommandFailure.usage("no PKI in " + workspace.pki().directory() + ": remove-node plans for a cluster"
                        + " kubeha installed from this workspace; name the install's workspace with --workspace");
            }
            pki = new ClusterPkiGenerator().ensure(checked.cluster(), workspace.pki()).pki();
        } catch (WorkspaceBusyException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (IOException e) {
            throw CommandFailure.failed("cannot take the workspace " + workspace + ": " + e.getMessage());
        }
        RemoveNodePlanBuilder.Result result;
        try {
            result = RemoveNodeOperation.plan(checked, removal, pki, Set.of());
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        err.flush();
        return new Planned(removal, result);
    }
}

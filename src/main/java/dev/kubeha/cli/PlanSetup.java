package dev.kubeha.cli;

import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Problem;
import dev.kubeha.operation.ApplyOperation;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.operation.WorkspaceLock;
import dev.kubeha.pki.PkiChange;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.EtcdUploads;
import dev.kubeha.plan.ImageImports;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The first half of every command that needs a plan ({@code plan}, {@code apply}, {@code export}):
 * {@link PlanPreparation} with its findings printed the same way each time. Everything goes to the
 * error stream, so that the output stream carries only the command's product (a plan as JSON).
 */
final class PlanSetup {
    private PlanSetup() {
    }

    /**
     * Reads and validates the file; prints its warnings.
     *
     * @throws CommandFailure (exit 1) after printing every error, as {@code kubeha validate} does
     */
    static PlanPreparation.Checked check(Path file, PrintWriter err) throws ClusterFileException, CommandFailure {
        PlanPreparation.Checked checked = PlanPreparation.check(file);
        checked.errors().forEach(err::println);
        checked.warnings().forEach(err::println);
        if (!checked.valid()) {
            throw CommandFailure.failed(ValidateCommand.summary(file, checked.errors().size(), checked.warnings().size())
                    + ": fix these first");
        }
        return checked;
    }

    /**
     * Makes or reuses the PKI, renders and plans; prints what happened to the PKI (one line per
     * item made or remade, and per file an earlier kubeha left that is no longer used) and the
     * plan's warnings.
     */
    static PlanPreparation.Prepared prepare(PlanPreparation preparation, PlanPreparation.Checked checked,
                                            Workspace workspace, String command, PrintWriter err)
            throws PkiException, CommandFailure {
        return prepare(preparation, checked, workspace, command, err, ImageImports.NONE, null);
    }

    /** As above, for a bundle whose nodes import their images and apply a CNI manifest fetched here (or null). */
    static PlanPreparation.Prepared prepare(PlanPreparation preparation, PlanPreparation.Checked checked,
                                            Workspace workspace, String command, PrintWriter err,
                                            ImageImports images, CniSource cni)
            throws PkiException, CommandFailure {
        // The PKI may be made here: no other kubeha may work on the workspace meanwhile.
        try (WorkspaceLock ignored = workspace.lock(command)) {
            return printed(preparation.prepare(checked, workspace.pki(), EtcdUploads.NONE, images, cni), workspace, err);
        } catch (PlanPreparation.PreparationException e) {
            throw CommandFailure.failed(e.getMessage());
        } catch (WorkspaceBusyException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (IOException e) {
            throw CommandFailure.failed("cannot take the workspace " + workspace + ": " + e.getMessage());
        }
    }

    /** The same preparation inside an operation that holds the workspace already. */
    static PlanPreparation.Prepared prepare(ApplyOperation operation, PrintWriter err) throws PkiException, CommandFailure {
        try {
            return printed(operation.prepare(), operation.workspace(), err);
        } catch (PlanPreparation.PreparationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private static PlanPreparation.Prepared printed(PlanPreparation.Prepared prepared, Workspace workspace,
                                                    PrintWriter err) {
        Path pki = workspace.pki().directory();
        List<PkiChange> made = prepared.pkiChanges().stream()
                .filter(c -> c.action() != PkiChange.Action.REUSED && c.action() != PkiChange.Action.UNUSED).toList();
        if (made.isEmpty()) {
            err.println("PKI in " + pki + ": reused, nothing to make");
        } else {
            err.println("PKI in " + pki + ":");
            made.forEach(c -> err.println("  " + c));
        }
        prepared.pkiChanges().stream().filter(c -> c.action() == PkiChange.Action.UNUSED)
                .forEach(c -> err.println("  " + c));
        prepared.warnings().forEach(w -> err.println(Problem.warning("", w, null)));
        err.flush();
        return prepared;
    }
}

package dev.kubeha.cli;

import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Node;
import dev.kubeha.model.Problem;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code kubeha export FILE --operation remove-node --nodes N1,N2 --out PATH}: the removal's plan
 * as {@code kubeha plan --operation remove-node} makes it (the workspace's PKI, every removed node
 * answering), as a bundle for a site kubeha cannot reach: {@code cluster.json} after the removal,
 * {@code cluster.before.json}, {@code RUNBOOK.md} and per node {@code remove-node.sh} with the
 * files it uploads. The refusals are {@code kubeha remove-node}'s, with its exit codes.
 */
final class RemoveNodeExport {
    private RemoveNodeExport() {
    }

    /**
     * @param passphrase for an encrypted archive, or null
     * @param next       the line telling what to do with the bundle
     */
    static int write(Path file, List<String> nodes, boolean force, WorkspaceOption workspace, Path bundle,
                     BundleFormat format, char[] passphrase, String next, PrintWriter out, PrintWriter err)
            throws ClusterFileException, CommandFailure, IOException, PkiException {
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        List<Node> missing = PlanPreparation.withoutPrivateAddress(checked.cluster());
        if (!missing.isEmpty()) {
            // Each remove-node.sh checks that it runs on its node by the node's private address.
            for (Node n : missing) {
                err.println(Problem.error("nodes[" + checked.cluster().nodes().indexOf(n) + "].privateAddress",
                        "node " + n.name() + " has no private address, which its remove-node.sh checks it runs on",
                        "set privateAddress in " + file));
            }
            throw CommandFailure.failed("nothing exported");
        }
        RemoveNodePlan.Planned planned = RemoveNodePlan.planned(checked, nodes, force, workspace.resolve(checked.cluster()),
                "kubeha export " + file + " --operation remove-node", err);
        List<String> removed = planned.removal().removed().stream().map(Node::name).toList();
        List<BundleEntry> entries = BundleContents.removeNode(checked.cluster(), removed, planned.removal().remaining(),
                planned.result().plan(), planned.result().notes());
        List<BundleEntry> written;
        try {
            written = new BundleWriter().write(entries, bundle, format, passphrase);
        } catch (FileAlreadyExistsException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        long scripts = entries.stream().filter(e -> e.path().matches("nodes/[^/]+/remove-node\\.sh")).count();
        out.println("wrote " + bundle + " (" + format + (passphrase != null ? ", encrypted" : "") + "): the removal of "
                + String.join(", ", removed) + " from cluster " + checked.cluster().name() + ", " + scripts + " nodes, "
                + planned.result().plan().tasks().size() + " tasks, " + written.size() + " files");
        out.println(next);
        return Cli.OK;
    }
}

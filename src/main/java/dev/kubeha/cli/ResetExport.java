package dev.kubeha.cli;

import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Node;
import dev.kubeha.model.Problem;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.ResetPlanBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code kubeha export FILE --operation reset --out PATH}: the reset plan as a bundle, for a site
 * where kubeha cannot reach the nodes: {@code cluster.json}, {@code RUNBOOK.md} and a
 * {@code nodes/<node>/reset.sh} per node. Made from cluster.json alone (no PKI, nothing
 * downloaded); the bundle holds no secret.
 */
final class ResetExport {
    private ResetExport() {
    }

    static int write(Path file, Path bundle, BundleFormat format, PrintWriter out, PrintWriter err)
            throws ClusterFileException, CommandFailure, IOException {
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        List<Node> missing = PlanPreparation.withoutPrivateAddress(checked.cluster());
        if (!missing.isEmpty()) {
            // Each reset.sh checks that it runs on its node by the node's private address.
            for (Node n : missing) {
                err.println(Problem.error("nodes[" + checked.cluster().nodes().indexOf(n) + "].privateAddress",
                        "node " + n.name() + " has no private address, which its reset.sh checks it runs on",
                        "set privateAddress in " + file));
            }
            throw CommandFailure.failed("nothing exported");
        }
        ResetPlanBuilder.Result reset = new ResetPlanBuilder(checked.cluster()).build();
        List<BundleEntry> entries = BundleContents.reset(checked.cluster(), reset.plan(), reset.notes());
        List<BundleEntry> written;
        try {
            written = new BundleWriter().write(entries, bundle, format, null);
        } catch (FileAlreadyExistsException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        long nodes = entries.stream().filter(e -> e.path().matches("nodes/[^/]+/reset\\.sh")).count();
        out.println("wrote " + bundle + " (" + format + "): the reset of cluster " + checked.cluster().name() + ", " + nodes
                + " nodes, " + reset.plan().tasks().size() + " tasks, " + written.size() + " files");
        out.println(format == BundleFormat.DIR
                ? "next: (cd " + bundle + " && sha256sum -c SHA256SUMS), then follow RUNBOOK.md"
                : "next: unpack it, run sha256sum -c SHA256SUMS and follow RUNBOOK.md");
        return Cli.OK;
    }
}

package dev.kubeha.cli;

import dev.kubeha.model.ClusterFileException;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanFormat;
import dev.kubeha.plan.PlanPreparation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubeha plan FILE}: the installation plan, without touching a node. The plan is built from
 * the real files, so it needs the cluster's PKI: the command makes it in the workspace on first use
 * and reuses it afterwards, exactly as {@code apply} and {@code certs} do. A temporary PKI would
 * show a plan whose file digests differ from the one {@code apply} runs.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Prints the installation plan (tasks per node, what each waits for, every step) without"
                + " connecting to any node; --operation add, remove-node or reset prints that operation's plan instead.",
                "The plan is built from the real files, so the cluster's PKI is made in the workspace on first use"
                + " (later runs and kubeha apply reuse it). Private keys and tokens are never printed.",
                "Every node needs its privateAddress here: only kubeha apply can detect a missing one over SSH."})
final class PlanCommand implements Callable<Integer> {

    enum Format { text, json, dot }

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspaceOption;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text, json or dot (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    OperationOption operationOption;

    @Override
    public Integer call() throws ClusterFileException, PkiException, CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        operationOption.check(spec.commandLine());
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        if (operationOption.removeNode()) {
            Plan plan = RemoveNodePlan.of(checked, operationOption.nodes, operationOption.force,
                    workspaceOption.resolve(checked.cluster()), "kubeha plan " + file + " --operation remove-node", err);
            out.print(PlanFormat.valueOf(format.name().toUpperCase(java.util.Locale.ROOT)).render(plan));
            return Cli.OK;
        }
        if (operationOption.reset()) {
            // Made from cluster.json alone: the reset uploads nothing, so no PKI is needed.
            dev.kubeha.plan.ResetPlanBuilder.Result reset = new dev.kubeha.plan.ResetPlanBuilder(checked.cluster()).build();
            reset.notes().forEach(n -> err.println("note: " + n));
            err.flush();
            out.print(PlanFormat.valueOf(format.name().toUpperCase(java.util.Locale.ROOT)).render(reset.plan()));
            return Cli.OK;
        }
        if (operationOption.add()) {
            Plan plan = AddPlan.planned(checked, operationOption.nodes, workspaceOption.resolve(checked.cluster()),
                    "kubeha plan " + file + " --operation add", err, dev.kubeha.plan.ImageImports.NONE, null,
                    dev.kubeha.plan.PackageUploads.NONE).prepared().plan();
            out.print(PlanFormat.valueOf(format.name().toUpperCase(java.util.Locale.ROOT)).render(plan));
            return Cli.OK;
        }
        PlanPreparation.Prepared prepared = PlanSetup.prepare(new PlanPreparation(), checked,
                workspaceOption.resolve(checked.cluster()), "kubeha plan " + file, err);
        out.print(PlanFormat.valueOf(format.name().toUpperCase(java.util.Locale.ROOT)).render(prepared.plan()));
        return Cli.OK;
    }
}

package dev.kubeha.cli;

import dev.kubeha.bundle.BundleVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeha bundle …}: what can be done with an exported bundle. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Checks an exported bundle.",
        subcommands = BundleCommand.Verify.class)
final class BundleCommand {

    /** {@code kubeha bundle verify PATH}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks a bundle's files against SHA256SUMS and whether it holds everything each node needs"
                    + " on a site without internet: packages, container images for every architecture, the CNI"
                    + " manifest and the etcd release. Lists what is missing; exit code 1 when anything is.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", description = "the bundle: a directory, a .tar.gz or a .zip")
        Path bundle;

        @Override
        public Integer call() throws CommandFailure {
            BundleVerifier.Report report;
            try {
                report = BundleVerifier.verify(bundle);
            } catch (IOException e) {
                throw CommandFailure.usage(e.getMessage());
            }
            return print(report, spec.commandLine().getOut());
        }
    }

    /** The report as export and verify print it; returns verify's exit code. */
    static int print(BundleVerifier.Report report, PrintWriter out) {
        report.missing().forEach(m -> out.println("missing: " + m));
        report.notes().forEach(n -> out.println("note: " + n));
        if (report.complete()) {
            out.println("complete for an air-gapped site (" + report.files() + " files checked)");
            return Cli.OK;
        }
        out.println("not complete for an air-gapped site: " + report.missing().size()
                + (report.missing().size() == 1 ? " thing is" : " things are") + " missing");
        return Cli.FAILED;
    }
}

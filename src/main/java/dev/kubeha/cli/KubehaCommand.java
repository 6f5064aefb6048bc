package dev.kubeha.cli;

import dev.kubeha.model.KubehaVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code kubeha}: the top-level command; the work is done by its subcommands. */
@Command(name = "kubeha",
        mixinStandardHelpOptions = true,
        versionProvider = KubehaCommand.Version.class,
        description = "Sets up a highly-available Kubernetes cluster with kubeadm.%n"
                + "Without a command, opens the graphical installer.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, ExportCommand.class,
            CertsCommand.class, VersionsCommand.class, ImagesCommand.class, BundleCommand.class, ResetCommand.class,
            RemoveNodeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the cluster has errors, or a node failed",
            "2:bad usage, or the input could not be read"})
public final class KubehaCommand {

    /** Handled by {@code dev.kubeha.Main} before the command line is parsed; declared here for --help. */
    @Option(names = "--demo", description = "Opens the graphical installer on a simulated lab (eight hosts that are"
            + " SSH servers inside kubeha) to try the wizard, the installation and the export without machines.")
    boolean demo;

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kubeha " + KubehaVersion.get()};
        }
    }
}

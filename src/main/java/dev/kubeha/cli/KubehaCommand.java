package dev.kubeha.cli;

import dev.kubeha.model.KubehaVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code kubeha}: the top-level command; the work is done by its subcommands. */
@Command(name = "kubeha",
        mixinStandardHelpOptions = true,
        versionProvider = KubehaCommand.Version.class,
        description = "Sets up a highly-available Kubernetes cluster with kubeadm.%n"
                + "Without a command, opens the graphical installer.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, ExportCommand.class,
            CertsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the cluster has errors, or a node failed",
            "2:bad usage, or the input could not be read"})
public final class KubehaCommand {

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kubeha " + KubehaVersion.get()};
        }
    }
}

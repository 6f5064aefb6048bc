package dev.kubeha.cli;

import dev.kubeha.model.KubehaVersion;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code kubeha}: the top-level command; the work is done by its subcommands. */
@Command(name = "kubeha",
        mixinStandardHelpOptions = true,
        versionProvider = KubehaCommand.Version.class,
        description = "Sets up a highly-available Kubernetes cluster with kubeadm.%n"
                + "Without a command, opens the graphical installer.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the cluster has errors, or a node failed",
            "2:bad usage, or the input could not be read"})
public final class KubehaCommand {
    /**
     * The subcommands, in the order --help lists them. Not in {@code @Command(subcommands = ...)}:
     * picocli would then build the model of every command (about 250 ms of reflection on a cold
     * JVM) when a run uses one; {@link #addSubcommands} adds only the one named on the line.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, PlanCommand.class, ApplyCommand.class,
            ExportCommand.class, CertsCommand.class, VersionsCommand.class, ImagesCommand.class, BundleCommand.class,
            ResetCommand.class, RemoveNodeCommand.class);

    /**
     * Adds the subcommand the arguments name, or all of them when they name none that exists (for
     * --help, and for picocli's own message about an unknown command). The top-level options take
     * no value, so the first argument that is not an option is the command's name.
     */
    static void addSubcommands(CommandLine top, String[] args) {
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        for (Class<?> type : SUBCOMMANDS) {
            if (type.getAnnotation(Command.class).name().equals(named)) {
                top.addSubcommand(type);
                return;
            }
        }
        SUBCOMMANDS.forEach(top::addSubcommand);
    }

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

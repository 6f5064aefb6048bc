package dev.kubeha.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --operation install|add|remove-node|reset}: which operation's plan {@code kubeha plan}
 * prints and {@code kubeha export} writes as a bundle. Mixed into both; a later operation is one
 * more constant here and one more branch where the plan is made.
 */
final class OperationOption {

    enum Operation {
        INSTALL("install"),
        ADD("add"),
        RESET("reset"),
        REMOVE_NODE("remove-node");

        final String label;

        Operation(String label) {
            this.label = label;
        }

        static String labels() {
            return Arrays.stream(values()).map(o -> o.label).collect(Collectors.joining(", "));
        }
    }

    /** Reads the labels (install, add, …), naming the choices when the value is none of them. */
    static final class Converter implements CommandLine.ITypeConverter<Operation> {
        @Override
        public Operation convert(String value) {
            return Arrays.stream(Operation.values()).filter(o -> o.label.equals(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException(
                            value + " is not one of " + Operation.labels()));
        }
    }

    @Option(names = "--operation", paramLabel = "OPERATION", defaultValue = "install", converter = Converter.class,
            description = "the operation whose plan this is: install, add (nodes of FILE the installed cluster has not"
                    + " got), remove-node or reset (default: ${DEFAULT-VALUE})")
    Operation operation = Operation.INSTALL;

    @Option(names = "--nodes", paramLabel = "NODE[,NODE...]", split = ",",
            description = "with --operation remove-node: the nodes to remove; with --operation add: the nodes to add"
                    + " (default: those the workspace's install journal records nothing of)")
    java.util.List<String> nodes = new java.util.ArrayList<>();

    @Option(names = "--force", description = "with --operation remove-node: as kubeha remove-node --force (below the"
            + " quorum of the current etcd members)")
    boolean force;

    boolean reset() {
        return operation == Operation.RESET;
    }

    boolean removeNode() {
        return operation == Operation.REMOVE_NODE;
    }

    boolean add() {
        return operation == Operation.ADD;
    }

    /** --nodes belongs to add and remove-node, --force to remove-node: elsewhere they would be silently ignored. */
    void check(picocli.CommandLine commandLine) {
        if (force && !removeNode()) {
            throw new picocli.CommandLine.ParameterException(commandLine, "--force belongs to --operation remove-node, not "
                    + operation.label);
        }
        if (!nodes.isEmpty() && !removeNode() && !add()) {
            throw new picocli.CommandLine.ParameterException(commandLine, "--nodes belongs to --operation add or remove-node,"
                    + " not " + operation.label);
        }
    }
}

package dev.kubeha.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --operation install|reset}: which operation's plan {@code kubeha plan} prints and
 * {@code kubeha export} writes as a bundle. Mixed into both; a later operation (add, remove-node)
 * is one more constant here and one more branch where the plan is made.
 */
final class OperationOption {

    enum Operation {
        INSTALL("install"),
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

    /** Reads the labels (install, reset), naming the choices when the value is none of them. */
    static final class Converter implements CommandLine.ITypeConverter<Operation> {
        @Override
        public Operation convert(String value) {
            return Arrays.stream(Operation.values()).filter(o -> o.label.equals(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException(
                            value + " is not one of " + Operation.labels()));
        }
    }

    @Option(names = "--operation", paramLabel = "OPERATION", defaultValue = "install", converter = Converter.class,
            description = "the operation whose plan this is: install, reset or remove-node (default: ${DEFAULT-VALUE})")
    Operation operation = Operation.INSTALL;

    @Option(names = "--nodes", paramLabel = "NODE[,NODE...]", split = ",",
            description = "with --operation remove-node: the nodes to remove")
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

    /** --nodes and --force belong to remove-node only: elsewhere they would be silently ignored. */
    void check(picocli.CommandLine commandLine) {
        if (!removeNode() && (!nodes.isEmpty() || force)) {
            throw new picocli.CommandLine.ParameterException(commandLine, (nodes.isEmpty() ? "--force" : "--nodes")
                    + " belongs to --operation remove-node, not " + operation.label);
        }
    }
}

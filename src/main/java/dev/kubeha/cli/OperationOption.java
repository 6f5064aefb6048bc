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
        RESET("reset");

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
            description = "the operation whose plan this is: install or reset (default: ${DEFAULT-VALUE})")
    Operation operation = Operation.INSTALL;

    boolean reset() {
        return operation == Operation.RESET;
    }
}

package dev.kubeha.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A shell command line for a node, built only through the factories below so that every value in
 * it went through {@link Shell#quote(String)}.
 *
 * @param line the command line as {@code sh -c} would run it
 */
public record Command(String line) {

    public Command {
        Objects.requireNonNull(line, "line");
        if (line.isBlank()) {
            throw new IllegalArgumentException("empty command");
        }
        if (line.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a command cannot contain a NUL character");
        }
    }

    /** A single program with its arguments, each one quoted. */
    public static Command of(String program, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = program;
        System.arraycopy(args, 0, argv, 1, args.length);
        return new Command(Shell.join(Arrays.asList(argv)));
    }

    public static Command of(List<String> argv) {
        return new Command(Shell.join(argv));
    }

    /** Commands run one after the other, stopping at the first failure. */
    public static Command allOf(Command... commands) {
        return new Command(Arrays.stream(commands).map(Command::line).collect(Collectors.joining(" && ")));
    }

    /** This command, with its output thrown away. Useful for probes that only need an exit code. */
    public Command quiet() {
        return new Command("{ " + line + "; } >/dev/null 2>&1");
    }

    @Override
    public String toString() {
        return line;
    }
}

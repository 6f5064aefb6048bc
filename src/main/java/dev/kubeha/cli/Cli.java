package dev.kubeha.cli;

import dev.kubeha.model.ClusterFileException;
import dev.kubeha.pki.PkiException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the command line; returns the process exit code. */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Cli() {
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Terminal.system());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with the environment and console given. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Terminal terminal) {
        CommandLine cmd = new CommandLine(new KubehaCommand(), new Factory(terminal));
        KubehaCommand.addSubcommands(cmd, args);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(Cli::exitCode);
        cmd.setExecutionStrategy(parsed -> {
            // kubeha --demo alone opens the window (Main); with a command it would be silently ignored.
            if (parsed.hasMatchedOption("--demo") && !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        "--demo opens the window and takes no other argument: run kubeha --demo alone");
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // One clear line, never a stack trace: the message names the file, field or node.
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            commandLine.getErr().println("kubeha: " + message);
            commandLine.getErr().flush();
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof CommandFailure f) {
            return f.exitCode();
        }
        if (e instanceof PkiException p) {
            return p.badInput() ? USAGE : FAILED;
        }
        return e instanceof ClusterFileException || e instanceof CommandLine.ParameterException ? USAGE : FAILED;
    }

    /** Hands the terminal to the commands that talk to the user; the others are made as picocli makes them. */
    private static final class Factory implements CommandLine.IFactory {
        private final Terminal terminal;

        Factory(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            K made = CommandLine.defaultFactory().create(type);
            if (made instanceof ApplyCommand apply) {
                apply.terminal = terminal;
            } else if (made instanceof ExportCommand export) {
                export.terminal = terminal;
            } else if (made instanceof ResetCommand reset) {
                reset.terminal = terminal;
            } else if (made instanceof RemoveNodeCommand remove) {
                remove.terminal = terminal;
            }
            return made;
        }
    }
}

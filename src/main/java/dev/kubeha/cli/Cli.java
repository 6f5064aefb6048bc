package dev.kubeha.cli;

import dev.kubeha.model.ClusterFileException;
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
        CommandLine cmd = new CommandLine(new KubehaCommand());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(e ->
                e instanceof ClusterFileException || e instanceof CommandLine.ParameterException
                        || e instanceof UsageException ? USAGE : FAILED);
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
}

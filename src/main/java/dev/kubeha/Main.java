package dev.kubeha;

import dev.kubeha.cli.Cli;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Entry point. It does not extend {@code javafx.application.Application}: JavaFX on the class
 * path refuses to start such a main class, and the command line should not load JavaFX at all.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            dev.kubeha.ui.KubehaApp.open(args);
            return;
        }
        if (args.length == 1 && args[0].equals("--demo")) {
            try {
                dev.kubeha.ui.KubehaApp.openDemo();
            } catch (java.io.IOException e) {
                System.err.println("kubeha: cannot start the demo's simulated hosts: " + e.getMessage());
                System.exit(1);
            }
            return;
        }
        Charset cs = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        int code = Cli.run(args, new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true));
        System.exit(code);
    }
}

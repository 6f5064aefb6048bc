package dev.kubeha.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A simulated command's standard streams, and whether it runs as root. */
final class Io {
    static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final boolean root;

    Io(InputStream in, PrintStream out, PrintStream err, boolean root) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.root = root;
    }

    Io with(PrintStream newOut, PrintStream newErr) {
        return new Io(in, newOut, newErr, root);
    }

    Io asRoot() {
        return new Io(in, out, err, true);
    }

    /** The first line of standard input, as sudo -S reads it; null at the end of input. */
    String readLine() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }
}

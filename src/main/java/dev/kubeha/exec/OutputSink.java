package dev.kubeha.exec;

/** Receives a remote command's output, one line at a time, as it arrives. */
@FunctionalInterface
public interface OutputSink {
    OutputSink DISCARD = (stream, line) -> { };

    void line(OutputStreamKind stream, String line);
}

package dev.kubeha.ui.install;

import dev.kubeha.exec.Connection;
import dev.kubeha.exec.OutputSink;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.Transport;
import dev.kubeha.plan.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory transport whose commands print lines: a command whose line starts with a key of
 * {@link #output} prints those lines on stdout, then exits 0 (or {@link #exitCodes}' value).
 */
final class LinesTransport implements Transport {
    final Map<String, List<String>> output = new ConcurrentHashMap<>();
    final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();

    @Override
    public Connection connect(String node) {
        return new Connection() {
            @Override
            public int run(Command command, boolean asRoot, byte[] stdin, OutputSink sink, Duration timeout) {
                int exit = 0;
                for (var e : output.entrySet()) {
                    if (command.line().startsWith(e.getKey())) {
                        e.getValue().forEach(l -> sink.line(OutputStreamKind.STDOUT, l));
                    }
                }
                for (var e : exitCodes.entrySet()) {
                    if (command.line().startsWith(e.getKey())) {
                        exit = e.getValue();
                    }
                }
                return exit;
            }

            @Override
            public void upload(String path, byte[] content, int mode, String owner) {
            }

            @Override
            public byte[] download(String path) {
                return "kind: Config\n".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}

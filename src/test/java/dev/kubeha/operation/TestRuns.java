package dev.kubeha.operation;

import dev.kubeha.exec.Transport;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/** Operation runs over a test transport, for view-model tests that run plans of their own. */
public final class TestRuns {
    private TestRuns() {
    }

    /** A run in {@code workspace} (locked until closed) whose way to the nodes is {@code transport}. */
    public static OperationRun over(Supplier<Transport> transport, Path workspace) throws Exception {
        OperationRun run = OperationRun.open("apply", Workspace.at(workspace), Secrets.from(null), "a test",
                (targets, knownHosts, hostKeys, secrets) -> transport.get(), Clock.systemUTC());
        run.connect(Map.of(), HostKeyPolicy.ACCEPT_NEW);
        return run;
    }
}

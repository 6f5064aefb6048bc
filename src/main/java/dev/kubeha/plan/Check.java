package dev.kubeha.plan;

import java.util.Objects;

/**
 * A read-only test on a node: exit status 0 means yes. Used as a task's "already done?" probe and
 * by {@link Step.WaitFor}. A check never changes the node, so it is always safe to run again.
 */
public record Check(Command command, boolean asRoot) {
    public Check {
        Objects.requireNonNull(command, "command");
    }

    public static Check asRoot(Command command) {
        return new Check(command, true);
    }

    /** {@code test -e PATH}. */
    public static Check fileExists(String path) {
        return asRoot(Command.of("test", "-e", RemotePath.require(path)));
    }
}

package dev.kubeha.cli;

import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code apply} does with a host key the workspace's known_hosts does not know yet: accept it
 * with {@code --accept-new-host-keys}, else ask on the console, else refuse (the operation remembers
 * the refusals for the final message). A changed key never gets here: the transport aborts the run.
 * Called from the SSH library's threads; one question at a time.
 */
final class HostKeyDecision implements HostKeyPolicy {
    private final Terminal terminal;
    private final boolean acceptNew;
    private final PrintWriter out;

    HostKeyDecision(Terminal terminal, boolean acceptNew, PrintWriter out) {
        this.terminal = terminal;
        this.acceptNew = acceptNew;
        this.out = out;
    }

    @Override
    public synchronized boolean acceptNew(SshTarget target, String keyType, String fingerprint) {
        boolean yes;
        if (acceptNew) {
            yes = true;
        } else if (terminal.interactive()) {
            String answer = terminal.readLine("The host key of " + target.describe() + " is not known yet: "
                    + keyType + " " + fingerprint + ". Trust it and record it in the workspace's known_hosts? [y/N] ");
            yes = answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
        } else {
            yes = false;
        }
        if (yes) {
            out.println("accepted the new host key of " + target.describe() + ": " + keyType + " " + fingerprint);
            out.flush();
        }
        return yes;
    }

    /** The message for refused keys: which, how to check them, and the flag that accepts them. */
    String refusalMessage(List<String> refused) {
        return "unknown host key" + (refused.size() == 1 ? " was" : "s were") + " not accepted"
                + (terminal.interactive() ? ": " : " (no terminal to ask): ")
                + String.join("; ", refused) + ". Compare with ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the node"
                + (refused.size() == 1 ? "" : "s") + ", then run again with --accept-new-host-keys";
    }
}

package dev.kubeha.operation;

import dev.kubeha.exec.Transport;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.exec.ssh.SshOptions;
import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.SshTransport;
import java.util.Map;

/** How an operation reaches its nodes: SSH for real, another transport in tests. */
@FunctionalInterface
public interface TransportFactory {
    TransportFactory SSH = (targets, knownHosts, hostKeys, secrets) ->
            new SshTransport(targets::get, knownHosts, hostKeys, secrets, SshOptions.DEFAULT);

    Transport open(Map<String, SshTarget> targets, KnownHosts knownHosts, HostKeyPolicy hostKeys, SshSecrets secrets);
}

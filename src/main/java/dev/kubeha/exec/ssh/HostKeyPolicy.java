package dev.kubeha.exec.ssh;

/**
 * Decides about a host key that the workspace's known_hosts does not know yet (first contact).
 * A key that differs from a known one is never up to the policy: the connection is refused.
 * May be called from the SSH library's threads, several at once.
 */
@FunctionalInterface
public interface HostKeyPolicy {
    HostKeyPolicy ACCEPT_NEW = (target, keyType, fingerprint) -> true;
    HostKeyPolicy REJECT_NEW = (target, keyType, fingerprint) -> false;

    /** True to trust the key and record it in known_hosts. */
    boolean acceptNew(SshTarget target, String keyType, String sha256Fingerprint);
}

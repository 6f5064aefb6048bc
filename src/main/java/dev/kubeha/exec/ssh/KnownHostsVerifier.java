package dev.kubeha.exec.ssh;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Checks one connection's host key against the workspace's known_hosts. Remembers why it refused,
 * so that the transport can say it in words (old and new fingerprints) instead of sshj's generic
 * "could not verify host key".
 */
final class KnownHostsVerifier implements HostKeyVerifier {

    /** Why a key was refused; null while nothing was refused. */
    record Refusal(boolean changed, String message) {
    }

    private final SshTarget target;
    private final KnownHosts knownHosts;
    private final HostKeyPolicy policy;
    private volatile Refusal refusal;

    KnownHostsVerifier(SshTarget target, KnownHosts knownHosts, HostKeyPolicy policy) {
        this.target = target;
        this.knownHosts = knownHosts;
        this.policy = policy;
    }

    Refusal refusal() {
        return refusal;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String type = KnownHosts.keyType(key);
        byte[] blob = KnownHosts.blob(key);
        String fingerprint = Fingerprints.sha256(blob);
        try {
            List<KnownHosts.Entry> known = knownHosts.lookup(target.host(), target.port());
            for (KnownHosts.Entry e : known) {
                if (e.keyType().equals(type) && Arrays.equals(Base64.getDecoder().decode(e.base64Key()), blob)) {
                    return true;
                }
            }
            List<KnownHosts.Entry> sameType = known.stream().filter(e -> e.keyType().equals(type)).toList();
            if (!sameType.isEmpty() || !known.isEmpty()) {
                KnownHosts.Entry old = sameType.isEmpty() ? known.get(0) : sameType.get(0);
                refusal = new Refusal(true, "HOST KEY CHANGED for " + target.describe() + ": known_hosts ("
                        + knownHosts.file() + ") has " + old.keyType() + " " + old.fingerprint() + ", the host now shows "
                        + type + " " + fingerprint + ". This may be an attack or a reinstalled node. If the node was "
                        + "reinstalled, remove the line for " + KnownHosts.hostPattern(target.host(), target.port())
                        + " from " + knownHosts.file() + " and run again");
                return false;
            }
            if (policy.acceptNew(target, type, fingerprint)) {
                knownHosts.add(target.host(), target.port(), key);
                return true;
            }
            refusal = new Refusal(false, "host key of " + target.describe() + " (" + type + " " + fingerprint
                    + ") is not in " + knownHosts.file() + " and was not accepted; check it on the node with "
                    + "ssh-keygen -lf /etc/ssh/ssh_host_" + keyFileStem(type) + "_key.pub, then accept it");
            return false;
        } catch (IOException e) {
            refusal = new Refusal(false, "cannot read or write " + knownHosts.file() + " for " + target.describe() + ": "
                    + e.getMessage());
            return false;
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        // Ask for the key type we already know, so a node with several host keys shows that one.
        try {
            return knownHosts.lookup(target.host(), target.port()).stream().map(KnownHosts.Entry::keyType).distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String keyFileStem(String type) {
        if (type.contains("ed25519")) {
            return "ed25519";
        }
        if (type.contains("ecdsa")) {
            return "ecdsa";
        }
        return "rsa";
    }
}

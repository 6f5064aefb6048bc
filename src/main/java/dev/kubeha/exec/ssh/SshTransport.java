package dev.kubeha.exec.ssh;

import dev.kubeha.exec.Connection;
import dev.kubeha.exec.Transport;
import dev.kubeha.exec.TransportException;
import dev.kubeha.exec.TransportException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * The sshj transport: one SSH connection per node, host keys checked against the workspace's
 * known_hosts, key (OpenSSH or PEM; ed25519, RSA, ECDSA; with passphrase) or password login.
 */
public final class SshTransport implements Transport {
    private final Function<String, SshTarget> targets;
    private final KnownHosts knownHosts;
    private final HostKeyPolicy hostKeyPolicy;
    private final SshSecrets secrets;
    private final SshOptions options;

    /**
     * @param targets resolves a node name of the plan to where to log in, e.g.
     *                {@code name -> SshTarget.of(cluster, cluster.node(name).orElseThrow())}
     */
    public SshTransport(Function<String, SshTarget> targets, KnownHosts knownHosts, HostKeyPolicy hostKeyPolicy,
                        SshSecrets secrets, SshOptions options) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
        this.hostKeyPolicy = Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        this.secrets = secrets == null ? SshSecrets.NONE : secrets;
        this.options = options == null ? SshOptions.DEFAULT : options;
    }

    @Override
    public Connection connect(String node) throws TransportException {
        SshTarget target = targets.apply(node);
        if (target == null) {
            throw new TransportException(Kind.CONNECT, node, "node " + node + " is not in the cluster");
        }
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        KnownHostsVerifier verifier = new KnownHostsVerifier(target, knownHosts, hostKeyPolicy);
        client.addHostKeyVerifier(verifier);
        client.setConnectTimeout((int) options.connectTimeout().toMillis());
        client.setSocketFactory(new NoDelaySocketFactory());
        if (client.getConnection().getKeepAlive() instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(options.keepAliveMaxMissed());
        }
        client.getConnection().getKeepAlive().setKeepAliveInterval((int) options.keepAliveInterval().toSeconds());
        try {
            client.connect(target.host(), target.port());
        } catch (IOException e) {
            closeQuietly(client);
            KnownHostsVerifier.Refusal refusal = verifier.refusal();
            if (refusal != null) {
                throw new TransportException(refusal.changed() ? Kind.HOST_KEY_CHANGED : Kind.HOST_KEY_REJECTED, node,
                        refusal.message());
            }
            throw new TransportException(Kind.CONNECT, node, "cannot connect to " + target.describe() + ": "
                    + reason(e) + "; check that the host is up and sshd listens on port " + target.port(), e);
        }
        try {
            authenticate(client, target);
        } catch (TransportException e) {
            closeQuietly(client);
            throw e;
        }
        char[] sudoPassword = target.sudo() ? secrets.sudoPassword().apply(target) : null;
        return new SshConnection(target, client, sudoPassword);
    }

    private void authenticate(SSHClient client, SshTarget target) throws TransportException {
        String node = target.node();
        try {
            if (target.identityFile() != null) {
                KeyProvider key;
                try {
                    key = client.loadKeys(target.identityFile().toString(), passphraseFinder(target));
                    key.getPrivate(); // decrypts now, so a wrong passphrase is reported as such, not as "login refused"
                } catch (IOException | RuntimeException e) {
                    throw new TransportException(Kind.AUTHENTICATION, node, "cannot read the private key "
                            + target.identityFile() + " for " + target.describe() + ": " + reason(e)
                            + "; check ssh.identityFile and its passphrase");
                }
                client.authPublickey(target.user(), key);
            } else {
                char[] password = secrets.loginPassword().apply(target);
                if (password == null) {
                    throw new TransportException(Kind.AUTHENTICATION, node, "no key file and no password for "
                            + target.describe() + ": set ssh.identityFile or give a password");
                }
                try {
                    client.authPassword(target.user(), password);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
        } catch (UserAuthException e) {
            String with = target.identityFile() != null ? "key " + target.identityFile() : "password";
            throw new TransportException(Kind.AUTHENTICATION, node, "login refused: user " + target.user() + " on "
                    + target.describe() + " with " + with + "; check ssh.user and "
                    + (target.identityFile() != null ? "that the public key is in ~" + target.user() + "/.ssh/authorized_keys"
                    : "the password"));
        } catch (net.schmizz.sshj.transport.TransportException e) {
            throw new TransportException(Kind.CONNECTION_LOST, node, "connection to " + target.describe()
                    + " lost during login: " + reason(e), e);
        }
    }

    private PasswordFinder passphraseFinder(SshTarget target) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                char[] passphrase = secrets.keyPassphrase().apply(target);
                return passphrase == null ? new char[0] : passphrase;
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    static String reason(Throwable e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing a broken connection may fail too; there is nothing left to release.
        }
    }
}

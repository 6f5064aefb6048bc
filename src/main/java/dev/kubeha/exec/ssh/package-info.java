/**
 * The sshj {@link dev.kubeha.exec.Transport}: {@link dev.kubeha.exec.ssh.SshTransport} opens one
 * connection per node ({@link dev.kubeha.exec.ssh.SshTarget}, from the cluster's SSH settings),
 * checks its host key against the workspace's {@link dev.kubeha.exec.ssh.KnownHosts} (an unknown
 * key goes to the {@link dev.kubeha.exec.ssh.HostKeyPolicy}; a changed key aborts with both
 * SHA256 fingerprints), logs in with a key file (OpenSSH or PEM; ed25519, RSA, ECDSA; passphrase
 * from {@link dev.kubeha.exec.ssh.SshSecrets}) or a password, runs root work of a non-root user
 * through {@code sudo -S} with the password on stdin, and uploads through SFTP to a temporary name
 * that is then renamed into place with its mode and owner.
 */
package dev.kubeha.exec.ssh;

package dev.kubeha.artifact;

import dev.kubeha.artifact.TestAptRepository.Deb;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Signed loopback copies of pkgs.k8s.io (v1.37), Docker's and Debian 12's repositories with what a
 * debian-12 amd64 node needs, HAProxy and keepalived among them (real .deb files, tiny), served on
 * 127.0.0.1 in the layout {@code --package-mirror} expects, with the test's signing key for
 * {@code --package-keyring}. For the export tests and the node lab.
 */
public final class TestDebianMirror implements AutoCloseable {
    private final TestGpg gpg;
    private final TestPackageServer server;
    private final Path keyring;

    /** Writes the repositories under {@code dir} and starts serving them. */
    public TestDebianMirror(Path dir) throws IOException, InterruptedException {
        gpg = new TestGpg("kubeha test archive <archive@kubeha.invalid>", "ed25519");
        try {
            Path root = Files.createDirectories(dir.resolve("mirror"));
            Path work = Files.createDirectories(dir.resolve("work"));
            TestAptRepository.write(root, "pkgs.k8s.io/core:/stable:/v1.37/deb/", null, null, List.of(
                    Deb.of("kubeadm", "1.37.1-1.1", "amd64", "optional", "cri-tools (>= 1.30.0)"),
                    Deb.of("kubelet", "1.37.1-1.1", "amd64", "optional", "mount, kubernetes-cni (>= 1.2.0)"),
                    Deb.of("kubectl", "1.37.1-1.1", "amd64", "optional", null),
                    Deb.of("cri-tools", "1.37.0-1.1", "amd64", "optional", null),
                    Deb.of("kubernetes-cni", "1.7.1-1.1", "amd64", "optional", null)), "xz", gpg, work);
            TestAptRepository.write(root, "download.docker.com/linux/debian/", "bookworm", "stable", List.of(
                    Deb.of("containerd.io", "2.2.1-1", "amd64", "optional", "libc6 (>= 2.34)")), "gz", gpg, work);
            TestAptRepository.write(root, "deb.debian.org/debian/", "bookworm", "main", List.of(
                    Deb.of("libc6", "2.36-9+deb12u4", "amd64", "required", null),
                    new Deb("mount", "2.38.1-5+deb12u1", "amd64", "required", false, "libc6 (>= 2.34)", null),
                    new Deb("util-linux", "2.38.1-5+deb12u1", "amd64", "required", true, null, null),
                    Deb.of("iproute2", "6.1.0-3", "amd64", "important", "libc6 (>= 2.34)"),
                    Deb.of("iptables", "1.8.9-2", "amd64", "optional", "libc6 (>= 2.34)"),
                    Deb.of("ebtables", "2.0.11-5", "amd64", "optional", "libc6 (>= 2.34)"),
                    Deb.of("ethtool", "1:6.1-1", "amd64", "important", "libc6 (>= 2.34)"),
                    Deb.of("socat", "1.7.4.4-2", "amd64", "optional", "libc6 (>= 2.34)"),
                    Deb.of("haproxy", "2.6.12-1+deb12u2", "amd64", "optional", "libc6 (>= 2.34), liblua5.3-0"),
                    Deb.of("liblua5.3-0", "5.3.6-2", "amd64", "optional", "libc6 (>= 2.34)"),
                    Deb.of("keepalived", "1:2.2.7-1+b2", "amd64", "optional", "iptables, libnl-3-200 (>= 3.2.7)"),
                    Deb.of("libnl-3-200", "3.7.0-0.2+b1", "amd64", "optional", "libc6 (>= 2.34)")), "xz", gpg, work);
            TestAptRepository.write(root, "deb.debian.org/debian/", "bookworm-updates", "main", List.of(), "xz", gpg, work);
            TestAptRepository.write(root, "security.debian.org/debian-security/", "bookworm-security", "main", List.of(),
                    "xz", gpg, work);
            keyring = Files.write(dir.resolve("test.gpg"), gpg.publicKey());
            server = new TestPackageServer(root);
        } catch (IOException | InterruptedException | RuntimeException e) {
            gpg.close();
            throw e;
        }
    }

    /** For --package-mirror. */
    public URI base() {
        return server.base();
    }

    /** The signing key, for --package-keyring. */
    public Path keyring() {
        return keyring;
    }

    /** The arguments that fetch debian-12 packages from this mirror. */
    public List<String> fetchArguments() {
        return List.of("--fetch-packages", "--distro", "debian-12", "--package-mirror", base().toString(),
                "--package-keyring", keyring.toString());
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            gpg.close();
        }
    }
}

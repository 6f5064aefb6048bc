package dev.kubeha.demo;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.Connection;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.PrivateAddresses;
import dev.kubeha.exec.SudoRefused;
import dev.kubeha.exec.TransportException;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.exec.ssh.SshOptions;
import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.SshTransport;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Node;
import dev.kubeha.model.ParsedCluster;
import dev.kubeha.plan.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated hosts over the real SSH transport (sshj): what a fresh host has and does not have,
 * sudo's password check, SFTP uploads landing in the host's file system, address detection, the
 * preparation script, and the lab's files (cluster.json without secrets, a 0600 key, known_hosts).
 */
@Timeout(60)
class DemoLabTest {
    @TempDir
    Path dir;
    DemoLab lab;
    SshTransport transport;
    final List<Connection> open = new ArrayList<>();

    /** What one command printed and returned. */
    record Ran(int exit, String out, String err) {
    }

    @BeforeEach
    void startLab() throws Exception {
        lab = DemoLab.start(dir.resolve("lab"), Pace.NONE);
        ParsedCluster parsed = ClusterFiles.read(lab.clusterFile());
        Map<String, SshTarget> targets = SshTarget.allOf(parsed.cluster(),
                dev.kubeha.model.ValidationContext.forFile(lab.clusterFile()));
        transport = new SshTransport(targets::get, Workspace.at(lab.workspace()).knownHosts(), HostKeyPolicy.REJECT_NEW,
                new SshSecrets(t -> null, t -> null, t -> DemoLab.SUDO_PASSWORD.toCharArray()), SshOptions.DEFAULT);
    }

    @AfterEach
    void stopLab() throws Exception {
        open.forEach(Connection::close);
        transport.close();
        lab.close();
    }

    Ran run(String node, Command command, boolean asRoot) throws Exception {
        Connection c = transport.connect(node);
        open.add(c);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = c.run(command, asRoot, null, (stream, line) -> {
            synchronized (out) {
                (stream == OutputStreamKind.STDOUT ? out : err).append(line).append('\n');
            }
        }, Duration.ofSeconds(20));
        return new Ran(exit, out.toString(), err.toString());
    }

    /** What sudo said before the transport turned its refusal into a {@link SudoRefused}. */
    record Refused(boolean passwordGiven, String err) {
    }

    /**
     * Runs as root through a second transport whose sudo password is {@code password} (null: none
     * given), expecting sudo to refuse; the simulated sudo's own words still reach the listener.
     */
    Refused refusedWithSudoPassword(String node, Command command, String password) throws Exception {
        ParsedCluster parsed = ClusterFiles.read(lab.clusterFile());
        Map<String, SshTarget> targets = SshTarget.allOf(parsed.cluster(),
                dev.kubeha.model.ValidationContext.forFile(lab.clusterFile()));
        try (SshTransport other = new SshTransport(targets::get, Workspace.at(lab.workspace()).knownHosts(),
                HostKeyPolicy.REJECT_NEW, new SshSecrets(t -> null, t -> null, t -> password == null ? null
                : password.toCharArray()), SshOptions.DEFAULT)) {
            Connection c = other.connect(node);
            StringBuilder err = new StringBuilder();
            try {
                int exit = c.run(command, true, null, (stream, line) -> {
                    if (stream == OutputStreamKind.STDERR) {
                        err.append(line).append('\n');
                    }
                }, Duration.ofSeconds(20));
                throw new AssertionError("sudo ran the command (exit " + exit + ") instead of refusing");
            } catch (SudoRefused refused) {
                assertThat(refused.kind()).isEqualTo(TransportException.Kind.SUDO_REFUSED);
                assertThat(refused.node()).isEqualTo(node);
                return new Refused(refused.passwordGiven(), err.toString());
            } finally {
                c.close();
            }
        }
    }

    @Test
    void theLabsFilesDescribeEightHostsWithoutSecrets() throws Exception {
        ParsedCluster parsed = ClusterFiles.read(lab.clusterFile());
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cluster().nodes()).extracting(Node::name)
                .containsExactly("etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0", "worker1");
        assertThat(parsed.cluster().nodes()).extracting(Node::privateAddress)
                .containsExactly("10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.21", "10.0.0.22", "10.0.0.23", "10.0.0.31",
                        "10.0.0.32");
        String json = Files.readString(lab.clusterFile());
        assertThat(json).doesNotContainIgnoringCase("password").doesNotContain("passphrase", "PRIVATE KEY").contains("\"identityFile\": \"id_ecdsa\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.clientKey()))).isEqualTo("rw-------");
        assertThat(Files.readString(lab.clientKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.dir().resolve("hosts/etcd0"))))
                .isEqualTo("rwx------");
        assertThat(Workspace.at(lab.workspace()).knownHosts().entries()).hasSize(8)
                .extracting(KnownHosts.Entry::hostPattern).contains("[127.0.0.1]:" + lab.port("master0"));
    }

    @Test
    void aFreshHostHasNoKubeadmAndUnknownCommandsExit127() throws Exception {
        Ran kubeadm = run("master0", Command.of("kubeadm", "version", "-o", "short"), false);
        assertThat(kubeadm).isEqualTo(new Ran(127, "", "bash: line 1: kubeadm: command not found\n"));
        Ran unknown = run("worker1", Command.of("frobnicate", "--now"), true);
        assertThat(unknown).isEqualTo(new Ran(127, "", "bash: line 1: frobnicate: command not found\n"));
        Ran expansion = run("worker1", new Command("echo $HOME"), false);
        assertThat(expansion).isEqualTo(new Ran(2, "", "bash: line 1: expansions are not simulated\n"));
        assertThat(lab.commandsOf("master0")).containsExactly("kubeadm version -o short");
    }

    @Test
    void sudoChecksThePasswordOnStandardInput() throws Exception {
        assertThat(run("etcd1", Command.of("id", "-u"), true)).isEqualTo(new Ran(0, "0\n", ""));
        assertThat(run("etcd1", Command.of("id", "-u"), false)).isEqualTo(new Ran(0, "1000\n", ""));
        assertThat(lab.commandsOf("etcd1")).containsExactly("sudo -S -k -p '' -- sh -c 'id -u'", "id -u");

        // The simulated sudo answers in real sudo's words, which the transport recognises as a refusal.
        assertThat(refusedWithSudoPassword("etcd1", Command.of("id", "-u"), "wrong"))
                .isEqualTo(new Refused(true, "Sorry, try again.\nsudo: 1 incorrect password attempt\n"));
        assertThat(refusedWithSudoPassword("etcd1", Command.of("id", "-u"), null))
                .isEqualTo(new Refused(false, "sudo: a password is required\n"));
        // Without root, the system's files stay closed.
        assertThat(run("etcd1", Command.of("mkdir", "-p", "/etc/kubeha"), false))
                .isEqualTo(new Ran(1, "", "mkdir: cannot create directory '/etc/kubeha': Permission denied\n"));
    }

    @Test
    void uploadsLandInTheHostsFileSystemWithTheirMode() throws Exception {
        Connection c = transport.connect("master1");
        open.add(c);
        c.upload("/etc/kubernetes/pki/ca.key", "not a real key\n".getBytes(StandardCharsets.UTF_8), 0600, "root:root");
        Path onHost = lab.fileOf("master1", "/etc/kubernetes/pki/ca.key");
        assertThat(onHost).hasContent("not a real key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onHost))).isEqualTo("rw-------");
        assertThat(new String(c.download("/etc/kubernetes/pki/ca.key"), StandardCharsets.UTF_8)).isEqualTo("not a real key\n");
        // The user cannot read a root-only file without sudo.
        assertThat(run("master1", Command.of("cat", "--", "/etc/kubernetes/pki/ca.key"), false))
                .isEqualTo(new Ran(1, "", "cat: /etc/kubernetes/pki/ca.key: Permission denied\n"));
        assertThat(run("master1", Command.of("test", "-e", "/etc/kubernetes/pki/ca.key"), true).exit()).isZero();
        assertThat(run("master1", Command.of("test", "-e", "/etc/kubernetes/admin.conf"), true).exit()).isEqualTo(1);
    }

    @Test
    void privateAddressesAreDetectedFromEth1() throws Exception {
        var cluster = ClusterFiles.read(lab.clusterFile()).cluster();
        var nodes = cluster.nodes().stream().map(n -> n.name().startsWith("worker")
                ? new Node(n.name(), n.host(), null, n.publicAddress(), n.roles(), n.privateInterface(), n.ssh()) : n).toList();
        var withoutWorkers = new dev.kubeha.model.Cluster(cluster.apiVersion(), cluster.kind(), cluster.name(),
                cluster.kubernetesVersion(), cluster.ssh(), cluster.privateInterface(), nodes, cluster.etcd(),
                cluster.loadBalancer(), cluster.networking(), cluster.pki(), cluster.cni());

        PrivateAddresses.Result result = PrivateAddresses.detect(withoutWorkers, transport, 4);

        assertThat(result.detected()).containsExactly(new PrivateAddresses.Detected("worker0", "eth1", "10.0.0.31"),
                new PrivateAddresses.Detected("worker1", "eth1", "10.0.0.32"));
        assertThat(run("worker0", Command.of("ip", "-o", "-4", "addr", "show", "dev", "eth9"), false))
                .isEqualTo(new Ran(1, "", "Device \"eth9\" does not exist.\n"));
        assertThat(run("worker0", Command.of("ip", "-o", "-4", "addr", "show"), false).out()).isEqualTo("""
                1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
                2: eth0    inet 10.10.0.31/24 brd 10.10.0.255 scope global eth0\\       valid_lft forever preferred_lft forever
                3: eth1    inet 10.0.0.31/24 brd 10.0.0.255 scope global eth1\\       valid_lft forever preferred_lft forever
                """);
    }

    @Test
    void thePreparationScriptInstallsKubeadmOnceAndSwapGoesOff() throws Exception {
        Connection c = transport.connect("worker0");
        open.add(c);
        byte[] script = ("#!/usr/bin/env bash\nset -euo pipefail\n# Prepares a node of cluster demo for kubeadm; generated"
                + " by kubeha.\nk8s_version='1.37.1'\ncontainerd_floors='2.2.0'\ncontainerd_wanted='2.2.0+'\n"
                + "pause_image='registry.k8s.io/pause:3.10.2'\n").getBytes(StandardCharsets.UTF_8);
        c.upload("/etc/kubeha/prepare-node.sh", script, 0755, "root:root");
        // A fresh Debian 12 host: cgroup v2, no containerd.
        assertThat(run("worker0", Command.of("stat", "-fc", "%T", "/sys/fs/cgroup"), false))
                .isEqualTo(new Ran(0, "cgroup2fs\n", ""));
        assertThat(run("worker0", Command.of("containerd", "--version"), false).exit()).isEqualTo(127);

        Ran first = run("worker0", Command.of("bash", "/etc/kubeha/prepare-node.sh"), true);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("prepare-node: turned swap off\n", "Setting up kubeadm (1.37.1-1.1) ...\n",
                        "prepare-node: Docker's signing key (9DC858229FC7DD38854AE2D88D81803C0EBFCD88) is in"
                                + " /etc/apt/keyrings/docker.asc\n",
                        "Setting up containerd.io (2.2.1-1~debian.12~bookworm) ...\n",
                        "prepare-node: wrote /etc/containerd/config.toml (version 3, containerd 2.2.1) with SystemdCgroup"
                                + " = true and the sandbox image registry.k8s.io/pause:3.10.2\n")
                .endsWith("prepare-node: node ready for kubeadm\n");
        assertThat(run("worker0", Command.of("containerd", "--version"), false))
                .isEqualTo(new Ran(0, "containerd containerd.io v2.2.1 kubeha-demo\n", ""));
        assertThat(lab.fileOf("worker0", "/etc/apt/sources.list.d/docker.list")).content().isEqualTo(
                "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian"
                        + " bookworm stable\n");
        assertThat(lab.fileOf("worker0", "/etc/containerd/config.toml")).content().startsWith("version = 3\n")
                .contains("      sandbox = 'registry.k8s.io/pause:3.10.2'\n", "            SystemdCgroup = true\n")
                .doesNotContain("SystemdCgroup = false");
        assertThat(run("worker0", Command.of("kubeadm", "version", "-o", "short"), false)).isEqualTo(new Ran(0, "v1.37.1\n", ""));
        assertThat(lab.fileOf("worker0", "/etc/fstab")).content().contains("# kubeha: swap off for the kubelet: /swapfile");
        Ran again = run("worker0", Command.of("bash", "/etc/kubeha/prepare-node.sh"), true);
        assertThat(again).isEqualTo(new Ran(0, "prepare-node: kubeadm, kubelet and kubectl v1.37.1 and containerd 2.2.1"
                + " are installed\nprepare-node: node ready for kubeadm\n", ""));
        // Not root: the script stops, as its own check does.
        assertThat(run("worker0", Command.of("bash", "/etc/kubeha/prepare-node.sh"), false))
                .isEqualTo(new Ran(1, "", "prepare-node: run me as root\n"));
        // A script kubeha does not generate is not pretended to run.
        c.upload("/etc/kubeha/other.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0755, "root:root");
        assertThat(run("worker0", Command.of("bash", "/etc/kubeha/other.sh"), true)).isEqualTo(new Ran(127, "",
                "kubeha demo: /etc/kubeha/other.sh is not a script kubeha generates; the simulated host runs only those\n"));
    }

    @Test
    void whatTheRealScriptsDoNotInstallIsMissingToo() throws Exception {
        // On a fresh host HAProxy's and keepalived's units do not exist.
        assertThat(run("master2", Command.allOf(Command.of("systemctl", "daemon-reload"),
                Command.of("systemctl", "enable", "haproxy", "keepalived")), true))
                .isEqualTo(new Ran(1, "", "Failed to enable unit: Unit file haproxy.service does not exist.\n"));
        // prepare-node.sh --load-balancer would install them; the demo has no virtual IP and says so.
        Connection m = transport.connect("master2");
        open.add(m);
        m.upload("/etc/kubeha/prepare-node.sh", ("#!/usr/bin/env bash\n# Prepares a node of cluster demo for kubeadm;"
                + " generated by kubeha.\nk8s_version='1.37.1'\n").getBytes(StandardCharsets.UTF_8), 0755, "root:root");
        assertThat(run("master2", Command.of("bash", "/etc/kubeha/prepare-node.sh", "--load-balancer"), true))
                .isEqualTo(new Ran(1, "", "kubeha demo: the simulated hosts do not run HAProxy and keepalived (load"
                        + " balancer mode haproxy-keepalived); the demo's load balancer is the external one at"
                        + " 10.0.0.100:6443\n"));
        // install-etcd.sh downloads nothing without a pinned checksum, and a fresh host has no tarball.
        Connection c = transport.connect("etcd2");
        open.add(c);
        c.upload("/etc/kubeha/install-etcd.sh", ("#!/usr/bin/env bash\n# Installs etcd 3.6.5 for cluster demo; generated"
                + " by kubeha.\nversion='3.6.5'\npackages_dir='/var/lib/kubeha/packages'\n").getBytes(StandardCharsets.UTF_8),
                0755, "root:root");
        assertThat(run("etcd2", Command.of("bash", "/etc/kubeha/install-etcd.sh"), true)).isEqualTo(new Ran(1, "",
                "install-etcd: refusing to download https://github.com/etcd-io/etcd/releases/download/v3.6.5/"
                        + "etcd-v3.6.5-linux-amd64.tar.gz without a checksum: set KUBEHA_ETCD_SHA256 to its sha256 from the"
                        + " release's SHA256SUMS, or put etcd-v3.6.5-linux-amd64.tar.gz in /var/lib/kubeha/packages\n"));
    }

    @Test
    void theLoadBalancerAcceptsButKubectlNeedsAnApiServer() throws Exception {
        assertThat(run("master0", Command.of("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/10.0.0.100/6443"), true).exit())
                .isZero();
        assertThat(run("master0", Command.of("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/10.0.0.21/6443"), true))
                .isEqualTo(new Ran(1, "", "bash: connect: Connection refused\nbash: line 1: /dev/tcp/10.0.0.21/6443:"
                        + " Connection refused\n"));
        assertThat(run("master0", Command.of("curl", "-fsSk", "--max-time", "5", "https://10.0.0.100:6443/healthz"), true))
                .isEqualTo(new Ran(52, "", "curl: (52) Empty reply from server\n"));
        // The load-balancer/serves-api check discards the body with -o /dev/null, as curl does.
        assertThat(run("master0", Command.of("curl", "-fsSk", "--max-time", "5", "-o", "/dev/null",
                "https://10.0.0.100:6443/healthz"), true))
                .isEqualTo(new Ran(52, "", "curl: (52) Empty reply from server\n"));
    }

    @Test
    void closingTheLabStopsTheHostsAndRemovesTheirFiles() throws Exception {
        Path hosts = lab.dir().resolve("hosts");
        int port = lab.port("worker1");
        lab.close();
        assertThat(hosts).doesNotExist();
        assertThat(lab.clusterFile()).exists();
        try (java.net.Socket s = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}

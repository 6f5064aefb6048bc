package dev.kubeha.exec.ssh;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.HostProbe;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesReleases;
import dev.kubeha.exec.HostProbe.Interface;
import dev.kubeha.exec.HostProbe.Reach;
import dev.kubeha.exec.HostProbe.Report;
import dev.kubeha.exec.HostProbe.Sudo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Test connection" against an embedded SSH server: what a node reports, and one line per failure. */
class HostProbeSshTest {
    static final String IP_OUTPUT = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            2: eth0    inet 203.0.113.20/24 brd 203.0.113.255 scope global eth0\\       valid_lft forever
            3: eth1    inet 10.0.0.20/24 brd 10.0.0.255 scope global eth1\\       valid_lft forever""";

    static final KubernetesRelease V137 = KubernetesReleases.builtIn().supportedFor("v1.37.1").orElseThrow();

    @TempDir
    Path dir;
    Path key;
    /** What the Ubuntu nodes answer: a cgroup v2 host without containerd, unless a test says otherwise. */
    String cgroupFs = "cgroup2fs";
    String containerdLine = null;
    Path workspace;
    final Map<String, SshTarget> targets = new HashMap<>();
    final List<ScriptedSshNode> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        key = SshTransportTestKeys.ecdsa(dir);
        workspace = dir.resolve("workspace");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ScriptedSshNode n : nodes) {
            n.close();
        }
    }

    /** A node that answers like an Ubuntu host whose login user is {@code user} (uid 0 only for root and via sudo). */
    ScriptedSshNode ubuntu(String name, String user, boolean sudo) throws Exception {
        ScriptedSshNode n = new ScriptedSshNode(name, dir.resolve("nodes/" + name), Path.of(key + ".pub"), null);
        nodes.add(n);
        n.on("^cat /etc/os-release$", call -> {
            call.out.println("NAME=\"Ubuntu\"");
            call.out.println("VERSION_ID=\"24.04\"");
            call.out.println("PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"");
            return 0;
        });
        n.on("^id -un$", call -> {
            call.out.println(call.sudo ? "root" : user);
            return 0;
        });
        n.on("^id -u$", call -> {
            call.out.println(call.sudo || user.equals("root") ? "0" : "1000");
            return 0;
        });
        n.on("^ip -o -4 addr show$", call -> {
            call.out.println(IP_OUTPUT);
            return 0;
        });
        n.on("^uname -m$", call -> {
            call.out.println("aarch64");
            return 0;
        });
        n.on("^stat -fc %T /sys/fs/cgroup$", call -> {
            call.out.println(cgroupFs);
            return 0;
        });
        n.on("^containerd --version$", call -> {
            if (containerdLine == null) {
                call.err.println("sh: 1: containerd: not found");
                return 127;
            }
            call.out.println(containerdLine);
            return 0;
        });
        targets.put(name, new SshTarget(name, "127.0.0.1", n.port(), user, key, sudo));
        return n;
    }

    SshTransport transport(HostKeyPolicy policy, String sudoPassword) {
        return new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), policy,
                new SshSecrets(null, null, t -> sudoPassword == null ? null : sudoPassword.toCharArray()),
                SshOptions.DEFAULT);
    }

    static final List<Interface> INTERFACES = List.of(new Interface("lo", "127.0.0.1", 8),
            new Interface("eth0", "203.0.113.20", 24), new Interface("eth1", "10.0.0.20", 24));

    @Test
    void aHealthyNodeReportsItsSystemSudoAndInterfacesAndIsLeftUnchanged() throws Exception {
        ScriptedSshNode n = ubuntu("master0", "kube", true);
        n.sudoPassword("s3cret");
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, "s3cret"), "master0", V137);
        assertThat(report).isEqualTo(new Report("master0", Reach.AUTHENTICATED, "Ubuntu 24.04.1 LTS", Sudo.OK,
                INTERFACES, "v2", null, "arm64", null));
        assertThat(report.ok()).isTrue();
        assertThat(report.addressOf("eth1")).contains("10.0.0.20");
        assertThat(report.addressOf("eth9")).isEmpty();
        assertThat(report.interfaceNames()).containsExactly("lo", "eth0", "eth1");
        // Only reads: nothing else ran on the node.
        assertThat(n.innerCommands()).containsExactly("cat /etc/os-release", "id -un", "id -u", "id -u",
                "ip -o -4 addr show", "stat -fc %T /sys/fs/cgroup", "uname -m", "containerd --version");
        assertThat(n.executed.get(3).line()).isEqualTo("sudo -S -k -p '' -- sh -c 'id -u'");
    }

    @Test
    void rootNeedsNoSudo() throws Exception {
        ScriptedSshNode n = ubuntu("master0", "root", false);
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.sudo()).isEqualTo(Sudo.ROOT);
        assertThat(report.problem()).isNull();
        assertThat(n.innerCommands()).containsExactly("cat /etc/os-release", "id -un", "id -u", "ip -o -4 addr show",
                "stat -fc %T /sys/fs/cgroup", "uname -m", "containerd --version");
    }

    @Test
    void passwordlessSudoIsTriedNonInteractively() throws Exception {
        ScriptedSshNode n = ubuntu("master0", "kube", true);
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.sudo()).isEqualTo(Sudo.OK);
        assertThat(n.executed.get(3).line()).isEqualTo("sudo -n -- sh -c 'id -u'");
    }

    @Test
    void sudoThatWantsAPasswordSaysToGiveOne() throws Exception {
        ubuntu("master0", "kube", true).sudoPassword("s3cret");
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.reach()).isEqualTo(Reach.AUTHENTICATED);
        assertThat(report.sudo()).isEqualTo(Sudo.FAILED);
        assertThat(report.interfaces()).isEqualTo(INTERFACES);
        assertThat(report.problem()).isEqualTo("node master0: sudo asks kube for a password; give the sudo password,"
                + " or allow kube to use sudo without one");
    }

    @Test
    void aWrongSudoPasswordIsNamedAsSuch() throws Exception {
        ubuntu("master0", "kube", true).sudoPassword("s3cret");
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, "wrong"), "master0", V137);
        assertThat(report.sudo()).isEqualTo(Sudo.FAILED);
        assertThat(report.problem()).isEqualTo("node master0: sudo refused the password given for kube;"
                + " check the sudo password");
    }

    @Test
    void aNonRootUserWithSudoOffCannotDoRootWork() throws Exception {
        ubuntu("master0", "kube", false);
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.problem()).isEqualTo("node master0: kube is not root and sudo is off; turn sudo on in the"
                + " SSH settings, or log in as root");
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        targets.put("gone", new SshTarget("gone", "127.0.0.1", closedPort, "kube", key, true));
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "gone", V137);
        assertThat(report).isEqualTo(Report.failed("gone", Reach.UNREACHABLE, "cannot connect to node gone (kube@127.0.0.1:" + closedPort + "): connection refused; check that the"
                        + " host is up and sshd listens on port " + closedPort));
    }

    @Test
    void aFirstSeenHostKeyIsAskedAboutWithItsFingerprintAndRecordedWhenAccepted() throws Exception {
        ScriptedSshNode n = ubuntu("master0", "root", false);
        String expected = Fingerprints.sha256(n.hostKey().getPublic());
        List<String> asked = new ArrayList<>();
        Report refused = HostProbe.probe(transport((t, type, fp) -> {
            asked.add(t.node() + " " + type + " " + fp);
            return false;
        }, null), "master0", V137);
        Path knownHosts = workspace.resolve("known_hosts");
        assertThat(asked).containsExactly("master0 ecdsa-sha2-nistp256 " + expected);
        assertThat(refused.reach()).isEqualTo(Reach.REFUSED);
        assertThat(refused.problem()).isEqualTo("host key of node master0 (root@127.0.0.1:" + n.port()
                + ") (ecdsa-sha2-nistp256 " + expected + ") is not in " + knownHosts + " and was not accepted; check it"
                + " on the node with ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub, then accept it");
        assertThat(n.executed).isEmpty();

        Report accepted = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(accepted.ok()).isTrue();
        assertThat(Workspace.at(workspace).knownHosts().entries()).extracting(KnownHosts.Entry::fingerprint)
                .containsExactly(expected);
        // Known now: the next probe asks nobody.
        assertThat(HostProbe.probe(transport(HostKeyPolicy.REJECT_NEW, null), "master0", V137).ok()).isTrue();
    }

    @Test
    void aChangedHostKeyIsRefusedWithBothFingerprints() throws Exception {
        ScriptedSshNode n = ubuntu("master0", "root", false);
        assertThat(HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137).ok()).isTrue();
        n.changeHostKey();
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.reach()).isEqualTo(Reach.REFUSED);
        assertThat(report.problem()).startsWith("HOST KEY CHANGED for node master0 (root@127.0.0.1:" + n.port() + ")");
    }

    @Test
    void aRefusedLoginNamesTheUserAndTheKey() throws Exception {
        ubuntu("master0", "kube", true);
        Path other = Files.createDirectories(dir.resolve("other"));
        Path otherKey = SshTransportTestKeys.ecdsa(other);
        SshTarget t = targets.get("master0");
        targets.put("master0", new SshTarget("master0", t.host(), t.port(), "kube", otherKey, true));
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.reach()).isEqualTo(Reach.REFUSED);
        assertThat(report.problem()).isEqualTo("login refused: user kube on node master0 (kube@127.0.0.1:" + t.port()
                + ") with key " + otherKey + "; check ssh.user and that the public key is in ~kube/.ssh/authorized_keys");
    }

    @Test
    void aNodeWithoutOsReleaseOrIpSaysWhatIsMissing() throws Exception {
        ScriptedSshNode n = new ScriptedSshNode("bare", dir.resolve("nodes/bare"), Path.of(key + ".pub"), null);
        nodes.add(n);
        n.on("^cat /etc/os-release$", call -> {
            call.err.println("cat: /etc/os-release: No such file or directory");
            return 1;
        });
        n.on("^id -u$", call -> {
            call.out.println("0");
            return 0;
        });
        n.on("^ip ", call -> {
            call.err.println("sh: 1: ip: not found");
            return 127;
        });
        targets.put("bare", new SshTarget("bare", "127.0.0.1", n.port(), "root", key, false));
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "bare", V137);
        assertThat(report.os()).isNull();
        assertThat(report.sudo()).isEqualTo(Sudo.ROOT);
        assertThat(report.problem()).isEqualTo("node bare: /etc/os-release is missing or names no system; kubeha"
                + " installs on Debian, Ubuntu and RHEL-like Linux; node bare: ip -o -4 addr show exited with code 127"
                + " (sh: 1: ip: not found); install iproute2 on the node");
    }

    @Test
    void aCgroupV1HostIsAProblemWithWhatToDo() throws Exception {
        cgroupFs = "tmpfs";
        ubuntu("master0", "root", false);
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.cgroup()).isEqualTo("v1");
        assertThat(report.problem()).isEqualTo("node master0: runs cgroup v1 (/sys/fs/cgroup is tmpfs), which the kubelet"
                + " of Kubernetes v1.37 refuses; boot it with systemd.unified_cgroup_hierarchy=1 on the kernel command"
                + " line, or use a distribution that defaults to cgroup v2 (Debian 11+, Ubuntu 21.10+, RHEL 9)");
        // Without a supported version the kubelet's rule is named by the release it started with.
        assertThat(HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", null).problem())
                .contains("which the kubelet (from Kubernetes v1.35) refuses;");
    }

    @Test
    void aTooOldContainerdIsAProblemAndANewEnoughOneIsReported() throws Exception {
        containerdLine = "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1";
        ScriptedSshNode n = ubuntu("master0", "kube", true);
        Report old = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(old.containerd()).isEqualTo("1.6.20");
        assertThat(old.problem()).isEqualTo("node master0: has containerd 1.6.20, too old for Kubernetes v1.37 (it"
                + " needs 2.2.0+); upgrade it, or let the install replace it with Docker's containerd.io (from"
                + " download.docker.com, or from containerd.io packages in the packages directory)");
        // Asked through sudo, whose PATH has the sbin directories.
        assertThat(n.executed.get(n.executed.size() - 1).line()).isEqualTo("sudo -n -- sh -c 'containerd --version'");

        containerdLine = "containerd containerd.io v2.2.1 0123456789abcdef";
        Report fine = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(fine.containerd()).isEqualTo("2.2.1");
        assertThat(fine.cgroup()).isEqualTo("v2");
        assertThat(fine.problem()).isNull();
        // Not judged without a release.
        containerdLine = "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1";
        assertThat(HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", null).ok()).isTrue();
    }

    @Test
    void noContainerdIsFineThePreparationInstallsOne() throws Exception {
        ubuntu("master0", "root", false);
        Report report = HostProbe.probe(transport(HostKeyPolicy.ACCEPT_NEW, null), "master0", V137);
        assertThat(report.containerd()).isNull();
        assertThat(report.ok()).isTrue();
    }
}

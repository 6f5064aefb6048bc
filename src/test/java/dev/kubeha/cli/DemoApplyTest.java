package dev.kubeha.cli;

import dev.kubeha.operation.Workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.demo.DemoLab;
import dev.kubeha.demo.Pace;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.exec.ssh.SshOptions;
import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.SshTransport;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.plan.Command;
import dev.kubeha.pki.Pem;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeha apply} on the demo cluster, end to end through the CLI and the real SSH transport:
 * every task of the plan runs on the simulated hosts and succeeds, with the hosts' keys trusted
 * ahead in the demo workspace (no --accept-new-host-keys).
 */
@Timeout(120)
class DemoApplyTest {
    @TempDir
    Path dir;
    DemoLab lab;

    @BeforeEach
    void startLab() throws Exception {
        lab = DemoLab.start(dir.resolve("lab"), Pace.NONE);
    }

    @AfterEach
    void stopLab() throws Exception {
        lab.close();
    }

    record Run(int code, String out, String err) {
    }

    Run kubeha(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err),
                Terminal.nonInteractive(Map.of(RunSecrets.SUDO_PASSWORD, DemoLab.SUDO_PASSWORD)));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void applyInstallsTheDemoClusterAndFetchesAnAdminConfSignedByItsCa() throws Exception {
        Path workspace = lab.workspace();

        Run r = kubeha("apply", lab.clusterFile().toString(), "--yes", "--workspace", workspace.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Cluster demo (Kubernetes v1.37.1) on 8 nodes:\n",
                // The external load balancer's checkpoint: without anyone to ask, the passing check is the go-ahead.
                "[15/23] master0  load-balancer/serves-api  succeeded\n",
                "[23/23] master0  fetch/admin-conf          succeeded\n",
                "Cluster demo is installed: 23 tasks succeeded in ")
                .doesNotContain("accepted the new host key");
        // kubeadm printed the token and the join commands; the log masks them, and the sudo password.
        String token = Files.readString(workspace.resolve("pki/bootstrap-token")).trim();
        String log;
        try (var logs = Files.list(workspace.resolve("logs"))) {
            log = Files.readString(logs.findFirst().orElseThrow());
        }
        assertThat(log).contains("master0 master0/kubeadm-init stdout| [bootstrap-token] Using token: <redacted>",
                "master0 master0/kubeadm-init stdout| Your Kubernetes control-plane has initialized successfully!")
                .doesNotContain(token.substring(7), DemoLab.SUDO_PASSWORD);
        // What the plan did on the hosts, in the order a real install does it.
        assertThat(lab.commandsOf("master0")).filteredOn(c -> !c.contains("kubeha-upload")).extracting(DemoApplyTest::inner)
                // First the look at what is there (nothing: a fresh install), then the plan.
                .containsExactly("test -e /etc/kubernetes/kubelet.conf", "systemctl is-active --quiet kubelet",
                        "test -e /etc/kubernetes/admin.conf",
                        "bash /etc/kubeha/prepare-node.sh",
                        "timeout 5 bash -c 'exec 3<>/dev/tcp/10.0.0.100/6443'",
                        "kubeadm init --config /etc/kubeha/kubeadm.yaml",
                        "curl -fsSk --max-time 5 -o /dev/null https://10.0.0.100:6443/healthz",
                        "kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f " + DemoLab.CNI_MANIFEST,
                        "kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for=condition=Ready nodes --all --timeout=30s",
                        "{ curl -fsSk --max-time 5 https://10.0.0.100:6443/healthz; } >/dev/null 2>&1",
                        "cat -- /etc/kubernetes/admin.conf");
        assertThat(lab.commandsOf("etcd0")).extracting(DemoApplyTest::inner).filteredOn(c -> !c.contains("kubeha-upload"))
                .filteredOn(c -> !c.startsWith("test -e /etc/kubernetes/") && !c.startsWith("systemctl is-active")
                        && !c.endsWith(":2379/health") && !c.endsWith("/v3/cluster/member/list"))
                .startsWith("bash /etc/kubeha/prepare-node.sh", "systemctl enable kubelet && systemctl restart kubelet");

        // admin.conf: a kubeconfig for the load balancer whose client certificate the cluster's CA signed.
        Path admin = workspace.resolve("admin.conf");
        String kubeconfig = Files.readString(admin);
        assertThat(kubeconfig).contains("server: https://10.0.0.100:6443\n", "current-context: kubernetes-admin@demo\n");
        X509Certificate ca = Pem.readCertificate(Files.readAllBytes(workspace.resolve("pki/ca.crt")), "ca.crt");
        X509Certificate client = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(field(kubeconfig, "client-certificate-data"))));
        client.verify(ca.getPublicKey());
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes-admin,O=kubeadm:cluster-admins");
        assertThat(new String(Base64.getDecoder().decode(field(kubeconfig, "certificate-authority-data"))))
                .isEqualTo(Files.readString(workspace.resolve("pki/ca.crt")));

        // kubectl get nodes on master0, over SSH as an operator would run it, lists every node Ready.
        var cluster = ClusterFiles.read(lab.clusterFile()).cluster();
        var targets = SshTarget.allOf(cluster, ValidationContext.forFile(lab.clusterFile()));
        StringBuilder nodes = new StringBuilder();
        try (SshTransport ssh = new SshTransport(targets::get, Workspace.at(workspace).knownHosts(), HostKeyPolicy.REJECT_NEW,
                new SshSecrets(t -> null, t -> null, t -> DemoLab.SUDO_PASSWORD.toCharArray()), SshOptions.DEFAULT)) {
            var connection = ssh.connect("master0");
            int exit = connection.run(Command.of("kubectl", "--kubeconfig=/etc/kubernetes/admin.conf", "get", "nodes"), true,
                    null, (stream, line) -> {
                        if (stream == OutputStreamKind.STDOUT) {
                            nodes.append(line).append('\n');
                        }
                    }, java.time.Duration.ofSeconds(10));
            connection.close();
            assertThat(exit).isZero();
        }
        // Ages are a few seconds: the pattern leaves them out.
        assertThat(nodes.toString().replaceAll("  \\d+s ", "  Ns ")).isEqualTo("""
                NAME         STATUS     ROLES           AGE   VERSION
                master0      Ready      control-plane   Ns    v1.37.1
                master1      Ready      control-plane   Ns    v1.37.1
                master2      Ready      control-plane   Ns    v1.37.1
                worker0      Ready      <none>          Ns    v1.37.1
                worker1      Ready      <none>          Ns    v1.37.1
                """);

        // A second apply is refused over the journal, as for real machines; --resume has nothing left to do.
        Run again = kubeha("apply", lab.clusterFile().toString(), "--yes", "--resume", "--workspace", workspace.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(lab.commandsOf("master0").stream().filter(c -> c.contains("kubeadm init"))).hasSize(1);
    }

    @Test
    void theDemoClusterExportsABundle() throws Exception {
        Path out = dir.resolve("demo-bundle");

        Run r = kubeha("export", lab.clusterFile().toString(), "--out", out.toString(), "--workspace",
                lab.workspace().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(out.resolve("nodes/etcd0/root/etc/kubernetes/manifests/etcd.yaml")).exists();
        assertThat(out.resolve("nodes/master0/install.sh")).content().contains("kubeadm init --config /etc/kubeha/kubeadm.yaml");
    }

    @Test
    void helpListsDemoAndDemoWithACommandIsBadUsage() {
        Run help = kubeha("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("      --demo", "Opens the graphical installer on a simulated lab");

        Run mixed = kubeha("--demo", "validate", lab.clusterFile().toString());
        assertThat(mixed.code()).isEqualTo(Cli.USAGE);
        assertThat(mixed.err()).startsWith("--demo opens the window and takes no other argument: run kubeha --demo alone\n");
        assertThat(mixed.out()).isEmpty();
    }

    /** The command sudo ran: the quoted line after {@code sh -c}. */
    static String inner(String line) {
        Matcher m = Pattern.compile("^sudo -S -k -p '' -- sh -c (.*)$", Pattern.DOTALL).matcher(line);
        if (!m.matches()) {
            return line;
        }
        String word = m.group(1);
        return word.startsWith("'") ? word.substring(1, word.length() - 1).replace("'\\''", "'") : word;
    }

    static String field(String yaml, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + ": (\\S+)$").matcher(yaml);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

}

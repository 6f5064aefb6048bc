package dev.kubeha.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.cli.Cli;
import dev.kubeha.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's runtime on the node lab, through {@code kubeha apply} of a one-node cluster (the real
 * prepare-node.sh): a host with Debian 12's containerd 1.6 and no network stops where Docker's
 * key cannot be had, saying what to do; with a containerd.io in the packages directory it is
 * upgraded and its version 2 configuration made anew as version 3; a cgroup v1 host stops
 * before anything changes. Root and network namespaces, as {@link LabApplyTest}.
 */
@Timeout(300)
class LabRuntimeTest {
    static final String LB = "10.77.0.100:6443";

    @RegisterExtension
    static final NodeLab lab = NodeLab.forKubernetes("v1.37.1")
            .host("solo", "10.77.0.41")
            .loadBalancer("10.77.0.100", 6443);

    @TempDir
    Path temp;

    /** What apply printed, and its run logs (where the node's own output lines are). */
    record Run(int code, String out, String err, String log) {
        String all() {
            return out + "\n" + err + "\n" + log;
        }
    }

    Run apply(String name) throws Exception {
        Path file = Files.writeString(temp.resolve(name + ".json"), """
                {
                  "apiVersion": "kubeha/v1", "kind": "Cluster", "name": "%s", "kubernetesVersion": "v1.37.1",
                  "ssh": { "user": "root", "identityFile": "%s", "sudo": false },
                  "privateInterface": "eth1",
                  "nodes": [
                    { "name": "solo", "host": "10.77.0.41", "privateAddress": "10.77.0.41", "roles": ["control-plane"] }
                  ],
                  "etcd": { "topology": "co-located", "runtime": "static-pod" },
                  "loadBalancer": { "mode": "external", "endpoint": "%s" },
                  "networking": { "podSubnet": "10.244.0.0/16" },
                  "pki": { "keyAlgorithm": "ECDSA-P256" },
                  "cni": { "manifest": "https://example.com/cni.yaml" }
                }
                """.formatted(name, lab.clientKey(), LB));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"apply", file.toString(), "--yes", "--accept-new-host-keys", "--workspace",
                temp.resolve("ws-" + name).toString()}, new PrintWriter(out), new PrintWriter(err),
                Terminal.nonInteractive(Map.of()));
        StringBuilder log = new StringBuilder();
        Path logs = dev.kubeha.operation.Workspace.at(temp.resolve("ws-" + name)).logs();
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path f : files.sorted().toList()) {
                    log.append(Files.readString(f));
                }
            }
        }
        return new Run(code, out.toString(), err.toString(), log.toString());
    }

    void sh(String script) throws Exception {
        NodeLab.Result r = lab.exec("solo", "sh", "-c", script);
        assertThat(r.code()).as(r.output()).isZero();
    }

    @Test
    void anOfflineHostWithDebiansContainerdStopsAtDockersKeyAndSaysWhatToDo() throws Exception {
        lab.fresh();
        sh("echo 1.6.20 > /etc/kubeha-lab/containerd.version");

        Run run = apply("offline");

        assertThat(run.code()).as(run.all()).isNotZero();
        assertThat(run.all()).contains("prepare-node: cannot download Docker's signing key from"
                + " https://download.docker.com/linux/debian/gpg: let the node reach download.docker.com (containerd"
                + " 2.2.0+ comes from Docker's repository), or give --packages DIR with containerd.io 2.2.0+, or install"
                + " it by hand");
        List<String> calls = lab.calls("solo");
        // kubeadm, kubelet and kubectl are there: pkgs.k8s.io is not asked; containerd is not configured.
        assertThat(calls).contains("apt-get install -y -q ca-certificates curl gpg")
                .noneMatch(c -> c.startsWith("apt-get install -y -q --allow-change-held-packages"))
                .doesNotContain("containerd config default", "systemctl restart containerd");
        assertThat(lab.exec("solo", "test", "-e", "/etc/apt/keyrings/docker.asc").code()).isEqualTo(1);
        assertThat(lab.exec("solo", "test", "-e", "/etc/apt/keyrings/docker.asc.kubeha-new").code()).isEqualTo(1);
        assertThat(lab.exec("solo", "test", "-e", "/etc/containerd/config.toml").code()).isEqualTo(1);
    }

    @Test
    void aContainerdIoInThePackagesDirectoryReplacesAnOldOneAndItsConfigurationIsMadeAnew() throws Exception {
        lab.fresh();
        String old = """
                version = 2

                [plugins]
                  [plugins."io.containerd.grpc.v1.cri"]
                    sandbox_image = "registry.k8s.io/pause:3.6"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                      SystemdCgroup = true
                """;
        sh("echo 1.6.20 > /etc/kubeha-lab/containerd.version && mkdir -p /etc/containerd"
                + " && printf '%s' '" + old + "' > /etc/containerd/config.toml"
                + " && mkdir -p /var/lib/kubeha/deb/DEBIAN && printf 'Package: containerd.io\\nVersion: 2.2.1-1\\n"
                + "Architecture: amd64\\nMaintainer: kubeha tests\\nDepends: libc6 (>= 2.34)\\nDescription: containerd\\n'"
                + " > /var/lib/kubeha/deb/DEBIAN/control"
                + " && dpkg-deb --build /var/lib/kubeha/deb /var/lib/kubeha/packages/containerd.io_2.2.1-1_amd64.deb > /dev/null");

        Run run = apply("upgrade");

        assertThat(run.code()).as(run.all() + "\n" + String.join("\n", lab.calls("solo"))).isZero();
        assertThat(lab.calls("solo")).contains("apt-get install -y -q --no-install-recommends"
                + " --allow-change-held-packages /var/lib/kubeha/packages/containerd.io_2.2.1-1_amd64.deb",
                "containerd config default", "systemctl restart containerd");
        assertThat(lab.exec("solo", "containerd", "--version").output())
                .isEqualTo("containerd containerd.io v2.2.1 kubeha-lab-stand-in\n");
        String config = lab.exec("solo", "cat", "/etc/containerd/config.toml").output();
        assertThat(config).startsWith("version = 3\n")
                .contains("    [plugins.'io.containerd.cri.v1.images'.pinned_images]\n"
                        + "      sandbox = 'registry.k8s.io/pause:3.10.2'\n")
                .contains("          [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]\n"
                        + "            SystemdCgroup = true\n")
                .doesNotContain("SystemdCgroup = false", "pause:3.10'", "sandbox_image");
        assertThat(lab.exec("solo", "cat", "/etc/containerd/config.toml.kubeha-backup").output()).isEqualTo(old);

        // Again: nothing to change.
        long restarts = lab.calls("solo").stream().filter("systemctl restart containerd"::equals).count();
        NodeLab.Result again = lab.exec("solo", "bash", "/etc/kubeha/prepare-node.sh");
        assertThat(again.code()).as(again.output()).isZero();
        // (The lab's modprobe loads nothing, so the script loads br_netfilter again: not kubeha's.)
        assertThat(again.output()).contains("prepare-node: kubeadm, kubelet and kubectl v1.37.1 and containerd 2.2.1 are"
                + " installed\nprepare-node: node ready for kubeadm\n").doesNotContain("wrote");
        assertThat(lab.calls("solo").stream().filter("systemctl restart containerd"::equals).count()).isEqualTo(restarts);
        assertThat(lab.exec("solo", "cat", "/etc/containerd/config.toml").output()).isEqualTo(config);
    }

    @Test
    void aCgroupV1HostStopsBeforeAnythingChanges() throws Exception {
        lab.fresh();
        // What /sys/fs/cgroup is on a cgroup v1 host: a tmpfs holding one mount per controller.
        sh("mount -t tmpfs cgroup /sys/fs/cgroup && [ \"$(stat -fc %T /sys/fs/cgroup)\" = tmpfs ]");

        Run run = apply("cgroup-v1");

        assertThat(run.code()).as(run.all()).isNotZero();
        assertThat(run.all()).contains("prepare-node: this host runs cgroup v1 (/sys/fs/cgroup is tmpfs, not cgroup2fs),"
                + " which the kubelet of Kubernetes v1.37 refuses: boot it with systemd.unified_cgroup_hierarchy=1 on"
                + " the kernel command line, or use a distribution that defaults to cgroup v2 (Debian 11+, Ubuntu"
                + " 21.10+, RHEL 9)");
        // apply's read-only look at the node before the plan asks systemctl is-active; nothing that changes anything ran.
        assertThat(lab.calls("solo")).noneMatch(c -> c.startsWith("modprobe") || c.startsWith("sysctl")
                || c.startsWith("apt-get") || c.startsWith("containerd")
                || c.startsWith("systemctl") && !c.startsWith("systemctl is-active "));
        assertThat(lab.exec("solo", "test", "-e", "/etc/modules-load.d/k8s.conf").code()).isEqualTo(1);
    }
}

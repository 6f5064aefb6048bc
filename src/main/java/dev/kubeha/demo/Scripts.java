package dev.kubeha.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bash SCRIPT} on a simulated host. The simulation does not interpret bash: it recognises the
 * scripts kubeha generates by their header and carries out what they do on a fresh Debian host
 * (the same checks first, so a second run changes nothing), printing what they print. Any other
 * script is refused with exit 127, so that a new script in the plan is noticed.
 */
final class Scripts {
    private static final Pattern K8S_VERSION = Pattern.compile("(?m)^k8s_version='?([0-9]+\\.[0-9]+\\.[0-9]+)'?$");
    private static final Pattern ETCD_VERSION = Pattern.compile("(?m)^version='?([0-9]+\\.[0-9]+\\.[0-9]+)'?$");
    private static final Pattern PACKAGES_DIR = Pattern.compile("(?m)^packages_dir='?([^'\\n]+)'?$");
    private static final String SWAP_LINE = "/swapfile none swap sw 0 0";

    private final SimulatedHost host;

    Scripts(SimulatedHost host) {
        this.host = host;
    }

    int run(String script, List<String> args, Io io) throws IOException, InterruptedException {
        Path file = host.file(script);
        if (file == null || !Files.isRegularFile(file)) {
            io.err.println("bash: " + script + ": No such file or directory");
            return 127;
        }
        if (!io.root && host.rootOnly(file)) {
            io.err.println("bash: " + script + ": Permission denied");
            return 126;
        }
        String text = Files.readString(file);
        if (text.contains("\n# Prepares a node of cluster ")) {
            return prepareNode(text, args, io);
        }
        if (text.contains("\n# Installs etcd ")) {
            return installEtcd(text, io);
        }
        io.err.println("kubeha demo: " + script + " is not a script kubeha generates; the simulated host runs only those");
        return 127;
    }

    // --- prepare-node.sh ---------------------------------------------------------------------------

    private int prepareNode(String text, List<String> args, Io io) throws IOException, InterruptedException {
        if (args.contains("--load-balancer")) {
            // The real script installs HAProxy and keepalived here; the demo's network has no
            // virtual IP for keepalived to hold, so it says so rather than pretend.
            io.err.println("kubeha demo: the simulated hosts do not run HAProxy and keepalived (load balancer mode"
                    + " haproxy-keepalived); the demo's load balancer is the external one at " + DemoLab.LOAD_BALANCER);
            return 1;
        }
        if (!args.isEmpty()) {
            io.err.println("prepare-node: unknown argument " + args.get(0) + " (see --help)");
            return 2;
        }
        Matcher version = K8S_VERSION.matcher(text);
        if (!version.find()) {
            io.err.println("kubeha demo: prepare-node.sh names no k8s_version");
            return 1;
        }
        String v = version.group(1);
        String minor = "v" + v.substring(0, v.lastIndexOf('.'));
        if (!io.root) {
            io.err.println("prepare-node: run me as root");
            return 1;
        }
        writeFile("/etc/modules-load.d/k8s.conf", "overlay\nbr_netfilter\n", io);
        if (!host.installed("kernel-modules")) {
            host.pace.work(0.3);
            io.out.println("prepare-node: loaded overlay");
            io.out.println("prepare-node: loaded br_netfilter");
            host.install("kernel-modules");
        }
        if (writeFile("/etc/sysctl.d/k8s.conf", "net.bridge.bridge-nf-call-iptables = 1\n"
                + "net.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n", io)) {
            io.out.println("prepare-node: applied /etc/sysctl.d/k8s.conf");
        }
        if (host.swapOn()) {
            host.swapOff();
            io.out.println("prepare-node: turned swap off");
        }
        Path fstab = host.file("/etc/fstab");
        String table = Files.readString(fstab);
        if (table.contains("\n" + SWAP_LINE)) {
            Files.writeString(host.file("/etc/fstab.kubeha-backup"), table);
            Files.writeString(fstab, table.replace("\n" + SWAP_LINE, "\n# kubeha: swap off for the kubelet: " + SWAP_LINE));
            io.out.println("prepare-node: commented swap out of /etc/fstab (backup: /etc/fstab.kubeha-backup)");
        }
        if (!Files.readString(host.file("/etc/os-release")).contains("\nID=debian")) {
            io.err.println("kubeha demo: the simulated host is not Debian");
            return 1;
        }
        if (installedOk(v)) {
            io.out.println("prepare-node: kubeadm, kubelet and kubectl v" + v + " and containerd are installed");
        } else {
            aptInstall(v, minor, io);
        }
        if (!installedOk(v)) {
            io.err.println("prepare-node: kubeadm, kubelet and kubectl v" + v + " and containerd are not all installed"
                    + " after the installation (check the packages' versions)");
            return 1;
        }
        String config = "/etc/containerd/config.toml";
        if (!Files.exists(host.file(config)) || !Files.readString(host.file(config)).contains("SystemdCgroup = true")) {
            Files.createDirectories(host.file("/etc/containerd"));
            Files.writeString(host.file(config), """
                    version = 2

                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"

                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        SystemdCgroup = true
                    """);
            io.out.println("prepare-node: wrote " + config + " with SystemdCgroup = true");
            host.pace.work(0.3);
        }
        host.enable("containerd", true);
        host.active("containerd", true);
        host.enable("kubelet", true);
        io.out.println("prepare-node: node ready for kubeadm");
        return 0;
    }

    private boolean installedOk(String version) {
        return version.equals(host.kubernetesVersion()) && host.installed("kubeadm") && host.installed("kubelet")
                && host.installed("kubectl") && host.installed("containerd");
    }

    /** What {@code install_debian} prints and leaves behind, at the lab's pace. */
    private void aptInstall(String v, String minor, Io io) throws IOException, InterruptedException {
        String repo = "https://pkgs.k8s.io/core:/stable:/" + minor + "/deb/";
        io.out.println("Hit:1 http://deb.debian.org/debian bookworm InRelease");
        io.out.println("Hit:2 http://deb.debian.org/debian-security bookworm-security InRelease");
        io.out.println("Reading package lists...");
        host.pace.work(1);
        io.out.println("ca-certificates is already the newest version (20230311).");
        io.out.println("curl is already the newest version (7.88.1-10+deb12u8).");
        io.out.println("gpg is already the newest version (2.2.40-1.1).");
        if (!host.installed("containerd")) {
            io.out.println("The following NEW packages will be installed:");
            io.out.println("  containerd runc");
            host.pace.work(1);
            io.out.println("Setting up runc (1.1.5+ds1-1+deb12u1) ...");
            io.out.println("Setting up containerd (1.6.20~ds1-1+b1) ...");
            host.install("containerd");
        }
        Files.createDirectories(host.file("/etc/apt/keyrings"));
        Files.writeString(host.file("/etc/apt/keyrings/kubernetes-apt-keyring.gpg"),
                "(the demo's stand-in for the pkgs.k8s.io signing key)\n");
        writeFile("/etc/apt/sources.list.d/kubernetes.list",
                "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] " + repo + " /\n", io);
        io.out.println("Get:3 " + repo + " InRelease [1,186 B]");
        io.out.println("Get:4 " + repo + " Packages [4,127 B]");
        io.out.println("Reading package lists...");
        host.pace.work(1);
        io.out.println("The following NEW packages will be installed:");
        io.out.println("  conntrack cri-tools kubeadm kubectl kubelet kubernetes-cni");
        String pkg = v + "-1.1";
        for (String p : List.of("cri-tools", "kubernetes-cni", "kubelet", "kubectl", "kubeadm")) {
            host.pace.work(0.4);
            io.out.println("Setting up " + p + " (" + (p.startsWith("kube") && !p.equals("kubernetes-cni") ? pkg
                    : p.equals("cri-tools") ? minor.substring(1) + ".0-1.1" : "1.7.1-1.1") + ") ...");
        }
        host.install("kubeadm");
        host.install("kubelet");
        host.install("kubectl");
        host.kubernetesVersion(v);
    }

    /** write_file: writes only when the content differs; true when it wrote. */
    private boolean writeFile(String path, String content, Io io) throws IOException {
        Path p = host.file(path);
        if (Files.isRegularFile(p) && Files.readString(p).equals(content)) {
            return false;
        }
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        io.out.println("prepare-node: wrote " + path);
        return true;
    }

    // --- install-etcd.sh ---------------------------------------------------------------------------

    /**
     * The script's own rule on a fresh host: no tarball in the packages directory and no pinned
     * checksum means no download. The lab's hosts have neither, so it stops as it would on a real
     * one; the demo runs etcd as static pods instead.
     */
    private int installEtcd(String text, Io io) throws IOException {
        Matcher version = ETCD_VERSION.matcher(text);
        Matcher packages = PACKAGES_DIR.matcher(text);
        if (!version.find() || !packages.find()) {
            io.err.println("kubeha demo: install-etcd.sh names no version or packages directory");
            return 1;
        }
        String name = "etcd-v" + version.group(1) + "-linux-amd64";
        String url = "https://github.com/etcd-io/etcd/releases/download/v" + version.group(1) + "/" + name + ".tar.gz";
        if (Files.exists(host.file(packages.group(1) + "/" + name + ".tar.gz"))) {
            io.err.println("kubeha demo: the simulated host cannot unpack " + name + ".tar.gz");
            return 1;
        }
        io.err.println("install-etcd: refusing to download " + url + " without a checksum: set KUBEHA_ETCD_SHA256 to its"
                + " sha256 from the release's SHA256SUMS, or put " + name + ".tar.gz in " + packages.group(1));
        return 1;
    }
}

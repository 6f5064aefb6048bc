package dev.kubeha.demo;

import dev.kubeha.model.ContainerdVersion;
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
    private static final Pattern CONTAINERD_FLOORS = Pattern.compile("(?m)^containerd_floors='([0-9. ]+)'$");
    private static final Pattern CONTAINERD_WANTED = Pattern.compile("(?m)^containerd_wanted='([^']+)'$");
    private static final Pattern PAUSE_IMAGE = Pattern.compile("(?m)^pause_image='([^']+)'$");
    /** The containerd.io Docker's Debian 12 repository offers in the demo. */
    static final String DOCKER_CONTAINERD = "2.2.1";
    private static final String DOCKER_KEY = "/etc/apt/keyrings/docker.asc";
    private static final String DOCKER_FINGERPRINT = "9DC858229FC7DD38854AE2D88D81803C0EBFCD88";
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
        Matcher floorsText = CONTAINERD_FLOORS.matcher(text);
        Matcher wanted = CONTAINERD_WANTED.matcher(text);
        Matcher pause = PAUSE_IMAGE.matcher(text);
        if (!floorsText.find() || !wanted.find() || !pause.find()) {
            io.err.println("kubeha demo: prepare-node.sh names no containerd_floors, containerd_wanted or pause_image");
            return 1;
        }
        List<ContainerdVersion> floors = java.util.Arrays.stream(floorsText.group(1).trim().split(" +"))
                .map(f -> ContainerdVersion.parse(f).orElseThrow()).toList();
        if (!io.root) {
            io.err.println("prepare-node: run me as root");
            return 1;
        }
        // A fresh Debian 12 host boots with cgroup v2 (stat -fc %T /sys/fs/cgroup: cgroup2fs): the
        // script's check passes and prints nothing.
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
        if (kubernetesOk(v) && containerdOk(floors)) {
            io.out.println("prepare-node: kubeadm, kubelet and kubectl v" + v + " and containerd "
                    + host.containerdVersion() + " are installed");
        } else {
            aptInstall(v, minor, floors, io);
        }
        if (!kubernetesOk(v)) {
            io.err.println("prepare-node: kubeadm, kubelet and kubectl v" + v + " are not all installed after the"
                    + " installation (check the packages' versions)");
            return 1;
        }
        if (!containerdOk(floors)) {
            String have = host.containerdVersion() == null ? "missing" : host.containerdVersion();
            io.err.println("prepare-node: after the installation, containerd is " + have + "; Kubernetes " + minor
                    + " needs containerd " + wanted.group(1) + ": install one by hand (Docker's containerd.io), or give"
                    + " --packages DIR");
            return 1;
        }
        // containerd 2.x: configuration version 3, with kubeha's two settings.
        String config = "/etc/containerd/config.toml";
        String want = containerdDefaultConfig()
                .replace("SystemdCgroup = false", "SystemdCgroup = true")
                .replace("sandbox = 'registry.k8s.io/pause:3.10'", "sandbox = '" + pause.group(1) + "'");
        if (!Files.exists(host.file(config)) || !Files.readString(host.file(config)).equals(want)) {
            Files.createDirectories(host.file("/etc/containerd"));
            if (Files.exists(host.file(config))) {
                Files.copy(host.file(config), host.file(config + ".kubeha-backup"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(host.file(config), want);
            io.out.println("prepare-node: wrote " + config + " (version 3, containerd " + host.containerdVersion()
                    + ") with SystemdCgroup = true and the sandbox image " + pause.group(1));
            host.pace.work(0.3);
        }
        host.enable("containerd", true);
        host.active("containerd", true);
        host.enable("kubelet", true);
        io.out.println("prepare-node: node ready for kubeadm");
        return 0;
    }

    private boolean kubernetesOk(String version) {
        return version.equals(host.kubernetesVersion()) && host.installed("kubeadm") && host.installed("kubelet")
                && host.installed("kubectl");
    }

    /** containerd_ok: installed, and at or above what the release wants (the same rule as the table's). */
    private boolean containerdOk(List<ContainerdVersion> floors) {
        return host.installed("containerd") && ContainerdVersion.parse(host.containerdVersion())
                .map(v -> v.meets(floors)).orElse(false);
    }

    /**
     * What {@code containerd config default} prints for containerd 2.x (configuration version 3),
     * shortened to the tables kubeha looks at; SystemdCgroup as containerd 2.2 prints it.
     */
    static String containerdDefaultConfig() {
        return """
                version = 3
                root = '/var/lib/containerd'
                state = '/run/containerd'

                [plugins]
                  [plugins.'io.containerd.cri.v1.images']
                    snapshotter = 'overlayfs'

                    [plugins.'io.containerd.cri.v1.images'.pinned_images]
                      sandbox = 'registry.k8s.io/pause:3.10'

                  [plugins.'io.containerd.cri.v1.runtime']
                    [plugins.'io.containerd.cri.v1.runtime'.containerd]
                      default_runtime_name = 'runc'

                      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes]
                        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
                          runtime_type = 'io.containerd.runc.v2'
                          sandboxer = 'podsandbox'

                          [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
                            BinaryName = ''
                            SystemdCgroup = false

                  [plugins.'io.containerd.grpc.v1.cri']
                    disable_tcp_service = true
                """;
    }

    /** What {@code install_debian} prints and leaves behind, at the lab's pace. */
    private void aptInstall(String v, String minor, List<ContainerdVersion> floors, Io io)
            throws IOException, InterruptedException {
        String repo = "https://pkgs.k8s.io/core:/stable:/" + minor + "/deb/";
        io.out.println("Hit:1 http://deb.debian.org/debian bookworm InRelease");
        io.out.println("Hit:2 http://deb.debian.org/debian-security bookworm-security InRelease");
        io.out.println("Reading package lists...");
        host.pace.work(1);
        io.out.println("ca-certificates is already the newest version (20230311).");
        io.out.println("curl is already the newest version (7.88.1-10+deb12u8).");
        io.out.println("gpg is already the newest version (2.2.40-1.1).");
        Files.createDirectories(host.file("/etc/apt/keyrings"));
        Files.writeString(host.file("/etc/apt/keyrings/kubernetes-apt-keyring.gpg"),
                "(the demo's stand-in for the pkgs.k8s.io signing key)\n");
        writeFile("/etc/apt/sources.list.d/kubernetes.list",
                "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] " + repo + " /\n", io);
        // Debian 12's own containerd is 1.6: containerd.io from Docker's repository, its key checked.
        boolean runtime = !containerdOk(floors);
        String docker = "https://download.docker.com/linux/debian";
        if (runtime) {
            Files.writeString(host.file(DOCKER_KEY), "(the demo's stand-in for Docker's signing key)\n");
            io.out.println("prepare-node: Docker's signing key (" + DOCKER_FINGERPRINT + ") is in " + DOCKER_KEY);
            writeFile("/etc/apt/sources.list.d/docker.list",
                    "deb [arch=amd64 signed-by=" + DOCKER_KEY + "] " + docker + " bookworm stable\n", io);
        }
        io.out.println("Get:3 " + repo + " InRelease [1,186 B]");
        io.out.println("Get:4 " + repo + " Packages [4,127 B]");
        if (runtime) {
            io.out.println("Get:5 " + docker + " bookworm InRelease [43.3 kB]");
            io.out.println("Get:6 " + docker + " bookworm/stable amd64 Packages [47.2 kB]");
        }
        io.out.println("Reading package lists...");
        host.pace.work(1);
        io.out.println("The following NEW packages will be installed:");
        io.out.println(runtime ? "  conntrack containerd.io cri-tools kubeadm kubectl kubelet kubernetes-cni"
                : "  conntrack cri-tools kubeadm kubectl kubelet kubernetes-cni");
        if (runtime) {
            host.pace.work(1);
            io.out.println("Setting up containerd.io (" + DOCKER_CONTAINERD + "-1~debian.12~bookworm) ...");
            host.install("containerd");
            host.containerdVersion(DOCKER_CONTAINERD);
        }
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

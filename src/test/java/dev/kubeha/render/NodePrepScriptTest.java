package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.TestClusters.Combination;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prepare-node.sh's runtime checks, run by bash: the cgroup v2 test (the whole script, stopped
 * before it changes anything), and its containerd functions on their own with stand-ins for
 * containerd, curl and gpg. Each bad input is asserted with the line a user reads.
 */
class NodePrepScriptTest {
    private static final Combination C =
            new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.STATIC_POD, LoadBalancerMode.EXTERNAL);

    @TempDir
    Path dir;

    private static String script(String version) {
        var nodes = ClusterRenderer.render(TestClusters.cluster(C, version, "eth1", null), TestClusters.JOIN);
        return TestClusters.file(nodes, "worker0", NodePaths.PREPARE_NODE).text();
    }

    /** The script's head (variables, log, fail), the named functions, then {@code body}. */
    private static String harness(String script, String body, String... functions) {
        StringBuilder sb = new StringBuilder(script.substring(0, script.indexOf("\npackages=\"${KUBEHA_PACKAGES_DIR:-}\"") + 1));
        sb.append("packages=\"${PACKAGES:-}\"\n");
        for (String f : functions) {
            Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(f) + "\\(\\) \\{\n.*?^}\n").matcher(script);
            assertThat(m.find()).as("function " + f).isTrue();
            sb.append(m.group());
        }
        return sb.append(body).append('\n').toString();
    }

    private Path stub(String name, String body) throws Exception {
        return Tools.write(dir, "bin/" + name, "#!/usr/bin/env bash\n" + body + "\n", "rwxr-xr-x");
    }

    private Tools.Result run(String text, Map<String, String> env) throws Exception {
        Path bash = Tools.require("bash");
        Path file = Tools.write(dir, "run.sh", text, "rwxr-xr-x");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        return Tools.run(all, bash.toString(), file.toString());
    }

    @Test
    void aCgroupV1HostStopsTheScriptBeforeAnythingChanges() throws Exception {
        stub("id", "echo 0");
        stub("stat", "[ \"$*\" = '-fc %T /sys/fs/cgroup' ] && echo tmpfs");
        // Anything the script would change first fails the test loudly.
        for (String tool : List.of("install", "modprobe", "sysctl", "swapoff", "sed", "apt-get")) {
            stub(tool, "echo 'CHANGED: " + tool + "'; exit 99");
        }
        Tools.Result r = run(script("v1.37.1"), Map.of());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("prepare-node: this host runs cgroup v1 (/sys/fs/cgroup is tmpfs, not"
                + " cgroup2fs), which the kubelet of Kubernetes v1.37 refuses: boot it with"
                + " systemd.unified_cgroup_hierarchy=1 on the kernel command line, or use a distribution that defaults"
                + " to cgroup v2 (Debian 11+, Ubuntu 21.10+, RHEL 9)\n");
    }

    @Test
    void readsWhatEachPackagePrintsAsContainerdVersion() throws Exception {
        String s = script("v1.35.9");
        String body = "containerd_version; echo \"[$(containerd_version)]\"";
        for (var line : Map.of(
                "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1", "1.6.20",
                "containerd containerd.io 1.7.28 05044ec0a9a75232cad458027ca83437aae3f4da", "1.7.28",
                "containerd github.com/containerd/containerd/v2 v2.2.1 1234abcd", "2.2.1").entrySet()) {
            stub("containerd", "echo '" + line.getKey() + "'");
            assertThat(run(harness(s, body, "containerd_version"), Map.of()).output())
                    .isEqualTo(line.getValue() + "\n[" + line.getValue() + "]\n");
        }
        Path gone = dir.resolve("bin/containerd");
        java.nio.file.Files.delete(gone);
        // Only the stubs on the PATH: this machine may have a containerd of its own (the tests' one).
        assertThat(run(harness(s, body, "containerd_version"), Map.of("PATH", dir.resolve("bin").toString())).output())
                .isEqualTo("[]\n");
    }

    /** The same rule as KubernetesRelease.containerdAcceptable, per release. */
    @Test
    void containerdOkFollowsTheReleaseTable() throws Exception {
        String body = "for v in 1.6.20 1.7.27 1.7.28 2.0.5 2.1.4 2.1.5 2.2.0 2.3.1 3.0.0 '' 2.2; do"
                + " if containerd_ok \"$v\"; then echo \"$v ok\"; else echo \"$v no\"; fi; done";
        assertThat(run(harness(script("v1.35.9"), body, "containerd_ok"), Map.of()).output()).isEqualTo("""
                1.6.20 no
                1.7.27 no
                1.7.28 ok
                2.0.5 no
                2.1.4 no
                2.1.5 ok
                2.2.0 ok
                2.3.1 ok
                3.0.0 ok
                 no
                2.2 no
                """);
        assertThat(run(harness(script("v1.37.1"), body, "containerd_ok"), Map.of()).output()).isEqualTo("""
                1.6.20 no
                1.7.27 no
                1.7.28 no
                2.0.5 no
                2.1.4 no
                2.1.5 no
                2.2.0 ok
                2.3.1 ok
                3.0.0 ok
                 no
                2.2 no
                """);
    }

    @Test
    void aTooOldContainerdAfterTheInstallationSaysWhatToDo() throws Exception {
        String s = script("v1.37.1");
        String body = "containerd_installed_or_fail \"$HAVE\"; echo fine";
        String[] fns = {"containerd_ok", "containerd_installed_or_fail"};
        assertThat(run(harness(s, body, fns), Map.of("HAVE", "2.2.1")).output()).isEqualTo("fine\n");
        Tools.Result repo = run(harness(s, body, fns), Map.of("HAVE", "1.6.20"));
        assertThat(repo.exitCode()).isEqualTo(1);
        assertThat(repo.output()).isEqualTo("prepare-node: after the installation, containerd is 1.6.20; Kubernetes"
                + " v1.37 needs containerd 2.2.0+: install one by hand (Docker's containerd.io), or give --packages DIR\n");
        Tools.Result local = run(harness(s, body, fns), Map.of("HAVE", "", "PACKAGES", "/srv/pkgs"));
        assertThat(local.exitCode()).isEqualTo(1);
        assertThat(local.output()).isEqualTo("prepare-node: after installing the packages in /srv/pkgs, containerd is"
                + " missing; Kubernetes v1.37 needs containerd 2.2.0+: put a containerd.io of such a version in"
                + " /srv/pkgs, or install one by hand\n");
    }

    /** A key whose fingerprint is not Docker's is not used, and the repository is not written. */
    @Test
    void dockersKeyIsUsedOnlyWithThePinnedFingerprint() throws Exception {
        String s = script("v1.37.1").replace("/etc/apt/keyrings/docker.asc", dir.resolve("docker.asc").toString());
        stub("curl", "out=''; while [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done; echo KEY > \"$out\"");
        stub("gpg", "echo 'pub:-:4096:1:8D81803C0EBFCD88:1487788586:::-:::scESA::::::23::0:'\n"
                + "echo \"fpr:::::::::$FPR:\"\necho 'sub:-:4096:1:7EA0A9C3F273FCD8:1487792064::::::s::::::23:'\n"
                + "echo 'fpr:::::::::D3306A018370199E527AE7997EA0A9C3F273FCD8:'");
        stub("write_file", "exit 0");
        String body = "distro=debian; write_file() { echo \"write_file $1: $2\"; }; dpkg() { echo amd64; };"
                + " docker_repository_debian";
        Tools.Result bad = run(harness(s, body, "docker_repository_debian"),
                Map.of("FPR", "0000000000000000000000000000000000000000"));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.output()).isEqualTo("prepare-node: the key from https://download.docker.com/linux/debian/gpg has"
                + " the fingerprint 0000000000000000000000000000000000000000, not Docker's"
                + " 9DC858229FC7DD38854AE2D88D81803C0EBFCD88: not using it; check what answers for download.docker.com"
                + " on this node, or install containerd 2.2.0+ by hand\n");
        assertThat(dir.resolve("docker.asc")).doesNotExist();
        assertThat(dir.resolve("docker.asc.kubeha-new")).doesNotExist();

        Tools.Result good = run(harness(s, body, "docker_repository_debian"),
                Map.of("FPR", NodePrepScript.DOCKER_FINGERPRINT));
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(dir.resolve("docker.asc")).hasContent("KEY");
        assertThat(good.output()).contains("write_file /etc/apt/sources.list.d/docker.list: deb [arch=amd64 signed-by="
                + dir.resolve("docker.asc") + "] https://download.docker.com/linux/debian ");

        // A transfer that breaks leaves no part of a key behind.
        stub("curl", "out=''; while [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done; echo PART > \"$out\";"
                + " echo 'curl: (6) Could not resolve host: download.docker.com' >&2; exit 6");
        java.nio.file.Files.delete(dir.resolve("docker.asc"));
        Tools.Result offline = run(harness(s, body, "docker_repository_debian"), Map.of("FPR", "x"));
        assertThat(offline.exitCode()).isEqualTo(1);
        assertThat(offline.output()).isEqualTo("curl: (6) Could not resolve host: download.docker.com\n"
                + "prepare-node: cannot download Docker's signing key from https://download.docker.com/linux/debian/gpg:"
                + " let the node reach download.docker.com (containerd 2.2.0+ comes from Docker's repository), or give"
                + " --packages DIR with containerd.io 2.2.0+, or install it by hand\n");
        assertThat(dir.resolve("docker.asc.kubeha-new")).doesNotExist();
        assertThat(dir.resolve("docker.asc")).doesNotExist();
    }

    private static final String V3_DEFAULT = """
            version = 3
            [plugins]
              [plugins.'io.containerd.cri.v1.images']
                snapshotter = 'overlayfs'

                [plugins.'io.containerd.cri.v1.images'.pinned_images]
                  sandbox = 'registry.k8s.io/pause:3.10'

              [plugins.'io.containerd.cri.v1.runtime']
                [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
                  runtime_type = 'io.containerd.runc.v2'
                  sandboxer = 'podsandbox'

                  [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
                    BinaryName = ''
                    SystemdCgroup = false

              [plugins.'io.containerd.grpc.v1.cri']
                disable_tcp_service = true
            """;

    private static final String V2_DEFAULT = """
            version = 2

            [plugins]
              [plugins."io.containerd.grpc.v1.cri"]
                sandbox_image = "registry.k8s.io/pause:3.8"
                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                  SystemdCgroup = false
            """;

    private Tools.Result settings(String version, String config) throws Exception {
        Path in = Tools.write(dir, "config.toml", config, "rw-r--r--");
        return run(harness(script("v1.37.1"), "containerd_settings " + version + " < " + in, "containerd_settings"),
                Map.of());
    }

    @Test
    void setsSystemdCgroupAndTheSandboxImageInVersion3AndVersion2() throws Exception {
        Tools.Result v3 = settings("3", V3_DEFAULT);
        assertThat(v3.exitCode()).as(v3.output()).isZero();
        assertThat(v3.output()).isEqualTo(V3_DEFAULT
                .replace("      sandbox = 'registry.k8s.io/pause:3.10'\n", "      sandbox = 'registry.k8s.io/pause:3.10.2'\n")
                .replace("        BinaryName = ''\n        SystemdCgroup = false\n",
                        "        SystemdCgroup = true\n        BinaryName = ''\n"));
        // Run again on its own output: nothing changes.
        assertThat(settings("3", v3.output()).output()).isEqualTo(v3.output());
        // containerd 2.x before containerd PR #12244 printed no SystemdCgroup: it is added.
        Tools.Result without = settings("3", V3_DEFAULT.replace("        SystemdCgroup = false\n", ""));
        assertThat(without.output()).isEqualTo(v3.output());

        Tools.Result v2 = settings("2", V2_DEFAULT);
        assertThat(v2.exitCode()).as(v2.output()).isZero();
        assertThat(v2.output()).isEqualTo("""
                version = 2

                [plugins]
                  [plugins."io.containerd.grpc.v1.cri"]
                    sandbox_image = "registry.k8s.io/pause:3.10.2"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                      SystemdCgroup = true
                """);
    }

    /** The file many guides write for containerd 1.x has no sandbox image table: it is added, once. */
    @Test
    void aShortHandWrittenConfigurationGetsTheTablesItLacks() throws Exception {
        String guide = """
                version = 2
                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                  SystemdCgroup = true
                """;
        Tools.Result v2 = settings("2", guide);
        assertThat(v2.exitCode()).as(v2.output()).isZero();
        assertThat(v2.output()).isEqualTo(guide + """

                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "registry.k8s.io/pause:3.10.2"
                """);
        assertThat(settings("2", v2.output()).output()).isEqualTo(v2.output());

        Tools.Result v3 = settings("3", "version = 3\n[plugins]\n");
        assertThat(v3.exitCode()).as(v3.output()).isZero();
        assertThat(v3.output()).isEqualTo("""
                version = 3
                [plugins]

                [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
                  SystemdCgroup = true

                [plugins.'io.containerd.cri.v1.images'.pinned_images]
                  sandbox = 'registry.k8s.io/pause:3.10.2'
                """);
        assertThat(settings("3", v3.output()).output()).isEqualTo(v3.output());
    }

    private static dev.kubeha.model.Cluster withSiteRegistry(String registry) {
        dev.kubeha.model.Cluster c = TestClusters.cluster(C, "v1.37.1", "eth1", null);
        return new dev.kubeha.model.Cluster(c.apiVersion(), c.kind(), c.name(), c.kubernetesVersion(), c.ssh(),
                c.privateInterface(), c.nodes(), c.etcd(), c.loadBalancer(), c.networking(), c.pki(), c.cni(),
                c.apiServer(), new dev.kubeha.model.ImageSettings(registry, "ca.crt"));
    }

    /** A site registry: pause from there, and containerd's config_path set so that its hosts.toml is read. */
    @Test
    void aSiteRegistrySetsThePauseImageAndContainerdsHostConfigurationDirectory() throws Exception {
        byte[] ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var nodes = ClusterRenderer.render(withSiteRegistry("registry.site:5000"), TestClusters.JOIN, ca);
        String script = TestClusters.file(nodes, "worker0", NodePaths.PREPARE_NODE).text();
        assertThat(script).contains("pause_image='registry.site:5000/pause:3.10.2'\n",
                "registry_config_path='/etc/containerd/certs.d'\n");
        Path in = Tools.write(dir, "config.toml", V2_DEFAULT, "rw-r--r--");
        Tools.Result v2 = run(harness(script, "containerd_settings 2 < " + in, "containerd_settings"), Map.of());
        assertThat(v2.exitCode()).as(v2.output()).isZero();
        assertThat(v2.output()).isEqualTo("""
                version = 2

                [plugins]
                  [plugins."io.containerd.grpc.v1.cri"]
                    sandbox_image = "registry.site:5000/pause:3.10.2"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                      SystemdCgroup = true

                [plugins."io.containerd.grpc.v1.cri".registry]
                  config_path = "/etc/containerd/certs.d"
                """);
        Path in3 = Tools.write(dir, "config3.toml", V3_DEFAULT + "\n    [plugins.'io.containerd.cri.v1.images'.registry]\n"
                + "      config_path = ''\n", "rw-r--r--");
        Tools.Result v3 = run(harness(script, "containerd_settings 3 < " + in3, "containerd_settings"), Map.of());
        assertThat(v3.output()).contains("    [plugins.'io.containerd.cri.v1.images'.registry]\n"
                + "      config_path = '/etc/containerd/certs.d'\n").doesNotContain("config_path = ''");
        Path real = Tools.find("containerd").orElse(null);
        if (real != null) {
            // containerd's own default configuration of the installed version takes the setting.
            Tools.Result def = Tools.run("containerd", "config", "default");
            Path own = Tools.write(dir, "own.toml", def.output(), "rw-r--r--");
            Tools.Result set = run(harness(script, "containerd_settings 2 < " + own, "containerd_settings"), Map.of());
            assertThat(set.output()).containsOnlyOnce("config_path = \"/etc/containerd/certs.d\"")
                    .contains("sandbox_image = \"registry.site:5000/pause:3.10.2\"");
        }

        NodeFiles worker = TestClusters.nodeFiles(nodes, "worker0");
        assertThat(worker.file("/etc/containerd/certs.d/registry.site:5000/hosts.toml").orElseThrow().text()).isEqualTo("""
                # The site registry (cluster.json images.registry); generated by kubeha.
                server = "https://registry.site:5000"

                [host."https://registry.site:5000"]
                  capabilities = ["pull", "resolve"]
                  ca = "/etc/containerd/certs.d/registry.site:5000/ca.crt"
                """);
        assertThat(worker.file("/etc/containerd/certs.d/_default/hosts.toml").orElseThrow().text())
                .contains("[host.\"https://registry.site:5000\"]");
        assertThat(worker.file("/etc/containerd/certs.d/registry.site:5000/ca.crt").orElseThrow().content()).isEqualTo(ca);
        assertThat(TestClusters.file(nodes, "master0", NodePaths.KUBEADM_CONFIG).text())
                .contains("imageRepository: registry.site:5000\n");
        assertThat(TestClusters.nodeFiles(ClusterRenderer.render(TestClusters.cluster(C, "v1.37.1", "eth1", null),
                TestClusters.JOIN), "worker0").files()).extracting(NodeFile::path).noneMatch(p -> p.contains("certs.d"));
        assertThat(TestClusters.file(ClusterRenderer.render(TestClusters.cluster(C, "v1.37.1", "eth1", null),
                TestClusters.JOIN), "master0", NodePaths.KUBEADM_CONFIG).text()).doesNotContain("imageRepository");
    }
}

package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.render.TestClusters.Combination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install-etcd.sh run for real against a stand-in release tarball, with its install paths moved
 * under a temporary directory: a local tarball installs, a second run changes nothing, a wrong
 * checksum and a download without a pinned checksum are refused.
 */
class EtcdInstallScriptTest {
    @TempDir
    Path dir;
    Path script;
    Path tarball;

    @BeforeEach
    void setUp() throws Exception {
        Path bash = Tools.require("bash");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "install -o root needs root");
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> null;
        };
        Assumptions.assumeTrue(arch != null, "no etcd release name for this architecture");
        String text = TestClusters.file(TestClusters.render(
                new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL)),
                "etcd0", NodePaths.INSTALL_ETCD).text();
        text = text.replace("etcd_binary='/usr/local/bin/etcd'", "etcd_binary=" + ShellScript.quote(dir + "/bin/etcd"))
                .replace("data_dir='/var/lib/etcd'", "data_dir=" + ShellScript.quote(dir + "/data"))
                .replace("packages_dir='/var/lib/kubeha/packages'", "packages_dir=" + ShellScript.quote(dir + "/packages"));
        assertThat(text).contains(dir + "/bin/etcd", dir + "/data", dir + "/packages");
        Files.createDirectories(dir.resolve("bin"));
        script = Tools.write(dir, "install-etcd.sh", text, "rwx------");
        // A stand-in release: etcd and etcdctl that print the version line etcd prints.
        String name = "etcd-v3.6.5-linux-" + arch;
        Path release = dir.resolve("release/" + name);
        Tools.write(release, "etcd", "#!/bin/sh\necho 'etcd Version: 3.6.5'\n", "rwxr-xr-x");
        Tools.write(release, "etcdctl", "#!/bin/sh\necho etcdctl\n", "rwxr-xr-x");
        tarball = dir.resolve(name + ".tar.gz");
        Tools.Result tar = Tools.run("tar", "-czf", tarball.toString(), "-C", dir.resolve("release").toString(), name);
        assertThat(tar.exitCode()).as(tar.output()).isZero();
        assertThat(bash).isNotNull();
    }

    @Test
    void installsFromALocalTarballOnceAndVerifiesAChecksum() throws Exception {
        Tools.Result wrong = Tools.run(Map.of("KUBEHA_ETCD_SHA256", "0".repeat(64)), "bash", script.toString(), tarball.toString());
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("install-etcd: " + tarball + " does not have the sha256 " + "0".repeat(64) + "\n");
        assertThat(dir.resolve("bin/etcd")).doesNotExist();

        String sha = Tools.run("sha256sum", tarball.toString()).output().substring(0, 64);
        Tools.Result first = Tools.run(Map.of("KUBEHA_ETCD_SHA256", sha), "bash", script.toString(), tarball.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("install-etcd: sha256 of " + tarball + " verified\n", "installed etcd 3.6.5");
        assertThat(dir.resolve("bin/etcd")).isExecutable();
        assertThat(dir.resolve("bin/etcdctl")).isExecutable();

        Tools.Result again = Tools.run("bash", script.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("etcd 3.6.5 is already installed");
    }

    @Test
    void findsTheTarballInThePackagesDirectory() throws Exception {
        Files.createDirectories(dir.resolve("packages"));
        Files.move(tarball, dir.resolve("packages").resolve(tarball.getFileName()));
        Tools.Result r = Tools.run("bash", script.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("install-etcd: using " + dir.resolve("packages").resolve(tarball.getFileName())
                + " as given (no published sha256 is known; set KUBEHA_ETCD_SHA256 to verify it)\n");
    }

    /** How apply runs it: the uploaded tarball and the sha256 the workstation saw, checked on arrival. */
    @Test
    void checksTheTarballAgainstTheSha256ItIsGiven() throws Exception {
        Tools.Result wrong = Tools.run("bash", script.toString(), tarball.toString(), "f".repeat(64));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("install-etcd: " + tarball + " does not have the sha256 " + "f".repeat(64) + "\n");
        assertThat(dir.resolve("bin/etcd")).doesNotExist();

        String sha = Tools.run("sha256sum", tarball.toString()).output().substring(0, 64);
        Tools.Result right = Tools.run("bash", script.toString(), tarball.toString(), sha);
        assertThat(right.exitCode()).as(right.output()).isZero();
        assertThat(right.output()).contains("install-etcd: sha256 of " + tarball + " verified\n");
    }

    /**
     * A release kubeha knows the published sha256 of: the script carries it, and a tarball in the
     * packages directory that is not etcd's own file is refused, not installed.
     */
    @Test
    void aTarballThatIsNotThePublishedReleaseIsRefused() throws Exception {
        String text = TestClusters.file(TestClusters.render(
                new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL), "3.6.8"),
                "etcd0", NodePaths.INSTALL_ETCD).text();
        String published = dev.kubeha.model.KubernetesReleases.builtIn().etcdTarballSha256("3.6.8", "amd64").orElseThrow();
        assertThat(text).contains("published_amd64='" + published + "'\n");
        text = text.replace("packages_dir='/var/lib/kubeha/packages'", "packages_dir=" + ShellScript.quote(dir + "/packages"))
                .replace("etcd_binary='/usr/local/bin/etcd'", "etcd_binary=" + ShellScript.quote(dir + "/bin/etcd"))
                .replace("data_dir='/var/lib/etcd'", "data_dir=" + ShellScript.quote(dir + "/data"));
        Path known = Tools.write(dir, "install-etcd-3.6.8.sh", text, "rwx------");
        Files.createDirectories(dir.resolve("packages"));
        Path fake = dir.resolve("packages/etcd-v3.6.8-linux-amd64.tar.gz");
        Files.copy(tarball, fake);
        Assumptions.assumeTrue(tarball.getFileName().toString().endsWith("-amd64.tar.gz"), "the table's sums are checked on amd64");

        Tools.Result r = Tools.run("bash", known.toString());

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("install-etcd: " + fake + " does not have the sha256 " + published + "\n");
        assertThat(dir.resolve("bin/etcd")).doesNotExist();
    }

    @Test
    void refusesToDownloadWithoutAPinnedChecksum() throws Exception {
        Tools.Result r = Tools.run("bash", script.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("refusing to download https://github.com/etcd-io/etcd/releases/download/v3.6.5/")
                .contains("KUBEHA_ETCD_SHA256");
        assertThat(dir.resolve("bin/etcd")).doesNotExist();
    }
}

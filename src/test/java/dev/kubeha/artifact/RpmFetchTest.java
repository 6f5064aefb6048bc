package dev.kubeha.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesReleases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rhel-9 node packages from rpm-md repositories on 127.0.0.1 written as createrepo_c writes them
 * (repomd.xml, a sha256-named primary.xml.gz, repomd.xml.asc from gpg --detach-sign --armor).
 */
class RpmFetchTest {
    private static TestGpg gpg;
    private static PackageKeyring testKey;

    @TempDir
    Path tmp;

    private final KubernetesRelease v135 = KubernetesReleases.builtIn().all().stream()
            .filter(r -> r.minor().equals("v1.35")).findFirst().orElseThrow();

    @BeforeAll
    static void keys() throws Exception {
        gpg = new TestGpg("kubeha test rpm <rpm@kubeha.invalid>", "rsa2048");
        testKey = PackageKeyring.of("test key", gpg.publicKey());
    }

    @AfterAll
    static void closeKeys() throws Exception {
        gpg.close();
    }

    /** name, epoch, ver, rel, arch, requires (rpm entries as name|flags|epoch|ver|rel), files. */
    private record Rpm(String name, String ver, String rel, String arch, List<String> requires, List<String> files) {
        String href() {
            return arch + "/" + name + "-" + ver + "-" + rel + "." + arch + ".rpm";
        }
    }

    private static void repository(Path dir, List<Rpm> rpms) throws IOException, InterruptedException {
        StringBuilder primary = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<metadata xmlns=\"http://linux.duke.edu/metadata/common\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\""
                + rpms.size() + "\">\n");
        for (Rpm r : rpms) {
            Path file = dir.resolve(r.href());
            Files.createDirectories(file.getParent());
            Files.writeString(file, "an rpm of " + r.name() + " " + r.ver() + "-" + r.rel() + "\n");
            primary.append("<package type=\"rpm\">\n  <name>").append(r.name()).append("</name>\n  <arch>").append(r.arch())
                    .append("</arch>\n  <version epoch=\"0\" ver=\"").append(r.ver()).append("\" rel=\"").append(r.rel())
                    .append("\"/>\n  <checksum type=\"sha256\" pkgid=\"YES\">").append(Sha256.of(file)).append("</checksum>\n")
                    .append("  <summary>test</summary>\n  <size package=\"").append(Files.size(file))
                    .append("\" installed=\"1\" archive=\"1\"/>\n  <location href=\"").append(r.href()).append("\"/>\n")
                    .append("  <format>\n    <rpm:license>Apache-2.0</rpm:license>\n    <rpm:provides>\n")
                    .append("      <rpm:entry name=\"").append(r.name()).append("\" flags=\"EQ\" epoch=\"0\" ver=\"").append(r.ver())
                    .append("\" rel=\"").append(r.rel()).append("\"/>\n    </rpm:provides>\n    <rpm:requires>\n");
            for (String req : r.requires()) {
                String[] f = req.split("\\|", -1);
                primary.append("      <rpm:entry name=\"").append(f[0]).append('"');
                if (f.length > 1) {
                    primary.append(" flags=\"").append(f[1]).append("\" epoch=\"").append(f[2]).append("\" ver=\"").append(f[3]).append('"');
                    if (!f[4].isEmpty()) {
                        primary.append(" rel=\"").append(f[4]).append('"');
                    }
                }
                primary.append("/>\n");
            }
            primary.append("    </rpm:requires>\n");
            for (String f : r.files()) {
                primary.append("    <file>").append(f).append("</file>\n");
            }
            primary.append("  </format>\n</package>\n");
        }
        primary.append("</metadata>\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(primary.toString().getBytes(StandardCharsets.UTF_8));
        }
        String sha = Sha256.of(gz.toByteArray());
        Path repodata = Files.createDirectories(dir.resolve("repodata"));
        Files.write(repodata.resolve(sha + "-primary.xml.gz"), gz.toByteArray());
        Files.writeString(repodata.resolve("repomd.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<repomd xmlns=\"http://linux.duke.edu/metadata/repo\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\">\n"
                + "  <revision>1764763200</revision>\n"
                + "  <data type=\"primary\">\n    <checksum type=\"sha256\">" + sha + "</checksum>\n"
                + "    <location href=\"repodata/" + sha + "-primary.xml.gz\"/>\n    <size>" + gz.size() + "</size>\n  </data>\n"
                + "</repomd>\n");
        gpg.detachSign(repodata.resolve("repomd.xml"), repodata.resolve("repomd.xml.asc"));
    }

    private void repositories(Path root) throws Exception {
        repository(root.resolve("pkgs.k8s.io/core:/stable:/v1.35/rpm"), List.of(
                new Rpm("kubeadm", "1.35.0", "150500.1.1", "x86_64", List.of("cri-tools|GE|0|1.30.0|", "/usr/bin/crictl",
                        "rpmlib(CompressedFileNames)|LE|0|3.0.4|1"), List.of("/usr/bin/kubeadm")),
                new Rpm("kubeadm", "1.35.1", "150500.1.1", "x86_64", List.of("cri-tools|GE|0|1.30.0|"), List.of()),
                new Rpm("kubelet", "1.35.0", "150500.1.1", "x86_64", List.of("conntrack", "ebtables", "iptables|GE|0|1.4.21|",
                        "socat", "kubernetes-cni|GE|0|1.2.0|"), List.of("/usr/bin/kubelet")),
                new Rpm("kubectl", "1.35.0", "150500.1.1", "x86_64", List.of(), List.of()),
                new Rpm("cri-tools", "1.35.0", "150500.1.1", "x86_64", List.of(), List.of("/usr/bin/crictl")),
                new Rpm("kubernetes-cni", "1.7.1", "150500.1.1", "x86_64", List.of("/bin/sh"), List.of())));
        repository(root.resolve("download.docker.com/linux/rhel/9/x86_64/stable"), List.of(
                new Rpm("containerd.io", "1.6.33", "3.1.el9", "x86_64", List.of(), List.of()),
                new Rpm("containerd.io", "2.2.1", "1.el9", "x86_64",
                        List.of("container-selinux|GE|2|2.74|", "libseccomp", "/bin/sh"), List.of())));
    }

    private PackageFetcher fetcher(TestPackageServer server) {
        return new PackageFetcher(new ArtifactCache(tmp.resolve("cache")), Downloader.http(),
                PackageRepositories.standard().withMirror(server.base()).withKeyring(testKey));
    }

    @Test
    void fetchesKubernetesAndDockerPackagesAndSaysWhatTheSiteMustBring() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root);
        try (TestPackageServer server = new TestPackageServer(root)) {
            PackageSet set = fetcher(server).fetch(Distro.RHEL_9, v135, "1.35.0", List.of("amd64"), null);
            assertThat(set.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.arch()).containsExactly(
                    "cri-tools 1.35.0-150500.1.1 x86_64",
                    "kubeadm 1.35.0-150500.1.1 x86_64",
                    "kubernetes-cni 1.7.1-150500.1.1 x86_64",
                    "kubelet 1.35.0-150500.1.1 x86_64",
                    "kubectl 1.35.0-150500.1.1 x86_64",
                    "containerd.io 2.2.1-1.el9 x86_64");
            assertThat(set.fromSite()).containsExactly("conntrack", "ebtables", "iptables >= 1.4.21", "socat", "/bin/sh",
                    "container-selinux >= 2:2.74", "libseccomp",
                    "/usr/sbin/ip", "/usr/sbin/iptables", "/usr/bin/mount", "/usr/bin/nsenter", "/usr/sbin/ebtables",
                    "/usr/sbin/ethtool", "/usr/bin/socat", "/usr/sbin/tc");
            assertThat(set.arches()).containsExactly("amd64");
            assertThat(set.notes()).anyMatch(n -> n.contains("RHEL's own repositories need a subscription"));
            for (FetchedPackage p : set.packages()) {
                assertThat(Sha256.of(p.file())).isEqualTo(p.sha256());
            }
            assertThat(set.packages().get(5).repository())
                    .isEqualTo(server.base() + "download.docker.com/linux/rhel/9/x86_64/stable/");
            assertThat(set.toJson()).contains("\"distribution\" : \"rhel-9\"", "\"format\" : \"rpm\"",
                    "\"file\" : \"kubeadm-1.35.0-150500.1.1.x86_64.rpm\"", "\"container-selinux >= 2:2.74\"");

            server.requests.clear();
            fetcher(server).fetch(Distro.RHEL_9, v135, "1.35.0", List.of("amd64"), null);
            assertThat(server.requests).containsExactlyInAnyOrder(
                    "/pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata/repomd.xml",
                    "/pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata/repomd.xml.asc",
                    "/download.docker.com/linux/rhel/9/x86_64/stable/repodata/repomd.xml",
                    "/download.docker.com/linux/rhel/9/x86_64/stable/repodata/repomd.xml.asc");
        }
    }

    @Test
    void anAlteredRepomdIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root);
        Path repomd = root.resolve("pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata/repomd.xml");
        Files.writeString(repomd, Files.readString(repomd).replace("1764763200", "1764763201"));
        String keyId = testKey.fingerprints().get(0).substring(24);
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server).fetch(Distro.RHEL_9, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage("the signature of " + server.base() + "pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata/repomd.xml"
                            + " is not valid: the signature by key " + keyId + " does not match the content (keyring test key)");
        }
    }

    @Test
    void anUnsignedRepositoryIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root);
        Files.delete(root.resolve("download.docker.com/linux/rhel/9/x86_64/stable/repodata/repomd.xml.asc"));
        try (TestPackageServer server = new TestPackageServer(root)) {
            String url = server.base() + "download.docker.com/linux/rhel/9/x86_64/stable/repodata/repomd.xml";
            assertThatThrownBy(() -> fetcher(server).fetch(Distro.RHEL_9, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage(url + " has no signature kubeha can check (" + url + ".asc: HTTP 404);"
                            + " kubeha uses only signed repository metadata");
        }
    }

    @Test
    void primaryMetadataAndRpmsOtherThanSignedAreRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mirror"));
        repositories(root);
        Path rpm = root.resolve("download.docker.com/linux/rhel/9/x86_64/stable/x86_64/containerd.io-2.2.1-1.el9.x86_64.rpm");
        String expected = Sha256.of(rpm);
        Files.writeString(rpm, "something else");
        try (TestPackageServer server = new TestPackageServer(root)) {
            assertThatThrownBy(() -> fetcher(server).fetch(Distro.RHEL_9, v135, "1.35.0", List.of("amd64"), null))
                    .isInstanceOf(PackageFetchException.class)
                    .hasMessage(server.base() + "download.docker.com/linux/rhel/9/x86_64/stable/x86_64/containerd.io-2.2.1-1.el9.x86_64.rpm"
                            + " has sha256 " + Sha256.of(rpm) + ", not " + expected + " as the repository's signed metadata says: not using it");
        }
        try (var files = Files.list(root.resolve("pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata"))) {
            Path primary = files.filter(f -> f.toString().endsWith("-primary.xml.gz")).findFirst().orElseThrow();
            String sha = primary.getFileName().toString().substring(0, 64);
            Files.write(primary, new byte[] {0x1f, (byte) 0x8b, 0});
            try (TestPackageServer server = new TestPackageServer(root)) {
                String dir = server.base() + "pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata/";
                // A cold cache: the first fetch kept the good primary.xml.gz under its sha256, and would use it.
                PackageFetcher cold = new PackageFetcher(new ArtifactCache(tmp.resolve("cold-cache")), Downloader.http(),
                        PackageRepositories.standard().withMirror(server.base()).withKeyring(testKey));
                assertThatThrownBy(() -> cold.fetch(Distro.RHEL_9, v135, "1.35.0", List.of("amd64"), null))
                        .hasMessage("The primary metadata " + dir + sha + "-primary.xml.gz (sha256 from " + dir + "repomd.xml) has sha256 "
                                + Sha256.of(primary) + ", not " + sha + ": not using it");
            }
        }
    }
}

package dev.kubeha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.cli.ValidateCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubeha versions} and {@code kubeha images FILE}. */
class VersionsAndImagesCommandTest {
    @TempDir
    Path dir;

    private static Result run(String... args) {
        return ValidateCommandTest.run(args);
    }

    @Test
    void versionsPrintsTheTable() {
        Result r = run("versions");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                RELEASE  NEWEST PATCH  END OF LIFE  ETCD   ETCD (SYSTEMD)  CONTAINERD                 CONFIG API              STATUS
                v1.35    v1.35.9       2027-02-28   3.6.6  3.6.6           2.2.0+, 2.1.5+ or 1.7.28+  kubeadm.k8s.io/v1beta4  supported
                v1.36    v1.36.5       2027-06-28   3.6.8  3.6.8           2.3.0+ or 2.2.0+           kubeadm.k8s.io/v1beta4  supported
                v1.37    v1.37.1       2027-10-28   3.7.0  3.6.8           2.2.0+                     kubeadm.k8s.io/v1beta4  supported
                v1.38    -             -            -      -               -                          -                       not yet supported (due 2026-12-16)
                Default for a new cluster: v1.37.1. Values checked 2026-12-03; the sources are in the JSON output.
                ETCD is the one kubeadm pins; ETCD (SYSTEMD) the release tarball kubeha installs without etcd.version (the pinned one when kubeha has its sha256).
                """);
    }

    @Test
    void versionsAsJsonCarriesTheSources() throws Exception {
        Result r = run("versions", "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("default").asText()).isEqualTo("v1.37.1");
        JsonNode v136 = doc.path("releases").get(1);
        assertThat(v136.path("release").asText()).isEqualTo("v1.36");
        assertThat(v136.path("etcd").asText()).isEqualTo("3.6.8");
        assertThat(doc.path("releases").get(2).path("systemdEtcd").asText()).isEqualTo("3.6.8");
        assertThat(v136.path("minExternalEtcd").asText()).isEqualTo("3.5.24");
        assertThat(v136.path("pause").asText()).isEqualTo("3.10.2");
        assertThat(v136.path("coreDns").asText()).isEqualTo("v1.14.2");
        assertThat(v136.path("packageChannel").asText()).isEqualTo("https://pkgs.k8s.io/core:/stable:/v1.36/deb/");
        assertThat(v136.path("source").asText()).contains("minikube");
        assertThat(doc.path("releases").get(3).path("status").asText()).isEqualTo("not-yet-supported");
        assertThat(doc.path("releases").get(3).has("etcd")).isFalse();
    }

    @Test
    void versionsRefusesAnUnknownFormat() {
        Result r = run("versions", "--format", "yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--format'");
    }

    @Test
    void imagesOfTheExampleAreKubeadmsForItsRelease() {
        // Dedicated systemd etcd (no image), and a CNI manifest the node fetches (its images are not known here).
        Result r = run("images", "src/examples/cluster.json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("kubeha: note: cni.manifest is a URL: its images are not listed (--fetch-cni"
                + " downloads it)\n");
        assertThat(r.out()).isEqualTo("""
                registry.k8s.io/kube-apiserver:v1.37.1
                registry.k8s.io/kube-controller-manager:v1.37.1
                registry.k8s.io/kube-scheduler:v1.37.1
                registry.k8s.io/kube-proxy:v1.37.1
                registry.k8s.io/coredns/coredns:v1.14.6
                registry.k8s.io/pause:3.10.2
                """);
    }

    @Test
    void imagesOfStackedEtcdWithALocalCniManifestAsJson() throws Exception {
        Files.writeString(dir.resolve("cni.yaml"), """
                kind: DaemonSet
                spec: {template: {spec: {containers: [{name: flannel, image: "flannel/flannel:v0.26.1"}]}}}
                """);
        Path file = dir.resolve("c.json");
        Files.writeString(file, Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"v1.37.1\"", "\"v1.36.5\"")
                .replace("\"dedicated\", \"runtime\": \"systemd\"", "\"co-located\", \"runtime\": \"static-pod\"")
                .replace("\"roles\": [\"etcd\"]", "\"roles\": [\"worker\"]")
                .replace("https://github.com/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml", "cni.yaml"));
        Result r = run("images", file.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("kubernetesVersion").asText()).isEqualTo("v1.36.5");
        JsonNode images = doc.path("images");
        assertThat(images.size()).isEqualTo(8);
        assertThat(images.get(6).path("reference").asText()).isEqualTo("registry.k8s.io/etcd:3.6.8-0");
        assertThat(images.get(6).path("by").asText()).isEqualTo("kubeadm");
        assertThat(images.get(7).path("reference").asText()).isEqualTo("docker.io/flannel/flannel:v0.26.1");
        assertThat(images.get(7).path("by").asText()).isEqualTo("cni");
    }

    @Test
    void imagesOfACniManifestUrlWithFetchCni() throws Exception {
        byte[] manifest = "kind: DaemonSet\nspec:\n  template:\n    spec:\n      containers:\n        - image: flannel/flannel:v0.26.1\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/flannel.yml", exchange -> {
            exchange.sendResponseHeaders(200, manifest.length);
            exchange.getResponseBody().write(manifest);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/flannel.yml";
            Path file = java.nio.file.Files.writeString(dir.resolve("c.json"), java.nio.file.Files.readString(
                    Path.of("src/examples/cluster.json")).replace(
                    "https://github.com/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml", url));
            Result r = run("images", file.toString(), "--fetch-cni");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).endsWith("registry.k8s.io/pause:3.10.2\ndocker.io/flannel/flannel:v0.26.1\n");
            assertThat(r.err()).startsWith("kubeha: cni.manifest " + url + ": downloaded, " + manifest.length + " bytes, sha256 ");
        } finally {
            server.stop(0);
        }
        Path offline = java.nio.file.Files.writeString(dir.resolve("d.json"), java.nio.file.Files.readString(
                Path.of("src/examples/cluster.json")).replace(
                "https://github.com/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml", "http://127.0.0.1:9/f.yml"));
        Result failed = run("images", offline.toString(), "--fetch-cni");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).startsWith("kubeha: cni.manifest http://127.0.0.1:9/f.yml: cannot download it (");
    }

    @Test
    void imagesWithoutAFileAndBadPushesAreUsageErrors() throws Exception {
        Result none = run("images");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("kubeha: images: give the cluster file (kubeha images FILE), or the command push"
                + " (kubeha images push BUNDLE --to HOST)\n");
        Result scheme = run("images", "push", dir.toString(), "--to", "https://reg.example:5000");
        assertThat(scheme.exitCode()).isEqualTo(2);
        assertThat(scheme.err()).isEqualTo("kubeha: --to https://reg.example:5000: give the registry as host[:port],"
                + " without a scheme (plain HTTP only with --insecure-registry reg.example:5000)\n");
        Result empty = run("images", "push", dir.toString(), "--to", "reg.example:5000");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).isEqualTo("kubeha: " + dir + " holds no container images (no images/images.json):"
                + " export it with --images\n");
        java.nio.file.Path archive = java.nio.file.Files.writeString(dir.resolve("b.tar.gz"), "x");
        Result packed = run("images", "push", archive.toString(), "--to", "reg.example:5000");
        assertThat(packed.err()).isEqualTo("kubeha: " + archive + " is not a bundle directory: unpack it first"
                + " (tar -xzf, or unzip)\n");
    }

    @Test
    void imagesOfAnInvalidClusterFailWithTheProblem() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, Files.readString(Path.of("src/examples/cluster.json"))
                .replace("\"v1.37.1\"", "\"v1.33.4\""));
        Result r = run("images", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubeha: " + file + ": not valid: error: kubernetesVersion: v1.33.4 is not"
                + " supported (hint: kubeha installs Kubernetes v1.35 to v1.37; the newest is v1.37.1)"
                + " (kubeha validate " + file + " says more)\n");
    }

    @Test
    void imagesOfAMissingFileIsBadInput() {
        Result r = run("images", dir.resolve("none.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("kubeha: " + dir.resolve("none.json"));
    }
}

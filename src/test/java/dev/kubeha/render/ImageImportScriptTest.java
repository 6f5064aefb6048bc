package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-images.sh run for real with a stand-in {@code ctr} that, like containerd's, names an
 * imported image after the {@code io.containerd.image.name} annotation of the archive's
 * index.json and lists the namespace's images with {@code images ls -q}. A real containerd imports
 * real archives in the artifact package's tests.
 */
class ImageImportScriptTest {
    private static final String CTR = """
            #!/bin/bash
            # A stand-in for containerd's ctr: an image store in $CTR_STORE, every call in $CTR_LOG.
            echo "$*" >> "$CTR_LOG"
            case "$*" in
                "-n k8s.io images ls -q") cat "$CTR_STORE" 2>/dev/null || true ;;
                "-n k8s.io images import --platform "*)
                    file="${*: -1}"
                    tar -xOf "$file" index.json | grep -o '"io.containerd.image.name": *"[^"]*"' \\
                        | sed 's/.*: *"//; s/"$//' >> "$CTR_STORE" ;;
                *) echo "ctr: unexpected $*" >&2; exit 2 ;;
            esac
            """;

    @TempDir
    Path dir;
    Path script;
    Path images;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Tools.require("bash");
        Tools.require("tar");
        script = Tools.write(dir, "import-images.sh", ImageImportScript.script(), "rwx------");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Tools.write(bin, "ctr", CTR, "rwxr-xr-x");
        images = Files.createDirectories(dir.resolve("images"));
        env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "CTR_STORE", dir.resolve("store").toString(),
                "CTR_LOG", dir.resolve("ctr.log").toString(), "KUBEHA_IMAGES_DIR", images.toString(),
                "KUBEHA_IMAGES_LIST", dir.resolve("images.list").toString());
    }

    /** A tar with the index.json an OCI archive of {@code reference} has; returns its list entry. */
    private ImageImportScript.Entry archive(String file, String reference) throws Exception {
        Path layout = Files.createDirectories(dir.resolve("layout-" + file));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"annotations\":"
                + "{\"io.containerd.image.name\":\"" + reference + "\"}}]}");
        Tools.Result tar = Tools.run("tar", "-cf", images.resolve(file).toString(), "-C", layout.toString(), "oci-layout", "index.json");
        assertThat(tar.exitCode()).as(tar.output()).isZero();
        String sha = Tools.run("sha256sum", images.resolve(file).toString()).output().substring(0, 64);
        return new ImageImportScript.Entry(sha, file, reference);
    }

    private Tools.Result run(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return Tools.run(env, command);
    }

    private String ctrCalls() throws Exception {
        return Files.exists(dir.resolve("ctr.log")) ? Files.readString(dir.resolve("ctr.log")) : "";
    }

    @Test
    void importsEveryListedImageOnceAndTheCheckSaysSo() throws Exception {
        List<ImageImportScript.Entry> entries = List.of(archive("pause.oci.tar", "registry.k8s.io/pause:3.10.2"),
                archive("kube-proxy.oci.tar", "registry.k8s.io/kube-proxy:v1.37.1"));
        Files.writeString(dir.resolve("images.list"), ImageImportScript.list(entries));
        assertThat(run("--check").exitCode()).isEqualTo(1);

        Tools.Result first = run();
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).isEqualTo("import-images: imported registry.k8s.io/pause:3.10.2\n"
                + "import-images: imported registry.k8s.io/kube-proxy:v1.37.1\n");
        assertThat(Files.readAllLines(dir.resolve("store")))
                .containsExactly("registry.k8s.io/pause:3.10.2", "registry.k8s.io/kube-proxy:v1.37.1");
        String platform = System.getProperty("os.arch").equals("aarch64") ? "linux/arm64" : "linux/amd64";
        assertThat(ctrCalls()).contains("-n k8s.io images import --platform " + platform + " " + images.resolve("pause.oci.tar"));

        assertThat(run("--check").exitCode()).isZero();
        Tools.Result again = run();
        assertThat(again.output()).isEqualTo("import-images: containerd has every image\n");
        assertThat(ctrCalls().lines().filter(l -> l.contains("import"))).hasSize(2);
    }

    @Test
    void aMissingArchiveIsNamedBeforeAnythingIsImported() throws Exception {
        ImageImportScript.Entry pause = archive("pause.oci.tar", "registry.k8s.io/pause:3.10.2");
        ImageImportScript.Entry proxy = archive("kube-proxy.oci.tar", "registry.k8s.io/kube-proxy:v1.37.1");
        Files.delete(images.resolve("kube-proxy.oci.tar"));
        Files.writeString(dir.resolve("images.list"), ImageImportScript.list(List.of(pause, proxy)));
        Tools.Result result = run();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).isEqualTo("import-images: not in " + images
                + ": kube-proxy.oci.tar (registry.k8s.io/kube-proxy:v1.37.1); copy the bundle's images directory"
                + " (or set KUBEHA_IMAGES_DIR)\n");
        assertThat(ctrCalls()).doesNotContain("import");
    }

    @Test
    void aChangedArchiveIsRefusedBeforeAnythingIsImported() throws Exception {
        ImageImportScript.Entry pause = archive("pause.oci.tar", "registry.k8s.io/pause:3.10.2");
        ImageImportScript.Entry proxy = archive("kube-proxy.oci.tar", "registry.k8s.io/kube-proxy:v1.37.1");
        Files.write(images.resolve("kube-proxy.oci.tar"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("images.list"), ImageImportScript.list(List.of(pause, proxy)));
        Tools.Result result = run();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).isEqualTo("import-images: " + images.resolve("kube-proxy.oci.tar")
                + " is not the archive the bundle lists (its sha256 differs): copy it again\n");
        assertThat(ctrCalls()).doesNotContain("import");
    }

    @Test
    void anArchiveOfAnotherImageFails() throws Exception {
        ImageImportScript.Entry other = archive("pause.oci.tar", "registry.k8s.io/pause:3.9");
        ImageImportScript.Entry listed = new ImageImportScript.Entry(other.sha256(), other.fileName(), "registry.k8s.io/pause:3.10.2");
        Files.writeString(dir.resolve("images.list"), ImageImportScript.list(List.of(listed)));
        Tools.Result result = run();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).isEqualTo("import-images: pause.oci.tar was imported, but containerd has no"
                + " registry.k8s.io/pause:3.10.2: the archive names another image\n");
    }

    @Test
    void theScriptPassesShellcheckAndRefusesUnknownArguments() throws Exception {
        Tools.Result bad = run("--force");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).isEqualTo("import-images: unknown argument --force (usage: import-images.sh [--check])\n");
        if (Tools.find("shellcheck").isPresent()) {
            Tools.Result check = Tools.run("shellcheck", "-s", "bash", script.toString());
            assertThat(check.exitCode()).as(check.output()).isZero();
        }
    }

    @Test
    void listEntriesAreValidated() {
        assertThatThrownBy(() -> new ImageImportScript.Entry("abc", "pause.oci.tar", "registry.k8s.io/pause:3.10"))
                .hasMessage("pause.oci.tar: not a sha256: abc");
        assertThatThrownBy(() -> new ImageImportScript.Entry("a".repeat(64), "../pause.tar", "registry.k8s.io/pause:3.10"))
                .hasMessage("not an image archive name: ../pause.tar");
        assertThatThrownBy(() -> new ImageImportScript.Entry("a".repeat(64), "pause.tar", "pause 3.10; rm -rf /"))
                .hasMessage("not an image reference: pause 3.10; rm -rf /");
    }
}

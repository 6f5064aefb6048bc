package dev.kubeha.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a real apt repository as archives publish one: .deb files built with dpkg-deb, Packages
 * indexes (xz, gz or plain), a Release listing their sha256, signed into InRelease with gpg.
 */
final class TestAptRepository {
    /** One package to build. */
    record Deb(String name, String version, String arch, String priority, boolean essential, String depends, String provides) {
        static Deb of(String name, String version, String arch, String priority, String depends) {
            return new Deb(name, version, arch, priority, false, depends, null);
        }

        String fileName() {
            String v = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
            return name + "_" + v + "_" + arch + ".deb";
        }
    }

    private TestAptRepository() {
    }

    /**
     * Writes the repository below {@code root/<path>}.
     *
     * @param suite       null: a flat repository (pkgs.k8s.io's layout)
     * @param component   the one component (ignored for a flat repository)
     * @param compression {@code xz}, {@code gz} or {@code none}
     */
    static void write(Path root, String path, String suite, String component, List<Deb> debs, String compression, TestGpg gpg,
                      Path work) throws IOException, InterruptedException {
        Path base = root.resolve(path);
        Map<String, StringBuilder> indexes = new LinkedHashMap<>();
        for (Deb d : debs) {
            String relative = suite == null ? d.arch() + "/" + d.fileName() : "pool/" + component + "/" + d.name().charAt(0) + "/" + d.fileName();
            Path file = base.resolve(relative);
            Files.createDirectories(file.getParent());
            build(d, file, work);
            String index = suite == null ? "" : component + "/binary-" + d.arch() + "/";
            StringBuilder s = indexes.computeIfAbsent(index, k -> new StringBuilder());
            s.append("Package: ").append(d.name()).append('\n');
            if (d.essential()) {
                s.append("Essential: yes\n");
            }
            s.append("Priority: ").append(d.priority()).append('\n');
            s.append("Architecture: ").append(d.arch()).append('\n');
            s.append("Version: ").append(d.version()).append('\n');
            if (d.provides() != null) {
                s.append("Provides: ").append(d.provides()).append('\n');
            }
            if (d.depends() != null) {
                s.append("Depends: ").append(d.depends()).append('\n');
            }
            s.append("Filename: ").append(relative).append('\n');
            s.append("Size: ").append(Files.size(file)).append('\n');
            s.append("SHA256: ").append(Sha256.of(file)).append('\n');
            s.append("Description: test package ").append(d.name()).append("\n  a continuation line\n\n");
        }
        if (suite != null) {
            // An archive lists an index for each of its architectures, empty or not.
            indexes.putIfAbsent(component + "/binary-amd64/", new StringBuilder());
            indexes.putIfAbsent(component + "/binary-arm64/", new StringBuilder());
        }
        Path dist = suite == null ? base : base.resolve("dists").resolve(suite);
        StringBuilder release = new StringBuilder();
        release.append("Origin: test\nLabel: test\n");
        if (suite != null) {
            release.append("Suite: ").append(suite).append("\nCodename: ").append(suite).append('\n');
            release.append("Components: ").append(component).append('\n');
        }
        release.append("Date: Thu, 03 Dec 2026 12:00:00 UTC\nArchitectures: amd64 arm64 all\nSHA256:\n");
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, StringBuilder> e : indexes.entrySet()) {
            Path plain = dist.resolve(e.getKey() + "Packages");
            Files.createDirectories(plain.getParent());
            Files.writeString(plain, e.getValue(), StandardCharsets.UTF_8);
            Path listed = plain;
            if (!compression.equals("none")) {
                exec(work, compression.equals("xz") ? "xz" : "gzip", "-k", "-f", plain.toString());
                listed = dist.resolve(e.getKey() + "Packages." + compression);
                Files.delete(plain);
            }
            names.add(e.getKey() + listed.getFileName());
            release.append(' ').append(Sha256.of(listed)).append(' ').append(Files.size(listed)).append(' ')
                    .append(e.getKey()).append(listed.getFileName()).append('\n');
        }
        Path releaseFile = dist.resolve("Release");
        Files.writeString(releaseFile, release, StandardCharsets.UTF_8);
        gpg.clearSign(releaseFile, dist.resolve("InRelease"));
    }

    private static void build(Deb d, Path target, Path work) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "deb");
        Path control = dir.resolve("DEBIAN/control");
        Files.createDirectories(control.getParent());
        StringBuilder c = new StringBuilder();
        c.append("Package: ").append(d.name()).append("\nVersion: ").append(d.version()).append("\nArchitecture: ")
                .append(d.arch()).append("\nMaintainer: kubeha tests <tests@kubeha.invalid>\nPriority: ").append(d.priority()).append('\n');
        if (d.depends() != null) {
            c.append("Depends: ").append(d.depends()).append('\n');
        }
        if (d.provides() != null) {
            c.append("Provides: ").append(d.provides()).append('\n');
        }
        c.append("Description: test package ").append(d.name()).append('\n');
        Files.writeString(control, c);
        Path doc = dir.resolve("usr/share/doc/" + d.name() + "/README");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, d.name() + " " + d.version() + "\n");
        exec(work, "dpkg-deb", "--root-owner-group", "-Zgzip", "--build", dir.toString(), target.toString());
    }

    static String exec(Path dir, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (String a : command) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}

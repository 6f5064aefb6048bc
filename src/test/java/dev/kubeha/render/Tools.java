package dev.kubeha.render;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The real programs that read what the renderers write. CI installs them (.ci/run); locally a missing one skips. */
final class Tools {
    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The tool, or a skipped test; in CI (CI=true) a missing tool fails instead. */
    static Path require(String name) {
        Optional<Path> tool = find(name);
        if (tool.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(name + " is not installed: .ci/run must install it");
        }
        Assumptions.assumeTrue(tool.isPresent(), name + " is not installed");
        return tool.get();
    }

    static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    static Path write(Path dir, String name, String content, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        return file;
    }
}

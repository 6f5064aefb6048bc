package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Golden files under src/test/resources/golden/. They change only on purpose: run
 * {@code mvn -o -q test -Dtest='GoldenFilesTest,PlanGoldenTest' -Dgolden.update=true}, then read the diff
 * ({@code git diff src/test/resources/golden}) before committing it.
 */
public final class Golden {
    private Golden() {
    }

    static Path directory() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "src", "test", "resources", "golden");
    }

    public static void check(String name, String actual) throws IOException {
        Path file = directory().resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail(file + " is missing: run the test with -Dgolden.update=true to write it");
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            String[] e = expected.split("\n", -1);
            String[] a = actual.split("\n", -1);
            int line = 0;
            while (line < Math.min(e.length, a.length) && e[line].equals(a[line])) {
                line++;
            }
            fail(name + " differs at line " + (line + 1) + ":\n  golden: "
                    + (line < e.length ? e[line] : "<end>") + "\n  actual: " + (line < a.length ? a[line] : "<end>")
                    + "\n(if the change is intended, rerun with -Dgolden.update=true and review git diff)");
        }
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * Every node's files in one text: a header per file with its mode, the content once, and for
     * a file identical to one shown before, a reference to it (prepare-node.sh is the same on
     * most nodes).
     */
    static String describe(List<NodeFiles> nodes) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> firstShownOn = new HashMap<>();
        for (NodeFiles n : nodes) {
            sb.append("######## node ").append(n.nodeName()).append('\n');
            for (NodeFile f : n.files()) {
                sb.append("==== ").append(f.path()).append(' ').append(f.octalMode()).append(f.secret() ? " secret" : "")
                        .append('\n');
                String key = f.path() + "\0" + f.text();
                String shown = firstShownOn.putIfAbsent(key, n.nodeName());
                if (shown != null) {
                    sb.append("(same as on ").append(shown).append(")\n");
                } else {
                    sb.append(f.text());
                }
            }
        }
        return sb.toString();
    }
}

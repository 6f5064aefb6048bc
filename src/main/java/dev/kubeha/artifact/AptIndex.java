package dev.kubeha.artifact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads Debian control files: the stanzas of a {@code Packages} index, the fields of a {@code Release}. */
public final class AptIndex {
    private AptIndex() {
    }

    /**
     * The packages of a {@code Packages} index (uncompressed). Stanzas without Package, Version,
     * Filename or SHA256 are skipped: nothing kubeha could fetch and check.
     */
    public static List<AptPackage> parsePackages(InputStream in, PackageRepositories.Repository repository) throws IOException {
        List<AptPackage> result = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isBlank()) {
                add(fields, repository, result);
                fields.clear();
                last = null;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (last != null && KEPT.contains(last)) {
                    fields.merge(last, " " + line.strip(), String::concat);
                }
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new PackageFetchException("the Packages index of " + repository.url() + " has a line that is no field: " + line);
                }
                last = line.substring(0, colon).toLowerCase(Locale.ROOT);
                if (KEPT.contains(last)) {
                    fields.put(last, line.substring(colon + 1).strip());
                }
            }
        }
        add(fields, repository, result);
        return result;
    }

    private static final java.util.Set<String> KEPT = java.util.Set.of("package", "version", "architecture", "depends",
            "pre-depends", "provides", "priority", "essential", "filename", "size", "sha256");

    private static void add(Map<String, String> f, PackageRepositories.Repository repository, List<AptPackage> out) {
        if (!f.containsKey("package") || !f.containsKey("version") || !f.containsKey("filename") || !f.containsKey("sha256")
                || !Sha256.isHex(f.get("sha256"))) {
            return;
        }
        long size;
        try {
            size = Long.parseLong(f.getOrDefault("size", "-1"));
        } catch (NumberFormatException e) {
            size = -1;
        }
        out.add(new AptPackage(f.get("package"), f.get("version"), f.getOrDefault("architecture", ""),
                f.get("depends"), f.get("pre-depends"), f.get("provides"), f.getOrDefault("priority", ""),
                "yes".equalsIgnoreCase(f.get("essential")), f.get("filename"), size,
                f.get("sha256").toLowerCase(Locale.ROOT), repository));
    }

    /** One file a Release lists: its path below the suite, size and sha256. */
    public record ReleaseFile(String path, long size, String sha256) {
    }

    /** The fields of a (verified) Release text, and the files of its SHA256 field. */
    public record Release(Map<String, String> fields, Map<String, ReleaseFile> sha256) {
        public String field(String name) {
            return fields.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Reads a Release / the signed text of an InRelease. */
    public static Release parseRelease(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, ReleaseFile> files = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if ("sha256".equals(last)) {
                    String[] w = line.strip().split("\\s+");
                    if (w.length == 3 && Sha256.isHex(w[0])) {
                        try {
                            files.put(w[2], new ReleaseFile(w[2], Long.parseLong(w[1]), w[0].toLowerCase(Locale.ROOT)));
                        } catch (NumberFormatException ignored) {
                            // not a file line
                        }
                    }
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                last = line.substring(0, colon).toLowerCase(Locale.ROOT);
                fields.put(last, line.substring(colon + 1).strip());
            }
        }
        return new Release(fields, files);
    }
}

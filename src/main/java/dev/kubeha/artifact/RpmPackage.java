package dev.kubeha.artifact;

import java.util.List;

/**
 * One package of an rpm-md repository's {@code primary.xml}.
 *
 * @param href  the .rpm's path below the repository's base URL
 * @param files the file paths primary.xml lists (what a {@code Requires: /usr/bin/…} may name)
 */
public record RpmPackage(String name, String epoch, String version, String release, String arch, String sha256, long size,
                         String href, List<Relation> provides, List<Relation> requires, List<String> files,
                         PackageRepositories.Repository repository) {

    /** A provides or requires entry: {@code name [flags epoch:ver-rel]}, flags one of EQ, LT, LE, GT, GE. */
    public record Relation(String name, String flags, String epoch, String version, String release) {
        /** {@code [epoch:]ver[-rel]}, or null when unversioned. */
        public String evr() {
            if (version == null) {
                return null;
            }
            return (epoch == null || epoch.equals("0") ? "" : epoch + ":") + version + (release == null ? "" : "-" + release);
        }

        /** Whether a provide of {@code provided} (null: unversioned, which rpm lets satisfy anything) meets this requirement. */
        public boolean satisfiedBy(String provided) {
            if (flags == null || provided == null || version == null) {
                return true;
            }
            int c = RpmVersion.compareEvr(provided, evr());
            return switch (flags) {
                case "EQ" -> c == 0;
                case "LT" -> c < 0;
                case "LE" -> c <= 0;
                case "GT" -> c > 0;
                case "GE" -> c >= 0;
                default -> true;
            };
        }

        @Override
        public String toString() {
            if (flags == null || version == null) {
                return name;
            }
            String op = switch (flags) {
                case "EQ" -> "=";
                case "LT" -> "<";
                case "LE" -> "<=";
                case "GT" -> ">";
                case "GE" -> ">=";
                default -> flags;
            };
            return name + " " + op + " " + evr();
        }
    }

    /** {@code [epoch:]version-release} */
    public String evr() {
        return (epoch == null || epoch.equals("0") ? "" : epoch + ":") + version + "-" + release;
    }
}

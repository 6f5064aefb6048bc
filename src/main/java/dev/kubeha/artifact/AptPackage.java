package dev.kubeha.artifact;

import java.util.List;
import java.util.Locale;

/**
 * One stanza of an apt repository's {@code Packages} index: what kubeha needs to resolve it and
 * fetch its {@code .deb} from {@code repository}.
 *
 * @param filename the .deb's path below the repository's base URL ({@code pool/main/c/conntrack/conntrack_1.4.7-1+b2_amd64.deb})
 * @param priority {@code required}, {@code important}, {@code standard}, {@code optional}, … (empty when absent)
 */
public record AptPackage(
        String name,
        String version,
        String arch,
        String depends,
        String preDepends,
        String provides,
        String priority,
        boolean essential,
        String filename,
        long size,
        String sha256,
        PackageRepositories.Repository repository) {

    /** Depends and Pre-Depends together, each group a list of alternatives. */
    public List<List<AptRelation>> dependencies() {
        List<List<AptRelation>> all = new java.util.ArrayList<>(AptRelation.parseField(preDepends));
        all.addAll(AptRelation.parseField(depends));
        return all;
    }

    /** The names this package provides, each with the version it provides ({@code null}: unversioned). */
    public List<AptRelation> provided() {
        return AptRelation.parseField(provides).stream().map(g -> g.get(0)).toList();
    }

    /**
     * Whether a minimal installation of the distribution has it: Priority required or important,
     * or Essential (what debootstrap's default variant installs).
     */
    public boolean minimal() {
        String p = priority == null ? "" : priority.toLowerCase(Locale.ROOT);
        return essential || p.equals("required") || p.equals("important");
    }

    /** {@code conntrack 1:1.4.7-1+b2 amd64} */
    @Override
    public String toString() {
        return name + " " + version + " " + arch;
    }
}

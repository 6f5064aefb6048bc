package dev.kubeha.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One alternative of a Debian relationship field ({@code Depends}, {@code Pre-Depends},
 * {@code Provides}): {@code name [(op version)]}, with {@code op} one of {@code << <= = >= >>}.
 * An architecture qualifier ({@code :any}, {@code :native}) is dropped: kubeha fetches for one
 * architecture at a time.
 */
public record AptRelation(String name, String op, String version) {
    private static final Pattern ATOM = Pattern.compile(
            "([a-z0-9][a-z0-9+.\\-]*)(?::[a-z0-9\\-]+)?\\s*(?:\\(\\s*(<<|<=|=|>=|>>|<|>)\\s*([^)\\s]+)\\s*\\))?\\s*(?:\\[[^]]*])?\\s*(?:<[^>]*>)?");

    /**
     * A whole field: groups separated by commas, alternatives within a group by {@code |}.
     *
     * @throws IllegalArgumentException an alternative is not {@code name [(op version)]}
     */
    public static List<List<AptRelation>> parseField(String field) {
        List<List<AptRelation>> groups = new ArrayList<>();
        if (field == null || field.isBlank()) {
            return groups;
        }
        for (String group : field.split(",")) {
            if (group.isBlank()) {
                continue;
            }
            List<AptRelation> alternatives = new ArrayList<>();
            for (String alt : group.split("\\|")) {
                Matcher m = ATOM.matcher(alt.strip());
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a package relation: " + alt.strip());
                }
                String op = m.group(2);
                // The obsolete < and > mean <= and >= (Debian Policy 7.1).
                op = op == null ? null : op.equals("<") ? "<=" : op.equals(">") ? ">=" : op;
                alternatives.add(new AptRelation(m.group(1), op, m.group(3)));
            }
            groups.add(List.copyOf(alternatives));
        }
        return List.copyOf(groups);
    }

    /** Whether a package (or a provided name) of {@code version} satisfies this relation; a versioned relation wants a version. */
    public boolean satisfiedBy(String candidateVersion) {
        if (op == null) {
            return true;
        }
        if (candidateVersion == null) {
            return false;
        }
        int c = DebianVersion.compare(candidateVersion, version);
        return switch (op) {
            case "<<" -> c < 0;
            case "<=" -> c <= 0;
            case "=" -> c == 0;
            case ">=" -> c >= 0;
            case ">>" -> c > 0;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return op == null ? name : name + " (" + op + " " + version + ")";
    }
}

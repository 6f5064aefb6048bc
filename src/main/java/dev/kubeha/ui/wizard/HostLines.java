package dev.kubeha.ui.wizard;

import dev.kubeha.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses pasted host lines such as {@code master0 10.0.0.20 control-plane} (whitespace or commas
 * between fields, several roles joined with {@code +} or {@code ,}). Only the shape of a line is
 * checked here; whether a name or address is acceptable is the validator's business.
 */
final class HostLines {
    private HostLines() {
    }

    /** The hosts read, and one message per line that could not be read (1-based line numbers). */
    record Result(List<HostRow> rows, List<Rejected> rejected) {
    }

    record Rejected(int line, String text, String reason) {
    }

    static Result parse(String text) {
        List<HostRow> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("[\\s,;]+");
            if (fields.length < 3) {
                rejected.add(new Rejected(i + 1, line, "name address role"));
                continue;
            }
            List<Role> roles = new ArrayList<>();
            String unknown = null;
            for (int f = 2; f < fields.length; f++) {
                for (String wire : fields[f].split("\\+")) {
                    Role role = role(wire);
                    if (role == null) {
                        unknown = wire;
                    } else if (!roles.contains(role)) {
                        roles.add(role);
                    }
                }
            }
            if (unknown != null) {
                rejected.add(new Rejected(i + 1, line, unknown));
                continue;
            }
            rows.add(new HostRow(fields[0], fields[1], roles));
        }
        return new Result(rows, rejected);
    }

    private static Role role(String wire) {
        String w = wire.toLowerCase(java.util.Locale.ROOT);
        for (Role r : Role.values()) {
            if (r.wireName().equals(w)) {
                return r;
            }
        }
        // The words people write for a control-plane node in host lists.
        return w.equals("master") || w.equals("controlplane") ? Role.CONTROL_PLANE : null;
    }
}

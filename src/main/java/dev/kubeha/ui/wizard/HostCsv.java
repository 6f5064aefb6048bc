package dev.kubeha.ui.wizard;

import dev.kubeha.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads hosts from CSV: a header {@code name,address,roles[,user,port,identityFile]}, then one host
 * per line; several roles joined with {@code +} or {@code ;}. Fields may be double-quoted (a
 * doubled quote inside is a quote). Only the shape is checked here, each problem as
 * {@code line N: ...}; whether a name, address or port is acceptable is the validator's business.
 */
final class HostCsv {
    static final List<String> COLUMNS = List.of("name", "address", "roles", "user", "port", "identityFile");
    static final String HEADER = "name,address,roles[,user,port,identityFile]";

    record Result(List<HostRow> rows, List<String> errors) {
    }

    private HostCsv() {
    }

    static Result parse(String text) {
        List<HostRow> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.replace("\uFEFF", "").split("\\R", -1);
        int columns = -1;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = fields(line);
            } catch (IllegalArgumentException e) {
                errors.add("line " + number + ": " + e.getMessage());
                if (columns < 0) {
                    return new Result(List.of(), errors);
                }
                continue;
            }
            if (columns < 0) {
                columns = header(fields);
                if (columns < 0) {
                    errors.add("line " + number + ": expected the header " + HEADER + ", found \"" + line.strip() + "\"");
                    return new Result(List.of(), errors);
                }
                continue;
            }
            String error = row(fields, columns, rows);
            if (error != null) {
                errors.add("line " + number + ": " + error);
            }
        }
        if (columns < 0) {
            errors.add("line 1: the header " + HEADER + " is missing");
        }
        return new Result(errors.isEmpty() ? rows : List.of(), errors);
    }

    /** How many columns the header names, or -1 when it is not a prefix of {@link #COLUMNS} with at least three. */
    private static int header(List<String> fields) {
        if (fields.size() < 3 || fields.size() > COLUMNS.size()) {
            return -1;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).strip().equalsIgnoreCase(COLUMNS.get(i))) {
                return -1;
            }
        }
        return fields.size();
    }

    /** Adds the row, or returns what is wrong with it. */
    private static String row(List<String> fields, int columns, List<HostRow> rows) {
        if (fields.size() < 3 || fields.size() > columns) {
            return fields.size() + (fields.size() == 1 ? " field" : " fields") + ", expected "
                    + (columns == 3 ? "3" : "3 to " + columns) + " (" + String.join(",", COLUMNS.subList(0, columns)) + ")";
        }
        String name = fields.get(0).strip();
        String address = fields.get(1).strip();
        if (name.isEmpty()) {
            return "name is empty";
        }
        if (address.isEmpty()) {
            return "address is empty";
        }
        List<Role> roles = new ArrayList<>();
        for (String wire : fields.get(2).split("[+;]")) {
            String w = wire.strip();
            if (w.isEmpty()) {
                continue;
            }
            Role role = role(w);
            if (role == null) {
                return "unknown role \"" + w + "\"; use control-plane, worker or etcd, joined with + or ;";
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            return "no role; give control-plane, worker or etcd, joined with + or ;";
        }
        String port = fields.size() > 4 ? fields.get(4).strip() : "";
        if (!port.matches("\\d{0,5}")) {
            return "port \"" + port + "\" is not a number";
        }
        HostRow row = new HostRow(name, address, roles);
        if (fields.size() > 3) {
            row.sshUserProperty().set(fields.get(3).strip());
        }
        row.sshPortProperty().set(port);
        if (fields.size() > 5) {
            row.sshIdentityFileProperty().set(fields.get(5).strip());
        }
        rows.add(row);
        return null;
    }

    private static Role role(String wire) {
        String w = wire.toLowerCase(Locale.ROOT);
        for (Role r : Role.values()) {
            if (r.wireName().equals(w)) {
                return r;
            }
        }
        return w.equals("master") || w.equals("controlplane") ? Role.CONTROL_PLANE : null;
    }

    /** The comma-separated fields of one line, with RFC 4180 quoting. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("text after the closing quote of field " + (fields.size() + 1));
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("the quote of field " + (fields.size() + 1) + " is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}

package dev.kubeha.model;

import java.util.regex.Pattern;

/** Syntax of names: RFC 1123 labels and subdomains, host names, user and interface names. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

    private Names() {
    }

    /** An RFC 1123 label in lowercase: at most 63 characters of a-z, 0-9 and '-', no '-' at either end. */
    public static boolean isLabel(String s) {
        return s != null && LABEL.matcher(s).matches();
    }

    /** An RFC 1123 subdomain in lowercase, as Kubernetes wants node names: labels joined by dots. */
    public static boolean isSubdomain(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A host name for DNS: RFC 1123 labels of either case, and a last label that is not all
     * digits (RFC 3696), so that {@code 10.0.0.300} is never taken for a name.
     */
    public static boolean isDnsName(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** A POSIX-portable login name (useradd's default rule), safe to put in a command. */
    public static boolean isUserName(String s) {
        return s != null && USER.matcher(s).matches();
    }

    /** A Linux network interface name: at most 15 characters, no '/', no white space. */
    public static boolean isInterfaceName(String s) {
        return s != null && INTERFACE.matcher(s).matches() && !".".equals(s) && !"..".equals(s);
    }
}

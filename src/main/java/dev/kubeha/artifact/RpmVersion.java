package dev.kubeha.artifact;

/**
 * RPM's version order ({@code rpmvercmp}): epoch numerically, then version and release each
 * compared segment by segment (runs of digits numerically, runs of letters lexically, a digit run
 * newer than a letter run, {@code ~} older and {@code ^} newer than anything else at its place).
 */
public final class RpmVersion {
    private RpmVersion() {
    }

    /** Compares {@code [epoch:]version[-release]} strings. */
    public static int compareEvr(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        if (c != 0) {
            return c;
        }
        c = compare(x[1], y[1]);
        if (c != 0 || x[2] == null || y[2] == null) {
            return c;
        }
        return compare(x[2], y[2]);
    }

    private static String[] split(String evr) {
        String epoch = "0";
        int colon = evr.indexOf(':');
        if (colon >= 0) {
            epoch = evr.substring(0, colon).isEmpty() ? "0" : evr.substring(0, colon);
            evr = evr.substring(colon + 1);
        }
        int dash = evr.lastIndexOf('-');
        return dash >= 0 ? new String[] {epoch, evr.substring(0, dash), evr.substring(dash + 1)}
                : new String[] {epoch, evr, null};
    }

    /** rpmvercmp of two version (or release) strings. */
    public static int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
                i++;
            }
            while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
                j++;
            }
            boolean at = i < a.length();
            boolean bt = j < b.length();
            if ((at && a.charAt(i) == '~') || (bt && b.charAt(j) == '~')) {
                if (!at || a.charAt(i) != '~') {
                    return 1;
                }
                if (!bt || b.charAt(j) != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if ((at && a.charAt(i) == '^') || (bt && b.charAt(j) == '^')) {
                if (!at) {
                    return -1;
                }
                if (!bt) {
                    return 1;
                }
                if (a.charAt(i) != '^') {
                    return 1;
                }
                if (b.charAt(j) != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (!at || !bt) {
                break;
            }
            boolean numeric = Character.isDigit(a.charAt(i));
            int si = i;
            int sj = j;
            if (numeric) {
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
            } else {
                while (i < a.length() && Character.isLetter(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isLetter(b.charAt(j))) {
                    j++;
                }
            }
            String x = a.substring(si, i);
            String y = b.substring(sj, j);
            if (y.isEmpty()) {
                return numeric ? 1 : -1;
            }
            if (numeric) {
                x = x.replaceFirst("^0+(?=.)", "");
                y = y.replaceFirst("^0+(?=.)", "");
                if (x.length() != y.length()) {
                    return Integer.compare(x.length(), y.length());
                }
            }
            int c = x.compareTo(y);
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        boolean ar = i < a.length();
        boolean br = j < b.length();
        return ar == br ? 0 : ar ? 1 : -1;
    }
}

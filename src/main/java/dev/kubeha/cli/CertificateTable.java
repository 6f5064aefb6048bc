package dev.kubeha.cli;

import dev.kubeha.pki.CertificateInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The certificates as an aligned text table, one row each; SANs joined with commas. */
final class CertificateTable {
    private static final List<String> HEADER =
            List.of("CERTIFICATE", "SUBJECT", "ISSUER", "KEY", "NOT AFTER (UTC)", "DAYS LEFT", "SANS");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private CertificateTable() {
    }

    static String render(List<CertificateInfo> certificates, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CertificateInfo c : certificates) {
            rows.add(List.of(c.file(), c.subject(), c.issuer(), c.keyAlgorithm(), DATE.format(c.notAfter()),
                    Long.toString(c.daysLeft(now)), c.sans().isEmpty() ? "-" : String.join(",", c.sans())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                // The last column is not padded: no trailing blanks.
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}

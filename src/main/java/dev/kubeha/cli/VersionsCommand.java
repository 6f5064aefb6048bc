package dev.kubeha.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesReleases;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubeha versions}: the release table as a user needs it. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Lists the Kubernetes releases kubeha installs: newest tested patch, end of life,"
                + " the etcd kubeadm pins and the kubeadm configuration API.")
final class VersionsCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        KubernetesReleases table = KubernetesReleases.builtIn();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(table));
        } else {
            text(table, out);
        }
        return Cli.OK;
    }

    private static void text(KubernetesReleases table, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RELEASE", "NEWEST PATCH", "END OF LIFE", "ETCD", "ETCD (SYSTEMD)", "CONTAINERD",
            "CONFIG API", "STATUS"});
        for (KubernetesRelease r : table.all()) {
            boolean supported = r.supported();
            rows.add(new String[] {
                r.minor(),
                supported ? r.newestPatch() : "-",
                r.endOfLife() != null ? r.endOfLife().toString() : "-",
                supported ? r.etcdVersion() : "-",
                supported ? table.systemdEtcdVersion(r) : "-",
                supported ? r.containerdRequirement() : "-",
                supported ? r.kubeadmApi() : "-",
                supported ? "supported" : "not yet supported" + (r.releaseDate() == null ? "" : " (due " + r.releaseDate() + ")")});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("Default for a new cluster: " + table.defaultVersion() + ". Values checked " + table.checked()
                + "; the sources are in the JSON output.");
        out.println("ETCD is the one kubeadm pins; ETCD (SYSTEMD) the release tarball kubeha installs without"
                + " etcd.version (the pinned one when kubeha has its sha256).");
    }

    private static String json(KubernetesReleases table) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("default", table.defaultVersion());
        doc.put("checked", table.checked().toString());
        List<Map<String, Object>> releases = new ArrayList<>();
        for (KubernetesRelease r : table.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("release", r.minor());
            m.put("status", r.status().wireName());
            m.put("newestPatch", r.newestPatch());
            m.put("endOfLife", r.endOfLife() == null ? null : r.endOfLife().toString());
            m.put("releaseDate", r.releaseDate() == null ? null : r.releaseDate().toString());
            m.put("kubeadmApi", r.kubeadmApi());
            m.put("etcd", r.etcdVersion());
            m.put("systemdEtcd", r.supported() ? table.systemdEtcdVersion(r) : null);
            m.put("minExternalEtcd", r.minExternalEtcdVersion());
            m.put("pause", r.pause());
            m.put("coreDns", r.coreDns());
            m.put("packageChannel", r.packageChannel());
            m.put("containerd", r.containerd());
            m.put("source", r.source());
            m.values().removeIf(java.util.Objects::isNull);
            releases.add(m);
        }
        doc.put("releases", releases);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

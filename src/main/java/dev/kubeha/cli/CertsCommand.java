package dev.kubeha.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.ParsedCluster;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.pki.CaImport;
import dev.kubeha.pki.CaKind;
import dev.kubeha.pki.CertificateAuthority;
import dev.kubeha.pki.CertificateInfo;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiException;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.operation.WorkspaceLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubeha certs FILE}: loads the cluster's PKI from the workspace, makes what is missing or
 * out of date, and lists every certificate by expiry. Exits 1 when one expires within 30 days:
 * expiry is what kubeadm users trip over most.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Makes the cluster's CAs and etcd certificates in the workspace (once; later runs reuse"
                + " them) and lists every certificate, soonest expiry first.",
                "Exit code 1 when a certificate expires within 30 days."})
final class CertsCommand implements Callable<Integer> {
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspaceOption;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--ca-cert", paramLabel = "CA=FILE", description = "import your own CA certificate (PEM) for"
            + " kubernetes, front-proxy or etcd, e.g. --ca-cert etcd=corp-etcd-ca.crt; only where the workspace"
            + " has no such CA yet")
    Map<String, Path> caCertificates = new LinkedHashMap<>();

    @Option(names = "--ca-key", paramLabel = "CA=FILE", description = "the private key (PEM, RSA or EC) of an imported"
            + " CA, e.g. --ca-key etcd=corp-etcd-ca.key")
    Map<String, Path> caKeys = new LinkedHashMap<>();

    @Option(names = "--ca-passphrase-file", paramLabel = "CA=FILE", description = "a file whose first line is the"
            + " passphrase of an encrypted CA key (a passphrase never goes on the command line)")
    Map<String, Path> caPassphraseFiles = new LinkedHashMap<>();

    /** Tests fix the time; the expiry check and the generator use the same clock. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws ClusterFileException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParsedCluster parsed = ClusterFiles.read(file);
        List<Problem> errors = new ClusterValidator(ValidationContext.forFile(file)).validate(parsed).stream()
                .filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            errors.forEach(err::println);
            err.println(ValidateCommand.summary(file, errors.size(), 0).replace(", 0 warnings", "")
                    + ": fix these before making certificates");
            return Cli.FAILED;
        }
        Cluster cluster = parsed.cluster();
        Workspace workspace = workspaceOption.resolve(cluster);
        ClusterPkiGenerator.Result result;
        try (WorkspaceLock ignored = workspace.lock("kubeha certs " + file)) {
            List<CertificateAuthority> imports = new ArrayList<>();
            for (CaImport ca : imports()) {
                imports.add(ca.load(clock.instant()));
            }
            result = new ClusterPkiGenerator(clock).ensure(cluster, workspace.pki(), imports);
        } catch (PkiException e) {
            err.println("kubeha: " + e.getMessage());
            return e.badInput() ? Cli.USAGE : Cli.FAILED;
        } catch (UsageException | WorkspaceBusyException e) {
            err.println("kubeha: " + e.getMessage());
            return Cli.USAGE;
        } catch (IOException e) {
            err.println("kubeha: cannot take the workspace " + workspace + ": " + e.getMessage());
            return Cli.FAILED;
        }

        Instant now = clock.instant();
        List<CertificateInfo> certificates = result.pki().certificates().stream()
                .sorted(Comparator.comparing(CertificateInfo::notAfter).thenComparing(CertificateInfo::file))
                .toList();
        List<CertificateInfo> expiring = certificates.stream().filter(c -> c.expiresWithin(EXPIRY_WARNING, now))
                .toList();
        Path pkiDirectory = workspace.pki().directory();
        if (format == Format.json) {
            out.println(json(pkiDirectory, result, certificates, now));
        } else {
            out.println("PKI in " + pkiDirectory);
            result.changes().forEach(c -> out.println("  " + c));
            out.println();
            out.print(CertificateTable.render(certificates, now));
        }
        if (!expiring.isEmpty()) {
            err.println("kubeha: " + expiring.size() + " certificate" + (expiring.size() == 1 ? "" : "s")
                    + " expire" + (expiring.size() == 1 ? "s" : "") + " within 30 days: "
                    + String.join(", ", expiring.stream().map(CertificateInfo::file).toList())
                    + " (renew them, or raise pki.certificateValidity)");
            return Cli.FAILED;
        }
        return Cli.OK;
    }

    /** The CA imports the options describe, checked for completeness. */
    List<CaImport> imports() throws UsageException {
        Set<String> named = new TreeSet<>(caCertificates.keySet());
        named.addAll(caKeys.keySet());
        named.addAll(caPassphraseFiles.keySet());
        List<CaImport> imports = new ArrayList<>();
        for (String id : named) {
            CaKind kind = CaKind.byId(id).orElseThrow(() -> new UsageException("unknown CA \"" + id
                    + "\": use kubernetes, front-proxy or etcd"));
            Path certificate = caCertificates.get(id);
            Path key = caKeys.get(id);
            if (certificate == null || key == null) {
                throw new UsageException("importing the " + kind.displayName() + " needs both --ca-cert " + id
                        + "=FILE and --ca-key " + id + "=FILE");
            }
            Path passphraseFile = caPassphraseFiles.get(id);
            imports.add(new CaImport(kind, certificate, key, passphraseFile == null ? null : passphrase(passphraseFile)));
        }
        return imports;
    }

    private static char[] passphrase(Path file) throws UsageException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            String line = newline < 0 ? text : text.substring(0, newline);
            return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read the passphrase file");
        }
    }

    private static String json(Path pkiDirectory, ClusterPkiGenerator.Result result,
                               List<CertificateInfo> certificates, Instant now) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("pki", pkiDirectory.toString());
        report.put("changes", result.changes());
        List<Map<String, Object>> list = new ArrayList<>();
        for (CertificateInfo c : certificates) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", c.file());
            entry.put("subject", c.subject());
            entry.put("issuer", c.issuer());
            entry.put("sans", c.sans());
            entry.put("keyAlgorithm", c.keyAlgorithm());
            entry.put("notBefore", c.notBefore().toString());
            entry.put("notAfter", c.notAfter().toString());
            entry.put("daysLeft", c.daysLeft(now));
            entry.put("expiresWithin30Days", c.expiresWithin(EXPIRY_WARNING, now));
            list.add(entry);
        }
        report.put("certificates", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bad option values: exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}

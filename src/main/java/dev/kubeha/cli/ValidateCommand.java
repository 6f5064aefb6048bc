package dev.kubeha.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.ParsedCluster;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kubeha validate FILE}: every problem of a cluster file, one line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a cluster file and prints every problem with its field and a hint.")
final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() throws ClusterFileException {
        ParsedCluster parsed = ClusterFiles.read(file);
        List<Problem> problems = new ClusterValidator(ValidationContext.forFile(file)).validate(parsed).stream()
                .sorted(Comparator.comparing(Problem::severity))
                .toList();
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", file.toString());
            report.put("valid", errors == 0);
            report.put("errors", errors);
            report.put("warnings", warnings);
            report.put("problems", problems);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            problems.forEach(out::println);
            out.println(summary(file, errors, warnings));
        }
        return errors == 0 ? Cli.OK : Cli.FAILED;
    }

    static String summary(Path file, long errors, long warnings) {
        String w = warnings + " warning" + (warnings == 1 ? "" : "s");
        if (errors == 0) {
            return file + ": valid, " + w;
        }
        return file + ": " + errors + " error" + (errors == 1 ? "" : "s") + ", " + w;
    }
}

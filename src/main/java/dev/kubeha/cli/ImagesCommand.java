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
import dev.kubeha.render.ImageList;
import dev.kubeha.render.ImageList.Image;
import dev.kubeha.render.RenderException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeha images FILE}: every container image the cluster's nodes pull. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Lists every container image the cluster needs, fully qualified, as kubeadm config images"
                + " list prints them for its Kubernetes release, plus the etcd static pod's and those of a local"
                + " CNI manifest.")
final class ImagesCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--fetch-cni", description = "download cni.manifest when it is a URL, to list its images too"
            + " (export --air-gapped always does)")
    boolean fetchCni;

    @Override
    public Integer call() throws ClusterFileException, CommandFailure {
        ParsedCluster parsed = ClusterFiles.read(file);
        ValidationContext context = ValidationContext.forFile(file);
        List<Problem> errors = new ClusterValidator(context).validate(parsed).stream()
                .filter(Problem::isError)
                // The image list needs no SSH access.
                .filter(p -> !p.path().endsWith(".identityFile"))
                .toList();
        if (!errors.isEmpty()) {
            throw CommandFailure.failed(file + ": not valid: "
                    + errors.stream().map(Problem::toString).collect(Collectors.joining("; "))
                    + " (kubeha validate " + file + " says more)");
        }
        Cluster cluster = parsed.cluster();
        List<Image> images;
        try {
            images = ImageList.of(cluster, cniManifest(cluster, context));
        } catch (RenderException e) {
            throw CommandFailure.failed(file + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file.toString());
            doc.put("kubernetesVersion", cluster.kubernetesVersion());
            doc.put("images", images);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            images.forEach(i -> out.println(i.reference()));
        }
        return Cli.OK;
    }

    /** A local manifest's text; a URL's with --fetch-cni, else none (the node fetches it). */
    private String cniManifest(Cluster cluster, ValidationContext context) throws CommandFailure {
        if (cluster.cni() == null || cluster.cni().manifest() == null) {
            return null;
        }
        if (cluster.cni().remote()) {
            if (!fetchCni) {
                spec.commandLine().getErr().println("kubeha: note: cni.manifest is a URL: its images are not listed"
                        + " (--fetch-cni downloads it)");
                return null;
            }
            return new String(CniDownload.fetch(cluster.cni().manifest(), file, spec.commandLine().getErr()),
                    StandardCharsets.UTF_8);
        }
        Path manifest = context.resolve(cluster.cni().manifest());
        try {
            return Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandFailure.usage(manifest + ": cannot read the CNI manifest: " + e.getMessage());
        }
    }
}

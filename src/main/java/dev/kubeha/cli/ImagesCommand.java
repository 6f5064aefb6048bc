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
@Command(name = "images", mixinStandardHelpOptions = true, subcommands = ImagesCommand.Push.class,
        description = "Lists every container image the cluster needs, fully qualified, as kubeadm config images"
                + " list prints them for its Kubernetes release, plus the etcd static pod's and those of a local"
                + " CNI manifest.")
final class ImagesCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    // Optional only so that `kubeha images push …` parses; without a command it is required.
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--fetch-cni", description = "download cni.manifest when it is a URL, to list its images too"
            + " (export --air-gapped always does)")
    boolean fetchCni;

    @Override
    public Integer call() throws ClusterFileException, CommandFailure {
        if (file == null) {
            throw CommandFailure.usage("images: give the cluster file (kubeha images FILE), or the command push"
                    + " (kubeha images push BUNDLE --to HOST)");
        }
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

    /** {@code kubeha images push BUNDLE --to HOST}: a site registry filled from a bundle's images. */
    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Pushes every image of an exported bundle (export --images) to the site registry, under the"
                    + " names the nodes pull with images.registry set to it: kubeadm's images as HOST/kube-apiserver:TAG"
                    + " (CoreDNS as HOST/coredns:TAG), every other image under its own path, e.g."
                    + " HOST/flannel/flannel:TAG.")
    static final class Push implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "BUNDLE", description = "the bundle directory (unpack an archive first)")
        Path bundle;

        @Option(names = "--to", required = true, paramLabel = "HOST[:PORT]", description = "the site registry")
        String to;

        @picocli.CommandLine.Mixin
        ImageOptions imageOptions;

        @Override
        public Integer call() throws CommandFailure {
            PrintWriter out = spec.commandLine().getOut();
            dev.kubeha.artifact.ImageSources sources = imageOptions.sources();
            if (to.contains("://")) {
                throw CommandFailure.usage("--to " + to + ": give the registry as host[:port], without a scheme"
                        + " (plain HTTP only with --insecure-registry " + to.replaceFirst("^[a-z]+://", "") + ")");
            }
            List<dev.kubeha.bundle.BundledImage> images;
            try {
                images = dev.kubeha.bundle.BundleImages.inDirectory(bundle);
            } catch (IOException e) {
                throw CommandFailure.usage(e.getMessage());
            }
            dev.kubeha.artifact.ImagePusher pusher = new dev.kubeha.artifact.ImagePusher();
            for (dev.kubeha.bundle.BundledImage image : images) {
                try {
                    pusher.push(image.archive(), to, sources);
                } catch (IOException e) {
                    throw CommandFailure.failed("image " + image.reference() + ": " + e.getMessage());
                }
                out.println("pushed " + image.reference() + " as "
                        + dev.kubeha.artifact.ImagePusher.siteReference(image.reference(), to));
            }
            out.println(images.size() + (images.size() == 1 ? " image" : " images") + " in " + to
                    + "; nodes pull them with \"images\": {\"registry\": \"" + to + "\"} in cluster.json");
            return Cli.OK;
        }
    }
}

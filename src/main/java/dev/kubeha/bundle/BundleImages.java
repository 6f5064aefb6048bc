package dev.kubeha.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeha.artifact.ImageReference;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.plan.ImageImports;
import dev.kubeha.render.ImageImportScript;
import dev.kubeha.render.ImageList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The bundle's {@code images/}: one OCI archive per image and {@code images/images.json}, which
 * lists each image with its upstream digest, the archive's sha256 and the architectures it holds.
 * Every node's install imports from there the images it runs ({@link ImageList#neededBy}).
 */
public final class BundleImages {
    public static final String DIR = "images";
    public static final String INDEX = DIR + "/images.json";

    private BundleImages() {
    }

    /** The archives and the index, for {@link BundleWriter}. */
    public static List<BundleEntry> entries(List<BundledImage> images, List<String> arches) {
        List<BundleEntry> entries = new ArrayList<>();
        for (BundledImage image : images) {
            entries.add(BundleEntry.file(DIR + "/" + image.fileName(), 0644, image.archive()));
        }
        entries.add(new BundleEntry(INDEX, 0644, index(images, arches)));
        return entries;
    }

    /** What each node imports, matched by reference against the images the cluster needs. */
    public static ImageImports imports(Cluster cluster, List<ImageList.Image> needed, List<BundledImage> images) {
        Map<String, BundledImage> byReference = images.stream()
                .collect(Collectors.toMap(BundledImage::reference, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, List<ImageImportScript.Entry>> byNode = new LinkedHashMap<>();
        for (Node node : cluster.nodes()) {
            List<ImageImportScript.Entry> entries = new ArrayList<>();
            for (ImageList.Image image : ImageList.neededBy(cluster, node, needed)) {
                BundledImage bundled = byReference.get(image.reference());
                if (bundled != null) {
                    // The name containerd lists it under: a digest-pinned reference is name@sha256:….
                    entries.add(new ImageImportScript.Entry(bundled.sha256(), bundled.fileName(),
                            ImageReference.parse(bundled.reference()).containerdName()));
                }
            }
            if (!entries.isEmpty()) {
                byNode.put(node.name(), entries);
            }
        }
        return new ImageImports(byNode);
    }

    static byte[] index(List<BundledImage> images, List<String> arches) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("arches", arches);
        List<Map<String, Object>> list = new ArrayList<>();
        for (BundledImage image : images) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("reference", image.reference());
            i.put("digest", image.digest());
            i.put("by", image.by());
            i.put("arches", image.arches());
            i.put("file", DIR + "/" + image.fileName());
            i.put("sha256", image.sha256());
            i.put("size", image.size());
            list.add(i);
        }
        doc.put("images", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The images {@code images/images.json} lists (without workstation files). */
    static List<BundledImage> read(byte[] index) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(index);
        List<BundledImage> out = new ArrayList<>();
        for (JsonNode i : doc.path("images")) {
            List<String> arches = new ArrayList<>();
            i.path("arches").forEach(a -> arches.add(a.asText()));
            out.add(new BundledImage(i.path("reference").asText(), i.path("digest").asText(), i.path("by").asText(),
                    arches, i.path("sha256").asText(), i.path("size").asLong(), null));
        }
        return out;
    }

    /**
     * The images of a bundle directory, each with its archive there, checked against images.json's
     * sha256 before anything uses it.
     *
     * @throws IOException the directory is not a bundle with images, or an archive is missing or damaged
     */
    public static List<BundledImage> inDirectory(Path bundle) throws IOException {
        if (!java.nio.file.Files.isDirectory(bundle)) {
            throw new IOException(bundle + " is not a bundle directory" + (java.nio.file.Files.exists(bundle)
                    ? ": unpack it first (tar -xzf, or unzip)" : ""));
        }
        Path index = bundle.resolve(INDEX);
        if (!java.nio.file.Files.isRegularFile(index)) {
            throw new IOException(bundle + " holds no container images (no " + INDEX + "): export it with --images");
        }
        List<BundledImage> out = new ArrayList<>();
        for (BundledImage image : read(java.nio.file.Files.readAllBytes(index))) {
            Path archive = bundle.resolve(DIR).resolve(image.fileName());
            if (!java.nio.file.Files.isRegularFile(archive)) {
                throw new IOException("image " + image.reference() + ": " + DIR + "/" + image.fileName() + " is missing");
            }
            if (!dev.kubeha.artifact.Sha256.of(archive).equals(image.sha256())) {
                throw new IOException("image " + image.reference() + ": " + DIR + "/" + image.fileName()
                        + " is not the archive images.json lists (its sha256 differs)");
            }
            out.add(new BundledImage(image.reference(), image.digest(), image.by(), image.arches(), image.sha256(),
                    image.size(), archive));
        }
        return out;
    }

    static List<String> arches(byte[] index) throws IOException {
        List<String> arches = new ArrayList<>();
        new ObjectMapper().readTree(index).path("arches").forEach(a -> arches.add(a.asText()));
        return arches;
    }
}

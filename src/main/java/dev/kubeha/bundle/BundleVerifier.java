package dev.kubeha.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.plan.NodePaths;
import dev.kubeha.render.ImageList;
import dev.kubeha.render.RenderException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * {@code kubeha bundle verify}: whether a bundle is intact (every file as {@code SHA256SUMS} says)
 * and complete for a site without internet: for every node, what its install needs and would
 * otherwise download — the packages of its distribution, every container image it runs for every
 * architecture of the bundle, the CNI manifest, the etcd release tarball. Reads a bundle directory,
 * a tar.gz or a zip, streaming (image archives are large); an encrypted one must be decrypted first.
 */
public final class BundleVerifier {
    /** What prepare-node.sh installs on every node that runs a kubelet. */
    static final List<String> NODE_PACKAGES = List.of("kubeadm", "kubelet", "kubectl", "cri-tools", "kubernetes-cni",
            "containerd.io");
    static final List<String> LOAD_BALANCER_PACKAGES = List.of("haproxy", "keepalived");
    /** Files read whole; everything else is only summed. */
    private static final long SMALL = 8L << 20;

    /**
     * The verdict.
     *
     * @param missing what is damaged or absent, one line each, naming the node, image or file
     * @param notes   what the bundle holds and what the site must still provide
     */
    public record Report(List<String> missing, List<String> notes, int files) {
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    /** One file of the bundle: its sha256 and, when small, its content. */
    private record File(String sha256, long size, byte[] content) {
    }

    private BundleVerifier() {
    }

    /** @throws IOException the bundle cannot be read at all (not found, encrypted, not an archive) */
    public static Report verify(Path bundle) throws IOException {
        return check(read(bundle));
    }

    /**
     * The same verdict for a bundle just written from {@code written} (what {@link BundleWriter#write}
     * returns, with its manifest and SHA256SUMS), without reading it back: how export checks an
     * encrypted bundle too.
     */
    public static Report verify(List<BundleEntry> written) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (BundleEntry e : written) {
            if (e.path().equals(BundleWriter.CHECKSUMS)) {
                for (String line : new String(e.content(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.length() > 66) {
                        sums.put(line.substring(66), line.substring(0, 64));
                    }
                }
            }
        }
        Map<String, File> files = new TreeMap<>();
        for (BundleEntry e : written) {
            boolean small = e.size() <= SMALL && !e.path().startsWith(BundleImages.DIR + "/") || e.path().equals(BundleImages.INDEX);
            String sha = e.path().equals(BundleWriter.CHECKSUMS) ? e.sha256() : sums.getOrDefault(e.path(), "");
            files.put(e.path(), new File(sha, e.size(), small ? e.content() : null));
        }
        return check(files);
    }

    private static Report check(Map<String, File> files) throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        File sums = files.get(BundleWriter.CHECKSUMS);
        if (sums == null || sums.content() == null) {
            throw new IOException("no " + BundleWriter.CHECKSUMS + ": not a bundle kubeha made");
        }
        checksums(new String(sums.content(), StandardCharsets.UTF_8), files, missing);
        File clusterFile = files.get("cluster.json");
        if (clusterFile == null || clusterFile.content() == null) {
            missing.add("cluster.json is missing: the bundle cannot say what its nodes need");
            return new Report(missing, notes, files.size());
        }
        Cluster cluster;
        try {
            cluster = ClusterFiles.parse(new String(clusterFile.content(), StandardCharsets.UTF_8),
                    ClusterFiles.Format.JSON, "cluster.json").cluster();
        } catch (ClusterFileException e) {
            missing.add("cluster.json cannot be read: " + e.getMessage());
            return new Report(missing, notes, files.size());
        }
        List<Node> nodes = cluster.nodes().stream()
                .filter(n -> files.containsKey("nodes/" + n.name() + "/install.sh")).toList();
        for (Node n : cluster.nodes()) {
            if (!nodes.contains(n) && !n.roles().isEmpty()) {
                missing.add(n.name() + ": nodes/" + n.name() + "/install.sh is missing");
            }
        }
        List<String> arches = arches(files);
        String cni = cni(cluster, files, missing);
        images(cluster, nodes, cni, arches, files, missing, notes);
        packages(cluster, nodes, arches, files, missing, notes);
        etcd(cluster, arches, files, missing);
        return new Report(missing, notes, files.size());
    }

    /** Every line of SHA256SUMS matches its file, and every file is listed. */
    private static void checksums(String sums, Map<String, File> files, List<String> missing) {
        Set<String> listed = new LinkedHashSet<>();
        for (String line : sums.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int gap = line.indexOf("  ");
            if (gap != 64) {
                missing.add("SHA256SUMS: not a sha256sum line: " + line);
                continue;
            }
            String sha = line.substring(0, 64);
            String path = line.substring(66);
            listed.add(path);
            File file = files.get(path);
            if (file == null) {
                missing.add(path + " is missing");
            } else if (!file.sha256().equals(sha)) {
                missing.add(path + " is damaged: its sha256 is not the one SHA256SUMS gives");
            }
        }
        for (String path : files.keySet()) {
            if (!path.equals(BundleWriter.CHECKSUMS) && !listed.contains(path)) {
                missing.add(path + " is not in SHA256SUMS: added after the export");
            }
        }
    }

    /** The bundle's architectures: images.json's, else packages.json's, else amd64. */
    private static List<String> arches(Map<String, File> files) throws IOException {
        File images = files.get(BundleImages.INDEX);
        if (images != null && images.content() != null) {
            List<String> arches = BundleImages.arches(images.content());
            if (!arches.isEmpty()) {
                return arches;
            }
        }
        JsonNode packages = packagesJson(files);
        if (packages != null && packages.path("arches").isArray() && !packages.path("arches").isEmpty()) {
            List<String> arches = new ArrayList<>();
            packages.path("arches").forEach(a -> arches.add(a.asText()));
            return arches;
        }
        return List.of("amd64");
    }

    /** The CNI manifest the first master applies, when it is in the bundle; a URL is missing. */
    private static String cni(Cluster cluster, Map<String, File> files, List<String> missing) {
        if (cluster.cni() == null || cluster.cni().manifest() == null || cluster.cni().manifest().isBlank()) {
            return null;
        }
        List<Node> masters = cluster.controlPlaneNodes();
        File manifest = masters.isEmpty() ? null
                : files.get("nodes/" + masters.get(0).name() + "/root" + NodePaths.CNI_MANIFEST);
        if (manifest == null || manifest.content() == null) {
            missing.add("the CNI manifest: " + (cluster.cni().remote()
                    ? cluster.cni().manifest() + " is downloaded by " + (masters.isEmpty() ? "the first master" : masters.get(0).name())
                    + " (export --air-gapped brings it)"
                    : "nodes/" + (masters.isEmpty() ? "?" : masters.get(0).name()) + "/root" + NodePaths.CNI_MANIFEST + " is missing"));
            return null;
        }
        return new String(manifest.content(), StandardCharsets.UTF_8);
    }

    private static void images(Cluster cluster, List<Node> nodes, String cni, List<String> arches,
            Map<String, File> files, List<String> missing, List<String> notes) throws IOException {
        List<ImageList.Image> needed;
        try {
            needed = ImageList.of(cluster, cni);
        } catch (RenderException e) {
            missing.add("the container images: " + e.getMessage());
            return;
        }
        File index = files.get(BundleImages.INDEX);
        if ((index == null || index.content() == null) && cluster.siteRegistry().isPresent()) {
            notes.add("the nodes pull every image from the site registry " + cluster.siteRegistry().get()
                    + " (kubeha images push fills it from a bundle exported with --images)");
            return;
        }
        if (index == null || index.content() == null) {
            Set<String> all = new LinkedHashSet<>();
            for (Node n : nodes) {
                ImageList.neededBy(cluster, n, needed).forEach(i -> all.add(i.reference()));
            }
            if (!all.isEmpty()) {
                missing.add("no container images: the nodes would pull " + all.size() + " images (" + String.join(", ", all)
                        + "); export --images brings them");
            }
            return;
        }
        Map<String, BundledImage> bundled = new LinkedHashMap<>();
        for (BundledImage image : BundleImages.read(index.content())) {
            bundled.put(image.reference(), image);
            String path = BundleImages.DIR + "/" + image.fileName();
            File archive = files.get(path);
            if (archive == null) {
                missing.add("image " + image.reference() + ": its archive " + path + " is missing");
            } else if (!archive.sha256().equals(image.sha256())) {
                missing.add("image " + image.reference() + ": " + path + " is not the archive images.json lists");
            }
        }
        Map<String, List<String>> missingByImage = new TreeMap<>();
        for (Node n : nodes) {
            for (ImageList.Image image : ImageList.neededBy(cluster, n, needed)) {
                BundledImage b = bundled.get(image.reference());
                List<String> lacking = b == null ? arches : arches.stream().filter(a -> !b.arches().contains(a)).toList();
                if (!lacking.isEmpty()) {
                    missingByImage.computeIfAbsent(image.reference() + " (" + String.join(", ", lacking) + ")",
                            k -> new ArrayList<>()).add(n.name());
                }
            }
        }
        missingByImage.forEach((image, byNodes) -> missing.add("image " + image + " is not in the bundle; "
                + String.join(", ", byNodes) + " would pull it"));
        long bytes = bundled.values().stream().mapToLong(BundledImage::size).sum();
        notes.add(bundled.size() + " container images for " + String.join(", ", arches) + " ("
                + (bytes + (1L << 19)) / (1L << 20) + " MiB)");
    }

    private static void packages(Cluster cluster, List<Node> nodes, List<String> arches, Map<String, File> files,
            List<String> missing, List<String> notes) throws IOException {
        Set<String> wanted = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (files.containsKey("nodes/" + n.name() + "/root" + NodePaths.PREPARE_SCRIPT)) {
                wanted.addAll(NODE_PACKAGES);
                if (cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED && n.hasRole(Role.CONTROL_PLANE)) {
                    wanted.addAll(LOAD_BALANCER_PACKAGES);
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        JsonNode index = packagesJson(files);
        // name -> arches present
        Map<String, Set<String>> present = new LinkedHashMap<>();
        String distro = null;
        if (index != null) {
            distro = index.path("distro").asText(index.path("distribution").asText(null));
            for (JsonNode p : index.path("packages")) {
                String file = "packages/" + p.path("fileName").asText(p.path("file").asText(""))
                        .replaceFirst("^packages/", "");
                if (!files.containsKey(file)) {
                    missing.add("package " + p.path("name").asText() + " " + p.path("version").asText() + ": " + file
                            + " is missing");
                    continue;
                }
                present.computeIfAbsent(p.path("name").asText(), k -> new LinkedHashSet<>())
                        .add(debianArch(p.path("arch").asText()));
            }
            List<String> fromSite = new ArrayList<>();
            index.path("fromSite").forEach(f -> fromSite.add(f.asText()));
            if (!fromSite.isEmpty()) {
                notes.add("the site's own " + distro + " repository must provide: " + String.join(", ", fromSite));
            }
        } else {
            // Packages the user brought (--include-packages): known by their file names.
            for (String path : files.keySet()) {
                String name = path.startsWith("packages/") ? path.substring("packages/".length()) : null;
                if (name == null || !(name.endsWith(".deb") || name.endsWith(".rpm"))) {
                    continue;
                }
                for (String p : wanted) {
                    if (name.startsWith(p + "_") || name.matches("\\Q" + p + "\\E-[0-9].*\\.rpm")) {
                        present.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(archOfFile(name, arches));
                    }
                }
            }
        }
        for (String p : wanted) {
            Set<String> have = present.getOrDefault(p, Set.of());
            List<String> lacking = arches.stream().filter(a -> !have.contains(a) && !have.contains("all")).toList();
            if (!lacking.isEmpty()) {
                missing.add("package " + p + " (" + String.join(", ", lacking) + ") is not in the bundle; prepare-node.sh"
                        + " would download it (export --fetch-packages --distro D, or --include-packages DIR)");
            }
        }
        if (distro != null && !distro.isBlank()) {
            notes.add("packages for " + distro + " (" + present.size() + " packages)");
        }
    }

    private static void etcd(Cluster cluster, List<String> arches, Map<String, File> files, List<String> missing) {
        if (cluster.etcdMembersRunBySystemd().isEmpty()) {
            return;
        }
        for (String arch : arches) {
            String name = "packages/etcd-v" + cluster.etcdVersion() + "-linux-" + arch + ".tar.gz";
            if (!files.containsKey(name)) {
                missing.add("the etcd release " + name + " is not in the bundle; "
                        + cluster.etcdMembersRunBySystemd().stream().map(Node::name).collect(Collectors.joining(", "))
                        + " would download it");
            }
        }
    }

    private static JsonNode packagesJson(Map<String, File> files) throws IOException {
        File f = files.get("packages/packages.json");
        return f == null || f.content() == null ? null : new ObjectMapper().readTree(f.content());
    }

    private static String debianArch(String arch) {
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "noarch" -> "all";
            default -> arch;
        };
    }

    /** {@code kubeadm_1.35.0-1.1_amd64.deb} is amd64, {@code kubeadm-1.35.0-150500.1.1.x86_64.rpm} too. */
    private static String archOfFile(String name, List<String> arches) {
        String base = name.replaceAll("\\.(deb|rpm)$", "");
        int sep = Math.max(base.lastIndexOf('_'), base.lastIndexOf('.'));
        return sep < 0 ? (arches.size() == 1 ? arches.get(0) : "") : debianArch(base.substring(sep + 1));
    }

    // Reading

    private static Map<String, File> read(Path bundle) throws IOException {
        if (!Files.exists(bundle)) {
            throw new IOException(bundle + ": no such file or directory");
        }
        Map<String, File> files = new TreeMap<>();
        if (Files.isDirectory(bundle)) {
            try (var walk = Files.walk(bundle)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String path = bundle.relativize(p).toString().replace('\\', '/');
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(p))) {
                        files.put(path, sum(path, in, Files.size(p)));
                    }
                }
            }
            return files;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(bundle))) {
            raw.mark(8);
            byte[] head = raw.readNBytes(8);
            raw.reset();
            if (new String(head, StandardCharsets.US_ASCII).equals("Salted__")) {
                throw new IOException(bundle + " is encrypted: decrypt it first (" + OpensslEncryption.DECRYPT_COMMAND
                        + " -in " + bundle.getFileName() + " | tar -xzf -) and verify the directory");
            }
            boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            boolean zip = head.length >= 2 && head[0] == 'P' && head[1] == 'K';
            if (!gzip && !zip) {
                throw new IOException(bundle + " is not a bundle directory, tar.gz or zip");
            }
            try (ArchiveInputStream<? extends ArchiveEntry> archive = gzip
                    ? new TarArchiveInputStream(new GzipCompressorInputStream(raw))
                    : new ZipArchiveInputStream(raw)) {
                ArchiveEntry entry;
                while ((entry = archive.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        files.put(entry.getName(), sum(entry.getName(), archive, entry.getSize()));
                    }
                }
            }
        }
        return files;
    }

    private static File sum(String path, InputStream in, long size) throws IOException {
        MessageDigest digest = BundleEntry.sha256Digest();
        DigestInputStream d = new DigestInputStream(in, digest);
        byte[] content = null;
        long read;
        if (size >= 0 && size <= SMALL && !path.startsWith(BundleImages.DIR + "/") || path.equals(BundleImages.INDEX)) {
            content = d.readAllBytes();
            read = content.length;
        } else {
            read = d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new File(HexFormat.of().formatHex(digest.digest()), read, content);
    }
}

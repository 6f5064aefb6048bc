package dev.kubeha.operation;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.Distro;
import dev.kubeha.artifact.Downloader;
import dev.kubeha.artifact.FetchedPackage;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.PackageFetcher;
import dev.kubeha.artifact.PackageProgress;
import dev.kubeha.artifact.PackageRepositories;
import dev.kubeha.artifact.PackageSet;
import dev.kubeha.artifact.Sha256;
import dev.kubeha.bundle.BundleImages;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.bundle.ImageArchives;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.ImageImports;
import dev.kubeha.plan.PackageUploads;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.Step;
import dev.kubeha.render.ImageList;
import dev.kubeha.render.RenderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What nodes with SSH but no internet receive from this machine, the same for {@code kubeha apply}
 * and the window's Install: the packages of a directory the user brings (its {@code .deb} and
 * {@code .rpm} files), the packages fetched for the nodes' distribution (checked against their
 * repositories' signed metadata), every container image the nodes run (fetched through the cache
 * into OCI archives in the workspace's {@code images/}, each node importing its own), and the CNI
 * manifest (downloaded here when {@code cni.manifest} is a URL). {@link #prepare} gathers them;
 * {@link ApplyOperation#carry(Carried)} has the plan upload them. What happens is told to a
 * {@link Listener}, which each front end phrases in its own words.
 */
public final class AirGapCarry {
    /** No CNI manifest is this large; a larger download is refused. */
    public static final int MAX_CNI_BYTES = 16 << 20;

    /** The directory under the workspace that holds the image archives uploaded to the nodes. */
    public static final String IMAGES_DIR = "images";

    private AirGapCarry() {
    }

    /**
     * What to bring.
     *
     * @param images       fetch every image the nodes run and upload each node's images to it
     * @param packagesDir  a directory whose {@code .deb} and {@code .rpm} files are uploaded; null for none
     * @param distro       the nodes' distribution whose packages are fetched; null for none
     * @param repositories where packages are fetched from; only used with {@code distro}
     * @param imageSources where images come from (mirrors, plain-HTTP registries)
     * @param cacheRoot    the cache images and packages go through ({@link ArtifactCache#rootFor})
     */
    public record Request(boolean images, Path packagesDir, Distro distro, PackageRepositories repositories,
                          ImageSources imageSources, Path cacheRoot) {
        public Request {
            Objects.requireNonNull(imageSources, "imageSources");
            Objects.requireNonNull(cacheRoot, "cacheRoot");
            if (distro != null) {
                Objects.requireNonNull(repositories, "repositories");
            }
        }

        /** Whether anything is brought whose architecture matters (images or fetched packages). */
        public boolean needsArchitectures() {
            return images || distro != null;
        }
    }

    /** What the plan uploads: each node's images, the CNI manifest (null: as the cluster says), the packages. */
    public record Carried(ImageImports images, CniSource cni, PackageUploads packages) {
        public Carried {
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(packages, "packages");
        }
    }

    /**
     * What {@link #prepare} tells, on its thread, in the order it happens. Every method has a
     * default that tells nothing; the image methods are {@link ImageArchives.Listener}'s (bytes,
     * rate, cancel).
     */
    public interface Listener extends ImageArchives.Listener {
        /** A step of the package fetch, e.g. {@code InRelease of https://… verified (key DE15…)}. */
        default void packageNote(String line) {
        }

        /** {@code done} of {@code total} bytes of package {@code file} (total -1 when unknown). */
        default void packageBytes(String file, long done, long total) {
        }

        /** The packages of {@code distro} for nodes of {@code arches} are fetched and checked. */
        default void packagesFetched(Distro distro, List<String> arches, PackageSet set) {
        }

        /** The CNI manifest at {@code url} was downloaded: {@code bytes} long, with this sha256. */
        default void cniDownloaded(String url, int bytes, String sha256) {
        }

        /** Every image is in the cache and its archive written; {@code downloaded} bytes came from the network. */
        default void imagesFetched(List<BundledImage> images, long downloaded, double seconds) {
        }

        /** The nodes pull from the site registry {@code registry}: the images are fetched, but none is uploaded. */
        default void siteRegistry(String registry) {
        }

        /** {@code count} packages are uploaded to every node that runs prepare-node.sh. */
        default void packagesUploaded(int count) {
        }
    }

    /** Why the nodes' share could not be prepared; {@link #kind()} says what failed, for the front end's words. */
    public static final class CarryException extends Exception {
        /** What failed. */
        public enum Kind {
            /** The packages of the distribution could not be fetched ({@link #subject()}: the distribution). */
            PACKAGES,
            /** An image could not be had (the message names it and why). */
            IMAGES,
            /** The CNI manifest at the URL {@link #subject()} could not be downloaded. */
            CNI_DOWNLOAD,
            /** The CNI manifest at the URL {@link #subject()} is larger than {@link #MAX_CNI_BYTES}. */
            CNI_TOO_LARGE,
            /** The CNI manifest file {@link #subject()} could not be read. */
            CNI_READ,
            /** The images listed by the cluster's files could not be worked out (the cluster's own problem). */
            CLUSTER,
            /** The listener cancelled, or the thread was interrupted; what was downloaded stays in the cache. */
            CANCELLED,
            /** A file on this machine could not be read or written. */
            FILES
        }

        private final Kind kind;
        private final String subject;
        private final String detail;

        CarryException(Kind kind, String subject, String detail, Exception cause) {
            super(detail, cause);
            this.kind = kind;
            this.subject = subject;
            this.detail = detail;
        }

        public Kind kind() {
            return kind;
        }

        /** The distribution, URL or file the failure is about; null when the detail says it all. */
        public String subject() {
            return subject;
        }

        /** The cause in its own words (never a secret: URLs, files, distributions, reasons). */
        public String detail() {
            return detail;
        }
    }

    /** The nodes that run containers (every node but the etcd members run by systemd): their architectures count. */
    public static List<Node> containerNodes(Cluster cluster) {
        List<Node> bySystemd = cluster.etcdMembersRunBySystemd();
        return cluster.nodes().stream().filter(n -> !bySystemd.contains(n)).toList();
    }

    /**
     * Gathers what {@code request} asks for, for nodes of {@code arches}: first the packages (the
     * directory's, then the distribution's, a fetched package never replacing the user's of the
     * same name), then the CNI manifest and the images, whose archives are written under
     * {@code imagesDir} (made 0700).
     */
    public static Carried prepare(PlanPreparation.Checked checked, Request request, List<String> arches,
                                  Path imagesDir, Listener listener) throws CarryException {
        Cluster cluster = checked.cluster();
        List<PackageUploads.Package> packages = new ArrayList<>();
        try {
            if (request.packagesDir() != null) {
                packages.addAll(packagesIn(request.packagesDir()));
            }
        } catch (IOException e) {
            throw files(e);
        }
        if (request.distro() != null) {
            PackageFetcher fetcher = PackageFetcher.standard(request.cacheRoot().toString(), request.repositories());
            PackageSet set;
            try {
                set = fetchPackages(fetcher, cluster, request.distro(), arches, new PackageProgress() {
                    @Override
                    public void note(String line) {
                        listener.packageNote(line);
                    }

                    @Override
                    public void bytes(String file, long done, long total) {
                        listener.packageBytes(file, done, total);
                    }
                });
            } catch (InterruptedIOException e) {
                throw new CarryException(CarryException.Kind.CANCELLED, null, e.getMessage(), e);
            } catch (IOException e) {
                throw new CarryException(CarryException.Kind.PACKAGES, request.distro().label(), e.getMessage(), e);
            }
            listener.packagesFetched(request.distro(), arches, set);
            for (FetchedPackage p : set.packages()) {
                if (packages.stream().noneMatch(q -> q.fileName().equals(p.fileName()))) {
                    packages.add(new PackageUploads.Package(p.fileName(),
                            new Step.UploadFile.LocalFile(p.file(), p.sha256(), p.size())));
                }
            }
        }
        ImageImports imports = ImageImports.NONE;
        CniSource cni = null;
        if (request.images()) {
            cni = bundledCni(checked, listener);
            List<ImageList.Image> needed = neededImages(cluster, cni);
            List<BundledImage> bundled;
            try {
                PrivateFiles.createDirectories(imagesDir);
                bundled = fetchImages(needed, arches, request.imageSources(), new ArtifactCache(request.cacheRoot()),
                        imagesDir, listener);
            } catch (ImageArchives.ImageFetchException e) {
                throw new CarryException(CarryException.Kind.IMAGES, e.reference(), e.getMessage(), e);
            } catch (InterruptedIOException e) {
                throw new CarryException(CarryException.Kind.CANCELLED, null, e.getMessage(), e);
            } catch (IOException e) {
                throw files(e);
            }
            if (cluster.siteRegistry().isPresent()) {
                listener.siteRegistry(cluster.siteRegistry().get());
            } else {
                Map<String, Step.UploadFile.LocalFile> files = new LinkedHashMap<>();
                for (BundledImage b : bundled) {
                    files.put(b.fileName(), new Step.UploadFile.LocalFile(b.archive(), b.sha256(), b.size()));
                }
                imports = BundleImages.imports(cluster, needed, bundled).uploadedFrom(files);
            }
        }
        if (!packages.isEmpty()) {
            listener.packagesUploaded(packages.size());
        }
        return new Carried(imports, cni, new PackageUploads(packages));
    }

    /** Every image the cluster's nodes run, with those the CNI manifest names. */
    public static List<ImageList.Image> neededImages(Cluster cluster, CniSource cni) throws CarryException {
        String cniText = cni instanceof CniSource.Manifest m ? new String(m.content(), StandardCharsets.UTF_8) : null;
        try {
            return ImageList.of(cluster, cniText);
        } catch (RenderException e) {
            throw new CarryException(CarryException.Kind.CLUSTER, null, e.getMessage(), e);
        }
    }

    /**
     * Every image of {@code needed} for {@code arches}, fetched into the cache (downloading only what
     * it lacks) and written as one OCI archive each under {@code dir}; the listener is told each
     * image and, at the end, the total.
     */
    public static List<BundledImage> fetchImages(List<ImageList.Image> needed, List<String> arches, ImageSources sources,
                                                 ArtifactCache cache, Path dir, Listener listener) throws IOException {
        long[] downloaded = new long[1];
        long started = System.nanoTime();
        List<BundledImage> bundled = ImageArchives.fetch(needed, arches, sources, cache, dir, new ImageArchives.Listener() {
            @Override
            public void planned(String reference, long bytesToDownload, long bytesInCache) {
                listener.planned(reference, bytesToDownload, bytesInCache);
            }

            @Override
            public void progressed(String reference, String sha256, long done, long total) {
                listener.progressed(reference, sha256, done, total);
            }

            @Override
            public void finished(String reference, String sha256, long bytes, boolean fromNetwork) {
                listener.finished(reference, sha256, bytes, fromNetwork);
            }

            @Override
            public boolean cancelled() {
                return listener.cancelled();
            }

            @Override
            public void imageDone(BundledImage image, long fromNetwork, long fromCache) {
                downloaded[0] += fromNetwork;
                listener.imageDone(image, fromNetwork, fromCache);
            }
        });
        listener.imagesFetched(bundled, downloaded[0], (System.nanoTime() - started) / 1e9);
        return bundled;
    }

    /**
     * The node packages of {@code distro} for the cluster's release and {@code arches}, fetched
     * through {@code fetcher} and checked: the one place kubeha asks for them, for apply, Install
     * and every export.
     */
    public static PackageSet fetchPackages(PackageFetcher fetcher, Cluster cluster, Distro distro, List<String> arches,
                                           PackageProgress progress) throws IOException {
        // haproxy-keepalived: HAProxy and keepalived too, under load-balancer/ for the control-plane nodes only.
        boolean loadBalancer = cluster.loadBalancer().mode() == dev.kubeha.model.LoadBalancerMode.HAPROXY_KEEPALIVED;
        return fetcher.fetch(distro, cluster.release().orElseThrow(), cluster.kubernetesVersion(), null, arches, loadBalancer,
                progress);
    }

    /** The {@code .deb} and {@code .rpm} files directly in {@code dir}, by name, each with its sha256 and size. */
    public static List<PackageUploads.Package> packagesIn(Path dir) throws IOException {
        List<PackageUploads.Package> packages = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (dev.kubeha.model.AirGapped.isPackage(name)) {
                    packages.add(new PackageUploads.Package(name,
                            new Step.UploadFile.LocalFile(f, Sha256.of(f), Files.size(f))));
                }
            }
        }
        return packages;
    }

    /**
     * The CNI manifest for nodes that cannot download it: a URL is downloaded here (the listener
     * told its size and sha256, so that the operator can compare), a file read; null without one.
     */
    public static CniSource bundledCni(PlanPreparation.Checked checked, Listener listener) throws CarryException {
        Cluster cluster = checked.cluster();
        if (cluster.cni() == null || cluster.cni().manifest() == null || cluster.cni().manifest().isBlank()) {
            return null;
        }
        if (cluster.cni().remote()) {
            String url = cluster.cni().manifest();
            byte[] manifest = downloadCni(url);
            listener.cniDownloaded(url, manifest.length, Sha256.of(manifest));
            return new CniSource.Manifest(manifest);
        }
        try {
            return CniSource.forCluster(cluster, checked.context());
        } catch (IOException e) {
            throw new CarryException(CarryException.Kind.CNI_READ, cluster.cni().manifest(), e.getMessage(), e);
        }
    }

    /** The manifest at {@code url}, at most {@link #MAX_CNI_BYTES}. */
    public static byte[] downloadCni(String url) throws CarryException {
        byte[] manifest;
        try (InputStream in = Downloader.standard().open(URI.create(url))) {
            manifest = in.readNBytes(MAX_CNI_BYTES + 1);
        } catch (IOException | IllegalArgumentException e) {
            throw new CarryException(CarryException.Kind.CNI_DOWNLOAD, url, e.getMessage(), e);
        }
        if (manifest.length > MAX_CNI_BYTES) {
            throw new CarryException(CarryException.Kind.CNI_TOO_LARGE, url,
                    "larger than " + (MAX_CNI_BYTES >> 20) + " MiB, which no CNI manifest is", null);
        }
        return manifest;
    }

    private static CarryException files(IOException e) {
        return new CarryException(CarryException.Kind.FILES, null, e.getMessage(), e);
    }
}

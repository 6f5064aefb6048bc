package dev.kubeha.ui.review;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.Distro;
import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.artifact.PackageRepositories;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.model.AirGapped;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.operation.AirGapCarry;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The window's "The nodes have no internet" (cluster.json's {@code airGapped}) as Install and the
 * air-gapped export use it: what they refuse, what they bring (as {@code kubeha apply} does with
 * {@code airGapped}), the architectures an export takes, and a failure in the window's words.
 */
public final class AirGapSetting {
    private AirGapSetting() {
    }

    /**
     * Why Install or Export cannot start with the setting as it is: with no internet, the nodes
     * need their packages from this machine, so a distribution or a packages folder is chosen.
     */
    public static Optional<String> refusal(Cluster cluster, ResourceBundle messages) {
        AirGapped airGapped = cluster.airGapped();
        if (airGapped != null && blank(airGapped.distro()) && blank(airGapped.packages())) {
            return Optional.of(messages.getString("airGapped.needsPackages"));
        }
        return Optional.empty();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The chosen distribution, or null. */
    static Distro distro(Cluster cluster) {
        AirGapped airGapped = cluster.airGapped();
        return airGapped == null || blank(airGapped.distro()) ? null : Distro.fromLabel(airGapped.distro());
    }

    /** The packages folder, resolved as the validator did (relative to the cluster file), or null. */
    static Path packagesDir(PlanPreparation.Checked checked) {
        AirGapped airGapped = checked.cluster().airGapped();
        return airGapped == null || blank(airGapped.packages()) ? null : checked.context().resolve(airGapped.packages().strip());
    }

    /**
     * Where the etcd release tarball comes from: {@code from}, with the packages folder as the
     * user's directory when there is one (as {@code --include-packages} and airGapped.packages are
     * for {@code kubeha apply} and {@code export}).
     */
    static EtcdTarballs.Sources etcdSources(PlanPreparation.Checked checked, EtcdTarballs.Sources from) {
        Path folder = packagesDir(checked);
        return folder == null || from.packages() != null ? from
                : new EtcdTarballs.Sources(folder, from.sha256(), from.downloadUrl());
    }

    /**
     * What Install brings for the air-gapped nodes: every image and the packages, as {@code kubeha
     * apply} with {@code airGapped}; the packages come from the repositories themselves, or from
     * {@code KUBEHA_PACKAGE_MIRROR} when it is set (unless {@code given}).
     *
     * @throws PlanPreparation.PreparationException {@code KUBEHA_PACKAGE_MIRROR} is not a URL
     */
    static AirGapCarry.Request request(PlanPreparation.Checked checked, ImageSources images, Path cacheRoot,
                                       PackageRepositories given, ResourceBundle messages)
            throws PlanPreparation.PreparationException {
        Distro distro = distro(checked.cluster());
        PackageRepositories repositories = given;
        if (distro != null && repositories == null) {
            try {
                repositories = PackageRepositories.standard(null, null);
            } catch (IllegalArgumentException | IOException e) {
                throw new PlanPreparation.PreparationException(String.format(messages.getString("carry.packagesFailed"),
                        distro.label(), e.getMessage()));
            }
        }
        return new AirGapCarry.Request(true, packagesDir(checked), distro, repositories, images,
                cacheRoot != null ? cacheRoot : ArtifactCache.rootFor(System.getenv(ArtifactCache.VARIABLE)));
    }

    /** The failure of {@link AirGapCarry#prepare}, in the window's words. */
    static String failure(AirGapCarry.CarryException e, ResourceBundle messages) {
        return switch (e.kind()) {
            case PACKAGES -> String.format(messages.getString("carry.packagesFailed"), e.subject(), e.detail());
            case IMAGES -> String.format(messages.getString("carry.imagesFailed"), e.detail());
            case CNI_DOWNLOAD -> String.format(messages.getString("export.airGapped.cniDownload"), e.subject(), e.detail());
            case CNI_TOO_LARGE -> String.format(messages.getString("export.airGapped.cniTooLarge"), e.subject(),
                    AirGapCarry.MAX_CNI_BYTES >> 20);
            case CNI_READ -> String.format(messages.getString("carry.cniRead"), e.subject(), e.detail());
            case CLUSTER -> e.detail();
            case CANCELLED -> messages.getString("carry.cancelled");
            case FILES -> String.format(messages.getString("carry.filesFailed"), e.detail());
        };
    }

    /**
     * The architectures whose images and packages an export carries: what the connection test
     * reported for the nodes that run containers, and amd64 for those it has not (or cannot) tell.
     *
     * @param reported node name to architecture, for the nodes the test reached
     */
    public static Architectures architectures(Cluster cluster, Map<String, String> reported) {
        List<String> arches = new ArrayList<>();
        List<String> assumed = new ArrayList<>();
        for (Node n : AirGapCarry.containerNodes(cluster)) {
            String arch = reported.get(n.name());
            if (arch == null) {
                assumed.add(n.name());
                arch = "amd64";
            }
            if (!arches.contains(arch)) {
                arches.add(arch);
            }
        }
        if (arches.isEmpty()) {
            arches.add("amd64");
        }
        return new Architectures(arches.stream().sorted().toList(), List.copyOf(assumed));
    }

    /** The architectures to carry, and the nodes taken as amd64 because no test told theirs. */
    public record Architectures(List<String> arches, List<String> assumedAmd64) {
        /** "Images and packages for amd64 for worker0, worker1: …", or "" when every node's is known. */
        public String note(ResourceBundle messages) {
            return assumedAmd64.isEmpty() ? ""
                    : String.format(messages.getString("airGapped.assumedAmd64"), String.join(", ", assumedAmd64));
        }
    }

    /**
     * What Install's carry tells, as lines for the page's status: package steps, the image
     * download's bytes and rate (through {@link AirGappedDownload}), what is uploaded.
     */
    static AirGapCarry.Listener statusListener(ResourceBundle messages, Consumer<String> show, LongSupplier clock) {
        AirGappedDownload download = new AirGappedDownload(messages, shown -> show.accept(
                String.format(messages.getString("carry.images"), shown.text())), () -> false, clock);
        return new AirGapCarry.Listener() {
            @Override
            public void packageNote(String line) {
                show.accept(String.format(messages.getString("carry.packages"), line));
            }

            @Override
            public void planned(String reference, long bytesToDownload, long bytesInCache) {
                download.planned(reference, bytesToDownload, bytesInCache);
            }

            @Override
            public void progressed(String reference, String sha256, long done, long total) {
                download.progressed(reference, sha256, done, total);
            }

            @Override
            public void finished(String reference, String sha256, long bytes, boolean downloaded) {
                download.finished(reference, sha256, bytes, downloaded);
            }

            @Override
            public void imageDone(BundledImage image, long downloaded, long fromCache) {
                download.imageDone(image, downloaded, fromCache);
            }
        };
    }
}

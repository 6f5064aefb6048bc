package dev.kubeha.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of the release table ({@code kubernetes-releases.json}): what kubeha knows about a
 * Kubernetes minor release and where each value comes from.
 *
 * @param minor             {@code v1.37}
 * @param status            supported, or not yet (its values are not known)
 * @param newestPatch       the newest patch kubeha is tested with, {@code v1.37.1}
 * @param endOfLife         the day upstream support ends; null for a release not yet out
 * @param releaseDate       for a release not yet out: the day it is due; else null
 * @param kubeadmApi        the kubeadm configuration API kubeha writes for it
 * @param etcd              the etcd image tag kubeadm of this release pins ({@code SupportedEtcdVersion}), {@code 3.7.0-0}
 * @param minExternalEtcd   kubeadm's {@code MinExternalEtcdVersion}, as an image tag
 * @param pause             kubeadm's {@code PauseVersion}
 * @param coreDns           kubeadm's {@code CoreDNSVersion}
 * @param packageChannel    the pkgs.k8s.io Debian repository of this minor
 * @param containerd        the lowest containerd patch of each branch containerd recommends for it (for a release containerd
 *                          has not listed yet, kubeha's floor, said so in the source); null when unknown
 * @param etcdTarballSha256 sha256 of {@code etcd-v<etcd>-linux-<arch>.tar.gz} by arch; null when unknown
 * @param source            where the values come from
 */
public record KubernetesRelease(
        String minor,
        Status status,
        String newestPatch,
        LocalDate endOfLife,
        LocalDate releaseDate,
        String kubeadmApi,
        String etcd,
        String minExternalEtcd,
        String pause,
        String coreDns,
        String packageChannel,
        List<String> containerd,
        Map<String, String> etcdTarballSha256,
        String source) {

    public enum Status implements WireNamed {
        SUPPORTED("supported"),
        NOT_YET_SUPPORTED("not-yet-supported");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        @Override
        public String wireName() {
            return wireName;
        }
    }

    public KubernetesRelease {
        containerd = containerd == null ? null : List.copyOf(containerd);
        etcdTarballSha256 = etcdTarballSha256 == null ? null : Map.copyOf(etcdTarballSha256);
    }

    public boolean supported() {
        return status == Status.SUPPORTED;
    }

    /** Whether upstream support has ended by {@code today}. */
    public boolean endOfLifeBy(LocalDate today) {
        return endOfLife != null && today.isAfter(endOfLife);
    }

    public KubernetesVersion newestPatchVersion() {
        return KubernetesVersion.parse(newestPatch).orElseThrow(
                () -> new IllegalStateException(minor + ": newestPatch " + newestPatch + " is not a version"));
    }

    /** The etcd release kubeadm pins, without the image's {@code -0} build suffix: {@code 3.7.0}. */
    public String etcdVersion() {
        return etcd == null ? null : EtcdVersion.ofImageTag(etcd).toString();
    }

    /** The oldest external etcd kubeadm of this release accepts, {@code 3.5.24}. */
    public String minExternalEtcdVersion() {
        return minExternalEtcd == null ? null : EtcdVersion.ofImageTag(minExternalEtcd).toString();
    }

    /**
     * The containerd releases this Kubernetes minor wants, newest branch first: the lowest patch of
     * each branch from the table ({@code 2.2.0, 2.1.5, 1.7.28}); empty when the table has none.
     */
    public List<ContainerdVersion> containerdFloors() {
        if (containerd == null) {
            return List.of();
        }
        return containerd.stream()
                .map(v -> ContainerdVersion.parse(v).orElseThrow(
                        () -> new IllegalStateException(minor + ": containerd " + v + " is not a version like 2.2.0")))
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
    }

    /** The oldest containerd this release accepts: the lowest listed patch of the oldest listed branch. */
    public Optional<ContainerdVersion> minimumContainerd() {
        List<ContainerdVersion> floors = containerdFloors();
        return floors.isEmpty() ? Optional.empty() : Optional.of(floors.get(floors.size() - 1));
    }

    /**
     * Whether {@code version} is a containerd for this release: at or above the listed patch of its
     * own branch, or of a branch newer than every listed one. A branch the table leaves out between
     * listed ones (2.0 for v1.35, which lists 2.2, 2.1 and 1.7) is not: containerd does not
     * recommend it for this release. True when the table lists nothing (nothing is known to want).
     */
    public boolean containerdAcceptable(ContainerdVersion version) {
        return version.meets(containerdFloors());
    }

    /** {@code 2.2.0+, 2.1.5+ or 1.7.28+}, as users read the requirement. */
    public String containerdRequirement() {
        List<String> floors = containerdFloors().stream().map(f -> f + "+").toList();
        if (floors.size() <= 1) {
            return floors.isEmpty() ? "any" : floors.get(0);
        }
        return String.join(", ", floors.subList(0, floors.size() - 1)) + " or " + floors.get(floors.size() - 1);
    }

    /** {@code registry.k8s.io/pause:3.10.2}: the sandbox image kubeadm of this release expects. */
    public String pauseImage() {
        return pause == null ? null : "registry.k8s.io/pause:" + pause;
    }

    /** The sha256 of the pinned etcd's release tarball for {@code arch} (amd64, arm64), when known. */
    public Optional<String> etcdTarballSha256(String arch) {
        return etcdTarballSha256 == null ? Optional.empty() : Optional.ofNullable(etcdTarballSha256.get(arch));
    }
}

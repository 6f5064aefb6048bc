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
 * @param containerd        the lowest containerd patch of each branch containerd recommends for it; null when unknown
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

    /** The sha256 of the pinned etcd's release tarball for {@code arch} (amd64, arm64), when known. */
    public Optional<String> etcdTarballSha256(String arch) {
        return etcdTarballSha256 == null ? Optional.empty() : Optional.ofNullable(etcdTarballSha256.get(arch));
    }
}

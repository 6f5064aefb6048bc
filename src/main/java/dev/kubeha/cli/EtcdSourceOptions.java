package dev.kubeha.cli;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.artifact.Sha256;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the workstation gets what the nodes must not download themselves: the packages directory
 * the user brings, and for etcd run by systemd its release tarball (a published sha256, a mirror).
 * Mixed into {@code apply} and {@code export}, which both bring the tarball to the nodes.
 */
public final class EtcdSourceOptions {
    static final String DOWNLOAD_URL_VARIABLE = EtcdTarballs.DOWNLOAD_URL_VARIABLE;

    @Option(names = "--include-packages", paramLabel = "DIR",
            description = "packages to bring along (kubeadm/kubelet/kubectl .deb or .rpm, the etcd release tarball"
                    + " etcd-v<version>-linux-<arch>.tar.gz): used instead of the network; a tarball is checked"
                    + " against its published sha256 when kubeha knows it (default: airGapped.packages of the cluster file)")
    Path packages;

    @Option(names = "--etcd-sha256", paramLabel = "HEX",
            description = "the sha256 of the etcd release tarball (from its SHA256SUMS), for an etcd version kubeha's"
                    + " release table has no checksum of")
    String etcdSha256;

    @Option(names = "--etcd-download-url", paramLabel = "URL",
            description = "where etcd releases are downloaded from: v<version>/etcd-v<version>-linux-<arch>.tar.gz"
                    + " under it (default: " + DOWNLOAD_URL_VARIABLE + ", else etcd's GitHub releases)")
    String etcdDownloadUrl;

    /** The packages directory, checked; null when not given. */
    Path packages() throws CommandFailure {
        if (packages != null && !Files.isDirectory(packages)) {
            throw CommandFailure.usage("--include-packages " + packages + " is not a directory");
        }
        return packages;
    }

    /**
     * Without --include-packages, cluster.json's {@code airGapped.packages} (relative to the file)
     * is the packages directory.
     *
     * @return whether that directory was taken
     */
    boolean packagesFrom(dev.kubeha.plan.PlanPreparation.Checked checked) {
        dev.kubeha.model.AirGapped airGapped = checked.cluster().airGapped();
        if (packages != null || airGapped == null || airGapped.packages() == null) {
            return false;
        }
        packages = checked.context().resolve(airGapped.packages());
        return true;
    }

    /** The sources as the options (and the environment) give them; bad values are usage errors. */
    EtcdTarballs.Sources sources(Terminal terminal) throws CommandFailure {
        if (etcdSha256 != null && !Sha256.isHex(etcdSha256)) {
            throw CommandFailure.usage("--etcd-sha256 " + etcdSha256 + " is not a sha256: give the 64 hex digits"
                    + " of the tarball's line in etcd's SHA256SUMS");
        }
        String url = etcdDownloadUrl != null ? etcdDownloadUrl : terminal.variable(DOWNLOAD_URL_VARIABLE).orElse(null);
        URI base;
        try {
            base = url == null ? null
                    : EtcdTarballs.parseDownloadUrl(url, etcdDownloadUrl != null ? "--etcd-download-url" : DOWNLOAD_URL_VARIABLE);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        return new EtcdTarballs.Sources(packages(), etcdSha256, base);
    }

    /** The resolver over the cache ({@code KUBEHA_CACHE} as the terminal has it, else {@code ~/.kubeha/cache}) and the network. */
    static EtcdTarballs tarballs(Terminal terminal) {
        return EtcdTarballs.standard(terminal.variable(ArtifactCache.VARIABLE).orElse(null));
    }
}

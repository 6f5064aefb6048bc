package dev.kubeha.cli;

import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.Distro;
import dev.kubeha.artifact.PackageFetcher;
import dev.kubeha.artifact.PackageProgress;
import dev.kubeha.artifact.PackageRepositories;
import dev.kubeha.artifact.PackageSet;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.LoadBalancerMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --fetch-packages --distro D} and where from, shared by export (into the bundle) and apply (to the nodes). */
final class PackageOptions {
    @Option(names = "--fetch-packages", description = "download the packages every node installs (kubeadm, kubelet,"
            + " kubectl, cri-tools, kubernetes-cni, containerd.io and what a minimal --distro install lacks), each"
            + " checked against its repository's signed metadata")
    boolean fetchPackages;

    @Option(names = "--distro", paramLabel = "DISTRO",
            description = "the nodes' distribution for --fetch-packages: debian-12, ubuntu-22.04, ubuntu-24.04 or rhel-9")
    String distro;

    @Option(names = "--package-mirror", paramLabel = "URL", description = "fetch packages from URL/<host><path> instead"
            + " of the repositories themselves (default: $" + PackageRepositories.MIRROR_VARIABLE + ")")
    String packageMirror;

    @Option(names = "--package-keyring", paramLabel = "FILE",
            description = "OpenPGP public keys (armored or binary) to check the repositories' signatures with, instead"
                    + " of the keys kubeha pins")
    Path packageKeyring;

    /** The distribution to fetch for, or null without --fetch-packages; bad combinations are usage errors. */
    Distro distro() throws CommandFailure {
        if (fetchPackages) {
            if (distro == null) {
                throw CommandFailure.usage("--fetch-packages needs --distro, one of " + String.join(", ", Distro.labels()));
            }
            try {
                return Distro.fromLabel(distro);
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage(e.getMessage());
            }
        }
        if (distro != null || packageMirror != null || packageKeyring != null) {
            throw CommandFailure.usage((distro != null ? "--distro" : packageMirror != null ? "--package-mirror"
                    : "--package-keyring") + " is for --fetch-packages; add it, or leave the option out");
        }
        return null;
    }

    /** The node packages of {@code distro} for the cluster's release, fetched and checked; a line per step. */
    PackageSet fetch(Cluster cluster, Distro distro, List<String> arches, Terminal terminal, PrintWriter err)
            throws CommandFailure {
        PackageRepositories repositories;
        try {
            repositories = PackageRepositories.standard(packageMirror, packageKeyring);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (IOException e) {
            throw CommandFailure.usage("--package-keyring " + packageKeyring + ": " + e.getMessage());
        }
        PackageFetcher fetcher = PackageFetcher.standard(terminal.variable(ArtifactCache.VARIABLE).orElse(null), repositories);
        try {
            boolean loadBalancer = cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED;
            PackageSet set = fetcher.fetch(distro, cluster.release().orElseThrow(), cluster.kubernetesVersion(), null, arches,
                    loadBalancer, new PackageProgress() {
                        @Override
                        public void note(String line) {
                            err.println("kubeha: " + line);
                        }
                    });
            err.println("kubeha: " + set.packages().size() + " packages for " + distro.label() + " ("
                    + String.join(", ", arches) + ")");
            if (!set.fromSite().isEmpty()) {
                err.println("kubeha: note: the site's own " + distro.label() + " repository must provide: "
                        + String.join(", ", set.fromSite()));
            }
            return set;
        } catch (IOException e) {
            throw CommandFailure.failed("packages for " + distro.label() + ": " + e.getMessage());
        }
    }
}

package dev.kubeha.artifact;

import java.nio.file.Path;

/**
 * One package file on the workstation, checked against its repository's signed metadata.
 *
 * @param arch       the package's architecture as the distribution names it ({@code amd64}, {@code all}, {@code x86_64}, {@code noarch})
 * @param fileName   the file's name ({@code kubeadm_1.35.0-1.1_amd64.deb}), under the packages directory:
 *                   {@code load-balancer/haproxy_2.6.12-1+deb12u2_amd64.deb} for what only the load-balancer nodes install
 * @param repository the repository's base URL it came from
 * @param file       where it is, in the {@link ArtifactCache}
 */
public record FetchedPackage(String name, String version, String arch, String fileName, String sha256, long size,
                             String repository, Path file) {
}

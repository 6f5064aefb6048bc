package dev.kubeha.plan;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The etcd release tarball each member run by systemd receives from the workstation, already
 * verified there: its member task uploads it to {@link NodePaths#PACKAGES_DIR} and runs
 * {@code install-etcd.sh} with the file and its sha256, so the member checks what arrived. A
 * member without an entry installs as the script finds (a bundle's packages directory, or a
 * download against the release's published sha256).
 */
public record EtcdUploads(Map<String, Tarball> byNode) {
    private static final Pattern FILE_NAME = Pattern.compile("etcd-v[0-9A-Za-z.+-]+-linux-[a-z0-9]+\\.tar\\.gz");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public static final EtcdUploads NONE = new EtcdUploads(Map.of());

    public EtcdUploads {
        byNode = Map.copyOf(byNode);
    }

    /**
     * @param fileName etcd's name of the release file, {@code etcd-v3.6.8-linux-amd64.tar.gz}
     * @param sha256   its sha256, checked on the workstation and again on the node
     * @param content  the file
     */
    public record Tarball(String fileName, String sha256, byte[] content) {
        public Tarball {
            if (!FILE_NAME.matcher(fileName).matches()) {
                throw new IllegalArgumentException("not an etcd release file name: " + fileName);
            }
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException(fileName + ": not a sha256: " + sha256);
            }
            Objects.requireNonNull(content, "content");
        }

        /** Where the member keeps it. */
        public String remotePath() {
            return NodePaths.PACKAGES_DIR + "/" + fileName;
        }
    }
}

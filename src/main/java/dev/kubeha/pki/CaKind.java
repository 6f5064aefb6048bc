package dev.kubeha.pki;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three certificate authorities of a kubeadm cluster. The base path is the same in the
 * workspace's {@code pki/} directory and under {@code /etc/kubernetes/pki/} on the nodes.
 */
public enum CaKind {
    KUBERNETES("kubernetes", "ca", "kubernetes", "Kubernetes CA"),
    FRONT_PROXY("front-proxy", "front-proxy-ca", "front-proxy-ca", "front-proxy CA"),
    ETCD("etcd", "etcd/ca", "etcd-ca", "etcd CA");

    private final String id;
    private final String basePath;
    private final String commonName;
    private final String displayName;

    CaKind(String id, String basePath, String commonName, String displayName) {
        this.id = id;
        this.basePath = basePath;
        this.commonName = commonName;
        this.displayName = displayName;
    }

    /** The name users type on the command line: {@code kubernetes}, {@code front-proxy}, {@code etcd}. */
    public String id() {
        return id;
    }

    /** Relative path without extension, e.g. {@code etcd/ca} for {@code etcd/ca.crt} and {@code etcd/ca.key}. */
    public String basePath() {
        return basePath;
    }

    public String certificatePath() {
        return basePath + ".crt";
    }

    public String keyPath() {
        return basePath + ".key";
    }

    /** The subject CN kubeadm gives this CA when it makes it. */
    public String commonName() {
        return commonName;
    }

    /** For messages: {@code etcd CA}. */
    public String displayName() {
        return displayName;
    }

    public static Optional<CaKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}

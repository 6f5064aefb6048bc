package dev.kubeha.render;

import dev.kubeha.model.KubernetesVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two kubeadm configuration APIs kubeha writes, and how they differ. The seed guide wrote
 * v1beta3-style maps for every release; v1beta4 (Kubernetes 1.31+) wants lists of {name, value}.
 */
enum KubeadmApi {
    /** Kubernetes 1.29 and 1.30: extraArgs are maps; no encryptionAlgorithm, no validity periods. */
    V1BETA3("kubeadm.k8s.io/v1beta3"),
    /** Kubernetes 1.31 and later: extraArgs are lists of {name, value}; key algorithm and validities. */
    V1BETA4("kubeadm.k8s.io/v1beta4");

    /** One command-line flag of a component, without leading dashes. */
    record Arg(String name, String value) {
    }

    private final String apiVersion;

    KubeadmApi(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    static KubeadmApi forVersion(KubernetesVersion version) {
        KubeadmApi api = version.atLeast(1, 31) ? V1BETA4 : V1BETA3;
        // The model states the same rule; both must agree.
        if (!api.apiVersion.equals(version.kubeadmApiVersion())) {
            throw new IllegalStateException(version + ": " + api.apiVersion + " vs " + version.kubeadmApiVersion());
        }
        return api;
    }

    String apiVersion() {
        return apiVersion;
    }

    boolean hasCertificateSettings() {
        return this == V1BETA4;
    }

    /** extraArgs / kubeletExtraArgs in this API's shape; null (left out) when there are none. */
    Object args(List<Arg> args) {
        if (args.isEmpty()) {
            return null;
        }
        if (this == V1BETA4) {
            return List.copyOf(args);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Arg a : args) {
            if (map.put(a.name(), a.value()) != null) {
                throw new IllegalArgumentException("flag " + a.name() + " twice: v1beta3 extraArgs is a map");
            }
        }
        return map;
    }
}

package dev.kubeha.render;

import java.util.List;
import java.util.Map;

/** The parts of a core/v1 Pod (and of a KubeletConfiguration) that kubeha writes. Nulls are left out. */
final class PodTypes {
    private PodTypes() {
    }

    record Pod(String apiVersion, String kind, ObjectMeta metadata, PodSpec spec) {
    }

    record ObjectMeta(String name, String namespace, Map<String, String> annotations, Map<String, String> labels) {
    }

    record PodSpec(
            List<Container> containers,
            Boolean hostNetwork,
            String priorityClassName,
            PodSecurityContext securityContext,
            List<Volume> volumes) {
    }

    record Container(
            String name,
            String image,
            String imagePullPolicy,
            List<String> command,
            Probe livenessProbe,
            Probe startupProbe,
            Resources resources,
            List<VolumeMount> volumeMounts) {
    }

    record Probe(HttpGet httpGet, Integer initialDelaySeconds, Integer periodSeconds, Integer timeoutSeconds,
                 Integer failureThreshold) {
    }

    record HttpGet(String host, String path, Integer port, String scheme) {
    }

    record Resources(Map<String, String> requests) {
    }

    record VolumeMount(String name, String mountPath) {
    }

    record Volume(String name, HostPath hostPath) {
    }

    record HostPath(String path, String type) {
    }

    record PodSecurityContext(SeccompProfile seccompProfile) {
    }

    record SeccompProfile(String type) {
    }

    /** kubelet.config.k8s.io/v1beta1 KubeletConfiguration, the fields a static-pod-only kubelet needs. */
    record KubeletConfiguration(
            String apiVersion,
            String kind,
            KubeletAuthentication authentication,
            KubeletAuthorization authorization,
            String cgroupDriver,
            String address,
            String containerRuntimeEndpoint,
            String staticPodPath) {
    }

    record KubeletAuthentication(Enabled anonymous, Enabled webhook) {
    }

    record Enabled(Boolean enabled) {
    }

    record KubeletAuthorization(String mode) {
    }
}

package dev.kubeha.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * {@code kubectl get … -o json} of the simulated API: a {@code List} of {@code Node} objects (name,
 * role label, InternalIP and Hostname addresses, the Ready condition, nodeInfo's kubelet version)
 * and of the stacked etcd pods ({@code etcd-<master>} in kube-system, spec.nodeName, Ready), with
 * the fields real kubectl prints that a reader of the output uses, indented as kubectl indents.
 */
final class KubectlJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter KUBECTL_STYLE = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private KubectlJson() {
    }

    static String nodes(DemoNetwork.KubeApi api) {
        ObjectNode list = list();
        ArrayNode items = list.putArray("items");
        for (DemoNetwork.KubeNode n : api.nodes()) {
            ObjectNode node = items.addObject();
            node.put("apiVersion", "v1");
            node.put("kind", "Node");
            ObjectNode metadata = node.putObject("metadata");
            metadata.put("creationTimestamp", n.registered().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            ObjectNode labels = metadata.putObject("labels");
            labels.put("kubernetes.io/hostname", n.name());
            labels.put("kubernetes.io/os", "linux");
            if (n.role().equals("control-plane")) {
                labels.put("node-role.kubernetes.io/control-plane", "");
            }
            metadata.put("name", n.name());
            node.putObject("spec").put("podCIDR", "10.244.0.0/24");
            ObjectNode status = node.putObject("status");
            ArrayNode addresses = status.putArray("addresses");
            addresses.addObject().put("address", n.address()).put("type", "InternalIP");
            addresses.addObject().put("address", n.name()).put("type", "Hostname");
            boolean ready = n.ready(api.networkReady());
            status.putArray("conditions").add(condition("Ready", ready, ready ? "KubeletReady" : "KubeletNotReady",
                    ready ? "kubelet is posting ready status"
                            : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady"));
            ObjectNode info = status.putObject("nodeInfo");
            info.put("architecture", "amd64");
            info.put("containerRuntimeVersion", "containerd://2.1.4");
            info.put("kubeProxyVersion", n.version());
            info.put("kubeletVersion", n.version());
            info.put("operatingSystem", "linux");
        }
        return write(list);
    }

    static String etcdPods(DemoNetwork.KubeApi api, String namespace) {
        ObjectNode list = list();
        ArrayNode items = list.putArray("items");
        if (api.stackedEtcd && namespace.equals("kube-system")) {
            for (DemoNetwork.KubeNode n : api.nodes()) {
                if (!n.role().equals("control-plane")) {
                    continue;
                }
                ObjectNode pod = items.addObject();
                pod.put("apiVersion", "v1");
                pod.put("kind", "Pod");
                ObjectNode metadata = pod.putObject("metadata");
                metadata.putObject("labels").put("component", "etcd").put("tier", "control-plane");
                metadata.put("name", "etcd-" + n.name());
                metadata.put("namespace", "kube-system");
                pod.putObject("spec").put("nodeName", n.name());
                ObjectNode status = pod.putObject("status");
                boolean running = n.host().active("kubelet");
                status.putArray("conditions").add(condition("Ready", running, null, null));
                status.put("phase", running ? "Running" : "Pending");
            }
        }
        return write(list);
    }

    private static ObjectNode list() {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    private static ObjectNode condition(String type, boolean status, String reason, String message) {
        ObjectNode c = JSON.createObjectNode();
        c.put("lastTransitionTime", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (message != null) {
            c.put("message", message);
        }
        if (reason != null) {
            c.put("reason", reason);
        }
        c.put("status", status ? "True" : "False");
        c.put("type", type);
        return c;
    }

    private static String write(ObjectNode list) {
        try {
            // kubectl orders the list's fields: apiVersion, items, kind, metadata.
            ObjectNode ordered = JSON.createObjectNode();
            ordered.set("apiVersion", list.get("apiVersion"));
            ordered.set("items", list.get("items"));
            ordered.set("kind", list.get("kind"));
            ordered.set("metadata", list.get("metadata"));
            return JSON.writer(KUBECTL_STYLE).writeValueAsString(ordered);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

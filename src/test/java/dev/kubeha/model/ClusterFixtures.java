package dev.kubeha.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** A valid cluster document to start from, and a way to break one field of it. */
public final class ClusterFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Dedicated systemd etcd, three masters, two workers, external load balancer: no problem at all. */
    public static final String VALID = """
            {
              "apiVersion": "kubeha/v1",
              "kind": "Cluster",
              "name": "prod-eu1",
              "kubernetesVersion": "v1.37.1",
              "ssh": { "user": "ubuntu", "port": 22, "sudo": true },
              "privateInterface": "eth1",
              "nodes": [
                { "name": "etcd0",   "host": "203.0.113.10", "privateAddress": "10.0.0.10", "roles": ["etcd"] },
                { "name": "etcd1",   "host": "203.0.113.11", "privateAddress": "10.0.0.11", "roles": ["etcd"] },
                { "name": "etcd2",   "host": "203.0.113.12", "privateAddress": "10.0.0.12", "roles": ["etcd"] },
                { "name": "master0", "host": "203.0.113.20", "privateAddress": "10.0.0.20",
                  "publicAddress": "203.0.113.20", "roles": ["control-plane"] },
                { "name": "master1", "host": "203.0.113.21", "privateAddress": "10.0.0.21", "roles": ["control-plane"] },
                { "name": "master2", "host": "203.0.113.22", "privateAddress": "10.0.0.22", "roles": ["control-plane"] },
                { "name": "worker0", "host": "worker0.example.com", "privateAddress": "10.0.0.30", "roles": ["worker"] },
                { "name": "worker1", "host": "203.0.113.31", "roles": ["worker"] }
              ],
              "etcd":         { "topology": "dedicated", "runtime": "systemd", "version": "3.6.8" },
              "loadBalancer": { "mode": "external", "endpoint": "lb.example.com:6443" },
              "networking":   { "podSubnet": "10.244.0.0/16", "serviceSubnet": "10.96.0.0/12", "dnsDomain": "cluster.local" },
              "pki":          { "keyAlgorithm": "RSA-2048", "certificateValidity": "8760h", "caValidity": "87600h" },
              "cni":          { "manifest": "https://example.com/cni/flannel.yml" }
            }
            """;

    private ClusterFixtures() {
    }

    /** The valid document with a change applied, as JSON text. */
    public static String validWith(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(VALID);
            change.accept(root);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode node(ObjectNode root, int index) {
        return (ObjectNode) root.withArray("nodes").get(index);
    }

    public static ArrayNode nodes(ObjectNode root) {
        return root.withArray("nodes");
    }

    public static Cluster parse(String json) {
        try {
            return ClusterFiles.parse(json, ClusterFiles.Format.JSON, "test.json").cluster();
        } catch (ClusterFileException e) {
            throw new IllegalStateException(e);
        }
    }
}

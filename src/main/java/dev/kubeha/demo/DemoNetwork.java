package dev.kubeha.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated private network of the lab and what listens on it: etcd members (started by a
 * kubelet from their static pod), API servers (started by kubeadm), and the external load balancer
 * appliance in front of the control plane. A connection succeeds only to something the plan has
 * actually started, so a missing step shows up as "connection refused", as on real machines.
 */
final class DemoNetwork {

    /** An etcd member as its static pod describes it. */
    record EtcdMember(String name, SimulatedHost host, List<String> clientEndpoints, List<String> initialCluster,
                      String serverCertFile, String trustedCaFile) {
    }

    /** A Kubernetes node as the API server knows it. */
    record KubeNode(String name, String role, String address, String version, SimulatedHost host,
                    java.time.Instant registered) {
        KubeNode(String name, String role, String address, String version, SimulatedHost host) {
            this(name, role, address, version, host, java.time.Instant.now());
        }

        /** The age as kubectl prints it: 42s, 5m12s, 3h. */
        String age(java.time.Instant now) {
            long s = Math.max(0, java.time.Duration.between(registered, now).toSeconds());
            if (s < 120) {
                return s + "s";
            }
            if (s < 600) {
                return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
            }
            return s < 3 * 3600 ? s / 60 + "m" : s / 3600 + "h";
        }

        boolean ready(boolean networkReady) {
            return networkReady && host.active("kubelet");
        }
    }

    /** The cluster's API state, made by kubeadm init: its CA signs the kubeconfigs kubeadm writes. */
    static final class KubeApi {
        final String clusterName;
        final String endpoint;
        final String version;
        final String token;
        final java.security.cert.X509Certificate ca;
        final java.security.PrivateKey caKey;
        final boolean stackedEtcd;
        private final Map<String, KubeNode> nodes = new LinkedHashMap<>();
        private final List<String> applied = new ArrayList<>();
        private volatile boolean networkReady;

        KubeApi(String clusterName, String endpoint, String version, String token,
                java.security.cert.X509Certificate ca, java.security.PrivateKey caKey, boolean stackedEtcd) {
            this.clusterName = clusterName;
            this.endpoint = endpoint;
            this.version = version;
            this.token = token;
            this.ca = ca;
            this.caKey = caKey;
            this.stackedEtcd = stackedEtcd;
        }

        /** kubeadm's discovery hash: sha256 of the CA's public key (SubjectPublicKeyInfo). */
        String caCertHash() {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded());
                return "sha256:" + java.util.HexFormat.of().formatHex(digest);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized void register(KubeNode node) {
            nodes.put(node.name(), node);
        }

        /** By name, as kubectl lists them. */
        synchronized List<KubeNode> nodes() {
            return nodes.values().stream().sorted(java.util.Comparator.comparing(KubeNode::name)).toList();
        }

        /** A pod network was applied: the nodes become Ready. */
        synchronized boolean applyNetwork(String source) {
            boolean first = !applied.contains(source);
            if (first) {
                applied.add(source);
            }
            networkReady = true;
            return first;
        }

        boolean networkReady() {
            return networkReady;
        }
    }

    private final Map<String, SimulatedHost> hostsByAddress = new ConcurrentHashMap<>();
    private final Map<String, EtcdMember> etcd = new ConcurrentHashMap<>();
    private final Map<String, SimulatedHost> apiServers = new ConcurrentHashMap<>();
    private final List<String> controlPlaneAddresses = new ArrayList<>();
    final String loadBalancerHost;
    final int loadBalancerPort;
    private volatile KubeApi kube;

    DemoNetwork(String loadBalancerHost, int loadBalancerPort) {
        this.loadBalancerHost = loadBalancerHost;
        this.loadBalancerPort = loadBalancerPort;
    }

    void attach(SimulatedHost host, boolean controlPlane) {
        host.interfaces.forEach(i -> hostsByAddress.put(i.address(), host));
        if (controlPlane) {
            synchronized (controlPlaneAddresses) {
                controlPlaneAddresses.add(host.privateAddress());
            }
        }
    }

    // --- etcd ---------------------------------------------------------------------------------------

    void startEtcd(EtcdMember member) {
        member.clientEndpoints().forEach(e -> etcd.put(e, member));
    }

    /** Every running member, once each (a member listens on several endpoints). */
    List<EtcdMember> etcdMembers() {
        return etcd.values().stream().filter(m -> m.host().active("kubelet")).distinct().toList();
    }

    void stopEtcd(SimulatedHost host) {
        etcd.values().removeIf(m -> m.host() == host);
    }

    Optional<EtcdMember> etcdAt(String host, int port) {
        EtcdMember m = etcd.get(host + ":" + port);
        return m != null && m.host().active("kubelet") ? Optional.of(m) : Optional.empty();
    }

    /** Whether the member's cluster has quorum: more than half of its initial members run. */
    boolean hasQuorum(EtcdMember member) {
        long running = member.initialCluster().stream()
                .filter(name -> etcd.values().stream().anyMatch(m -> m.name().equals(name) && m.host().active("kubelet")))
                .count();
        return running * 2 > member.initialCluster().size();
    }

    // --- the API servers and the load balancer -------------------------------------------------------

    void startApiServer(String address, int port, SimulatedHost host) {
        apiServers.put(address + ":" + port, host);
    }

    boolean apiServerAt(String address, int port) {
        return apiServers.containsKey(address + ":" + port);
    }

    boolean isLoadBalancer(String host, int port) {
        return host.equals(loadBalancerHost) && port == loadBalancerPort;
    }

    /** The load balancer's first healthy backend, as HAProxy would pick one: a control-plane API server. */
    Optional<String> loadBalancerBackend() {
        synchronized (controlPlaneAddresses) {
            return controlPlaneAddresses.stream().filter(a -> apiServerAt(a, 6443)).findFirst();
        }
    }

    /** Whether a TCP connection to {@code host:port} is accepted. The load balancer accepts always. */
    boolean accepts(String host, int port) {
        return isLoadBalancer(host, port) || apiServerAt(host, port) || etcdAt(host, port).isPresent();
    }

    /** Whether an HTTPS request to the Kubernetes API at {@code host:port} reaches an API server. */
    boolean apiReachable(String host, int port) {
        return isLoadBalancer(host, port) ? loadBalancerBackend().isPresent() : apiServerAt(host, port);
    }

    KubeApi kube() {
        return kube;
    }

    synchronized void kube(KubeApi api) {
        kube = api;
    }
}

package dev.kubeha.model;

import static dev.kubeha.model.ClusterFixtures.node;
import static dev.kubeha.model.ClusterFixtures.nodes;
import static dev.kubeha.model.ClusterFixtures.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterValidatorTest {
    private static final Severity E = Severity.ERROR;
    private static final Severity W = Severity.WARNING;

    /** The day the release table's end-of-life dates are checked against. */
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @TempDir
    Path dir;

    private ClusterValidator validator;

    @BeforeEach
    void setUp() {
        validator = new ClusterValidator(new ValidationContext(dir, dir, TODAY));
    }

    private List<Problem> problems(String json) throws ClusterFileException {
        return validator.validate(ClusterFiles.parse(json, ClusterFiles.Format.JSON, "cluster.json"));
    }

    @Test
    void theValidFixtureHasNoProblem() throws Exception {
        assertThat(problems(ClusterFixtures.VALID)).isEmpty();
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        Path example = Path.of("src/examples/cluster.json");
        assertThat(new ClusterValidator(ValidationContext.forFile(example)).validate(ClusterFiles.read(example)))
                .isEmpty();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("apiVersion from the future", r -> r.put("apiVersion", "kubeha/v2"),
                        E, "apiVersion", "\"kubeha/v2\" is not supported"),
                bad("kind", r -> r.put("kind", "Deployment"), E, "kind", "\"Deployment\" is not supported"),
                bad("name missing", r -> r.remove("name"), E, "name", "is required"),
                bad("name not RFC 1123", r -> r.put("name", "Prod_EU"),
                        E, "name", "\"Prod_EU\" is not a valid cluster name"),
                bad("version without v", r -> r.put("kubernetesVersion", "1.37.1"),
                        E, "kubernetesVersion", "\"1.37.1\" is not a version like v1.37.1"),
                bad("version out of support", r -> r.put("kubernetesVersion", "v1.34.2"),
                        E, "kubernetesVersion", "v1.34.2 is not supported"),
                bad("version long gone", r -> r.put("kubernetesVersion", "v1.28.9"),
                        E, "kubernetesVersion", "v1.28.9 is not supported"),
                bad("version not yet released", r -> r.put("kubernetesVersion", "v1.38.0"),
                        E, "kubernetesVersion", "v1.38.0 is not yet supported: kubeha has no tested values for v1.38"
                                + " (due 2026-12-16)"),
                bad("version too new", r -> r.put("kubernetesVersion", "v1.39.0"),
                        E, "kubernetesVersion", "v1.39.0 is not supported"),
                bad("patch newer than tested", r -> r.put("kubernetesVersion", "v1.37.9"),
                        W, "kubernetesVersion", "v1.37.9 is newer than v1.37.1, the newest v1.37 patch kubeha is tested with"),
                bad("version missing", r -> r.remove("kubernetesVersion"), E, "kubernetesVersion", "is required"),
                bad("private interface with slash", r -> r.put("privateInterface", "eth1/2"),
                        E, "privateInterface", "\"eth1/2\" is not a network interface name"),
                bad("ssh user empty", r -> r.withObjectProperty("ssh").put("user", ""), E, "ssh.user", "must not be empty"),
                bad("ssh user with space", r -> r.withObjectProperty("ssh").put("user", "Bad User"),
                        E, "ssh.user", "\"Bad User\" is not a valid user name"),
                bad("ssh port zero", r -> r.withObjectProperty("ssh").put("port", 0), E, "ssh.port", "port 0 is out of range 1-65535"),
                bad("ssh port too high", r -> r.withObjectProperty("ssh").put("port", 65536),
                        E, "ssh.port", "port 65536 is out of range 1-65535"),
                bad("ssh port not a number", r -> r.withObjectProperty("ssh").put("port", "twenty-two"),
                        E, "ssh.port", "\"twenty-two\" is not a whole number"),
                bad("node ssh port", r -> node(r, 3).putObject("ssh").put("port", 70000),
                        E, "nodes[3].ssh.port", "port 70000 is out of range 1-65535"),
                bad("node ssh user", r -> node(r, 3).putObject("ssh").put("user", "-x"),
                        E, "nodes[3].ssh.user", "\"-x\" is not a valid user name"),
                bad("no nodes", r -> r.putArray("nodes"), E, "nodes", "no nodes"),
                bad("node name with capitals", r -> node(r, 1).put("name", "Etcd1"),
                        E, "nodes[1].name", "\"Etcd1\" is not a valid node name"),
                bad("node name missing", r -> node(r, 1).remove("name"), E, "nodes[1].name", "is required"),
                bad("duplicate node name", r -> node(r, 4).put("name", "master0"),
                        E, "nodes[4].name", "\"master0\" is already the name of nodes[3]"),
                bad("host missing", r -> node(r, 3).remove("host"), E, "nodes[3].host", "is required"),
                bad("host octet out of range", r -> node(r, 3).put("host", "10.0.0.300"),
                        E, "nodes[3].host", "10.0.0.300 is not an IP address"),
                bad("host with underscore", r -> node(r, 3).put("host", "bad_host"),
                        E, "nodes[3].host", "\"bad_host\" is not an IP address or DNS name"),
                bad("private address octet out of range", r -> node(r, 3).put("privateAddress", "10.0.0.300"),
                        E, "nodes[3].privateAddress", "10.0.0.300 is not an IP address"),
                bad("private address as DNS name", r -> node(r, 3).put("privateAddress", "m0.example.com"),
                        E, "nodes[3].privateAddress", "m0.example.com is not an IP address"),
                bad("private address with leading zero", r -> node(r, 3).put("privateAddress", "10.0.0.020"),
                        E, "nodes[3].privateAddress", "10.0.0.020 is not an IP address"),
                bad("duplicate private address", r -> node(r, 4).put("privateAddress", "10.0.0.20"),
                        E, "nodes[4].privateAddress", "10.0.0.20 is already the private address of master0 (nodes[3])"),
                bad("unspecified private address", r -> node(r, 3).put("privateAddress", "0.0.0.0"),
                        E, "nodes[3].privateAddress", "0.0.0.0 is the unspecified address"),
                bad("multicast private address", r -> node(r, 3).put("privateAddress", "224.0.0.18"),
                        E, "nodes[3].privateAddress", "224.0.0.18 is a multicast address"),
                bad("loopback private address", r -> node(r, 3).put("privateAddress", "127.0.0.21"),
                        W, "nodes[3].privateAddress", "127.0.0.21 is a loopback address"),
                bad("public address garbage", r -> node(r, 3).put("publicAddress", "300.1.1.1"),
                        E, "nodes[3].publicAddress", "300.1.1.1 is not an IP address or DNS name"),
                bad("IPv6 private address malformed", r -> node(r, 3).put("privateAddress", "fd00::1::2"),
                        E, "nodes[3].privateAddress", "fd00::1::2 is not an IP address"),
                bad("nothing to detect the private address from", r -> r.remove("privateInterface"),
                        E, "nodes[7].privateAddress", "no private address and no private interface to detect it from"),
                bad("node interface too long", r -> node(r, 7).put("privateInterface", "averyverylongname0"),
                        E, "nodes[7].privateInterface", "\"averyverylongname0\" is not a network interface name"),
                bad("no role", r -> node(r, 6).putArray("roles"), E, "nodes[6].roles", "no role"),
                bad("unknown role", r -> node(r, 3).putArray("roles").add("master"),
                        E, "nodes[3].roles[0]", "\"master\" is not one of control-plane, worker, etcd"),
                bad("etcd and worker", r -> node(r, 0).withArray("roles").add("worker"),
                        E, "nodes[0].roles", "a node cannot be both etcd and worker"),
                bad("dedicated etcd node also control-plane", r -> node(r, 0).withArray("roles").add("control-plane"),
                        E, "nodes[0].roles", "a dedicated etcd node cannot also be control-plane"),
                bad("etcd role with co-located topology", r -> r.withObjectProperty("etcd").put("topology", "co-located"),
                        E, "nodes[0].roles", "role etcd is not used with the co-located etcd topology"),
                bad("no control-plane", r -> {
                    for (int i = 3; i <= 5; i++) {
                        node(r, i).putArray("roles").add("worker");
                    }
                }, E, "nodes", "no control-plane node"),
                bad("two control-plane nodes", r -> nodes(r).remove(5),
                        W, "nodes", "2 control-plane nodes are not highly available"),
                bad("even stacked members", r -> {
                    r.withObjectProperty("etcd").put("topology", "co-located").put("runtime", "static-pod");
                    for (int i = 0; i < 3; i++) {
                        nodes(r).remove(0);
                    }
                    node(r, 3).putArray("roles").add("control-plane");
                }, W, "nodes", "4 control-plane nodes (each an etcd member) need 3 for quorum and tolerate 1 failure,"
                        + " the same as 3"),
                bad("dedicated without etcd nodes", r -> {
                    for (int i = 0; i < 3; i++) {
                        nodes(r).remove(0);
                    }
                }, E, "nodes", "the dedicated etcd topology needs nodes with role etcd"),
                bad("one etcd member", r -> {
                    nodes(r).remove(0);
                    nodes(r).remove(0);
                }, W, "nodes", "a single etcd member is not highly available"),
                bad("two etcd members", r -> nodes(r).remove(0),
                        W, "nodes", "2 etcd members need 2 for quorum and tolerate no failure, the same as 1"),
                bad("four etcd members", r -> node(r, 6).putArray("roles").add("etcd"),
                        W, "nodes", "4 etcd members need 3 for quorum and tolerate 1 failure, the same as 3"),
                bad("unknown topology", r -> r.withObjectProperty("etcd").put("topology", "stacked"),
                        E, "etcd.topology", "\"stacked\" is not one of dedicated, co-located"),
                bad("unknown runtime", r -> r.withObjectProperty("etcd").put("runtime", "docker"),
                        E, "etcd.runtime", "\"docker\" is not one of systemd, static-pod"),
                bad("etcd version with v", r -> r.withObjectProperty("etcd").put("version", "v3.6.5"),
                        E, "etcd.version", "\"v3.6.5\" is not a version like 3.6.8"),
                bad("external etcd older than kubeadm accepts", r -> r.withObjectProperty("etcd").put("version", "3.4.30"),
                        E, "etcd.version", "etcd 3.4.30 is older than 3.5.24, the oldest external etcd kubeadm v1.37 accepts"),
                bad("external etcd one patch too old", r -> r.withObjectProperty("etcd").put("version", "3.5.23"),
                        E, "etcd.version", "etcd 3.5.23 is older than 3.5.24, the oldest external etcd kubeadm v1.37 accepts"),
                bad("old stacked etcd", r -> {
                    r.withObjectProperty("etcd").put("topology", "co-located").put("runtime", "static-pod")
                            .put("version", "3.4.30");
                }, W, "etcd.version", "3.4.30 is not an etcd release kubeadm v1.35 to v1.37 is tested with"),
                bad("unknown load balancer mode", r -> r.withObjectProperty("loadBalancer").put("mode", "nginx"),
                        E, "loadBalancer.mode", "\"nginx\" is not one of external, haproxy-keepalived"),
                bad("external without endpoint", r -> r.withObjectProperty("loadBalancer").remove("endpoint"),
                        E, "loadBalancer.endpoint", "is required for an external load balancer"),
                bad("endpoint without port", r -> r.withObjectProperty("loadBalancer").put("endpoint", "lb.example.com"),
                        E, "loadBalancer.endpoint", "\"lb.example.com\" has no port"),
                bad("endpoint port out of range", r -> r.withObjectProperty("loadBalancer").put("endpoint", "lb.example.com:70000"),
                        E, "loadBalancer.endpoint", "port 70000 is out of range 1-65535"),
                bad("endpoint port not a number", r -> r.withObjectProperty("loadBalancer").put("endpoint", "lb.example.com:https"),
                        E, "loadBalancer.endpoint", "\"https\" in \"lb.example.com:https\" is not a port number"),
                bad("endpoint IPv6 without brackets", r -> r.withObjectProperty("loadBalancer").put("endpoint", "fd00::1:6443"),
                        E, "loadBalancer.endpoint", "\"fd00::1:6443\" needs brackets around the IPv6 address"),
                bad("endpoint host invalid", r -> r.withObjectProperty("loadBalancer").put("endpoint", "lb_1:6443"),
                        E, "loadBalancer.endpoint", "\"lb_1\" is not an IP address or DNS name"),
                bad("external endpoint is one master", r -> r.withObjectProperty("loadBalancer").put("endpoint", "10.0.0.20:6443"),
                        W, "loadBalancer.endpoint",
                        "10.0.0.20 is the address of master0 alone: the API is not highly available through it"),
                bad("haproxy without VIP", r -> r.withObjectProperty("loadBalancer").put("mode", "haproxy-keepalived").remove("endpoint"),
                        E, "loadBalancer.virtualIp", "is required for haproxy-keepalived"),
                bad("VIP is a node address", r -> haproxy(r, "10.0.0.21"),
                        E, "loadBalancer.virtualIp", "10.0.0.21 is already an address of master1 (nodes[4])"),
                bad("VIP not an address", r -> haproxy(r, "10.0.0.256"),
                        E, "loadBalancer.virtualIp", "10.0.0.256 is not an IP address"),
                bad("VIP outside the given subnet", r -> haproxy(r, "10.1.0.100/24"),
                        E, "loadBalancer.virtualIp", "10.1.0.100 is not in the same 10.1.0.0/24 subnet as the private"
                                + " address 10.0.0.20 of master0 (nodes[3])"),
                bad("VIP outside the assumed subnet", r -> haproxy(r, "10.1.0.100"),
                        W, "loadBalancer.virtualIp", "10.1.0.100 is not in the same 10.1.0.0/24 subnet as the private"
                                + " address 10.0.0.20 of master0 (nodes[3])"),
                bad("haproxy endpoint on 6443", r -> {
                    haproxy(r, "10.0.0.100");
                    r.withObjectProperty("loadBalancer").put("endpoint", "10.0.0.100:6443");
                }, E, "loadBalancer.endpoint",
                        "port 6443 is taken by the API server on the control-plane nodes, where HAProxy runs"),
                bad("haproxy endpoint not the VIP", r -> {
                    haproxy(r, "10.0.0.100");
                    r.withObjectProperty("loadBalancer").put("endpoint", "10.0.0.99:8443");
                }, E, "loadBalancer.endpoint", "10.0.0.99 is not the virtual IP 10.0.0.100"),
                bad("VIP with external mode", r -> r.withObjectProperty("loadBalancer").put("virtualIp", "10.0.0.100"),
                        W, "loadBalancer.virtualIp", "is ignored with an external load balancer"),
                bad("pod subnet missing", r -> r.withObjectProperty("networking").remove("podSubnet"),
                        E, "networking.podSubnet", "is required"),
                bad("pod subnet prefix too long", r -> r.withObjectProperty("networking").put("podSubnet", "10.244.0.0/33"),
                        E, "networking.podSubnet", "\"10.244.0.0/33\" is not a CIDR"),
                bad("pod subnet without prefix", r -> r.withObjectProperty("networking").put("podSubnet", "10.244.0.0"),
                        E, "networking.podSubnet", "\"10.244.0.0\" is not a CIDR"),
                bad("pod subnet with host bits", r -> r.withObjectProperty("networking").put("podSubnet", "10.244.1.0/16"),
                        W, "networking.podSubnet", "10.244.1.0/16 has host bits set"),
                bad("service subnet larger than /12", r -> r.withObjectProperty("networking").put("serviceSubnet", "172.0.0.0/8"),
                        E, "networking.serviceSubnet", "172.0.0.0/8 is larger than /12"),
                bad("IPv6 service subnet larger than /108", r -> r.withObjectProperty("networking").put("serviceSubnet", "fd00:96::/64"),
                        E, "networking.serviceSubnet", "fd00:96::/64 is larger than /108"),
                bad("pod and service subnets overlap", r -> r.withObjectProperty("networking").put("podSubnet", "10.96.0.0/16"),
                        E, "networking.serviceSubnet", "10.96.0.0/12 overlaps networking.podSubnet 10.96.0.0/16"),
                bad("pod subnet holds the nodes", r -> r.withObjectProperty("networking").put("podSubnet", "10.0.0.0/16"),
                        E, "networking.podSubnet", "10.0.0.0/16 contains the private address 10.0.0.10 of etcd0 (nodes[0])"),
                bad("service subnet holds a node", r -> node(r, 6).put("privateAddress", "10.96.0.30"),
                        E, "networking.serviceSubnet",
                        "10.96.0.0/12 contains the private address 10.96.0.30 of worker0 (nodes[6])"),
                bad("service subnet holds a node's SSH address", r -> node(r, 7).put("host", "10.96.0.31"),
                        E, "networking.serviceSubnet",
                        "10.96.0.0/12 contains the SSH address 10.96.0.31 of worker1 (nodes[7])"),
                bad("pod subnet holds a master's public address", r -> {
                    r.withObjectProperty("networking").put("podSubnet", "203.0.113.0/24");
                    for (int i = 0; i < 8; i++) {
                        node(r, i).put("host", "198.51.100." + (10 + i));
                    }
                }, E, "networking.podSubnet", "203.0.113.0/24 contains the public address 203.0.113.20 of master0 (nodes[3])"),
                bad("service subnet holds the virtual IP", r -> r.set("loadBalancer",
                                JSON.createObjectNode().put("mode", "haproxy-keepalived").put("virtualIp", "10.96.0.100")),
                        E, "networking.serviceSubnet", "10.96.0.0/12 contains the virtual IP 10.96.0.100"),
                bad("pod subnet holds the load balancer", r -> r.withObjectProperty("loadBalancer")
                                .put("endpoint", "10.244.1.1:6443"),
                        E, "networking.podSubnet", "10.244.0.0/16 contains the load balancer address 10.244.1.1"),
                bad("empty certificate SAN", r -> sans(r, "api.example.com", " "),
                        E, "apiServer.certSANs[1]", "must not be empty"),
                bad("certificate SAN not a name", r -> sans(r, "Api_Server.example.com"),
                        E, "apiServer.certSANs[0]", "\"Api_Server.example.com\" is not a DNS name or IP address"),
                bad("certificate SAN with uppercase", r -> sans(r, "API.example.com"),
                        E, "apiServer.certSANs[0]", "\"API.example.com\" is not a DNS name or IP address"),
                bad("certificate SAN with a bad IPv4 address", r -> sans(r, "10.0.0.256"),
                        E, "apiServer.certSANs[0]", "10.0.0.256 is not an IP address"),
                bad("certificate SAN with a URL", r -> sans(r, "https://api.example.com"),
                        E, "apiServer.certSANs[0]", "\"https://api.example.com\" is not a DNS name or IP address"),
                bad("certificate SAN unspecified", r -> sans(r, "0.0.0.0"),
                        E, "apiServer.certSANs[0]", "0.0.0.0 is the unspecified address"),
                bad("certificate SAN multicast", r -> sans(r, "ff02::1"),
                        E, "apiServer.certSANs[0]", "ff02::1 is a multicast address"),
                bad("certificate SAN twice", r -> sans(r, "api.example.com", "10.0.0.5", "api.example.com"),
                        E, "apiServer.certSANs[2]", "api.example.com is already apiServer.certSANs[0]"),
                bad("certificate SAN twice in two IPv6 spellings", r -> sans(r, "2001:db8::7", "2001:DB8:0::7"),
                        E, "apiServer.certSANs[1]", "2001:DB8:0::7 is already apiServer.certSANs[0]"),
                bad("certificate SANs misspelt", r -> r.set("apiServer", JSON.createObjectNode().put("certSans", "x")),
                        E, "apiServer.certSans", "unknown field \"certSans\" (line 76)"),
                bad("DNS domain with underscore", r -> r.withObjectProperty("networking").put("dnsDomain", "cluster_local"),
                        E, "networking.dnsDomain", "\"cluster_local\" is not a valid DNS domain"),
                bad("unknown key algorithm", r -> r.withObjectProperty("pki").put("keyAlgorithm", "RSA-1024"),
                        E, "pki.keyAlgorithm",
                        "\"RSA-1024\" is not one of RSA-2048, RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384"),
                bad("validity in years", r -> r.withObjectProperty("pki").put("certificateValidity", "1y"),
                        E, "pki.certificateValidity", "\"1y\" is not a duration like 8760h or 43800h0m0s"),
                bad("validity negative", r -> r.withObjectProperty("pki").put("caValidity", "-8760h"),
                        E, "pki.caValidity", "\"-8760h\" is not a duration like 8760h or 43800h0m0s"),
                bad("validity too short", r -> r.withObjectProperty("pki").put("caValidity", "30m"),
                        E, "pki.caValidity", "30m is shorter than one hour"),
                bad("certificate outlives CA", r -> r.withObjectProperty("pki").put("certificateValidity", "87600h0m1s"),
                        E, "pki.certificateValidity", "87600h0m1s is longer than pki.caValidity 87600h"),
                bad("identity file missing", r -> r.withObjectProperty("ssh").put("identityFile", "keys/none"),
                        E, "ssh.identityFile", "<dir>/keys/none does not exist"),
                bad("identity file is a directory", r -> r.withObjectProperty("ssh").put("identityFile", "~"),
                        E, "ssh.identityFile", "<dir> is a directory"),
                bad("no CNI", r -> r.remove("cni"),
                        W, "cni", "no CNI manifest: the nodes stay NotReady until a pod network is applied"),
                bad("CNI manifest missing", r -> r.withObjectProperty("cni").put("manifest", "cni/flannel.yml"),
                        E, "cni.manifest", "<dir>/cni/flannel.yml is not a file"),
                bad("CNI over plain HTTP", r -> r.withObjectProperty("cni").put("manifest", "http://example.com/f.yml"),
                        W, "cni.manifest", "http://example.com/f.yml is fetched without TLS"),
                bad("site registry with a scheme", r -> r.withObjectProperty("images").put("registry", "https://reg.example:5000"),
                        E, "images.registry", "\"https://reg.example:5000\" is not host:port"),
                bad("site registry with a bad port", r -> r.withObjectProperty("images").put("registry", "reg.example:99999"),
                        E, "images.registry", "port 99999 is out of range 1-65535"),
                bad("site registry empty", r -> r.withObjectProperty("images").put("registry", " "),
                        E, "images.registry", "must not be empty"),
                bad("registry CA without a registry", r -> r.withObjectProperty("images").put("registryCa", "ca.crt"),
                        E, "images.registryCa", "is set, but images.registry is not"),
                bad("registry CA missing", r -> r.withObjectProperty("images").put("registry", "reg.example:5000")
                        .put("registryCa", "site-ca.crt"), E, "images.registryCa", "<dir>/site-ca.crt is not a file"),
                bad("air-gapped with an unknown distribution", r -> r.putObject("airGapped").put("distro", "centos-7"),
                        E, "airGapped.distro", "\"centos-7\" is not one of debian-12, ubuntu-22.04, ubuntu-24.04, rhel-9"),
                bad("CNI from FTP", r -> r.withObjectProperty("cni").put("manifest", "ftp://example.com/f.yml"),
                        E, "cni.manifest", "ftp://example.com/f.yml is neither a file nor an http(s) URL"),
                bad("unknown field", r -> node(r, 2).put("hots", "x"),
                        E, "nodes[2].hots", "unknown field \"hots\" (line 27)"),
                bad("wrong type", r -> r.putArray("name").add("x"),
                        E, "name", "expected a string, found a list (line 4)"),
                bad("object where a scalar belongs", r -> r.putObject("privateInterface").put("name", "eth1"),
                        E, "privateInterface", "expected a string, found an object (line 11)"),
                bad("scalar where an object belongs", r -> r.put("ssh", "root"),
                        E, "ssh", "expected an object, found a string (line 6)"));
    }

    private static void haproxy(ObjectNode root, String vip) {
        root.withObjectProperty("loadBalancer").put("mode", "haproxy-keepalived").put("virtualIp", vip).remove("endpoint");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static void sans(ObjectNode root, String... sans) {
        var list = root.putObject("apiServer").putArray("certSANs");
        for (String san : sans) {
            list.add(san);
        }
    }

    @Test
    void extraCertificateSansAreOptionalAndRoundTrip() throws Exception {
        String json = validWith(r -> sans(r, "api.example.com", "*.apps.example.com", "198.51.100.7", "2001:db8::7"));
        assertThat(problems(json)).isEmpty();
        Cluster cluster = ClusterFixtures.parse(json);
        assertThat(cluster.extraCertSans()).containsExactly("api.example.com", "*.apps.example.com", "198.51.100.7",
                "2001:db8::7");
        assertThat(ClusterFixtures.parse(ClusterFiles.toJson(cluster))).isEqualTo(cluster);
        // A file without them reads as before and is written without the section.
        Cluster without = ClusterFixtures.parse(ClusterFixtures.VALID);
        assertThat(without.apiServer()).isNull();
        assertThat(without.extraCertSans()).isEmpty();
        assertThat(ClusterFiles.toJson(without)).doesNotContain("apiServer");
        // One name alone stands for a list of one, as elsewhere in the file.
        assertThat(ClusterFixtures.parse(validWith(r -> r.putObject("apiServer").put("certSANs", "api.example.com")))
                .extraCertSans()).containsExactly("api.example.com");
    }

    @Test
    void aSiteRegistryWithItsCaIsValidAndRoundTrips() throws Exception {
        Files.writeString(dir.resolve("site-ca.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        String json = validWith(r -> r.putObject("images").put("registry", "registry.example.com:5000")
                .put("registryCa", "site-ca.crt"));
        assertThat(problems(json)).isEmpty();
        Cluster cluster = ClusterFixtures.parse(json);
        assertThat(cluster.siteRegistry()).contains("registry.example.com:5000");
        assertThat(ClusterFixtures.parse(ClusterFiles.toJson(cluster))).isEqualTo(cluster);
        assertThat(problems(validWith(r -> r.putObject("images").put("registry", "registry.example.com")))).isEmpty();
        assertThat(ClusterFiles.toJson(ClusterFixtures.parse(ClusterFixtures.VALID))).doesNotContain("\"images\"");

        String airGapped = validWith(r -> r.putObject("airGapped").put("distro", "debian-12"));
        assertThat(problems(airGapped)).isEmpty();
        assertThat(ClusterFixtures.parse(airGapped).airGapped()).isEqualTo(new AirGapped("debian-12"));
        assertThat(ClusterFiles.toJson(ClusterFixtures.parse(airGapped))).contains("\"airGapped\" : {\n    \"distro\" : \"debian-12\"\n  }");
        Files.writeString(dir.resolve("not-a-cert.crt"), "hello");
        assertThat(problems(validWith(r -> r.putObject("images").put("registry", "registry.example.com:5000")
                .put("registryCa", "not-a-cert.crt")))).extracting(Problem::message)
                .containsExactly(dir.resolve("not-a-cert.crt") + " holds no PEM certificate");
    }

    @Test
    void anAirGappedPackagesDirectoryMustExistAndHoldPackages() throws Exception {
        String hint = "the directory that holds the nodes' .deb or .rpm packages (kubeadm, kubelet, kubectl, cri-tools,"
                + " kubernetes-cni, containerd.io), or leave it out";
        String missing = validWith(r -> r.putObject("airGapped").put("distro", "debian-12").put("packages", "debs"));
        assertThat(problems(missing)).containsExactly(Problem.error("airGapped.packages", dir.resolve("debs") + " does not exist", hint));
        Files.writeString(dir.resolve("debs"), "a file");
        assertThat(problems(missing)).extracting(Problem::message).containsExactly(dir.resolve("debs") + " is not a directory");
        Files.delete(dir.resolve("debs"));
        Files.createDirectories(dir.resolve("debs"));
        Files.writeString(dir.resolve("debs/README.txt"), "no package");
        Files.createDirectories(dir.resolve("debs/kubeadm.deb"));
        assertThat(problems(missing)).extracting(Problem::message).containsExactly(dir.resolve("debs") + " holds no .deb or .rpm package");
        assertThat(problems(validWith(r -> r.putObject("airGapped").put("packages", " ")))).extracting(Problem::message)
                .containsExactly("must not be empty");

        Files.writeString(dir.resolve("debs/kubelet_1.37.1-1.1_amd64.deb"), "a package");
        assertThat(problems(missing)).isEmpty();
        Cluster cluster = ClusterFixtures.parse(missing);
        assertThat(cluster.airGapped()).isEqualTo(new AirGapped("debian-12", "debs"));
        assertThat(ClusterFiles.toJson(cluster)).contains("\"airGapped\" : {\n    \"distro\" : \"debian-12\",\n    \"packages\" : \"debs\"\n  }");
        assertThat(ClusterFixtures.parse(ClusterFiles.toJson(cluster))).isEqualTo(cluster);
    }

    private static Arguments bad(String name, Consumer<ObjectNode> change, Severity severity, String path, String message) {
        return arguments(name, change, severity, path, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void reportsTheFieldAndWhatIsWrong(String name, Consumer<ObjectNode> change, Severity severity, String path,
                                       String message) throws Exception {
        String expected = message.replace("<dir>", dir.toString());
        List<Problem> problems = problems(validWith(change));
        assertThat(problems)
                .filteredOn(p -> p.path().equals(path) && p.message().equals(expected))
                .as("problems were: %s", problems)
                .singleElement()
                .extracting(Problem::severity).isEqualTo(severity);
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        List<Problem> problems = problems(validWith(r -> {
            r.put("name", "Bad Name");
            node(r, 3).put("privateAddress", "10.0.0.300");
            r.withObjectProperty("etcd").put("runtime", "docker");
            r.withObjectProperty("networking").put("serviceSubnet", "nonsense");
            r.put("extra", 1);
        }));
        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
                "extra", "etcd.runtime", "name", "nodes[3].privateAddress", "networking.serviceSubnet");
    }

    @Test
    void aReleasePastItsEndOfLifeIsAWarningWithTheDate() throws Exception {
        String v135 = validWith(r -> r.put("kubernetesVersion", "v1.35.9"));
        assertThat(validator.validate(ClusterFiles.parse(v135, ClusterFiles.Format.JSON, "cluster.json"))).isEmpty();
        ClusterValidator lastDay = new ClusterValidator(new ValidationContext(dir, dir, LocalDate.of(2027, 2, 28)));
        assertThat(lastDay.validate(ClusterFiles.parse(v135, ClusterFiles.Format.JSON, "cluster.json"))).isEmpty();
        ClusterValidator after = new ClusterValidator(new ValidationContext(dir, dir, LocalDate.of(2027, 3, 1)));
        assertThat(after.validate(ClusterFiles.parse(v135, ClusterFiles.Format.JSON, "cluster.json")))
                .containsExactly(Problem.warning("kubernetesVersion", "Kubernetes v1.35 reached its end of life on 2027-02-28",
                        "it gets no more security fixes: use v1.37.1"));
    }

    @Test
    void leftOutEtcdVersionIsTheReleasesPinnedOne() throws Exception {
        String json = validWith(r -> {
            r.withObjectProperty("etcd").remove("version");
            r.withObjectProperty("etcd").put("runtime", "static-pod");
        });
        assertThat(problems(json)).isEmpty();
        Cluster cluster = ClusterFiles.parse(json, ClusterFiles.Format.JSON, "cluster.json").cluster();
        assertThat(cluster.etcd().version()).isNull();
        assertThat(cluster.etcdVersion()).isEqualTo("3.7.0");
        assertThat(ClusterFiles.toJson(cluster)).doesNotContain("\"version\"");
        // Run by systemd, etcd comes from its release tarball: kubeha has no published sha256 of
        // 3.7.0's, so the default is the newest release it can check that kubeadm v1.37 accepts.
        Cluster systemd = ClusterFiles.parse(validWith(r -> r.withObjectProperty("etcd").remove("version")),
                ClusterFiles.Format.JSON, "cluster.json").cluster();
        assertThat(systemd.etcdVersion()).isEqualTo("3.6.8");
        assertThat(problems(validWith(r -> r.withObjectProperty("etcd").remove("version")))).isEmpty();
        Cluster v135 = ClusterFiles.parse(validWith(r -> {
            r.put("kubernetesVersion", "v1.35.9");
            r.withObjectProperty("etcd").remove("version");
        }), ClusterFiles.Format.JSON, "cluster.json").cluster();
        assertThat(v135.etcdVersion()).isEqualTo("3.6.6");
        assertThat(ClusterFiles.parse(validWith(r -> r.withObjectProperty("etcd").put("version", "3.6.8")),
                ClusterFiles.Format.JSON, "cluster.json").cluster().etcdVersion()).isEqualTo("3.6.8");
    }

    @Test
    void anEtcdRunBySystemdWithoutAPublishedChecksumIsAWarningThatSaysWhatToBring() throws Exception {
        assertThat(problems(validWith(r -> r.withObjectProperty("etcd").put("version", "3.7.0"))))
                .containsExactly(Problem.warning("etcd.version", "etcd 3.7.0 run by systemd is installed from its"
                                + " release tarball, and kubeha knows no published sha256 of it, so it will not download it",
                        "give apply and export --include-packages DIR with etcd-v3.7.0-linux-<arch>.tar.gz, or"
                                + " --etcd-sha256 from etcd v3.7.0's SHA256SUMS; or set etcd.version to 3.6.6 or 3.6.8"));
        // kubeadm's own etcd is its image: no tarball, no warning.
        assertThat(problems(validWith(r -> {
            r.withObjectProperty("etcd").put("version", "3.7.0");
            r.withObjectProperty("etcd").put("runtime", "static-pod");
        }))).isEmpty();
    }

    @Test
    void aFieldTheReaderRejectedIsNotReportedTwice() throws Exception {
        List<Problem> problems = problems(validWith(r -> r.withObjectProperty("ssh").put("port", "abc")));
        assertThat(problems).extracting(Problem::path).containsExactly("ssh.port");
    }

    @Test
    void hintsSayWhatToDo() throws Exception {
        assertThat(problems(validWith(r -> r.put("kubernetesVersion", "v1.28.9"))))
                .extracting(Problem::hint).containsExactly("kubeha installs Kubernetes v1.35 to v1.37; the newest is v1.37.1");
        assertThat(problems(validWith(r -> r.put("kubernetesVersion", "v1.38.0"))))
                .extracting(Problem::hint).containsExactly("use v1.37.1 until a kubeha release supports v1.38");
        assertThat(problems(validWith(r -> r.withObjectProperty("etcd").put("version", "3.5.20"))))
                .extracting(Problem::hint)
                .containsExactly("use 3.5.24 or newer, e.g. 3.7.0 (the one kubeadm v1.37 pins), or leave etcd.version out");
        assertThat(problems(validWith(r -> r.withObjectProperty("networking").put("podSubnet", "10.244.1.0/16"))))
                .extracting(Problem::hint).containsExactly("did you mean 10.244.0.0/16?");
        assertThat(problems(validWith(r -> node(r, 2).put("hots", "x"))))
                .extracting(Problem::hint).containsExactly("did you mean \"host\"?");
        assertThat(problems(validWith(r -> haproxy(r, "10.1.0.100"))))
                .extracting(Problem::hint)
                .containsExactly("if the private network is larger than /24, write the prefix, e.g. 10.1.0.100/16");
    }

    @Test
    void problemPrintsAsOneLine() {
        Problem p = Problem.error("nodes[3].privateAddress", "10.0.0.300 is not an IP address", "write four numbers");
        assertThat(p).hasToString("error: nodes[3].privateAddress: 10.0.0.300 is not an IP address (hint: write four numbers)");
        assertThat(Problem.warning("nodes", "x", null)).hasToString("warning: nodes: x");
    }

    @Test
    void anExistingIdentityFileIsAccepted() throws Exception {
        Files.writeString(dir.resolve("id_ed25519"), "key");
        assertThat(problems(validWith(r -> r.withObjectProperty("ssh").put("identityFile", "~/id_ed25519")))).isEmpty();
        assertThat(problems(validWith(r -> r.withObjectProperty("ssh").put("identityFile", dir.resolve("id_ed25519").toString()))))
                .isEmpty();
    }

    @Test
    void anUnreadableIdentityFileIsReported() throws IOException, ClusterFileException {
        Path key = Files.writeString(dir.resolve("id_rsa"), "key");
        Files.setPosixFilePermissions(key, java.util.Set.of());
        // root reads any file: the rule can only be seen failing as another user.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(key), "running as root");
        assertThat(problems(validWith(r -> r.withObjectProperty("ssh").put("identityFile", "id_rsa"))))
                .extracting(Problem::message).containsExactly(key + " is not readable");
    }

    @Test
    void haproxyModeWithAVipInTheNodesSubnetIsValid() throws Exception {
        assertThat(problems(validWith(r -> haproxy(r, "10.0.0.100/24")))).isEmpty();
        assertThat(ClusterFixtures.parse(validWith(r -> haproxy(r, "10.0.0.100/24"))).loadBalancer().endpoint())
                .isEqualTo("10.0.0.100:8443");
    }

    @Test
    void everyTopologyAndRuntimeCombinationIsAccepted() throws Exception {
        for (String runtime : List.of("systemd", "static-pod")) {
            assertThat(problems(validWith(r -> r.withObjectProperty("etcd").put("runtime", runtime)))).isEmpty();
            assertThat(problems(validWith(r -> {
                r.withObjectProperty("etcd").put("topology", "co-located").put("runtime", runtime);
                for (int i = 0; i < 3; i++) {
                    nodes(r).remove(0);
                }
            }))).isEmpty();
        }
    }
}

package dev.kubeha.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every rule a cluster description must follow, checked at once. The CLI and the wizard both
 * call this: a rule lives here and nowhere else.
 */
public final class ClusterValidator {
    private static final String NAME_RULE =
            "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
    private static final String ROLES = "control-plane, worker, etcd";

    private static final KubernetesReleases RELEASES = KubernetesReleases.builtIn();

    private final ValidationContext context;

    public ClusterValidator(ValidationContext context) {
        this.context = context;
    }

    /** Problems of a cluster read from a file: the reader's own, then the rules' on other fields. */
    public List<Problem> validate(ParsedCluster parsed) {
        Set<String> alreadyReported = parsed.problems().stream().map(Problem::path).collect(Collectors.toSet());
        List<Problem> all = new ArrayList<>(parsed.problems());
        for (Problem p : validate(parsed.cluster())) {
            // A field the reader could not take holds its default; do not report it a second time.
            if (!alreadyReported.contains(p.path())) {
                all.add(p);
            }
        }
        return all;
    }

    public List<Problem> validate(Cluster cluster) {
        Run run = new Run(cluster);
        run.header();
        run.ssh("ssh", cluster.ssh().user(), cluster.ssh().port(), cluster.ssh().identityFile());
        run.nodes();
        run.roles();
        Optional<HostPort> endpoint = run.loadBalancer();
        run.apiServer();
        run.networking(endpoint);
        run.pki();
        run.etcd();
        run.etcdTarball();
        run.cni();
        run.images();
        run.airGapped();
        return List.copyOf(run.problems);
    }

    /** One validation pass; holds what later rules need from earlier ones. */
    private final class Run {
        final Cluster cluster;
        final List<Problem> problems = new ArrayList<>();
        /** The cluster's release when its version is a supported one. */
        Optional<KubernetesRelease> release = Optional.empty();
        /** Parsed private addresses by node index, for the rules that compare addresses. */
        final Map<Integer, IpAddress> privateAddresses = new TreeMap<>();

        Run(Cluster cluster) {
            this.cluster = cluster;
        }

        void error(String path, String message, String hint) {
            problems.add(Problem.error(path, message, hint));
        }

        void warning(String path, String message, String hint) {
            problems.add(Problem.warning(path, message, hint));
        }

        void header() {
            if (!Cluster.API_VERSION.equals(cluster.apiVersion())) {
                error("apiVersion", "\"" + cluster.apiVersion() + "\" is not supported", "use " + Cluster.API_VERSION);
            }
            if (!Cluster.KIND.equals(cluster.kind())) {
                error("kind", "\"" + cluster.kind() + "\" is not supported", "use " + Cluster.KIND);
            }
            String name = cluster.name();
            if (name == null || name.isEmpty()) {
                error("name", "is required", "a short cluster name such as prod-eu1: " + NAME_RULE);
            } else if (!Names.isLabel(name)) {
                error("name", "\"" + name + "\" is not a valid cluster name", NAME_RULE);
            }
            kubernetesVersion();
            if (cluster.privateInterface() != null && !Names.isInterfaceName(cluster.privateInterface())) {
                error("privateInterface", "\"" + cluster.privateInterface() + "\" is not a network interface name",
                        "e.g. eth1 or ens4: at most 15 characters, no '/' or spaces");
            }
        }

        /** The version against the release table: supported, out of support, not yet known. */
        void kubernetesVersion() {
            String path = "kubernetesVersion";
            String v = cluster.kubernetesVersion();
            String newest = RELEASES.defaultVersion();
            if (v == null || v.isEmpty()) {
                error(path, "is required", "e.g. " + newest);
                return;
            }
            Optional<KubernetesVersion> version = KubernetesVersion.parse(v);
            if (version.isEmpty()) {
                error(path, "\"" + v + "\" is not a version like " + newest, null);
                return;
            }
            String range = "kubeha installs Kubernetes " + RELEASES.supportedRange() + "; the newest is " + newest;
            Optional<KubernetesRelease> row = RELEASES.forVersion(version.get());
            if (row.isEmpty()) {
                error(path, v + " is not supported", range);
                return;
            }
            KubernetesRelease r = row.get();
            if (!r.supported()) {
                String due = r.releaseDate() == null ? "" : " (due " + r.releaseDate() + ")";
                error(path, v + " is not yet supported: kubeha has no tested values for " + r.minor() + due,
                        "use " + newest + " until a kubeha release supports " + r.minor());
                return;
            }
            release = row;
            if (version.get().compareTo(r.newestPatchVersion()) > 0) {
                warning(path, v + " is newer than " + r.newestPatch() + ", the newest " + r.minor()
                        + " patch kubeha is tested with", "use " + r.newestPatch() + " unless you need the newer patch");
            }
            if (r.endOfLifeBy(context.today())) {
                warning(path, "Kubernetes " + r.minor() + " reached its end of life on " + r.endOfLife(),
                        "it gets no more security fixes: use " + newest);
            }
        }

        void ssh(String path, String user, Integer port, String identityFile) {
            if (user != null && user.isBlank()) {
                error(path + ".user", "must not be empty", "the login name on the nodes, e.g. ubuntu");
            } else if (user != null && !Names.isUserName(user)) {
                error(path + ".user", "\"" + user + "\" is not a valid user name",
                        "lowercase letters, digits, '_', '-' and '.', starting with a letter or '_'");
            }
            if (port != null && (port < 1 || port > 65535)) {
                error(path + ".port", "port " + port + " is out of range 1-65535", null);
            }
            if (identityFile != null) {
                identityFile(path + ".identityFile", identityFile);
            }
        }

        void identityFile(String path, String value) {
            if (value.isBlank()) {
                error(path, "must not be empty", "leave it out to use the SSH agent");
                return;
            }
            Path file = context.resolve(value);
            if (!Files.exists(file)) {
                error(path, file + " does not exist", "give the path of the private key, e.g. ~/.ssh/id_ed25519");
            } else if (Files.isDirectory(file)) {
                error(path, file + " is a directory", "give the path of the private key file itself");
            } else if (!Files.isReadable(file)) {
                error(path, file + " is not readable", "check the file's owner and permissions");
            }
        }

        void nodes() {
            List<Node> nodes = cluster.nodes();
            if (nodes.isEmpty()) {
                error("nodes", "no nodes", "add at least three control-plane nodes");
                return;
            }
            Map<String, Integer> names = new HashMap<>();
            Map<IpAddress, Integer> addresses = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                String p = "nodes[" + i + "]";
                if (n.name() == null || n.name().isEmpty()) {
                    error(p + ".name", "is required", "e.g. master0: " + NAME_RULE);
                } else if (!Names.isSubdomain(n.name())) {
                    error(p + ".name", "\"" + n.name() + "\" is not a valid node name", NAME_RULE
                            + " (dots may join such labels)");
                } else if (names.containsKey(n.name())) {
                    error(p + ".name", "\"" + n.name() + "\" is already the name of nodes[" + names.get(n.name()) + "]",
                            "node names must be unique");
                } else {
                    names.put(n.name(), i);
                }
                host(p + ".host", n.host());
                privateAddress(i, n, addresses);
                if (n.publicAddress() != null) {
                    address(p + ".publicAddress", n.publicAddress(), true);
                }
                if (n.privateInterface() != null && !Names.isInterfaceName(n.privateInterface())) {
                    error(p + ".privateInterface", "\"" + n.privateInterface() + "\" is not a network interface name",
                            "e.g. eth1 or ens4: at most 15 characters, no '/' or spaces");
                }
                if (n.privateAddress() == null && cluster.privateInterfaceFor(n) == null) {
                    error(p + ".privateAddress", "no private address and no private interface to detect it from",
                            "set privateAddress, or privateInterface for the cluster or this node");
                }
                if (n.ssh() != null) {
                    ssh(p + ".ssh", n.ssh().user(), n.ssh().port(), n.ssh().identityFile());
                }
                nodeRoles(p + ".roles", n);
            }
        }

        void host(String path, String host) {
            if (host == null || host.isEmpty()) {
                error(path, "is required", "the IP address or DNS name the installer reaches the node at over SSH");
            } else if (IpAddress.looksLikeIpv4(host) && !IpAddress.isValid(host)) {
                error(path, host + " is not an IP address", "write four numbers 0-255 without leading zeros");
            } else if (!IpAddress.isValid(host) && !Names.isDnsName(host)) {
                error(path, "\"" + host + "\" is not an IP address or DNS name", null);
            }
        }

        /** Checks an address that must be an IP; returns it when valid. */
        Optional<IpAddress> address(String path, String text, boolean dnsNameAllowed) {
            Optional<IpAddress> ip = IpAddress.parse(text);
            if (ip.isEmpty()) {
                if (dnsNameAllowed && !IpAddress.looksLikeIpv4(text) && Names.isDnsName(text)) {
                    return Optional.empty();
                }
                error(path, text + " is not an IP address" + (dnsNameAllowed ? " or DNS name" : ""),
                        IpAddress.looksLikeIpv4(text) ? "write four numbers 0-255 without leading zeros" : null);
                return Optional.empty();
            }
            if (ip.get().isUnspecified()) {
                error(path, text + " is the unspecified address", "give the node's own address");
                return Optional.empty();
            }
            if (ip.get().isMulticast()) {
                error(path, text + " is a multicast address", "give the node's own address");
                return Optional.empty();
            }
            if (ip.get().isLoopback()) {
                warning(path, text + " is a loopback address",
                        "fine for a single-machine lab; real nodes need their network address");
            }
            return ip;
        }

        void privateAddress(int index, Node n, Map<IpAddress, Integer> seen) {
            if (n.privateAddress() == null) {
                return;
            }
            String path = "nodes[" + index + "].privateAddress";
            Optional<IpAddress> ip = address(path, n.privateAddress(), false);
            if (ip.isEmpty()) {
                return;
            }
            Integer other = seen.putIfAbsent(ip.get(), index);
            if (other != null) {
                error(path, n.privateAddress() + " is already the private address of " + describeNode(other),
                        "every node needs its own private address");
            } else {
                privateAddresses.put(index, ip.get());
            }
        }

        String describeNode(int index) {
            String name = cluster.nodes().get(index).name();
            return name != null && !name.isEmpty() ? name + " (nodes[" + index + "])" : "nodes[" + index + "]";
        }

        void nodeRoles(String path, Node n) {
            if (n.roles().isEmpty()) {
                error(path, "no role", "give one or more of " + ROLES);
                return;
            }
            if (new LinkedHashSet<>(n.roles()).size() != n.roles().size()) {
                warning(path, "a role is listed twice", null);
            }
            if (n.hasRole(Role.ETCD) && n.hasRole(Role.WORKER)) {
                error(path, "a node cannot be both etcd and worker",
                        "keep etcd members free of workloads: give the worker role to other nodes");
            }
            if (n.hasRole(Role.ETCD) && cluster.etcd().topology() == EtcdTopology.CO_LOCATED) {
                error(path, "role etcd is not used with the co-located etcd topology",
                        "co-located etcd runs on the control-plane nodes: remove role etcd, or set etcd.topology to dedicated");
            } else if (n.hasRole(Role.ETCD) && n.hasRole(Role.CONTROL_PLANE)) {
                error(path, "a dedicated etcd node cannot also be control-plane",
                        "use separate nodes for etcd, or set etcd.topology to co-located");
            }
        }

        void roles() {
            if (cluster.nodes().isEmpty()) {
                return;
            }
            int masters = cluster.controlPlaneNodes().size();
            if (masters == 0) {
                error("nodes", "no control-plane node", "give the role control-plane to three nodes");
            } else if (masters < 3) {
                warning("nodes", masters + " control-plane node" + (masters == 1 ? " is" : "s are")
                        + " not highly available", "use 3 control-plane nodes so that one can fail");
            }
            if (cluster.etcd().topology() == EtcdTopology.CO_LOCATED) {
                if (masters > 0 && masters % 2 == 0) {
                    warning("nodes", quorum(masters, "control-plane nodes (each an etcd member)"),
                            "use an odd number of control-plane nodes, e.g. " + (masters + 1));
                }
                return;
            }
            int members = cluster.nodesWith(Role.ETCD).size();
            if (members == 0) {
                error("nodes", "the dedicated etcd topology needs nodes with role etcd",
                        "give the role etcd to three nodes, or set etcd.topology to co-located");
            } else if (members == 1) {
                warning("nodes", "a single etcd member is not highly available",
                        "use 3 etcd nodes so that one can fail");
            } else if (members % 2 == 0) {
                warning("nodes", quorum(members, "etcd members"),
                        "use an odd number of etcd nodes, e.g. " + (members + 1));
            }
        }

        /** Why an even member count buys nothing: quorum grows, tolerated failures do not. */
        String quorum(int count, String what) {
            int quorum = count / 2 + 1;
            int tolerated = count - quorum;
            return count + " " + what + " need " + quorum + " for quorum and tolerate "
                    + (tolerated == 0 ? "no failure" : tolerated + " failure" + (tolerated == 1 ? "" : "s"))
                    + ", the same as " + (count - 1);
        }

        Optional<HostPort> loadBalancer() {
            LoadBalancer lb = cluster.loadBalancer();
            Optional<HostPort> endpoint = Optional.empty();
            if (lb.endpoint() == null) {
                if (lb.mode() == LoadBalancerMode.EXTERNAL) {
                    error("loadBalancer.endpoint", "is required for an external load balancer",
                            "host:port of the load balancer in front of the API servers, e.g. lb.example.com:6443");
                }
            } else {
                HostPort.Parsed parsed = HostPort.parse(lb.endpoint());
                if (parsed.value().isEmpty()) {
                    error("loadBalancer.endpoint", parsed.error(), "write host:port, e.g. lb.example.com:6443");
                }
                endpoint = parsed.value();
            }
            if (lb.mode() == LoadBalancerMode.EXTERNAL) {
                if (lb.virtualIp() != null) {
                    warning("loadBalancer.virtualIp", "is ignored with an external load balancer",
                            "remove it, or set loadBalancer.mode to haproxy-keepalived");
                }
                endpoint.ifPresent(this::singleMasterEndpoint);
                return endpoint;
            }
            keepalived(endpoint);
            return endpoint;
        }

        void singleMasterEndpoint(HostPort endpoint) {
            List<Node> masters = cluster.controlPlaneNodes();
            for (Node m : masters) {
                if (endpoint.host().equalsIgnoreCase(String.valueOf(m.host()))
                        || sameAddress(endpoint.host(), m.privateAddress())
                        || sameAddress(endpoint.host(), m.publicAddress())) {
                    warning("loadBalancer.endpoint", endpoint.host() + " is the address of " + m.name()
                                    + " alone: the API is not highly available through it",
                            "point it at a load balancer in front of all control-plane nodes");
                    return;
                }
            }
        }

        boolean sameAddress(String a, String b) {
            if (b == null) {
                return false;
            }
            Optional<IpAddress> x = IpAddress.parse(a);
            return x.isPresent() ? x.equals(IpAddress.parse(b)) : a.equalsIgnoreCase(b);
        }

        void keepalived(Optional<HostPort> endpoint) {
            LoadBalancer lb = cluster.loadBalancer();
            String path = "loadBalancer.virtualIp";
            if (lb.virtualIp() == null) {
                error(path, "is required for haproxy-keepalived",
                        "a free address in the control-plane nodes' private network, e.g. 10.0.0.100/24");
                return;
            }
            Optional<VirtualIp> vip = VirtualIp.parse(lb.virtualIp());
            if (vip.isEmpty()) {
                error(path, lb.virtualIp() + " is not an IP address", "write an address, optionally with its prefix: 10.0.0.100/24");
                return;
            }
            IpAddress address = vip.get().address();
            for (int i = 0; i < cluster.nodes().size(); i++) {
                Node n = cluster.nodes().get(i);
                if (sameAddress(address.toString(), n.host()) || sameAddress(address.toString(), n.privateAddress())
                        || sameAddress(address.toString(), n.publicAddress())) {
                    error(path, address + " is already an address of " + describeNode(i),
                            "the virtual IP must be a free address that keepalived moves between control-plane nodes");
                    return;
                }
            }
            Cidr subnet = vip.get().subnet();
            for (int i = 0; i < cluster.nodes().size(); i++) {
                IpAddress master = privateAddresses.get(i);
                if (master == null || !cluster.nodes().get(i).hasRole(Role.CONTROL_PLANE)) {
                    continue;
                }
                if (!subnet.contains(master)) {
                    String message = address + " is not in the same " + subnet.network() + " subnet as the private address "
                            + master + " of " + describeNode(i);
                    if (vip.get().prefixGiven()) {
                        error(path, message, "VRRP moves the address only within the control-plane nodes' network");
                    } else {
                        warning(path, message, "if the private network is larger than /" + subnet.prefixLength()
                                + ", write the prefix, e.g. " + address + "/16");
                    }
                    break;
                }
            }
            endpoint.ifPresent(e -> {
                if (e.port() == 6443) {
                    error("loadBalancer.endpoint", "port 6443 is taken by the API server on the control-plane nodes, where HAProxy runs",
                            "use another port, e.g. " + address + ":" + LoadBalancer.DEFAULT_HAPROXY_PORT);
                }
                Optional<IpAddress> endpointIp = IpAddress.parse(e.host());
                if (endpointIp.isPresent() && !endpointIp.get().equals(address)) {
                    error("loadBalancer.endpoint", e.host() + " is not the virtual IP " + address,
                            "leave endpoint out to use " + address + ":" + LoadBalancer.DEFAULT_HAPROXY_PORT);
                }
            });
        }

        /**
         * Extra API server certificate SANs: each a DNS-1123 name (kubeadm also takes a wildcard
         * like {@code *.example.com}) or an IP address, once.
         */
        void apiServer() {
            List<String> sans = cluster.extraCertSans();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < sans.size(); i++) {
                String path = "apiServer.certSANs[" + i + "]";
                String san = sans.get(i);
                if (san.isBlank()) {
                    error(path, "must not be empty", "a DNS name or IP address clients reach the API servers at,"
                            + " e.g. api.example.com");
                    continue;
                }
                Optional<IpAddress> ip = IpAddress.parse(san);
                String key;
                if (ip.isPresent()) {
                    if (ip.get().isUnspecified() || ip.get().isMulticast()) {
                        error(path, san + " is " + (ip.get().isUnspecified() ? "the unspecified" : "a multicast")
                                + " address", "give an address clients reach the API servers at");
                        continue;
                    }
                    key = ip.get().toString();
                } else if (IpAddress.looksLikeIpv4(san)) {
                    error(path, san + " is not an IP address", "write four numbers 0-255 without leading zeros");
                    continue;
                } else if (Names.isSubdomain(san) || san.startsWith("*.") && Names.isSubdomain(san.substring(2))) {
                    key = san;
                } else {
                    error(path, "\"" + san + "\" is not a DNS name or IP address",
                            "lowercase DNS-1123 names such as api.example.com (or *.example.com), or an IP address");
                    continue;
                }
                Integer first = seen.putIfAbsent(key, i);
                if (first != null) {
                    error(path, san + " is already apiServer.certSANs[" + first + "]", "list each name once");
                }
            }
        }

        void networking(Optional<HostPort> endpoint) {
            Networking net = cluster.networking();
            Optional<Cidr> pods = Optional.empty();
            if (net.podSubnet() == null || net.podSubnet().isEmpty()) {
                error("networking.podSubnet", "is required", "the CIDR your CNI plugin uses, e.g. 10.244.0.0/16");
            } else {
                pods = subnet("networking.podSubnet", net.podSubnet());
            }
            Optional<Cidr> services = subnet("networking.serviceSubnet", net.serviceSubnet());
            services.ifPresent(s -> {
                if (s.address().isV4() && s.prefixLength() < 12) {
                    error("networking.serviceSubnet", s + " is larger than /12",
                            "the API server allocates service IPs from at most a /12, e.g. 10.96.0.0/12");
                } else if (!s.address().isV4() && s.prefixLength() < 108) {
                    error("networking.serviceSubnet", s + " is larger than /108",
                            "the API server allocates IPv6 service IPs from at most a /108");
                }
            });
            if (pods.isPresent() && services.isPresent() && pods.get().overlaps(services.get())) {
                error("networking.serviceSubnet", services.get() + " overlaps networking.podSubnet " + pods.get(),
                        "pick subnets that do not share addresses, e.g. 10.244.0.0/16 and 10.96.0.0/12");
            }
            pods.ifPresent(c -> containsNode("networking.podSubnet", c, endpoint));
            services.ifPresent(c -> containsNode("networking.serviceSubnet", c, endpoint));
            String domain = net.dnsDomain();
            if (!Names.isSubdomain(domain)) {
                error("networking.dnsDomain", "\"" + domain + "\" is not a valid DNS domain",
                        "lowercase labels joined by dots, e.g. cluster.local");
            }
        }

        /**
         * Pod and service addresses are routed inside the cluster: a node, the virtual IP or the
         * load balancer inside one of those ranges becomes unreachable from the pods. Reports the
         * first such address of a subnet.
         */
        void containsNode(String path, Cidr cidr, Optional<HostPort> endpoint) {
            String hint = "pod and service subnets must not overlap the nodes' network";
            for (var e : privateAddresses.entrySet()) {
                if (cidr.contains(e.getValue())) {
                    error(path, cidr + " contains the private address " + e.getValue() + " of " + describeNode(e.getKey()),
                            hint);
                    return;
                }
            }
            for (int i = 0; i < cluster.nodes().size(); i++) {
                Node n = cluster.nodes().get(i);
                for (String[] address : new String[][] {{"SSH address", n.host()}, {"public address", n.publicAddress()}}) {
                    Optional<IpAddress> ip = address[1] == null ? Optional.empty() : IpAddress.parse(address[1]);
                    if (ip.isPresent() && cidr.contains(ip.get())) {
                        error(path, cidr + " contains the " + address[0] + " " + ip.get() + " of " + describeNode(i), hint);
                        return;
                    }
                }
            }
            Optional<VirtualIp> vip = cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED
                    && cluster.loadBalancer().virtualIp() != null
                    ? VirtualIp.parse(cluster.loadBalancer().virtualIp()) : Optional.empty();
            if (vip.isPresent() && cidr.contains(vip.get().address())) {
                error(path, cidr + " contains the virtual IP " + vip.get().address(), hint);
                return;
            }
            Optional<IpAddress> lb = endpoint.flatMap(e -> IpAddress.parse(e.host()));
            if (lb.isPresent() && cidr.contains(lb.get())) {
                error(path, cidr + " contains the load balancer address " + lb.get(), hint);
            }
        }

        Optional<Cidr> subnet(String path, String text) {
            Optional<Cidr> cidr = Cidr.parse(text);
            if (cidr.isEmpty()) {
                error(path, "\"" + text + "\" is not a CIDR", "write address/prefix, e.g. 10.244.0.0/16");
                return cidr;
            }
            if (cidr.get().hasHostBits()) {
                warning(path, text + " has host bits set", "did you mean " + cidr.get().network() + "?");
            }
            return cidr;
        }

        void pki() {
            PkiSettings pki = cluster.pki();
            Optional<Duration> leaf = duration("pki.certificateValidity", pki.certificateValidity());
            Optional<Duration> ca = duration("pki.caValidity", pki.caValidity());
            if (leaf.isPresent() && ca.isPresent() && leaf.get().compareTo(ca.get()) > 0) {
                error("pki.certificateValidity", pki.certificateValidity() + " is longer than pki.caValidity "
                        + pki.caValidity(), "a certificate cannot outlive the CA that signs it");
            }
        }

        Optional<Duration> duration(String path, String text) {
            try {
                Duration d = GoDuration.parse(text);
                if (d.isZero() || d.toMinutes() < 60) {
                    error(path, text + " is shorter than one hour", "certificates are usually valid for 8760h (a year)");
                    return Optional.empty();
                }
                return Optional.of(d);
            } catch (IllegalArgumentException e) {
                error(path, "\"" + text + "\" " + e.getMessage(), "write hours, e.g. 8760h for a year");
                return Optional.empty();
            }
        }

        /** airGapped.distro: one kubeha fetches packages for; airGapped.packages: a directory holding packages. */
        void airGapped() {
            AirGapped airGapped = cluster.airGapped();
            if (airGapped == null) {
                return;
            }
            if (airGapped.distro() != null && !AirGapped.DISTROS.contains(airGapped.distro())) {
                error("airGapped.distro", "\"" + airGapped.distro() + "\" is not one of " + String.join(", ", AirGapped.DISTROS),
                        "the nodes' distribution, whose packages kubeha fetches; leave it out to bring packages yourself");
            }
            String packages = airGapped.packages();
            if (packages == null) {
                return;
            }
            String hint = "the directory that holds the nodes' .deb or .rpm packages (kubeadm, kubelet, kubectl, cri-tools,"
                    + " kubernetes-cni, containerd.io), or leave it out";
            if (packages.isBlank()) {
                error("airGapped.packages", "must not be empty", hint);
                return;
            }
            Path dir = context.resolve(packages);
            if (!Files.exists(dir)) {
                error("airGapped.packages", dir + " does not exist", hint);
            } else if (!Files.isDirectory(dir)) {
                error("airGapped.packages", dir + " is not a directory", hint);
            } else {
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    if (files.noneMatch(f -> Files.isRegularFile(f) && AirGapped.isPackage(f.getFileName().toString()))) {
                        error("airGapped.packages", dir + " holds no .deb or .rpm package", hint);
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    error("airGapped.packages", dir + " is not readable", "check the directory's owner and permissions");
                }
            }
        }

        /** images: a site registry as host:port over HTTPS, and its CA a readable PEM certificate. */
        void images() {
            ImageSettings images = cluster.images();
            if (images == null) {
                return;
            }
            String registry = images.registry();
            if (registry != null) {
                if (registry.isBlank()) {
                    error("images.registry", "must not be empty", "the site registry as host:port, e.g."
                            + " registry.example.com:5000, or leave images out");
                } else if (registry.contains("://") || registry.contains("/")) {
                    error("images.registry", "\"" + registry + "\" is not host:port",
                            "write the registry without scheme or path, e.g. registry.example.com:5000; it is reached over HTTPS");
                } else {
                    HostPort.Parsed parsed = HostPort.parse(registry.contains(":") || registry.startsWith("[")
                            ? registry : registry + ":443");
                    if (parsed.value().isEmpty()) {
                        error("images.registry", parsed.error(), "the site registry as host:port, e.g. registry.example.com:5000");
                    }
                }
            }
            String ca = images.registryCa();
            if (ca != null) {
                if (registry == null || registry.isBlank()) {
                    error("images.registryCa", "is set, but images.registry is not", "set images.registry to the site registry");
                } else if (ca.isBlank()) {
                    error("images.registryCa", "must not be empty", "the path of the registry's CA certificate (PEM)");
                } else {
                    Path file = context.resolve(ca);
                    if (!Files.isRegularFile(file)) {
                        error("images.registryCa", file + " is not a file", "give the path of the registry's CA certificate (PEM)");
                    } else {
                        try {
                            if (!Files.readString(file).contains("-----BEGIN CERTIFICATE-----")) {
                                error("images.registryCa", file + " holds no PEM certificate",
                                        "give the CA certificate, -----BEGIN CERTIFICATE----- …");
                            }
                        } catch (java.io.IOException | java.io.UncheckedIOException e) {
                            error("images.registryCa", file + " is not readable", "check the file's owner and permissions");
                        }
                    }
                }
            }
        }

        void cni() {
            Cni cni = cluster.cni();
            if (cni == null || cni.manifest() == null) {
                warning("cni", "no CNI manifest: the nodes stay NotReady until a pod network is applied",
                        "set cni.manifest to the manifest of your network plugin (file or https URL), e.g. Flannel's"
                                + " or Calico's");
                return;
            }
            String manifest = cni.manifest();
            if (manifest.isBlank()) {
                error("cni.manifest", "must not be empty", "a file path or an https URL");
            } else if (manifest.startsWith("http://")) {
                warning("cni.manifest", manifest + " is fetched without TLS", "use an https URL");
            } else if (manifest.contains("://") && !cni.remote()) {
                error("cni.manifest", manifest + " is neither a file nor an http(s) URL", null);
            } else if (!cni.remote()) {
                Path file = context.resolve(manifest);
                if (!Files.isRegularFile(file)) {
                    error("cni.manifest", file + " is not a file", "give the path of the manifest, or an https URL");
                } else if (!Files.isReadable(file)) {
                    error("cni.manifest", file + " is not readable", "check the file's owner and permissions");
                }
            }
        }

        /**
         * etcd.version, when the file gives one (else the release's pinned etcd runs). kubeadm
         * refuses external etcd older than its MinExternalEtcdVersion; kubeadm's own stacked etcd
         * is whatever image kubeha names.
         */
        void etcd() {
            String v = cluster.etcd().version();
            if (v == null) {
                return;
            }
            String pinned = release.map(r -> ", e.g. " + r.etcdVersion() + " (the one kubeadm " + r.minor() + " pins)")
                    .orElse("");
            Optional<EtcdVersion> version = EtcdVersion.parse(v);
            if (version.isEmpty()) {
                error("etcd.version", "\"" + v + "\" is not a version like 3.6.8",
                        "write it without a leading v" + pinned + ", or leave it out for the release's");
                return;
            }
            if (release.isPresent() && !cluster.etcd().stacked()) {
                KubernetesRelease r = release.get();
                EtcdVersion minimum = EtcdVersion.parse(r.minExternalEtcdVersion()).orElseThrow();
                if (version.get().compareTo(minimum) < 0) {
                    error("etcd.version", "etcd " + v + " is older than " + minimum
                                    + ", the oldest external etcd kubeadm " + r.minor() + " accepts",
                            "use " + minimum + " or newer" + pinned + ", or leave etcd.version out");
                    return;
                }
            }
            if (version.get().major() != 3 || !version.get().atLeast(3, 5)) {
                warning("etcd.version", v + " is not an etcd release kubeadm " + RELEASES.supportedRange()
                        + " is tested with", "use etcd 3.5 or newer" + pinned);
            }
        }

        /**
         * etcd run by systemd is installed from etcd's release tarball, which kubeha downloads
         * only against a published sha256: without one in the release table, apply and export
         * need the tarball or its sha256 from the user.
         */
        void etcdTarball() {
            String v = cluster.etcdVersion();
            boolean versionRefused = problems.stream().anyMatch(p -> p.isError() && p.path().equals("etcd.version"));
            if (cluster.etcd().runtime() != EtcdRuntime.SYSTEMD || v == null || versionRefused
                    || RELEASES.etcdVersionsWithChecksums().contains(v)) {
                return;
            }
            List<String> known = RELEASES.etcdVersionsWithChecksums();
            warning(cluster.etcd().version() != null ? "etcd.version" : "etcd.runtime",
                    "etcd " + v + " run by systemd is installed from its release tarball, and kubeha knows no"
                            + " published sha256 of it, so it will not download it",
                    "give apply and export --include-packages DIR with etcd-v" + v + "-linux-<arch>.tar.gz, or"
                            + " --etcd-sha256 from etcd v" + v + "'s SHA256SUMS"
                            + (known.isEmpty() ? "" : "; or set etcd.version to " + String.join(" or ", known)));
        }
    }
}

package dev.kubeha.exec;

import dev.kubeha.model.ContainerdVersion;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.plan.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Test connection" for one node, before any plan exists: can it be reached, does it let us in,
 * which OS it runs ({@code /etc/os-release}), whether root work goes through (as root, or through
 * sudo without a password or with the one given), its IPv4 interfaces with their addresses, its
 * cgroup version ({@code stat -fc %T /sys/fs/cgroup}) and the containerd it has, if any
 * ({@code containerd --version}). A cgroup v1 host, or a containerd older than the release wants,
 * is a problem (prepare-node.sh would stop on the first and replace the second); a missing
 * containerd is not, the install puts one in. Reads only; changes nothing on the node. The transport decides about host keys and credentials,
 * so the probe trusts exactly what an install would.
 */
public final class HostProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    // "2: eth1    inet 10.0.0.31/24 brd 10.0.0.255 scope global eth1\       valid_lft forever ..."
    private static final Pattern INET =
            Pattern.compile("^\\s*\\d+:\\s+(\\S+)\\s+inet (\\d{1,3}(?:\\.\\d{1,3}){3})/(\\d{1,2})\\b");

    /** How far the probe got. */
    public enum Reach {
        /** No SSH connection: the host is down, the address or port is wrong, or a firewall drops it. */
        UNREACHABLE,
        /** The host answered, but its key was not trusted or the login was refused. */
        REFUSED,
        /** Logged in. */
        AUTHENTICATED
    }

    /** Whether root work goes through. */
    public enum Sudo {
        /** Logged in as root: no sudo needed. */
        ROOT,
        /** sudo ran as root (without a password, or with the one given). */
        OK,
        /** Root work does not go through; see the report's problem. */
        FAILED,
        /** Not tested: the login failed first. */
        UNKNOWN
    }

    /** One IPv4 address of an interface, as {@code ip -o -4 addr show} reports it. */
    public record Interface(String name, String address, int prefixLength) {
        /** {@code 10.0.0.31/24}. */
        public String cidr() {
            return address + "/" + prefixLength;
        }

        @Override
        public String toString() {
            return name + " " + cidr();
        }
    }

    /**
     * What the probe found. {@code cgroup} is {@code v2}, {@code v1}, or null when not found out;
     * {@code containerd} the installed containerd's version, null when it has none (or it was not
     * asked). {@code arch} is the node's architecture in the names releases use ({@code amd64},
     * {@code arm64}; see {@link NodeArchitectures#releaseName}), null when not found out. {@code
     * problem} is one line naming the node and what to do next, null when everything went through.
     */
    public record Report(String node, Reach reach, String os, Sudo sudo, List<Interface> interfaces, String cgroup,
                         String containerd, String arch, String problem) {
        public Report {
            interfaces = List.copyOf(interfaces);
        }

        /** A node the probe did not get into: nothing found out but the problem. */
        public static Report failed(String node, Reach reach, String problem) {
            return new Report(node, reach, null, Sudo.UNKNOWN, List.of(), null, null, null, problem);
        }

        public boolean ok() {
            return problem == null;
        }

        /** The first IPv4 address of {@code iface}, if the node reported one. */
        public Optional<String> addressOf(String iface) {
            return interfaces.stream().filter(i -> i.name().equals(iface)).map(Interface::address).findFirst();
        }

        /** The interface names, in the node's order, without repeats (an interface may have several addresses). */
        public List<String> interfaceNames() {
            return interfaces.stream().map(Interface::name).distinct().toList();
        }
    }

    private HostProbe() {
    }

    /**
     * Probes one node of the transport for a cluster of {@code release} (null when the cluster's
     * version is not a supported one yet: its containerd is then reported, not judged); never
     * throws: what went wrong is in the report.
     */
    public static Report probe(Transport transport, String node, KubernetesRelease release) {
        Connection connection;
        try {
            connection = transport.connect(node);
        } catch (TransportException e) {
            Reach reach = e.kind() == TransportException.Kind.CONNECT ? Reach.UNREACHABLE : Reach.REFUSED;
            return Report.failed(node, reach, e.getMessage());
        }
        try {
            return probe(connection, node, release);
        } finally {
            connection.close();
        }
    }

    private static Report probe(Connection connection, String node, KubernetesRelease release) {
        List<String> problems = new ArrayList<>();
        String os = null;
        List<Interface> interfaces = List.of();
        Sudo sudo = Sudo.UNKNOWN;
        String cgroup = null;
        String containerd = null;
        String arch = null;
        try {
            Output osRelease = run(connection, Command.of("cat", "/etc/os-release"), false);
            os = osRelease.exit == 0 ? osName(osRelease.stdout).orElse(null) : null;
            if (os == null) {
                problems.add("node " + node + ": /etc/os-release is missing or names no system; kubeha installs on"
                        + " Debian, Ubuntu and RHEL-like Linux");
            }
            Output user = run(connection, Command.of("id", "-un"), false);
            String login = user.exit == 0 && !user.stdout.isEmpty() ? user.stdout.get(0).strip() : "the login user";
            Output uid = run(connection, Command.of("id", "-u"), false);
            if (uid.exit == 0 && uid.stdout.equals(List.of("0"))) {
                sudo = Sudo.ROOT;
            } else {
                try {
                    Output root = run(connection, Command.of("id", "-u"), true);
                    if (root.exit == 0 && root.stdout.equals(List.of("0"))) {
                        sudo = Sudo.OK;
                    } else {
                        sudo = Sudo.FAILED;
                        problems.add(sudoProblem(node, login, root));
                    }
                } catch (SudoRefused refused) {
                    // The transport recognised sudo refusing: a wrong password, or none where one is needed.
                    sudo = Sudo.FAILED;
                    problems.add(refused.passwordGiven()
                            ? "node " + node + ": sudo refused the password given for " + login + "; check the sudo password"
                            : "node " + node + ": sudo asks " + login + " for a password; give the sudo password, or allow "
                                    + login + " to use sudo without one");
                }
            }
            Output addresses = run(connection, Command.of("ip", "-o", "-4", "addr", "show"), false);
            interfaces = interfaces(addresses.stdout);
            if (addresses.exit != 0) {
                problems.add("node " + node + ": ip -o -4 addr show exited with code " + addresses.exit
                        + firstLine(addresses.stderr) + "; install iproute2 on the node");
            } else if (interfaces.stream().allMatch(i -> i.name().equals("lo"))) {
                problems.add("node " + node + ": reports no IPv4 address besides loopback; check its network"
                        + " configuration");
            }
            Output fs = run(connection, Command.of("stat", "-fc", "%T", "/sys/fs/cgroup"), false);
            if (fs.exit == 0 && fs.stdout.size() == 1 && !fs.stdout.get(0).isBlank()) {
                String type = fs.stdout.get(0).strip();
                cgroup = type.equals(CGROUP2_FS) ? "v2" : "v1";
                if (!type.equals(CGROUP2_FS)) {
                    problems.add(cgroupV1Problem(node, type, release));
                }
            }
            Output machine = run(connection, NodeArchitectures.UNAME, false);
            if (machine.exit == 0 && !machine.stdout.isEmpty()) {
                arch = NodeArchitectures.releaseName(machine.stdout.get(0)).orElse(null);
            }
            // As root where root works: containerd may be in an sbin directory a login's PATH lacks.
            boolean asRoot = sudo == Sudo.OK;
            Output version = run(connection, Command.of("containerd", "--version"), asRoot);
            if (version.exit == 0) {
                Optional<ContainerdVersion> found = version.stdout.stream().map(ContainerdVersion::ofVersionLine)
                        .flatMap(Optional::stream).findFirst();
                containerd = found.map(ContainerdVersion::toString).orElse(null);
                if (found.isPresent() && release != null && !release.containerdAcceptable(found.get())) {
                    problems.add(containerdProblem(node, found.get(), release));
                }
            }
        } catch (TransportException e) {
            problems.add(e.getMessage());
        }
        return new Report(node, Reach.AUTHENTICATED, os, sudo, interfaces, cgroup, containerd, arch,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** What {@code stat -fc %T /sys/fs/cgroup} prints on a cgroup v2 (unified) host. */
    static final String CGROUP2_FS = "cgroup2fs";

    static String cgroupV1Problem(String node, String fsType, KubernetesRelease release) {
        String kubelet = release == null ? "the kubelet (from Kubernetes v1.35)" : "the kubelet of Kubernetes " + release.minor();
        return "node " + node + ": runs cgroup v1 (/sys/fs/cgroup is " + fsType + "), which " + kubelet
                + " refuses; boot it with systemd.unified_cgroup_hierarchy=1 on the kernel command line, or use a"
                + " distribution that defaults to cgroup v2 (Debian 11+, Ubuntu 21.10+, RHEL 9)";
    }

    static String containerdProblem(String node, ContainerdVersion found, KubernetesRelease release) {
        return "node " + node + ": has containerd " + found + ", too old for Kubernetes " + release.minor() + " (it needs "
                + release.containerdRequirement() + "); upgrade it, or let the install replace it with Docker's"
                + " containerd.io (from download.docker.com, or from containerd.io packages in the packages directory)";
    }

    private static String sudoProblem(String node, String login, Output root) {
        String said = String.join(" ", root.stderr).toLowerCase(java.util.Locale.ROOT);
        String why = firstLine(root.stderr);
        if (said.contains("password is required")) {
            return "node " + node + ": sudo asks " + login + " for a password" + why
                    + "; give the sudo password, or allow " + login + " to use sudo without one";
        }
        if (said.contains("try again") || said.contains("incorrect password")) {
            return "node " + node + ": sudo refused the password given for " + login + why
                    + "; check the sudo password";
        }
        if (root.exit == 0) {
            return "node " + node + ": " + login + " is not root and sudo is off; turn sudo on in the SSH settings,"
                    + " or log in as root";
        }
        return "node " + node + ": sudo failed for " + login + " (exit " + root.exit + ")" + why
                + "; check that " + login + " may run commands as root with sudo";
    }

    private static String firstLine(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).findFirst().map(l -> " (" + l.strip() + ")").orElse("");
    }

    /** {@code PRETTY_NAME}, else {@code NAME VERSION_ID}, from {@code /etc/os-release}. */
    static Optional<String> osName(List<String> lines) {
        String pretty = null;
        String name = null;
        String version = null;
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 1) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            switch (key) {
                case "PRETTY_NAME" -> pretty = value;
                case "NAME" -> name = value;
                case "VERSION_ID" -> version = value;
                default -> {
                }
            }
        }
        if (pretty != null && !pretty.isBlank()) {
            return Optional.of(pretty);
        }
        if (name != null && !name.isBlank()) {
            return Optional.of(version == null || version.isBlank() ? name : name + " " + version);
        }
        return Optional.empty();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Every interface with an IPv4 address, from {@code ip -o -4 addr show}, in its order. */
    static List<Interface> interfaces(List<String> lines) {
        List<Interface> result = new ArrayList<>();
        for (String line : lines) {
            Matcher m = INET.matcher(line);
            if (m.find() && dev.kubeha.model.IpAddress.isValid(m.group(2))) {
                int prefix = Integer.parseInt(m.group(3));
                if (prefix <= 32) {
                    result.add(new Interface(m.group(1), m.group(2), prefix));
                }
            }
        }
        return result;
    }

    private record Output(int exit, List<String> stdout, List<String> stderr) {
    }

    private static Output run(Connection connection, Command command, boolean asRoot) throws TransportException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int exit = connection.run(command, asRoot, null, (stream, line) -> {
            synchronized (out) {
                (stream == OutputStreamKind.STDOUT ? out : err).add(line);
            }
        }, TIMEOUT);
        synchronized (out) {
            return new Output(exit, List.copyOf(out), List.copyOf(err));
        }
    }
}

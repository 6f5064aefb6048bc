package dev.kubeha.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell of a simulated host: parses a command line as {@code sh -c} would ({@link ShellSyntax})
 * and runs the programs a fresh Debian host has, plus those the plan installs. A program the host
 * does not have exits 127, "command not found"; a program it has but is called in a way the
 * simulation does not know says so and fails.
 */
final class HostShell {
    private static final Pattern DEV_TCP = Pattern.compile("exec 3<>/dev/tcp/([^/\\s]+)/(\\d+)");
    private static final Set<String> BASE_PROGRAMS = Set.of("sh", "bash", "sudo", "cat", "chmod", "chown", "mv", "mkdir",
            "install", "test", "ip", "timeout", "true", "false", "id", "hostname", "uname", "systemctl", "curl",
            "stat");

    private final SimulatedHost host;

    HostShell(SimulatedHost host) {
        this.host = host;
    }

    /** Runs one command line; returns its exit status. */
    int run(String line, Io io) throws IOException, InterruptedException {
        ShellSyntax.Node node;
        try {
            node = ShellSyntax.parse(line);
        } catch (ShellSyntax.SyntaxException e) {
            io.err.println("bash: line 1: " + e.getMessage());
            return 2;
        }
        return exec(node, io);
    }

    private int exec(ShellSyntax.Node node, Io io) throws IOException, InterruptedException {
        if (node instanceof ShellSyntax.Simple s) {
            return simple(s.argv(), redirect(io, s.redirects()));
        } else if (node instanceof ShellSyntax.Group g) {
            return exec(g.body(), redirect(io, g.redirects()));
        }
        ShellSyntax.List2 list = (ShellSyntax.List2) node;
        int left = exec(list.left(), io);
        return switch (list.op()) {
            case "&&" -> left == 0 ? exec(list.right(), io) : left;
            case "||" -> left != 0 ? exec(list.right(), io) : left;
            default -> exec(list.right(), io);
        };
    }

    private static Io redirect(Io io, List<ShellSyntax.Redirect> redirects) {
        PrintStream out = io.out;
        PrintStream err = io.err;
        for (ShellSyntax.Redirect r : redirects) {
            if (r.toDevNull()) {
                if (r.fd() == 1) {
                    out = Io.NULL;
                } else {
                    err = Io.NULL;
                }
            } else if (r.fd() == 2) {
                err = out;
            } else {
                out = err;
            }
        }
        return io.with(out, err);
    }

    /** Whether the host has this program: the base system, or a package the plan installed. */
    boolean has(String program) {
        return BASE_PROGRAMS.contains(program) || host.installed(program);
    }

    int simple(List<String> argv, Io io) throws IOException, InterruptedException {
        String program = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        if (!has(program)) {
            io.err.println("bash: line 1: " + program + ": command not found");
            return 127;
        }
        return switch (program) {
            case "sudo" -> sudo(args, io);
            case "sh", "bash" -> shell(program, args, io);
            case "cat" -> cat(args, io);
            case "chmod" -> chmod(args, io);
            case "chown" -> chown(args, io);
            case "mv" -> mv(args, io);
            case "mkdir" -> mkdir(args, io);
            case "install" -> install(args, io);
            case "test" -> test(args, io);
            case "ip" -> ip(args, io);
            case "timeout" -> timeout(args, io);
            case "true" -> 0;
            case "false" -> 1;
            case "id" -> id(args, io);
            case "hostname" -> print(io, host.name);
            case "uname" -> print(io, args.contains("-m") ? "x86_64" : "Linux");
            case "systemctl" -> new Systemd(host).systemctl(args, io);
            case "curl" -> new Curl(host).run(args, io);
            case "kubeadm" -> new Kubeadm(host).run(args, io);
            case "kubectl" -> new Kubectl(host).run(args, io);
            case "kubelet" -> version(program, args, io);
            case "containerd" -> containerd(args, io);
            case "stat" -> stat(args, io);
            default -> {
                io.err.println("kubeha demo: " + program + " is installed but not simulated");
                yield 127;
            }
        };
    }

    private static int print(Io io, String line) {
        io.out.println(line);
        return 0;
    }

    private int unsupported(String program, List<String> args, Io io) {
        io.err.println(program + ": the simulated host does not know the arguments " + String.join(" ", args));
        return 2;
    }

    // --- sudo and shells -------------------------------------------------------------------------

    private int sudo(List<String> args, Io io) throws IOException, InterruptedException {
        boolean stdin = false;
        boolean nonInteractive = false;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String a = args.get(i++);
            switch (a) {
                case "-S" -> stdin = true;
                case "-n" -> nonInteractive = true;
                case "-k" -> { }
                case "-p" -> i++; // the prompt
                case "--" -> {
                    return sudoRun(args.subList(i, args.size()), stdin, nonInteractive, io);
                }
                default -> {
                    io.err.println("sudo: invalid option -- '" + a.substring(1) + "'");
                    return 1;
                }
            }
        }
        return sudoRun(args.subList(i, args.size()), stdin, nonInteractive, io);
    }

    private int sudoRun(List<String> command, boolean stdin, boolean nonInteractive, Io io)
            throws IOException, InterruptedException {
        if (command.isEmpty()) {
            io.err.println("usage: sudo -h | -K | -k | -V");
            return 1;
        }
        String expected = host.sudoPassword();
        if (!io.root && expected != null) {
            if (nonInteractive) {
                io.err.println("sudo: a password is required");
                return 1;
            }
            if (!stdin) {
                io.err.println("sudo: a terminal is required to read the password; either use the -S option to read"
                        + " from standard input or configure an askpass helper");
                return 1;
            }
            String given = io.readLine();
            if (!expected.equals(given)) {
                io.err.println("Sorry, try again.");
                io.err.println("sudo: 1 incorrect password attempt");
                return 1;
            }
        }
        return simple(command, io.asRoot());
    }

    private int shell(String program, List<String> args, Io io) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            return unsupported(program, args, io);
        }
        if (args.get(0).equals("-c")) {
            if (args.size() < 2) {
                io.err.println(program + ": -c: option requires an argument");
                return 2;
            }
            String line = args.get(1);
            Matcher tcp = DEV_TCP.matcher(line);
            if (program.equals("bash") && tcp.matches()) {
                return devTcp(tcp.group(1), Integer.parseInt(tcp.group(2)), io);
            }
            return run(line, io);
        }
        return new Scripts(host).run(args.get(0), args.subList(1, args.size()), io);
    }

    /** bash's {@code exec 3<>/dev/tcp/HOST/PORT}: opens a TCP connection. */
    private int devTcp(String address, int port, Io io) throws InterruptedException {
        host.pace.work(0.1);
        if (host.network.accepts(address, port)) {
            return 0;
        }
        io.err.println("bash: connect: Connection refused");
        io.err.println("bash: line 1: /dev/tcp/" + address + "/" + port + ": Connection refused");
        return 1;
    }

    private int timeout(List<String> args, Io io) throws IOException, InterruptedException {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            i++;
        }
        if (args.size() < i + 2 || !args.get(i).matches("\\d+(\\.\\d+)?[smhd]?")) {
            io.err.println("timeout: missing operand");
            return 125;
        }
        // The simulated commands end promptly; the limit is never reached.
        return simple(args.subList(i + 1, args.size()), io);
    }

    private int id(List<String> args, Io io) {
        if (args.equals(List.of("-u"))) {
            return print(io, io.root ? "0" : "1000");
        }
        if (args.equals(List.of("-un"))) {
            return print(io, io.root ? "root" : host.user);
        }
        return print(io, io.root ? "uid=0(root) gid=0(root) groups=0(root)"
                : "uid=1000(" + host.user + ") gid=1000(" + host.user + ") groups=1000(" + host.user + "),27(sudo)");
    }

    private int version(String program, List<String> args, Io io) {
        if (!args.equals(List.of("--version"))) {
            return unsupported(program, args, io);
        }
        return print(io, "Kubernetes v" + host.kubernetesVersion());
    }

    /** A fresh Debian 12 host boots with the unified hierarchy: cgroup v2. */
    private int stat(List<String> args, Io io) {
        if (!args.equals(List.of("-fc", "%T", "/sys/fs/cgroup"))) {
            return unsupported("stat", args, io);
        }
        return print(io, "cgroup2fs");
    }

    /** Docker's containerd.io, as prepare-node.sh installs it: its version and default configuration. */
    private int containerd(List<String> args, Io io) {
        if (args.equals(List.of("--version"))) {
            return print(io, "containerd containerd.io v" + host.containerdVersion() + " kubeha-demo");
        }
        if (args.equals(List.of("config", "default"))) {
            io.out.print(Scripts.containerdDefaultConfig());
            return 0;
        }
        return unsupported("containerd", args, io);
    }

    // --- files -------------------------------------------------------------------------------------

    /** The local file of a path, or null after printing why it cannot be used. */
    private Path path(String program, String path, Io io) {
        Path p = host.file(path);
        if (p == null) {
            io.err.println(program + ": " + path + ": the simulated host takes absolute paths only");
        }
        return p;
    }

    private boolean mayWrite(String path, Io io) {
        return io.root || host.userMayWrite(path);
    }

    private int cat(List<String> args, Io io) throws IOException {
        int status = 0;
        for (String a : args) {
            if (a.equals("--")) {
                continue;
            }
            Path p = path("cat", a, io);
            if (p == null) {
                return 1;
            }
            if (!Files.exists(p)) {
                io.err.println("cat: " + a + ": No such file or directory");
                status = 1;
            } else if (Files.isDirectory(p)) {
                io.err.println("cat: " + a + ": Is a directory");
                status = 1;
            } else if (!io.root && host.rootOnly(p)) {
                io.err.println("cat: " + a + ": Permission denied");
                status = 1;
            } else {
                io.out.write(Files.readAllBytes(p));
                io.out.flush();
            }
        }
        return status;
    }

    private int chmod(List<String> args, Io io) throws IOException {
        if (args.size() != 2 || !args.get(0).matches("[0-7]{3,4}")) {
            return unsupported("chmod", args, io);
        }
        Path p = path("chmod", args.get(1), io);
        if (p == null) {
            return 1;
        }
        if (!Files.exists(p)) {
            io.err.println("chmod: cannot access '" + args.get(1) + "': No such file or directory");
            return 1;
        }
        if (!mayWrite(args.get(1), io)) {
            io.err.println("chmod: changing permissions of '" + args.get(1) + "': Operation not permitted");
            return 1;
        }
        setMode(p, args.get(0));
        return 0;
    }

    private int chown(List<String> args, Io io) throws IOException {
        if (args.size() != 2) {
            return unsupported("chown", args, io);
        }
        String owner = args.get(0);
        if (!knownOwner(owner)) {
            io.err.println("chown: invalid user: '" + owner + "'");
            return 1;
        }
        Path p = path("chown", args.get(1), io);
        if (p == null) {
            return 1;
        }
        if (!Files.exists(p)) {
            io.err.println("chown: cannot access '" + args.get(1) + "': No such file or directory");
            return 1;
        }
        if (!io.root) {
            io.err.println("chown: changing ownership of '" + args.get(1) + "': Operation not permitted");
            return 1;
        }
        return 0;
    }

    private boolean knownOwner(String owner) {
        for (String part : owner.split(":", -1)) {
            if (!part.equals("root") && !part.equals(host.user)) {
                return false;
            }
        }
        return true;
    }

    private int mv(List<String> args, Io io) throws IOException {
        List<String> files = args.stream().filter(a -> !a.equals("-f")).toList();
        if (files.size() != 2) {
            return unsupported("mv", args, io);
        }
        Path from = path("mv", files.get(0), io);
        Path to = path("mv", files.get(1), io);
        if (from == null || to == null) {
            return 1;
        }
        if (!Files.exists(from)) {
            io.err.println("mv: cannot stat '" + files.get(0) + "': No such file or directory");
            return 1;
        }
        if (!mayWrite(files.get(0), io) || !mayWrite(files.get(1), io)) {
            io.err.println("mv: cannot move '" + files.get(0) + "' to '" + files.get(1) + "': Permission denied");
            return 1;
        }
        if (!Files.isDirectory(to.getParent())) {
            io.err.println("mv: cannot move '" + files.get(0) + "' to '" + files.get(1) + "': No such file or directory");
            return 1;
        }
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return 0;
    }

    private int mkdir(List<String> args, Io io) throws IOException {
        boolean parents = args.contains("-p");
        List<String> dirs = args.stream().filter(a -> !a.equals("-p")).toList();
        if (dirs.isEmpty()) {
            io.err.println("mkdir: missing operand");
            return 1;
        }
        for (String d : dirs) {
            Path p = path("mkdir", d, io);
            if (p == null) {
                return 1;
            }
            if (Files.isDirectory(p) && parents) {
                continue;
            }
            if (!mayWrite(d, io)) {
                io.err.println("mkdir: cannot create directory '" + d + "': Permission denied");
                return 1;
            }
            if (parents) {
                Files.createDirectories(p);
            } else if (Files.exists(p)) {
                io.err.println("mkdir: cannot create directory '" + d + "': File exists");
                return 1;
            } else {
                Files.createDirectory(p);
            }
        }
        return 0;
    }

    /** {@code install -m MODE -o USER -g GROUP SRC DST} and {@code install -d -m MODE DIR}. */
    private int install(List<String> args, Io io) throws IOException {
        String mode = "0755";
        String owner = null;
        String group = null;
        boolean directory = false;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-m" -> mode = args.get(++i);
                case "-o" -> owner = args.get(++i);
                case "-g" -> group = args.get(++i);
                case "-d" -> directory = true;
                default -> files.add(args.get(i));
            }
        }
        if ((owner != null && !knownOwner(owner)) || (group != null && !knownOwner(group))) {
            io.err.println("install: invalid user '" + (owner == null ? group : owner) + "'");
            return 1;
        }
        if ((owner != null || group != null) && !io.root) {
            io.err.println("install: cannot change ownership of '" + files.get(files.size() - 1) + "': Operation not permitted");
            return 1;
        }
        if (directory) {
            for (String d : files) {
                if (mkdir(List.of("-p", d), io) != 0) {
                    return 1;
                }
                setMode(host.file(d), mode);
            }
            return 0;
        }
        if (files.size() != 2) {
            return unsupported("install", args, io);
        }
        Path from = path("install", files.get(0), io);
        Path to = path("install", files.get(1), io);
        if (from == null || to == null) {
            return 1;
        }
        if (!Files.exists(from)) {
            io.err.println("install: cannot stat '" + files.get(0) + "': No such file or directory");
            return 1;
        }
        if (!mayWrite(files.get(1), io)) {
            io.err.println("install: cannot create regular file '" + files.get(1) + "': Permission denied");
            return 1;
        }
        if (!Files.isDirectory(to.getParent())) {
            io.err.println("install: cannot create regular file '" + files.get(1) + "': No such file or directory");
            return 1;
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        setMode(to, mode);
        return 0;
    }

    static void setMode(Path p, String octal) throws IOException {
        int mode = Integer.parseInt(octal, 8);
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(s.toString()));
        } catch (UnsupportedOperationException e) {
            // Not POSIX: the host's directory is private to the user anyway.
        }
    }

    private int test(List<String> args, Io io) {
        if (args.size() != 2) {
            return unsupported("test", args, io);
        }
        Path p = host.file(args.get(1));
        if (p == null) {
            return 1;
        }
        return switch (args.get(0)) {
            case "-e" -> Files.exists(p) ? 0 : 1;
            case "-f" -> Files.isRegularFile(p) ? 0 : 1;
            case "-d" -> Files.isDirectory(p) ? 0 : 1;
            case "-s" -> {
                try {
                    yield Files.isRegularFile(p) && Files.size(p) > 0 ? 0 : 1;
                } catch (IOException e) {
                    yield 1;
                }
            }
            default -> unsupported("test", args, io);
        };
    }

    /** {@code ip [-o] [-4] addr [show] [dev IFACE]}, as iproute2 prints it. */
    private int ip(List<String> args, Io io) {
        boolean oneLine = false;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            if (args.get(i).equals("-o")) {
                oneLine = true;
            } else if (!args.get(i).equals("-4")) {
                return unsupported("ip", args, io);
            }
            i++;
        }
        List<String> rest = args.subList(i, args.size());
        if (rest.isEmpty() || !List.of("addr", "address", "a").contains(rest.get(0))) {
            return unsupported("ip", args, io);
        }
        rest = rest.subList(1, rest.size());
        if (!rest.isEmpty() && rest.get(0).equals("show")) {
            rest = rest.subList(1, rest.size());
        }
        String device = null;
        if (rest.size() == 2 && rest.get(0).equals("dev")) {
            device = rest.get(1);
        } else if (!rest.isEmpty()) {
            return unsupported("ip", args, io);
        }
        List<SimulatedHost.Interface> all = new ArrayList<>();
        all.add(new SimulatedHost.Interface(1, "lo", "127.0.0.1", 8));
        all.addAll(host.interfaces);
        String wanted = device;
        List<SimulatedHost.Interface> shown = all.stream().filter(n -> wanted == null || n.name().equals(wanted)).toList();
        if (shown.isEmpty()) {
            io.err.println("Device \"" + device + "\" does not exist.");
            return 1;
        }
        for (SimulatedHost.Interface n : shown) {
            String scope = n.name().equals("lo") ? "scope host lo" : "brd " + broadcast(n) + " scope global " + n.name();
            String inet = "inet " + n.address() + "/" + n.prefix() + " " + scope;
            if (oneLine) {
                io.out.println(n.index() + ": " + n.name() + "    " + inet + "\\       valid_lft forever preferred_lft forever");
            } else {
                io.out.println(n.index() + ": " + n.name() + ": <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP");
                io.out.println("    " + inet);
                io.out.println("       valid_lft forever preferred_lft forever");
            }
        }
        return 0;
    }

    private static String broadcast(SimulatedHost.Interface n) {
        String[] parts = n.address().split("\\.");
        return parts[0] + "." + parts[1] + "." + parts[2] + ".255";
    }
}

package dev.kubeha.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code curl} on the simulated network: HTTPS to an etcd member (TLS both ways, checked against
 * the certificates on the hosts: the member's server certificate must be signed by {@code --cacert}
 * and name the address, the client certificate must be signed by the member's trusted CA), and to
 * the API servers or the load balancer ({@code /healthz}, {@code /readyz}, {@code /livez}). The body
 * goes to standard output, or with {@code -o FILE} to that file ({@code /dev/null} discards it).
 */
final class Curl {
    private static final Pattern URL = Pattern.compile("https://([^/:\\[\\]]+):(\\d+)(/\\S*)");

    private final SimulatedHost host;

    Curl(SimulatedHost host) {
        this.host = host;
    }

    int run(List<String> args, Io io) throws IOException, InterruptedException {
        boolean fail = false;
        boolean silent = false;
        boolean showError = false;
        boolean insecure = false;
        String caCert = null;
        String cert = null;
        String key = null;
        String url = null;
        String output = null;
        String method = "GET";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                switch (a) {
                    case "--max-time", "--retry", "--connect-timeout" -> i++;
                    case "--cacert" -> caCert = args.get(++i);
                    case "--cert" -> cert = args.get(++i);
                    case "--key" -> key = args.get(++i);
                    case "--output" -> output = args.get(++i);
                    case "--request" -> method = args.get(++i);
                    case "--data" -> {
                        i++;
                        method = method.equals("GET") ? "POST" : method;
                    }
                    case "--fail" -> fail = true;
                    case "--silent" -> silent = true;
                    case "--show-error" -> showError = true;
                    case "--insecure" -> insecure = true;
                    case "--location" -> { }
                    default -> {
                        io.err.println("curl: option " + a + ": is unknown");
                        return 2;
                    }
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    if (c == 'X' || c == 'd') {
                        // -X METHOD, -d DATA (a POST): the rest of the word, or the next one.
                        String value = j + 1 < a.length() ? a.substring(j + 1) : args.get(++i);
                        if (c == 'X') {
                            method = value;
                        } else if (method.equals("GET")) {
                            method = "POST";
                        }
                        break;
                    }
                    if (c == 'o') {
                        // -o FILE, or -oFILE: the rest of the word is the file.
                        output = j + 1 < a.length() ? a.substring(j + 1) : args.get(++i);
                        break;
                    }
                    switch (c) {
                        case 'f' -> fail = true;
                        case 's' -> silent = true;
                        case 'S' -> showError = true;
                        case 'k' -> insecure = true;
                        case 'L' -> { }
                        default -> {
                            io.err.println("curl: option -" + c + ": is unknown");
                            return 2;
                        }
                    }
                }
            } else {
                url = a;
            }
        }
        boolean errors = !silent || showError;
        if (output == null) {
            return fetch(url, method, caCert, cert, key, insecure, fail, errors, io);
        }
        if (!output.startsWith("/")) {
            io.err.println("curl: the simulated host writes output to absolute paths only, not " + output);
            return 2;
        }
        // -o: the body goes to the file (none is created when nothing arrives), messages stay on stderr.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = fetch(url, method, caCert, cert, key, insecure, fail, errors,
                io.with(new PrintStream(body, true, StandardCharsets.UTF_8), io.err));
        if (status != 0 || output.equals("/dev/null")) {
            return status;
        }
        Path file = host.file(output);
        boolean parentExists = file != null && Files.isDirectory(file.getParent());
        if (!parentExists || !(io.root || host.userMayWrite(output))) {
            if (!silent) {
                io.err.println("Warning: Failed to open the file " + output + ": "
                        + (parentExists ? "Permission denied" : "No such file or directory"));
            }
            return error(io, errors, 23, "Failure writing output to destination");
        }
        Files.write(file, body.toByteArray());
        return 0;
    }

    private int fetch(String url, String method, String caCert, String cert, String key, boolean insecure, boolean fail, boolean errors,
                      Io io) throws IOException, InterruptedException {
        Matcher m = url == null ? null : URL.matcher(url);
        if (m == null || !m.matches()) {
            return error(io, errors, 1, "Protocol or URL not supported by the simulated network: " + url);
        }
        String address = m.group(1);
        int port = Integer.parseInt(m.group(2));
        String path = m.group(3);
        host.pace.work(0.1);
        String local = address.equals("127.0.0.1") || address.equals("localhost") ? host.name + "/127.0.0.1" : address;
        var member = host.network.etcdAt(local, port);
        if (member.isPresent()) {
            return etcd(member.get(), address, path, method, caCert, cert, key, insecure, fail, errors, io);
        }
        if (host.network.isLoadBalancer(address, port) || host.network.apiServerAt(address, port)) {
            if (!host.network.apiReachable(address, port)) {
                return error(io, errors, 52, "Empty reply from server");
            }
            if (!insecure) {
                return error(io, errors, 60, "SSL certificate problem: unable to get local issuer certificate");
            }
            if (List.of("/healthz", "/readyz", "/livez").contains(path)) {
                io.out.print("ok");
                io.out.flush();
                return 0;
            }
            return http(io, fail, errors, 403, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Forbidden\"}");
        }
        return error(io, errors, 7, "Failed to connect to " + address + " port " + port + " after 0 ms: Couldn't connect to server");
    }

    private int etcd(DemoNetwork.EtcdMember member, String address, String path, String method, String caCert, String cert, String key,
                     boolean insecure, boolean fail, boolean errors, Io io) throws IOException {
        X509Certificate server = certificate(member.host(), member.serverCertFile());
        if (server == null) {
            return error(io, errors, 35, "OpenSSL/3.0.15: error:0A000438:SSL routines::tlsv1 alert internal error");
        }
        if (!insecure) {
            X509Certificate ca = caCert == null ? null : readable(caCert, io) ? certificate(host, caCert) : null;
            if (ca == null) {
                return error(io, errors, caCert == null ? 60 : 77, caCert == null
                        ? "SSL certificate problem: unable to get local issuer certificate"
                        : "error setting certificate file: " + caCert);
            }
            if (!signedBy(server, ca)) {
                return error(io, errors, 60, "SSL certificate problem: unable to get local issuer certificate");
            }
            if (!namesAddress(server, address)) {
                return error(io, errors, 60, "SSL: no alternative certificate subject name matches target host name '"
                        + address + "'");
            }
        }
        X509Certificate client = cert == null ? null : certificate(host, cert);
        if (cert != null && (client == null || key == null || !readable(key, io) || !Files.exists(host.file(key)))) {
            return error(io, errors, 58, "unable to set private key file: '" + key + "' type PEM");
        }
        X509Certificate trusted = certificate(member.host(), member.trustedCaFile());
        if (client == null || trusted == null || !signedBy(client, trusted)) {
            return error(io, errors, 56, "OpenSSL SSL_read: OpenSSL/3.0.15: error:0A00045C:SSL routines::tlsv13 alert"
                    + " certificate required, errno 0");
        }
        if (path.equals("/v3/cluster/member/list")) {
            if (!method.equals("POST")) {
                return http(io, fail, errors, 405, "Method Not Allowed");
            }
            if (!host.network.hasQuorum(member)) {
                return http(io, fail, errors, 503, "{\"error\":\"etcdserver: request timed out\",\"code\":14,"
                        + "\"message\":\"etcdserver: request timed out\"}");
            }
            io.out.print(memberList(member));
            io.out.flush();
            return 0;
        }
        if (!path.startsWith("/health")) {
            return http(io, fail, errors, 404, "404 page not found");
        }
        if (!host.network.hasQuorum(member)) {
            return http(io, fail, errors, 503, "{\"health\":\"false\",\"reason\":\"RAFT NO LEADER\"}");
        }
        io.out.print("{\"health\":\"true\",\"reason\":\"\"}");
        io.out.flush();
        return 0;
    }

    /**
     * The v3 gateway's answer to {@code /v3/cluster/member/list}, as etcd prints it: the running
     * members of the asked member's cluster by ID, IDs as decimal strings (uint64 in the gateway's JSON).
     */
    private String memberList(DemoNetwork.EtcdMember asked) {
        StringBuilder json = new StringBuilder("{\"header\":{\"cluster_id\":\"" + id(String.join(",", asked.initialCluster()))
                + "\",\"member_id\":\"" + id(asked.name()) + "\",\"raft_term\":\"2\"},\"members\":[");
        List<DemoNetwork.EtcdMember> members = host.network.etcdMembers().stream()
                .filter(m -> asked.initialCluster().contains(m.name()))
                .sorted(java.util.Comparator.comparing(m -> Long.parseUnsignedLong(id(m.name())) ^ Long.MIN_VALUE))
                .toList();
        for (int i = 0; i < members.size(); i++) {
            DemoNetwork.EtcdMember m = members.get(i);
            List<String> clients = m.clientEndpoints().stream().filter(e -> !e.contains("/")).map(e -> "\"https://" + e + "\"")
                    .toList();
            List<String> peers = m.clientEndpoints().stream().filter(e -> !e.contains("/") && e.endsWith(":2379"))
                    .map(e -> "\"https://" + e.substring(0, e.length() - 4) + "2380\"").toList();
            json.append(i == 0 ? "" : ",").append("{\"ID\":\"").append(id(m.name())).append("\",\"name\":\"")
                    .append(m.name()).append("\",\"peerURLs\":[").append(String.join(",", peers))
                    .append("],\"clientURLs\":[").append(String.join(",", clients)).append("]}");
        }
        return json.append("]}").toString();
    }

    /** A member's (or cluster's) ID: a stable uint64 from its name, as decimal. */
    private static String id(String name) {
        long h = 1125899906842597L;
        for (char c : name.toCharArray()) {
            h = 31 * h + c;
        }
        return Long.toUnsignedString(h);
    }

    private boolean readable(String path, Io io) throws IOException {
        Path p = host.file(path);
        return p != null && Files.exists(p) && (io.root || !host.rootOnly(p));
    }

    private static int http(Io io, boolean fail, boolean errors, int status, String body) {
        if (fail) {
            return error(io, errors, 22, "The requested URL returned error: " + status);
        }
        io.out.print(body);
        io.out.flush();
        return 0;
    }

    private static int error(Io io, boolean show, int code, String message) {
        if (show) {
            io.err.println("curl: (" + code + ") " + message);
        }
        return code;
    }

    static X509Certificate certificate(SimulatedHost on, String path) {
        Path p = path == null ? null : on.file(path);
        if (p == null || !Files.exists(p)) {
            return null;
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(p)));
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean namesAddress(X509Certificate cert, String address) {
        try {
            var names = cert.getSubjectAlternativeNames();
            return names != null && names.stream().anyMatch(n -> address.equals(String.valueOf(n.get(1))));
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }
}

package dev.kubeha.model;

import java.util.Optional;

/**
 * {@code host:port} as written in an endpoint; IPv6 hosts in brackets ({@code [fd00::1]:6443}).
 * Parsing reports what is wrong in words a user can act on.
 */
public record HostPort(String host, int port) {

    /** The result of parsing: a value, or the reason it is not one. */
    public record Parsed(Optional<HostPort> value, String error) {
    }

    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(Optional.empty(), "is empty");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return new Parsed(Optional.empty(), "\"" + text + "\" has no closing ] after the IPv6 address");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.startsWith(":")) {
                return new Parsed(Optional.empty(), "\"" + text + "\" has no port");
            }
            port = rest.substring(1);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                return new Parsed(Optional.empty(), "\"" + text + "\" has no port");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.contains(":")) {
                return new Parsed(Optional.empty(), "\"" + text + "\" needs brackets around the IPv6 address");
            }
        }
        if (!port.matches("\\d{1,9}")) {
            return new Parsed(Optional.empty(), "\"" + port + "\" in \"" + text + "\" is not a port number");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return new Parsed(Optional.empty(), "port " + p + " is out of range 1-65535");
        }
        if (!IpAddress.isValid(host) && !Names.isDnsName(host)) {
            return new Parsed(Optional.empty(), "\"" + host + "\" is not an IP address or DNS name");
        }
        return new Parsed(Optional.of(new HostPort(host, p)), null);
    }
}

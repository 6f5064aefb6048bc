package dev.kubeha.model;

import java.util.Optional;

/**
 * The keepalived virtual IP, written as an address or as address/prefix. Without a prefix the
 * subnet is taken as /24 (IPv4) or /64 (IPv6), the common private-network sizes.
 */
public record VirtualIp(IpAddress address, int prefixLength, boolean prefixGiven) {

    public static Optional<VirtualIp> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return IpAddress.parse(text).map(ip -> new VirtualIp(ip, ip.isV4() ? 24 : 64, false));
        }
        return Cidr.parse(text).map(c -> new VirtualIp(c.address(), c.prefixLength(), true));
    }

    public Cidr subnet() {
        return new Cidr(address, prefixLength);
    }

    /** The VIP as keepalived's {@code virtual_ipaddress} wants it: {@code 10.0.0.100/24}. */
    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}

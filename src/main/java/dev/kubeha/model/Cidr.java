package dev.kubeha.model;

import java.math.BigInteger;
import java.util.Optional;

/** An IP network in CIDR notation, e.g. {@code 10.244.0.0/16}. */
public record Cidr(IpAddress address, int prefixLength) {

    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<IpAddress> ip = IpAddress.parse(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        if (ip.isEmpty() || !prefix.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int length = Integer.parseInt(prefix);
        if (length > ip.get().bitLength()) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(ip.get(), length));
    }

    private BigInteger mask() {
        int bits = address.bitLength();
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
    }

    private BigInteger networkBits() {
        return address.toBigInteger().and(mask());
    }

    /** Whether the address has bits set beyond the prefix (10.244.1.0/16). */
    public boolean hasHostBits() {
        return !networkBits().equals(address.toBigInteger());
    }

    /** The network with host bits cleared, e.g. {@code 10.244.0.0/16} for {@code 10.244.1.0/16}. */
    public Cidr network() {
        return new Cidr(IpAddress.fromBigInteger(networkBits(), address.bitLength()), prefixLength);
    }

    public boolean contains(IpAddress ip) {
        return ip.bitLength() == address.bitLength() && ip.toBigInteger().and(mask()).equals(networkBits());
    }

    public boolean overlaps(Cidr other) {
        if (other.address.bitLength() != address.bitLength()) {
            return false;
        }
        Cidr wider = prefixLength <= other.prefixLength ? this : other;
        Cidr narrower = wider == this ? other : this;
        return wider.contains(narrower.address);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}

package org.edtriage.ingest.senders;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One source address or a CIDR block ("10.20.0.0/16", "127.0.0.1", "::1"), as an allow-list names a sender's hosts. */
public record AddressRange(InetAddress network, int prefixBits) {

    public static AddressRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        boolean literal = host.contains(":") ? host.matches("[0-9A-Fa-f:.]+") : host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!literal) {
            // literal addresses only: a host name would make the allow-list depend on DNS at every connection
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block", e);
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': the prefix length is not a number", e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0.." + bits);
            }
        }
        return new AddressRange(address, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + (prefixBits == network.getAddress().length * 8 ? "" : "/" + prefixBits);
    }
}

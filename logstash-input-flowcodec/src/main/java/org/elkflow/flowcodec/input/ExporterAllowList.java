package org.elkflow.flowcodec.input;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code allowed_exporters} setting: IPv4 and IPv6 networks in CIDR notation (a bare address is a /32 or
 * /128). An IPv4-mapped IPv6 source ({@code ::ffff:a.b.c.d}, as a dual-stack socket reports IPv4 senders) is
 * matched as the IPv4 address. Immutable and thread-safe; an empty list allows every source.
 */
final class ExporterAllowList {

    private final List<Network> networks;
    private final List<String> texts;

    private ExporterAllowList(List<Network> networks, List<String> texts) {
        this.networks = networks;
        this.texts = texts;
    }

    static ExporterAllowList allowAll() {
        return new ExporterAllowList(List.of(), List.of());
    }

    /**
     * Parses every entry; throws IllegalArgumentException naming the first bad entry. Only literal addresses are
     * accepted (no name lookups), so a typo cannot turn into a DNS query or a surprise network.
     */
    static ExporterAllowList parse(List<String> cidrs) {
        List<Network> networks = new ArrayList<>();
        for (String cidr : cidrs) {
            networks.add(Network.parse(cidr));
        }
        return new ExporterAllowList(List.copyOf(networks), List.copyOf(cidrs));
    }

    boolean allowsAll() {
        return networks.isEmpty();
    }

    boolean allows(InetAddress source) {
        if (networks.isEmpty()) {
            return true;
        }
        if (source == null) {
            return false;
        }
        byte[] address = unmapped(source.getAddress());
        for (Network network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return texts.toString();
    }

    /** IPv4-mapped IPv6 (::ffff:0:0/96) to its 4 IPv4 bytes; any other address unchanged. */
    private static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    private static final class Network {
        private final byte[] prefix;
        private final int bits;

        private Network(byte[] prefix, int bits) {
            this.prefix = prefix;
            this.bits = bits;
        }

        static Network parse(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("empty entry");
            }
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (!looksLiteral(host)) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 or IPv6 address or CIDR network");
            }
            byte[] address;
            try {
                address = unmapped(InetAddress.getByName(host).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 or IPv6 address or CIDR network");
            }
            int max = address.length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(trimmed.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("\"" + text + "\": prefix length must be from 0 to " + max);
                }
            }
            return new Network(mask(address, bits), bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            return Arrays.equals(mask(address, bits), prefix);
        }

        private static byte[] mask(byte[] address, int bits) {
            byte[] out = address.clone();
            for (int i = 0; i < out.length; i++) {
                int keep = Math.max(0, Math.min(8, bits - i * 8));
                out[i] &= (byte) (0xff << (8 - keep));
            }
            return out;
        }

        /** Hex digits, dots and colons only: InetAddress.getByName then never resolves a name. */
        private static boolean looksLiteral(String host) {
            if (host.isEmpty()) {
                return false;
            }
            boolean colon = host.indexOf(':') >= 0;
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                boolean ok = Character.digit(c, 16) >= 0 || c == '.' || c == ':';
                if (!ok) {
                    return false;
                }
                if (!colon && c != '.' && !Character.isDigit(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}

package org.elkflow.flowcodec.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Textual forms of IP addresses as read off the wire: dotted quad for IPv4 and the RFC 5952 canonical
 * form for IPv6 (lower case, longest run of two or more zero groups compressed to {@code ::}).
 * {@link InetAddress#getHostAddress()} does not compress IPv6 and may append a scope, so it is not used.
 */
public final class AddressText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AddressText() {
    }

    /** {@code address} holds the four address bytes in network order (first byte in the high bits). */
    public static String ipv4(int address) {
        // Latin-1 bytes straight into the String: two to four flow addresses are formatted per event.
        byte[] out = new byte[15];
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            n = appendDecimalByte(out, n, (address >>> shift) & 0xFF);
            if (shift != 0) {
                out[n++] = '.';
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Four bytes → dotted quad, sixteen bytes → RFC 5952 text. */
    public static String of(byte[] address) {
        if (address.length == 4) {
            return ipv4(((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16)
                    | ((address[2] & 0xFF) << 8) | (address[3] & 0xFF));
        }
        if (address.length == 16) {
            return ipv6(address);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
    }

    /** The address without any scope suffix; IPv4 as a dotted quad, IPv6 in RFC 5952 form. */
    public static String of(InetAddress address) {
        if (address instanceof Inet4Address || address instanceof Inet6Address) {
            return of(address.getAddress());
        }
        throw new IllegalArgumentException("unknown address type " + address.getClass().getName());
    }

    /** RFC 5952 text for a sixteen-byte IPv6 address. IPv4-mapped addresses keep the hexadecimal form. */
    public static String ipv6(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        // Longest run of zero groups, the first one on a tie; a single zero group is not compressed.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                sb.append(':');
            }
            appendHexGroup(sb, groups[i]);
        }
        return sb.toString();
    }

    private static int appendDecimalByte(byte[] out, int n, int value) {
        if (value >= 100) {
            out[n++] = (byte) ('0' + value / 100);
            out[n++] = (byte) ('0' + (value / 10) % 10);
        } else if (value >= 10) {
            out[n++] = (byte) ('0' + value / 10);
        }
        out[n++] = (byte) ('0' + value % 10);
        return n;
    }

    private static void appendHexGroup(StringBuilder sb, int group) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = (group >>> shift) & 0xF;
            if (digit != 0 || started || shift == 0) {
                sb.append(HEX[digit]);
                started = true;
            }
        }
    }
}

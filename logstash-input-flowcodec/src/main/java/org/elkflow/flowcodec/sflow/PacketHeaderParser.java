package org.elkflow.flowcodec.sflow;

import java.util.Arrays;

/**
 * Walks a sampled packet header: Ethernet, 802.1Q / 802.1ad tags, MPLS label stack, IPv4 (options skipped),
 * IPv6 (extension headers skipped), then TCP, UDP, SCTP, ICMP or ICMPv6. Agents cut headers at a fixed size,
 * so running out of bytes is normal: parsing stops there and keeps whatever layers were complete. It never
 * throws and never reads outside {@code [offset, offset + length)}.
 *
 * <p>Stateless; safe to share.
 */
public final class PacketHeaderParser {

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;
    private static final int ETH_MPLS = 0x8847;
    private static final int ETH_MPLS_MULTICAST = 0x8848;
    /** Walk at most this many tags / labels / IPv6 extension headers; a loop bound against crafted input. */
    private static final int MAX_WALK = 16;

    private PacketHeaderParser() {
    }

    /** Parses {@code length} header bytes at {@code offset} of {@code bytes}, which start with {@code protocol}. */
    public static PacketHeader parse(long protocol, byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("region outside the array");
        }
        PacketHeader h = new PacketHeader();
        int end = offset + length;
        if (protocol == SampledHeader.PROTOCOL_ETHERNET) {
            ethernet(h, bytes, offset, end);
        } else if (protocol == SampledHeader.PROTOCOL_IPV4) {
            ipv4(h, bytes, offset, end);
        } else if (protocol == SampledHeader.PROTOCOL_IPV6) {
            ipv6(h, bytes, offset, end);
        } else if (protocol == SampledHeader.PROTOCOL_MPLS) {
            mpls(h, bytes, offset, end);
        }
        return h;
    }

    public static PacketHeader parse(long protocol, byte[] bytes) {
        return parse(protocol, bytes, 0, bytes.length);
    }

    private static void ethernet(PacketHeader h, byte[] b, int p, int end) {
        if (end - p < 14) {
            return;
        }
        h.dstMac = u48(b, p);
        h.srcMac = u48(b, p + 6);
        int type = u16(b, p + 12);
        p += 14;
        int walked = 0;
        while ((type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD) && walked++ < MAX_WALK) {
            if (end - p < 4) {
                h.etherType = type;
                return;
            }
            int tci = u16(b, p);
            if (h.vlanCount < PacketHeader.MAX_TAGS) {
                h.vlanIds[h.vlanCount] = tci & 0xFFF;
                h.vlanPriorities[h.vlanCount] = tci >>> 13;
            }
            h.vlanCount++;
            type = u16(b, p + 2);
            p += 4;
        }
        h.etherType = type;
        switch (type) {
            case ETH_IPV4:
                ipv4(h, b, p, end);
                break;
            case ETH_IPV6:
                ipv6(h, b, p, end);
                break;
            case ETH_MPLS:
            case ETH_MPLS_MULTICAST:
                mpls(h, b, p, end);
                break;
            default:
                break;
        }
    }

    private static void mpls(PacketHeader h, byte[] b, int p, int end) {
        for (int walked = 0; walked < MAX_WALK; walked++) {
            if (end - p < 4) {
                return;
            }
            int entry = (u16(b, p) << 16) | u16(b, p + 2);
            if (h.mplsCount < PacketHeader.MAX_TAGS) {
                h.mplsLabels[h.mplsCount] = entry >>> 12;
            }
            h.mplsCount++;
            p += 4;
            if ((entry & 0x100) != 0) {
                // Bottom of stack: MPLS does not say what follows; the IP version nibble does.
                if (p < end) {
                    int version = (b[p] & 0xFF) >>> 4;
                    if (version == 4) {
                        ipv4(h, b, p, end);
                    } else if (version == 6) {
                        ipv6(h, b, p, end);
                    }
                }
                return;
            }
        }
    }

    private static void ipv4(PacketHeader h, byte[] b, int p, int end) {
        if (end - p < 20 || (b[p] & 0xF0) != 0x40) {
            return;
        }
        int headerLength = (b[p] & 0x0F) * 4;
        if (headerLength < 20) {
            return;
        }
        h.ipVersion = 4;
        h.tos = b[p + 1] & 0xFF;
        h.ipLength = u16(b, p + 2);
        int fragmentWord = u16(b, p + 6);
        h.ttl = b[p + 8] & 0xFF;
        h.ipProtocol = b[p + 9] & 0xFF;
        h.ipv4Src = i32(b, p + 12);
        h.ipv4Dst = i32(b, p + 16);
        h.ipOptions = headerLength > 20;
        int fragmentOffset = fragmentWord & 0x1FFF;
        boolean moreFragments = (fragmentWord & 0x2000) != 0;
        h.fragment = fragmentOffset != 0 || moreFragments;
        if (fragmentOffset != 0 || end - p < headerLength) {
            return;
        }
        transport(h, b, p + headerLength, end, false);
    }

    private static void ipv6(PacketHeader h, byte[] b, int p, int end) {
        if (end - p < 40 || (b[p] & 0xF0) != 0x60) {
            return;
        }
        h.ipVersion = 6;
        int first = i32(b, p);
        h.tos = (first >>> 20) & 0xFF;
        h.flowLabel = first & 0xFFFFF;
        h.ipLength = u16(b, p + 4) + 40;
        int next = b[p + 6] & 0xFF;
        h.ttl = b[p + 7] & 0xFF;
        h.ipv6Src = Arrays.copyOfRange(b, p + 8, p + 24);
        h.ipv6Dst = Arrays.copyOfRange(b, p + 24, p + 40);
        p += 40;
        for (int walked = 0; walked < MAX_WALK; walked++) {
            switch (next) {
                case 0:   // hop-by-hop options
                case 43:  // routing
                case 60:  // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (end - p < 2) {
                        h.ipProtocol = next;
                        return;
                    }
                    h.ipv6ExtensionHeaders++;
                    int extNext = b[p] & 0xFF;
                    p += 8 + (b[p + 1] & 0xFF) * 8;
                    next = extNext;
                    break;
                case 44: // fragment
                    h.fragment = true;
                    if (end - p < 8) {
                        h.ipProtocol = next;
                        return;
                    }
                    h.ipv6ExtensionHeaders++;
                    int fragNext = b[p] & 0xFF;
                    boolean first6 = (u16(b, p + 2) & 0xFFF8) == 0;
                    p += 8;
                    next = fragNext;
                    if (!first6) {
                        h.ipProtocol = next;
                        return;
                    }
                    break;
                case 51: // authentication header: length in 4-byte units, minus 2
                    if (end - p < 2) {
                        h.ipProtocol = next;
                        return;
                    }
                    h.ipv6ExtensionHeaders++;
                    int ahNext = b[p] & 0xFF;
                    p += ((b[p + 1] & 0xFF) + 2) * 4;
                    next = ahNext;
                    break;
                default:
                    h.ipProtocol = next;
                    if (p <= end) {
                        transport(h, b, p, end, true);
                    }
                    return;
            }
            if (p > end) {
                h.ipProtocol = next;
                return;
            }
        }
        h.ipProtocol = next;
    }

    private static void transport(PacketHeader h, byte[] b, int p, int end, boolean v6) {
        int protocol = h.ipProtocol;
        switch (protocol) {
            case 6: // TCP
                if (end - p >= 4) {
                    h.srcPort = u16(b, p);
                    h.dstPort = u16(b, p + 2);
                }
                if (end - p >= 14) {
                    h.tcpFlags = ((b[p + 12] & 0x01) << 8) | (b[p + 13] & 0xFF);
                }
                break;
            case 17:  // UDP
            case 132: // SCTP
            case 136: // UDP-Lite
                if (end - p >= 4) {
                    h.srcPort = u16(b, p);
                    h.dstPort = u16(b, p + 2);
                }
                break;
            case 1:
            case 58:
                if ((protocol == 58) == v6 && end - p >= 2) {
                    h.icmpType = b[p] & 0xFF;
                    h.icmpCode = b[p + 1] & 0xFF;
                }
                break;
            default:
                break;
        }
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int i32(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static long u48(byte[] b, int p) {
        return ((long) u16(b, p) << 32) | (i32(b, p + 2) & 0xFFFF_FFFFL);
    }
}

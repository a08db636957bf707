package org.elkflow.flowcodec.sflow;

import org.elkflow.flowcodec.wire.AddressText;

/**
 * The layers {@link PacketHeaderParser} found in a sampled packet header. A header is often cut short by the
 * agent, so every layer is optional: absent numbers are -1 (or 0 where noted), absent addresses null.
 * Filled by the parser and not changed afterwards.
 */
public final class PacketHeader {

    /** Most VLAN tags and MPLS labels kept; deeper stacks are walked but not recorded. */
    static final int MAX_TAGS = 4;

    long srcMac = -1;
    long dstMac = -1;
    int etherType = -1;
    final int[] vlanIds = new int[MAX_TAGS];
    final int[] vlanPriorities = new int[MAX_TAGS];
    int vlanCount;
    final int[] mplsLabels = new int[MAX_TAGS];
    int mplsCount;
    int ipVersion;
    int ipv4Src;
    int ipv4Dst;
    byte[] ipv6Src;
    byte[] ipv6Dst;
    int ipProtocol = -1;
    int tos = -1;
    int ttl = -1;
    int ipLength = -1;
    int flowLabel = -1;
    boolean ipOptions;
    int ipv6ExtensionHeaders;
    boolean fragment;
    int srcPort = -1;
    int dstPort = -1;
    int tcpFlags = -1;
    int icmpType = -1;
    int icmpCode = -1;

    PacketHeader() {
    }

    public boolean hasEthernet() {
        return srcMac >= 0;
    }

    /** Source MAC as a 48-bit number, -1 without an Ethernet layer. */
    public long srcMac() {
        return srcMac;
    }

    public long dstMac() {
        return dstMac;
    }

    /** EtherType after the VLAN tags, -1 without Ethernet. */
    public int etherType() {
        return etherType;
    }

    /** Number of 802.1Q / 802.1ad tags seen (may exceed the {@value #MAX_TAGS} kept). */
    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN id of tag {@code i} (0 = outermost), {@code i < min(vlanCount, MAX_TAGS)}. */
    public int vlanId(int i) {
        return vlanIds[i];
    }

    public int vlanPriority(int i) {
        return vlanPriorities[i];
    }

    public int mplsCount() {
        return mplsCount;
    }

    /** The 20-bit label of stack entry {@code i} (0 = top). */
    public int mplsLabel(int i) {
        return mplsLabels[i];
    }

    /** 4 or 6 when an IP header was parsed, else 0. */
    public int ipVersion() {
        return ipVersion;
    }

    public String srcIp() {
        return ipVersion == 4 ? AddressText.ipv4(ipv4Src) : ipVersion == 6 ? AddressText.ipv6(ipv6Src) : null;
    }

    public String dstIp() {
        return ipVersion == 4 ? AddressText.ipv4(ipv4Dst) : ipVersion == 6 ? AddressText.ipv6(ipv6Dst) : null;
    }

    /** IPv4 protocol or the IPv6 upper-layer protocol after extension headers; -1 when unknown. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** IPv4 TOS byte or IPv6 traffic class. */
    public int tos() {
        return tos;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() {
        return ttl;
    }

    /** IPv4 total length or IPv6 payload length plus 40. */
    public int ipLength() {
        return ipLength;
    }

    public int flowLabel() {
        return flowLabel;
    }

    public boolean ipOptions() {
        return ipOptions;
    }

    public int ipv6ExtensionHeaders() {
        return ipv6ExtensionHeaders;
    }

    /** True for a non-first fragment (no transport header in it) or a first fragment. */
    public boolean fragment() {
        return fragment;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** The nine TCP flag bits (NS..FIN), -1 when no TCP header was reached. */
    public int tcpFlags() {
        return tcpFlags;
    }

    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }
}

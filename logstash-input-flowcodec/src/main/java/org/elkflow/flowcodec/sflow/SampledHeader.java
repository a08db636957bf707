package org.elkflow.flowcodec.sflow;

/**
 * The raw packet header flow record (format 1): what the agent says about the frame, and what
 * {@link PacketHeaderParser} found in the header bytes.
 *
 * @param protocol    header protocol: 1 = Ethernet, 11 = IPv4, 12 = IPv6, 13 = MPLS, ... (sFlow v5 §5.2)
 * @param frameLength length of the original frame, including what was stripped
 * @param stripped    bytes removed from the frame before sampling (e.g. the Ethernet FCS)
 * @param headerLength bytes of header actually sent
 * @param parsed      the layers found in those bytes (never null; empty when the protocol is not parseable)
 */
public record SampledHeader(long protocol, long frameLength, long stripped, int headerLength, PacketHeader parsed) {

    public static final int PROTOCOL_ETHERNET = 1;
    public static final int PROTOCOL_IPV4 = 11;
    public static final int PROTOCOL_IPV6 = 12;
    public static final int PROTOCOL_MPLS = 13;

    /** Lower-case name of the header protocol, or its number as text. */
    public String protocolName() {
        int p = protocol > 20 ? 0 : (int) protocol;
        switch (p) {
            case 1:
                return "ethernet";
            case 2:
                return "iso88024_tokenbus";
            case 3:
                return "iso88025_tokenring";
            case 4:
                return "fddi";
            case 5:
                return "frame_relay";
            case 6:
                return "x25";
            case 7:
                return "ppp";
            case 8:
                return "smds";
            case 9:
                return "aal5";
            case 10:
                return "aal5_ip";
            case 11:
                return "ipv4";
            case 12:
                return "ipv6";
            case 13:
                return "mpls";
            case 14:
                return "pos";
            default:
                return Long.toString(protocol);
        }
    }
}

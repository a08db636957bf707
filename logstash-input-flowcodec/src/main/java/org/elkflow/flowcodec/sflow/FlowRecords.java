package org.elkflow.flowcodec.sflow;

import java.util.List;

/**
 * The standard (enterprise 0) flow records of sFlow v5 other than the raw packet header, as value types.
 * Addresses are kept as text (dotted quad or RFC 5952), MAC addresses as 48-bit numbers.
 */
public final class FlowRecords {

    private FlowRecords() {
    }

    /** Format 2, sampled Ethernet frame. */
    public record SampledEthernet(long length, long srcMac, long dstMac, long etherType) {
    }

    /** Format 3 (IPv4) and 4 (IPv6), sampled IP packet; {@code tos} is the IPv6 priority for format 4. */
    public record SampledIp(int version, long length, long protocol, String srcIp, String dstIp, long srcPort,
                            long dstPort, long tcpFlags, long tos) {
    }

    /** Format 1001, extended switch data. */
    public record ExtendedSwitch(long srcVlan, long srcPriority, long dstVlan, long dstPriority) {
    }

    /** Format 1002, extended router data; {@code nextHop} is null when the agent sent the "unknown" address type. */
    public record ExtendedRouter(String nextHop, long srcMaskLength, long dstMaskLength) {
    }

    /** One segment of a BGP AS path: type 1 = AS_SET, 2 = AS_SEQUENCE. */
    public record AsPathSegment(long type, List<Long> asNumbers) {
    }

    /** Format 1003, extended gateway data. */
    public record ExtendedGateway(String nextHop, long as, long srcAs, long srcPeerAs, List<AsPathSegment> asPath,
                                  List<Long> communities, long localPref) {

        /** Destination AS: the last AS of the path, or -1 when the path is empty. */
        public long dstAs() {
            for (int i = asPath.size() - 1; i >= 0; i--) {
                List<Long> numbers = asPath.get(i).asNumbers();
                if (!numbers.isEmpty()) {
                    return numbers.get(numbers.size() - 1);
                }
            }
            return -1;
        }
    }

    /** Format 1004, extended user data; charsets are IANA MIBenum values. */
    public record ExtendedUser(long srcCharset, String srcUser, long dstCharset, String dstUser) {
    }

    /** Format 1005, extended URL data; direction 1 = source address is the server, 2 = destination is. */
    public record ExtendedUrl(long direction, String url, String host) {
    }
}

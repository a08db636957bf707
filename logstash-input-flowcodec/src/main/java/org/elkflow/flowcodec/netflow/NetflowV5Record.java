package org.elkflow.flowcodec.netflow;

/**
 * One 48-byte NetFlow v5 flow record. The two pad fields are not kept. Unsigned 32-bit counters are held
 * in longs; IPv4 addresses as raw 32-bit ints in network order (first octet in the high bits; see
 * {@link org.elkflow.flowcodec.wire.AddressText#ipv4(int)}).
 *
 * @param srcAddr         source IPv4 address
 * @param dstAddr         destination IPv4 address
 * @param nextHop         IPv4 address of the next-hop router
 * @param inputIfIndex    SNMP index of the input interface
 * @param outputIfIndex   SNMP index of the output interface
 * @param packets         packets in the flow (dPkts)
 * @param octets          layer-3 bytes in the flow (dOctets)
 * @param firstUptime     exporter uptime (ms) at the start of the flow (First)
 * @param lastUptime      exporter uptime (ms) when the last packet of the flow was seen (Last)
 * @param srcPort         TCP/UDP source port (or equivalent)
 * @param dstPort         TCP/UDP destination port; for ICMP usually type * 256 + code
 * @param tcpFlags        cumulative OR of TCP flags
 * @param protocol        IP protocol number
 * @param tos             IP type of service
 * @param srcAs           source autonomous system number (origin or peer)
 * @param dstAs           destination autonomous system number (origin or peer)
 * @param srcMask         source address prefix mask bits
 * @param dstMask         destination address prefix mask bits
 */
public record NetflowV5Record(
        int srcAddr,
        int dstAddr,
        int nextHop,
        int inputIfIndex,
        int outputIfIndex,
        long packets,
        long octets,
        long firstUptime,
        long lastUptime,
        int srcPort,
        int dstPort,
        int tcpFlags,
        int protocol,
        int tos,
        int srcAs,
        int dstAs,
        int srcMask,
        int dstMask) {

    /** Flow duration in ms, Last minus First modulo 2<sup>32</sup> (wrap-safe). */
    public long durationMillis() {
        return NetflowV5Header.uptimeDistanceMillis(firstUptime, lastUptime);
    }
}

package org.elkflow.flowcodec.sflow;

import static org.elkflow.flowcodec.sflow.SflowDatagramBuilder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;

class PacketHeaderParserTest {

    private static final String HEADERS = "sflow/logstash-codec-sflow/packet_headers/";

    @Test
    void ethernetIpv4UdpFragmentFromTheCorpus() {
        PacketHeader h = PacketHeaderParser.parse(1, SharedData.capture(HEADERS + "ethernet_ipv4_udp_header.dat"));
        assertEquals(0x0023e97816c6L, h.dstMac());
        assertEquals(0x58f39c814b81L, h.srcMac());
        assertEquals(0x0800, h.etherType());
        assertEquals(4, h.ipVersion());
        assertEquals("10.243.13.18", h.srcIp());
        assertEquals("10.243.27.9", h.dstIp());
        assertEquals(17, h.ipProtocol());
        assertEquals(20665, h.srcPort());
        assertEquals(514, h.dstPort());
        assertEquals(61, h.ttl());
        assertEquals(0xa7, h.ipLength());
    }

    @Test
    void ethernetVlanIpv4TcpFromTheCorpus() {
        PacketHeader h = PacketHeaderParser.parse(1, SharedData.capture(HEADERS + "ethernet_vlan_ipv4_tcp_header.dat"));
        assertEquals(1, h.vlanCount());
        assertEquals(0x976, h.vlanId(0));
        assertEquals("10.243.2.11", h.srcIp());
        assertEquals("10.243.13.15", h.dstIp());
        assertEquals(63150, h.srcPort());
        assertEquals(443, h.dstPort());
        assertEquals(0x10, h.tcpFlags(), "ACK");
    }

    @Test
    void ipv4TcpWithoutEthernetFromTheCorpus() {
        PacketHeader h = PacketHeaderParser.parse(11, SharedData.capture(HEADERS + "ipv4_tcp_header.dat"));
        assertFalse(h.hasEthernet());
        assertEquals("10.243.27.17", h.srcIp());
        assertEquals("10.243.0.45", h.dstIp());
        assertEquals(5672, h.srcPort());
        assertEquals(59451, h.dstPort());
        assertEquals(0x18, h.tcpFlags(), "PSH ACK");
    }

    @Test
    void qinqAndIpv4Options() {
        byte[] header = hex("ffffffffffff 020000000001 88a8 2064 8100 00c8 0800"
                + "46000030 00000000 4011 0000 c0000201 c0000202 01010100"
                + "1f90 0035 0010 0000");
        PacketHeader h = PacketHeaderParser.parse(1, header);
        assertEquals(2, h.vlanCount());
        assertEquals(100, h.vlanId(0));
        assertEquals(1, h.vlanPriority(0));
        assertEquals(200, h.vlanId(1));
        assertTrue(h.ipOptions());
        assertEquals(8080, h.srcPort());
        assertEquals(53, h.dstPort());
    }

    @Test
    void mplsStackThenIpv4() {
        byte[] header = hex("020000000002 020000000001 8847 00064040 000c8140"
                + "45000028 00000000 4001 0000 0a000001 0a000002 0800 0000");
        PacketHeader h = PacketHeaderParser.parse(1, header);
        assertEquals(2, h.mplsCount());
        assertEquals(100, h.mplsLabel(0));
        assertEquals(200, h.mplsLabel(1));
        assertEquals(1, h.ipProtocol());
        assertEquals(8, h.icmpType());
        assertEquals(0, h.icmpCode());
    }

    @Test
    void ipv6ExtensionHeadersAreSkipped() {
        byte[] header = hex("60000000 0020 00 40"
                + "20010db8000000000000000000000001 20010db8000000000000000000000002"
                + "3c00 0000 00000000"            // destination options -> next 60? no: next header 0x3c below
                + "0600 0000 00000000"            // hop-by-hop style ext, next = TCP
                + "c350 01bb 00000000 00000000 5012 0000");
        header[6] = 0;   // first extension: hop-by-hop
        header[40] = 60; // next: destination options
        PacketHeader h = PacketHeaderParser.parse(12, header);
        assertEquals(6, h.ipVersion());
        assertEquals("2001:db8::1", h.srcIp());
        assertEquals(2, h.ipv6ExtensionHeaders());
        assertEquals(6, h.ipProtocol());
        assertEquals(50000, h.srcPort());
        assertEquals(443, h.dstPort());
        assertEquals(0x12, h.tcpFlags(), "SYN ACK");
    }

    @Test
    void icmpv6() {
        byte[] header = hex("60000000 0008 3a ff"
                + "fe800000000000000000000000000001 ff020000000000000000000000000001 8700 1234");
        PacketHeader h = PacketHeaderParser.parse(12, header);
        assertEquals(58, h.ipProtocol());
        assertEquals(135, h.icmpType());
        assertEquals(0, h.icmpCode());
    }

    @Test
    void nonFirstFragmentHasNoPorts() {
        byte[] header = hex("45000028 00012010 4006 0000 0a000001 0a000002 04d2 0050 00000000");
        PacketHeader h = PacketHeaderParser.parse(11, header);
        assertTrue(h.fragment());
        assertEquals(6, h.ipProtocol());
        assertEquals(-1, h.srcPort());
    }

    @Test
    void everyTruncationYieldsWhatCouldBeParsedAndNeverThrows() {
        byte[] full = SflowDatagramBuilder.ethernetIpv4Tcp();
        for (int n = 0; n <= full.length; n++) {
            PacketHeader h = PacketHeaderParser.parse(1, Arrays.copyOf(full, n));
            if (n < 14) {
                assertFalse(h.hasEthernet(), "cut at " + n);
            } else if (n < 34) {
                assertEquals(0, h.ipVersion(), "cut at " + n);
                assertNull(h.srcIp());
            } else if (n < 38) {
                assertEquals("10.0.0.1", h.srcIp(), "cut at " + n);
                assertEquals(-1, h.srcPort());
            } else if (n < 48) {
                assertEquals(1234, h.srcPort(), "cut at " + n);
                assertEquals(-1, h.tcpFlags());
            } else {
                assertEquals(0x02, h.tcpFlags(), "cut at " + n);
            }
        }
    }

    @Test
    void unknownHeaderProtocolIsEmpty() {
        PacketHeader h = PacketHeaderParser.parse(7, new byte[64]);
        assertFalse(h.hasEthernet());
        assertEquals(0, h.ipVersion());
    }
}

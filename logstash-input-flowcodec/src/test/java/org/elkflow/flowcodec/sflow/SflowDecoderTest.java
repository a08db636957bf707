package org.elkflow.flowcodec.sflow;

import static org.elkflow.flowcodec.sflow.SflowDatagramBuilder.rawHeader;
import static org.elkflow.flowcodec.sflow.SflowDatagramBuilder.record;
import static org.elkflow.flowcodec.sflow.SflowTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.schema.SflowEventMapper;
import org.elkflow.flowcodec.sflow.SflowDatagramBuilder.Xdr;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.elkflow.flowcodec.wire.MalformedDatagramException;
import org.junit.jupiter.api.Test;

class SflowDecoderTest {

    private static List<Map<String, Object>> events(byte[] datagram) {
        List<Map<String, Object>> out = new ArrayList<>();
        new SflowEventMapper(MappingOptions.defaults()).map(SflowTestSupport.decode(datagram), 0L, out::add);
        out.forEach(EventValueTypes::assertAllowed);
        return out;
    }

    private static MalformedDatagramException malformed(byte[] datagram) {
        return assertThrows(MalformedDatagramException.class, () -> SflowTestSupport.decode(datagram));
    }

    @Test
    void ipv6AgentAndHeaderDerivedFields() {
        byte[] agent = SflowDatagramBuilder.hex("20010db8000000000000000000000099");
        byte[] d = new SflowDatagramBuilder().agentIpv6(agent).sequence(42)
                .flowSample(512, 3, 4, rawHeader(1, 1514, SflowDatagramBuilder.ethernetIpv4Tcp())).build();
        SflowDatagram datagram = SflowTestSupport.decode(d);
        assertEquals("2001:db8::99", datagram.agentAddress());
        assertEquals(6, datagram.agentIpVersion());
        Map<String, Object> e = events(d).get(0);
        assertEquals("2001:db8::99", at(e, "observer.ip"));
        assertEquals(42L, at(e, "sflow.sequence_number"));
        assertEquals("10.0.0.1", at(e, "source.ip"));
        assertEquals(1234L, at(e, "source.port"));
        assertEquals(80L, at(e, "destination.port"));
        assertEquals(1514L, at(e, "network.bytes"));
        assertEquals(512L, at(e, "flow.sampling_rate"));
        assertEquals(5120L, at(e, "sflow.sample_pool"));
        assertEquals("3", at(e, "observer.ingress.interface.id"));
        assertEquals(0L, at(e, "sflow.source_id_type"));
        assertEquals(3L, at(e, "sflow.source_id_index"));
        assertEquals(7L, at(e, "sflow.sample_sequence_number"));
    }

    @Test
    void unknownRecordsAndSamplesAreSkippedByLengthAndCounted() {
        byte[] d = new SflowDatagramBuilder()
                .flowSample(1, 1, 2, record((9999L << 12) | 1, new byte[12]), record(1999, new byte[4]),
                        rawHeader(11, 60, SflowDatagramBuilder.hex("45000028 00000000 4011 0000 0a000001 0a000002")))
                .sample(5, new byte[16])                // discarded-packet sample: not decoded here
                .sample((4300L << 12) | 1, new byte[8]) // enterprise sample
                .build();
        SflowDatagram datagram = SflowTestSupport.decode(d);
        assertEquals(1, datagram.samples().size());
        assertEquals(2, datagram.skippedSamples());
        assertEquals(2, datagram.samples().get(0).skippedRecords());
        assertEquals(4, datagram.skippedTotal());
        Map<String, Object> e = events(d).get(0);
        assertEquals(2L, at(e, "sflow.skipped_records"));
        assertEquals("udp", at(e, "network.transport"));
    }

    @Test
    void extendedUserUrlAndSampledIpv6() {
        byte[] user = new Xdr().u32(106).string("alice").u32(106).string("bob@example").toBytes();
        byte[] url = new Xdr().u32(2).string("/index.html").string("www.example.org").toBytes();
        byte[] ipv6 = new Xdr().u32(100).u32(17)
                .bytes(SflowDatagramBuilder.hex("20010db8000000000000000000000001"))
                .bytes(SflowDatagramBuilder.hex("20010db8000000000000000000000002"))
                .u32(5353).u32(53).u32(0).u32(3).toBytes();
        byte[] d = new SflowDatagramBuilder()
                .flowSample(10, 0x40000005L, 0x80000002L, record(1004, user), record(1005, url), record(4, ipv6))
                .build();
        Map<String, Object> e = events(d).get(0);
        assertEquals("alice", at(e, "sflow.user.src_user"));
        assertEquals("bob@example", at(e, "sflow.user.dst_user"));
        assertEquals(106L, at(e, "sflow.user.src_charset"));
        assertEquals("/index.html", at(e, "sflow.url.url"));
        assertEquals("www.example.org", at(e, "sflow.url.host"));
        assertEquals("2001:db8::1", at(e, "source.ip"));
        assertEquals(53L, at(e, "destination.port"));
        assertEquals("ipv6", at(e, "network.type"));
        assertEquals(100L, at(e, "network.bytes"));
        assertEquals("discarded", at(e, "sflow.input.format"));
        assertEquals(5L, at(e, "sflow.input.value"));
        assertEquals("multiple", at(e, "sflow.output.format"));
        assertEquals(2L, at(e, "sflow.output.value"));
    }

    @Test
    void counterRecordsOfEveryKnownKind() {
        Xdr generic = new Xdr().u32(7).u32(6).u64(10_000_000_000L).u32(1).u32(3).u64(1L << 40);
        for (int i = 0; i < 6; i++) {
            generic.u32(100 + i);
        }
        generic.u64(5_000_000_000L);
        for (int i = 0; i < 5; i++) {
            generic.u32(200 + i);
        }
        generic.u32(1);
        Xdr ethernet = new Xdr();
        for (int i = 1; i <= 13; i++) {
            ethernet.u32(i);
        }
        byte[] vlan = new Xdr().u32(42).u64(123456789012L).u32(1).u32(2).u32(3).u32(4).toBytes();
        byte[] processor = new Xdr().u32(1250).u32(900).u32(875).u64(8L << 30).u64(2L << 30).toBytes();
        byte[] descr = new Xdr().string("host-1").bytes(SflowDatagramBuilder.hex("00112233445566778899aabbccddeeff"))
                .u32(3).u32(2).string("6.1.0").toBytes();
        Xdr cpu = new Xdr().u32(Float.floatToIntBits(0.5f)).u32(Float.floatToIntBits(1.25f))
                .u32(Float.floatToIntBits(2f));
        for (int i = 0; i < 14; i++) {
            cpu.u32(i);
        }
        Xdr memory = new Xdr();
        for (int i = 0; i < 7; i++) {
            memory.u64(1000L * (i + 1));
        }
        memory.u32(1).u32(2).u32(3).u32(4);
        byte[] disk = new Xdr().u64(1L << 40).u64(1L << 39).u32(5025).u32(10).u64(4096).u32(7).u32(11).u64(8192)
                .u32(9).toBytes();
        byte[] net = new Xdr().u64(1000).u32(10).u32(1).u32(2).u64(2000).u32(20).u32(3).u32(4).toBytes();
        byte[] d = new SflowDatagramBuilder().counterSample(7, record(1, generic.toBytes()),
                record(2, ethernet.toBytes()), record(5, vlan), record(1001, processor), record(2000, descr),
                record(2003, cpu.toBytes()), record(2004, memory.toBytes()), record(2005, disk), record(2006, net))
                .build();
        Map<String, Object> e = events(d).get(0);
        assertEquals("sflow_counter_sample", at(e, "event.action"));
        assertEquals(10_000_000_000L, at(e, "sflow.counters.interface.if_speed"));
        assertEquals(1L << 40, at(e, "sflow.counters.interface.in_octets"));
        assertEquals(104L, at(e, "sflow.counters.interface.in_errors"));
        assertEquals(5_000_000_000L, at(e, "sflow.counters.interface.out_octets"));
        assertEquals(203L, at(e, "sflow.counters.interface.out_discards"));
        assertEquals(204L, at(e, "sflow.counters.interface.out_errors"));
        assertEquals(13L, at(e, "sflow.counters.ethernet.symbol_errors"));
        assertEquals(2L, at(e, "sflow.counters.ethernet.fcs_errors"));
        assertEquals(42L, at(e, "sflow.counters.vlan.vlan_id"));
        assertEquals(123456789012L, at(e, "sflow.counters.vlan.octets"));
        assertEquals(12.5, at(e, "sflow.counters.processor.cpu_5s_percent"));
        assertEquals(8L << 30, at(e, "sflow.counters.processor.total_memory"));
        assertEquals("host-1", at(e, "sflow.counters.host.description.hostname"));
        assertEquals("00112233-4455-6677-8899-aabbccddeeff", at(e, "sflow.counters.host.description.uuid"));
        assertEquals("6.1.0", at(e, "sflow.counters.host.description.os_release"));
        assertEquals(1.25, at(e, "sflow.counters.host.cpu.load_five"));
        assertEquals(13L, at(e, "sflow.counters.host.cpu.contexts"));
        assertEquals(7000L, at(e, "sflow.counters.host.memory.swap_free"));
        assertEquals(50.25, at(e, "sflow.counters.host.disk_io.part_max_used_percent"));
        assertEquals(8192L, at(e, "sflow.counters.host.disk_io.bytes_written"));
        assertEquals(2000L, at(e, "sflow.counters.host.net_io.bytes_out"));
        assertEquals("7", at(e, "interface.id"));
    }

    @Test
    void expandedCounterSample() {
        byte[] vlan = new Xdr().u32(42).u64(1).u32(1).u32(2).u32(3).u32(4).toBytes();
        Xdr body = new Xdr().u32(5).u32(1).u32(42).u32(1);
        record(5, vlan).writeTo(body);
        byte[] d = new SflowDatagramBuilder().sample(4, body.toBytes()).build();
        CounterSample s = (CounterSample) SflowTestSupport.decode(d).samples().get(0);
        assertTrue(s.expanded());
        assertEquals(1, s.sourceIdType());
        assertEquals(42, s.sourceIdIndex());
        assertNotNull(s.vlan());
    }

    @Test
    void sampleCountOf2To31IsMalformedBeforeAnythingIsAllocated() {
        byte[] d = new SflowDatagramBuilder().flowSample(1, 1, 1).build();
        ByteBuffer.wrap(d).putInt(24, Integer.MIN_VALUE); // num_samples
        MalformedDatagramException e = malformed(d);
        assertEquals(DropReason.MALFORMED, e.reason());
        assertTrue(e.detail().contains("sample count 2147483648"), e.detail());
    }

    @Test
    void recordCountOf2To31IsMalformed() {
        byte[] d = new SflowDatagramBuilder().flowSample(1, 1, 1).build();
        ByteBuffer.wrap(d).putInt(28 + 8 + 28, Integer.MIN_VALUE); // flow record count
        assertTrue(malformed(d).detail().contains("flow record count"));
    }

    @Test
    void recordLengthPastTheEndIsMalformed() {
        byte[] d = new SflowDatagramBuilder().flowSample(1, 1, 1, record(1001, new byte[16])).build();
        ByteBuffer.wrap(d).putInt(28 + 8 + 32 + 4, 1000); // record length
        malformed(d);
        ByteBuffer.wrap(d).putInt(28 + 8 + 32 + 4, -4); // 0xfffffffc
        malformed(d);
    }

    @Test
    void headerLengthLargerThanTheRecordIsMalformed() {
        byte[] d = new SflowDatagramBuilder()
                .flowSample(1, 1, 1, rawHeader(1, 64, SflowDatagramBuilder.ethernetIpv4Tcp())).build();
        ByteBuffer.wrap(d).putInt(28 + 8 + 32 + 8 + 12, 0x7fffffff); // header length
        assertTrue(malformed(d).detail().contains("raw header"));
    }

    @Test
    void headerLargerThanTheFrameIsKeptAsSent() {
        byte[] d = new SflowDatagramBuilder()
                .flowSample(1, 1, 1, rawHeader(1, 20, SflowDatagramBuilder.ethernetIpv4Tcp())).build();
        Map<String, Object> e = events(d).get(0);
        assertEquals(20L, at(e, "network.bytes"));
        assertEquals(54L, at(e, "sflow.header.length"));
    }

    @Test
    void wrongVersionAndUnknownAgentAddressType() {
        byte[] d = new SflowDatagramBuilder().build();
        ByteBuffer.wrap(d).putInt(0, 4);
        assertEquals(DropReason.UNSUPPORTED_VERSION, malformed(d).reason());
        byte[] e = new SflowDatagramBuilder().build();
        ByteBuffer.wrap(e).putInt(4, 3);
        assertEquals(DropReason.MALFORMED, malformed(e).reason());
    }

    @Test
    void bytesAfterTheDeclaredSamplesAreIgnored() {
        byte[] d = new SflowDatagramBuilder().flowSample(1, 1, 1).build();
        byte[] longer = java.util.Arrays.copyOf(d, d.length + 37);
        assertEquals(1, SflowTestSupport.decode(longer).samples().size());
    }
}

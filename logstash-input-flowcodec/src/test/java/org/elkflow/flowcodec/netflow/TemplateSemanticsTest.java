package org.elkflow.flowcodec.netflow;

import static org.elkflow.flowcodec.testing.TemplateDatagramBuilder.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.CaptureGroups;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.elkflow.flowcodec.testing.SharedData;
import org.elkflow.flowcodec.testing.TemplateDatagramBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NetFlow v9 / IPFIX semantics on hand-built datagrams, plus spot values of real captures checked with tshark. */
class TemplateSemanticsTest {

    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("192.0.2.2");

    private final DecodeCounters counters = new DecodeCounters();
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private FlowDatagramDecoder decoder(MappingOptions options) {
        return new FlowDatagramDecoder(counters, options, ElementRegistry.standard(),
                new TemplateLimits(100, 100, 4, 65536, 5_000), clock::get);
    }

    private static List<Map<String, Object>> feed(FlowDatagramDecoder d, InetAddress from, byte[] datagram) {
        List<Map<String, Object>> events = new ArrayList<>();
        d.decode(ByteBuffer.wrap(datagram), from, events::add);
        events.forEach(EventValueTypes::assertAllowed);
        return events;
    }

    @SuppressWarnings("unchecked")
    static Object field(Map<String, Object> event, String path) {
        Object current = event;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    @Test
    void reducedSizeIntegersAndVariableLengthForms() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        // octetDeltaCount (unsigned64) in 2 bytes, packetDeltaCount in 3, interfaceName (string) variable twice.
        byte[] longName = "x".repeat(300).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(values(new int[] {2, 3}, 0xABCD, 0x010203));
        record.write(5);
        record.writeBytes("eth0\0".getBytes(StandardCharsets.US_ASCII));
        record.write(255);
        record.write(300 >>> 8);
        record.write(300 & 0xFF);
        record.writeBytes(longName);
        record.writeBytes(new byte[] {0, 0, 0}); // padding shorter than a record
        byte[] datagram = TemplateDatagramBuilder.ipfix()
                .template(400, new int[] {1, 2}, new int[] {2, 3}, new int[] {82, 65535}, new int[] {83, 65535})
                .data(400, record.toByteArray()).bytes();
        List<Map<String, Object>> events = feed(d, A, datagram);
        assertEquals(1, events.size(), counters.toString());
        Map<String, Object> e = events.get(0);
        assertEquals(0xABCDL, field(e, "netflow.octet_delta_count"));
        assertEquals(0x010203L, field(e, "netflow.packet_delta_count"));
        assertEquals(0xABCDL, field(e, "network.bytes"));
        assertEquals("eth0", field(e, "netflow.interface_name"));
        assertEquals("x".repeat(300), field(e, "netflow.interface_description"));
        assertEquals(0, counters.droppedTotal(), counters.toString());
    }

    @Test
    void ipfixTimeSemantics() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        long ntpSeconds = 1_700_000_000L + 2_208_988_800L;
        // flowStartSeconds, flowEndMilliseconds, flowStartMicroseconds (NTP), flowEndNanoseconds (NTP)
        byte[] datagram = TemplateDatagramBuilder.ipfix()
                .template(401, new int[] {150, 4}, new int[] {153, 8})
                .template(402, new int[] {154, 8}, new int[] {157, 8}, new int[] {8, 4})
                .data(401, values(new int[] {4, 8}, 1_700_000_000L, 1_700_000_001_250L))
                .data(402, values(new int[] {4, 4, 4, 4, 4}, ntpSeconds, 0x8000_0000L, ntpSeconds + 2, 0x4000_0000L,
                        0x0A000001))
                .bytes();
        List<Map<String, Object>> events = feed(d, A, datagram);
        assertEquals(2, events.size());
        assertEquals("2023-11-14T22:13:20.000Z", field(events.get(0), "event.start"));
        assertEquals("2023-11-14T22:13:21.250Z", field(events.get(0), "event.end"));
        assertEquals(1_250_000_000L, field(events.get(0), "event.duration"));
        assertEquals("2023-11-14T22:13:21.250Z", field(events.get(0), "@timestamp"));
        assertEquals("2023-11-14T22:13:20.500Z", field(events.get(1), "event.start"));
        assertEquals("2023-11-14T22:13:22.250Z", field(events.get(1), "event.end"));
        assertEquals("2023-11-14T22:13:20.500Z", field(events.get(1), "netflow.flow_start_microseconds"));
        assertEquals("10.0.0.1", field(events.get(1), "source.ip"));
        assertEquals("ipv4", field(events.get(1), "network.type"));
    }

    @Test
    void v9UptimeRelativeSwitchedTimesBecomeAbsolute() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        // Header: sysUptime 100 000 ms at export 1 700 000 000 s. first = 40 000, last = 90 000.
        byte[] datagram = TemplateDatagramBuilder.v9().sysUptime(100_000)
                .template(300, new int[] {22, 4}, new int[] {21, 4}, new int[] {27, 16}, new int[] {28, 16},
                        new int[] {56, 6})
                .data(300, concat(values(new int[] {4, 4}, 40_000, 90_000), v6("2001:db8::1"), v6("2001:db8::2"),
                        new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55}))
                .bytes();
        List<Map<String, Object>> events = feed(d, A, datagram);
        assertEquals(1, events.size());
        Map<String, Object> e = events.get(0);
        assertEquals("2023-11-14T22:12:20.000Z", field(e, "event.start")); // 60 s before export
        assertEquals("2023-11-14T22:13:10.000Z", field(e, "event.end"));   // 10 s before export
        assertEquals(40_000L, field(e, "netflow.flow_start_sys_up_time"));
        assertEquals("2001:db8::1", field(e, "source.ip"));
        assertEquals("2001:db8::2", field(e, "destination.ip"));
        assertEquals("ipv6", field(e, "network.type"));
        assertEquals("00:11:22:33:44:55", field(e, "netflow.source_mac_address"));
        assertEquals(100_000L, field(e, "netflow.exporter.uptime_millis"));
        assertEquals(9L, field(e, "netflow.exporter.version"));
    }

    @Test
    void templatesAreKeyedByExporterAndDomain() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        // Same template id 300: 4-byte source address at A/domain 0, 2-byte port at B and at A/domain 7.
        feed(d, A, TemplateDatagramBuilder.ipfix().template(300, new int[] {8, 4}).bytes());
        feed(d, B, TemplateDatagramBuilder.ipfix().template(300, new int[] {7, 2}).bytes());
        feed(d, A, TemplateDatagramBuilder.ipfix().domain(7).template(300, new int[] {11, 2}).bytes());
        Map<String, Object> a = feed(d, A, TemplateDatagramBuilder.ipfix()
                .data(300, values(new int[] {4}, 0x0A000001)).bytes()).get(0);
        Map<String, Object> b = feed(d, B, TemplateDatagramBuilder.ipfix()
                .data(300, values(new int[] {2, 2}, 53, 54)).bytes()).get(0);
        List<Map<String, Object>> a7 = feed(d, A, TemplateDatagramBuilder.ipfix().domain(7)
                .data(300, values(new int[] {2}, 443)).bytes());
        assertEquals("10.0.0.1", field(a, "source.ip"));
        assertEquals(53L, field(b, "source.port"));
        assertEquals(1, a7.size());
        assertEquals(443L, field(a7.get(0), "destination.port"));
        assertEquals(7L, field(a7.get(0), "netflow.exporter.source_id"));
        // B's set holds two 2-byte records.
        assertEquals(2, feed(d, B, TemplateDatagramBuilder.ipfix().data(300, values(new int[] {2, 2}, 1, 2)).bytes())
                .size());
    }

    @Test
    void dataBeforeTemplateIsBufferedThenDecodedOrExpired() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        assertEquals(0, feed(d, A, TemplateDatagramBuilder.ipfix().data(310, values(new int[] {2}, 80)).bytes()).size());
        assertEquals(0, feed(d, A, TemplateDatagramBuilder.ipfix().data(311, values(new int[] {2}, 81)).bytes()).size());
        // The template for 310 arrives: the waiting set is decoded and handed to this call's sink.
        List<Map<String, Object>> released = feed(d, A, TemplateDatagramBuilder.ipfix()
                .template(310, new int[] {7, 2}).bytes());
        assertEquals(1, released.size());
        assertEquals(80L, field(released.get(0), "source.port"));
        assertEquals(0, counters.dropped(DropReason.TEMPLATE_MISSING));
        // 311 never comes: it expires after the age limit (5 s here) and is counted.
        clock.addAndGet(6_000);
        feed(d, A, TemplateDatagramBuilder.ipfix().template(312, new int[] {7, 2}).bytes());
        assertEquals(1, counters.dropped(DropReason.TEMPLATE_MISSING));
        // Count limit (4 sets): the oldest are dropped and counted.
        for (int i = 0; i < 6; i++) {
            feed(d, B, TemplateDatagramBuilder.ipfix().data(320 + i, values(new int[] {2}, i)).bytes());
        }
        assertEquals(3, counters.dropped(DropReason.TEMPLATE_MISSING));
        assertEquals(4, d.expirePending());
        assertEquals(7, counters.dropped(DropReason.TEMPLATE_MISSING));
    }

    @Test
    void ipfixTemplateWithdrawal() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        feed(d, A, TemplateDatagramBuilder.ipfix().template(330, new int[] {7, 2}).bytes());
        assertEquals(1, feed(d, A, TemplateDatagramBuilder.ipfix().data(330, values(new int[] {2}, 1)).bytes()).size());
        feed(d, A, TemplateDatagramBuilder.ipfix().set(2, values(new int[] {2, 2}, 330, 0)).bytes()); // withdraw
        assertEquals(0, feed(d, A, TemplateDatagramBuilder.ipfix().data(330, values(new int[] {2}, 1)).bytes()).size());
        d.expirePending();
        assertEquals(1, counters.dropped(DropReason.TEMPLATE_MISSING));
    }

    @Test
    void invalidTemplatesAreCountedNotUsed() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        feed(d, A, TemplateDatagramBuilder.ipfix().template(255, new int[] {7, 2}).bytes());     // id < 256
        feed(d, A, TemplateDatagramBuilder.ipfix().template(340, new int[] {7, 0}).bytes());     // zero length
        feed(d, A, TemplateDatagramBuilder.ipfix()
                .set(2, values(new int[] {2, 2, 2, 2}, 341, 9000, 7, 2)).bytes());                 // 9000 fields
        assertEquals(3, counters.dropped(DropReason.TEMPLATE_INVALID), counters.toString());
        assertEquals(0, counters.dropped(DropReason.MALFORMED), counters.toString());
    }

    @Test
    void optionsSamplingAppliesToLaterFlowsAndUpscales() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults().withUpscaleSampling(true));
        // v9 options template 260: scope system (4 bytes); options samplerId (48, 1 byte), samplingInterval (34, 4).
        byte[] optionsTemplate = values(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2}, 260, 4, 8, 1, 4, 48, 1, 34, 4);
        byte[] datagram = TemplateDatagramBuilder.v9()
                .set(1, concat(optionsTemplate, new byte[2])) // padded to 4 bytes
                .data(260, concat(values(new int[] {4, 1, 4}, 0, 3, 100), new byte[3]))
                .template(261, new int[] {1, 4}, new int[] {2, 4}, new int[] {48, 1})
                .data(261, values(new int[] {4, 4, 1}, 1_000, 10, 3))
                .bytes();
        List<Map<String, Object>> events = feed(d, A, datagram);
        assertEquals(2, events.size(), counters.toString());
        Map<String, Object> options = events.get(0);
        assertEquals("netflow_options", field(options, "event.action"));
        assertEquals(100L, field(options, "netflow.sampling_interval"));
        assertEquals(0L, field(options, "netflow.scope_system"));
        Map<String, Object> flow = events.get(1);
        assertEquals("netflow_flow", field(flow, "event.action"));
        assertEquals(100L, field(flow, "flow.sampling_rate"));
        assertEquals(100_000L, field(flow, "network.bytes"));
        assertEquals(1_000L, field(flow, "netflow.octet_delta_count"));
        assertEquals(1_000L, field(flow, "network.packets"));
        // Without upscaling the rate is still stated, the counts stay as exported.
        FlowDatagramDecoder plain = decoder(MappingOptions.defaults());
        Map<String, Object> unscaled = feed(plain, A, datagram).get(1);
        assertEquals(100L, field(unscaled, "flow.sampling_rate"));
        assertEquals(1_000L, field(unscaled, "network.bytes"));
    }

    @Test
    void unknownElementsAreKeptAndUserElementsNameThem(@TempDir Path tmp) throws Exception {
        byte[] datagram = TemplateDatagramBuilder.ipfix()
                .template(350, new int[] {0x8000 | 7, 4, 99999}, new int[] {0x8000 | 8, 10, 99999},
                        new int[] {500 + 30000, 2})
                .data(350, concat(values(new int[] {4}, 123_456), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                        values(new int[] {2}, 7)))
                .bytes();
        Map<String, Object> e = feed(decoder(MappingOptions.defaults()), A, datagram).get(0);
        assertEquals(123_456L, field(e, "netflow.unknown.99999.7"));
        assertEquals("0102030405060708090a", field(e, "netflow.unknown.99999.8"));
        assertEquals(7L, field(e, "netflow.unknown.0.30500"));

        Path file = tmp.resolve("elements.tsv");
        Files.writeString(file, "# my elements\n99999\t7\tmyCounter\tunsigned32\ttotalCounter\n"
                + "99999\t8\tmyLabel\tstring\n");
        FlowDatagramDecoder custom = new FlowDatagramDecoder(counters, MappingOptions.defaults(),
                ElementRegistry.standard().withFile(file), TemplateLimits.defaults(), clock::get);
        Map<String, Object> named = feed(custom, A, datagram).get(0);
        assertEquals(123_456L, field(named, "netflow.my_counter"));
        assertEquals("\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n", field(named, "netflow.my_label"));
        assertNull(field(named, "netflow.unknown.99999"));
    }

    @Test
    void realCaptureSpotValues() {
        FlowDatagramDecoder d = decoder(MappingOptions.defaults());
        // softflowd IPFIX (ls:ipfix), values as tshark shows them: second record of set 1024.
        List<Map<String, Object>> events = feed(d, CaptureGroups.datExporter(), SharedData.capture("netflow/ipfix.dat"));
        assertEquals(7, events.size());
        Map<String, Object> options = events.get(0);
        assertEquals("netflow_options", field(options, "event.action"));
        Map<String, Object> e = events.get(2);
        assertEquals("192.168.253.128", field(e, "source.ip"));
        assertEquals(22L, field(e, "source.port"));
        assertEquals("192.168.253.1", field(e, "destination.ip"));
        assertEquals(60560L, field(e, "destination.port"));
        assertEquals(1000L, field(e, "network.bytes"));
        assertEquals(6L, field(e, "network.packets"));
        assertEquals("tcp", field(e, "network.transport"));
        assertEquals(0x18L, field(e, "netflow.tcp_control_bits"));
        assertEquals(12_726L, field(e, "netflow.flow_end_sys_up_time"));
        assertEquals(12_726_000_000L, field(e, "event.duration"));
        assertEquals(1L, field(e, "flow.sampling_rate")); // samplingPacketInterval 1, space 0
        assertEquals("192.0.2.10", field(e, "observer.ip"));

        // akvorado mpls.pcap: sampling stated as samplingPacketInterval 1 / samplingPacketSpace 9 → 1 in 10.
        FlowDatagramDecoder m = decoder(MappingOptions.defaults());
        List<Map<String, Object>> mpls = feed(m, address("10.127.100.7"),
                SharedData.capture("pcap/akvorado/mpls.pcap.udp/0000.bin"));
        assertEquals(3, mpls.size());
        assertEquals(10L, field(mpls.get(1), "flow.sampling_rate"));
        assertEquals("fd00::1:0:1:5:1", field(mpls.get(1), "destination.ip"));
        assertFalse(mpls.get(1).containsKey("@version"));
        assertTrue(field(mpls.get(1), "netflow.mpls_top_label_stack_section") != null
                || field(mpls.get(1), "netflow.mpls_label_stack_section") != null, "MPLS label fields kept");
    }

    @Test
    void perSamplerRatesFromARealRouter() {
        // akvorado multiplesamplingrates: options records announce sampler 1 = 1:2000 and sampler 2 = 1:4000;
        // flow records carry their sampler id (v9 field 48) and get that sampler's rate.
        FlowDatagramDecoder d = decoder(MappingOptions.defaults().withUpscaleSampling(true));
        InetAddress router = null;
        List<Map<String, Object>> events = new ArrayList<>();
        for (String name : List.of("options-template", "options-data", "template", "data")) {
            String dir = "pcap/akvorado/multiplesamplingrates-" + name + ".pcap.udp/";
            if (router == null) {
                router = address("192.0.2.77");
            }
            events.addAll(feed(d, router, SharedData.capture(dir + "0000.bin")));
        }
        assertEquals(14, events.size(), counters.toString());
        int[] byRate = new int[2];
        for (Map<String, Object> e : events) {
            if (!"netflow_flow".equals(field(e, "event.action"))) {
                continue;
            }
            long sampler = (Long) field(e, "netflow.sampler_id");
            long rate = (Long) field(e, "flow.sampling_rate");
            assertEquals(sampler == 1 ? 2000L : 4000L, rate);
            byRate[sampler == 1 ? 0 : 1]++;
            assertEquals((Long) field(e, "netflow.octet_delta_count") * rate, field(e, "network.bytes"));
        }
        assertEquals(11, byRate[0]);
        assertEquals(1, byRate[1]);
    }

    private static byte[] v6(String literal) {
        return address(literal).getAddress();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

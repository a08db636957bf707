package org.elkflow.flowcodec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.netflow.NetflowV5Datagram;
import org.elkflow.flowcodec.netflow.NetflowV5Decoder;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.elkflow.flowcodec.testing.V5DatagramBuilder;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.junit.jupiter.api.Test;

class FlowEventMapperTest {

    private static final InetAddress EXPORTER = address("198.51.100.7");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetflowV5Datagram datagram(V5DatagramBuilder builder) {
        return new NetflowV5Decoder().decode(DatagramReader.of(builder.bytes()));
    }

    private static List<Map<String, Object>> map(FlowEventMapper mapper, V5DatagramBuilder builder,
                                                 InetAddress exporter) {
        List<Map<String, Object>> events = new ArrayList<>();
        int count = mapper.mapNetflowV5(datagram(builder), exporter, events::add);
        assertEquals(events.size(), count);
        return events;
    }

    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> event, String dotted) {
        Object current = event;
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    private static Map<String, Object> entries(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void completeEventForOneRecord() {
        List<Map<String, Object>> events = map(new FlowEventMapper(), new V5DatagramBuilder().record(), EXPORTER);
        assertEquals(1, events.size());

        // Builder defaults: export 1700000000 s + 250000000 ns = 2023-11-14T22:13:20.250Z at uptime 100000 ms;
        // First 90000 (10 s earlier), Last 95000 (5 s earlier).
        Map<String, Object> expected = entries(
                "@timestamp", "2023-11-14T22:13:15.250Z",
                "event", entries(
                        "kind", "event",
                        "category", List.of("network"),
                        "type", List.of("connection"),
                        "action", "netflow_flow",
                        "dataset", "flowcodec.netflow",
                        "start", "2023-11-14T22:13:10.250Z",
                        "end", "2023-11-14T22:13:15.250Z",
                        "duration", 5_000_000_000L),
                "source", entries("ip", "10.1.2.3", "port", 40_000L),
                "destination", entries("ip", "192.0.2.10", "port", 443L),
                "network", entries(
                        "transport", "tcp",
                        "iana_number", "6",
                        "type", "ipv4",
                        "bytes", 1_500L,
                        "packets", 10L),
                "observer", entries(
                        "ip", "198.51.100.7",
                        "ingress", entries("interface", entries("id", "3")),
                        "egress", entries("interface", entries("id", "7"))),
                "netflow", entries(
                        "source_ipv4_address", "10.1.2.3",
                        "destination_ipv4_address", "192.0.2.10",
                        "ip_next_hop_ipv4_address", "10.0.0.254",
                        "ingress_interface", 3L,
                        "egress_interface", 7L,
                        "packet_delta_count", 10L,
                        "octet_delta_count", 1_500L,
                        "flow_start_sys_up_time", 90_000L,
                        "flow_end_sys_up_time", 95_000L,
                        "source_transport_port", 40_000L,
                        "destination_transport_port", 443L,
                        "tcp_control_bits", 27L,
                        "protocol_identifier", 6L,
                        "ip_class_of_service", 0L,
                        "bgp_source_as_number", 64_500L,
                        "bgp_destination_as_number", 64_501L,
                        "source_ipv4_prefix_length", 24L,
                        "destination_ipv4_prefix_length", 16L,
                        "exporter", entries(
                                "address", "198.51.100.7",
                                "version", 5L,
                                "uptime_millis", 100_000L,
                                "timestamp", "2023-11-14T22:13:20.250Z",
                                "flow_sequence", 42L,
                                "engine_type", 1L,
                                "engine_id", 2L,
                                "sampling_mode", 0L,
                                "sampling_interval", 0L)));
        // Map.equals compares Long with Long only: an Integer anywhere would make this fail.
        assertEquals(expected, events.get(0));
    }

    @Test
    void samplingRateIsWrittenButCountsAreNotUpscaledByDefault() {
        Map<String, Object> event = map(new FlowEventMapper(),
                new V5DatagramBuilder().sampling(1, 100).record(), EXPORTER).get(0);
        assertEquals(100L, field(event, "flow.sampling_rate"));
        assertEquals(1_500L, field(event, "network.bytes"));
        assertEquals(10L, field(event, "network.packets"));
        assertEquals(1L, field(event, "netflow.exporter.sampling_mode"));
        assertEquals(100L, field(event, "netflow.exporter.sampling_interval"));
    }

    @Test
    void upscalingMultipliesNetworkCountsOnly() {
        FlowEventMapper mapper = new FlowEventMapper(MappingOptions.defaults().withUpscaleSampling(true));
        Map<String, Object> event = map(mapper, new V5DatagramBuilder().sampling(2, 0x3FFF).record(r -> {
            r.octets = 0xFFFF_FFFFL;
            r.packets = 3;
        }), EXPORTER).get(0);
        assertEquals(16_383L, field(event, "flow.sampling_rate"));
        // 4294967295 * 16383: no overflow, a long holds it
        assertEquals(70_364_449_193_985L, field(event, "network.bytes"));
        assertEquals(49_149L, field(event, "network.packets"));
        assertEquals(4_294_967_295L, field(event, "netflow.octet_delta_count"));
        assertEquals(3L, field(event, "netflow.packet_delta_count"));
    }

    @Test
    void upscalingWithoutSamplingLeavesCountsAndWritesNoRate() {
        FlowEventMapper mapper = new FlowEventMapper(MappingOptions.defaults().withUpscaleSampling(true));
        Map<String, Object> event = map(mapper, new V5DatagramBuilder().record(), EXPORTER).get(0);
        assertNull(event.get("flow"));
        assertEquals(1_500L, field(event, "network.bytes"));
    }

    @Test
    void noExporterMeansNoObserverIpNorExporterAddress() {
        Map<String, Object> event = map(new FlowEventMapper(), new V5DatagramBuilder().record(), null).get(0);
        assertNull(field(event, "observer.ip"));
        assertNull(field(event, "netflow.exporter.address"));
        assertEquals("3", field(event, "observer.ingress.interface.id"));
        assertEquals(5L, field(event, "netflow.exporter.version"));
    }

    @Test
    void ipv6ExporterIsWrittenInCanonicalForm() {
        Map<String, Object> event = map(new FlowEventMapper(), new V5DatagramBuilder().record(),
                address("2001:DB8:0:0:0:0:0:A")).get(0);
        assertEquals("2001:db8::a", field(event, "observer.ip"));
        assertEquals("2001:db8::a", field(event, "netflow.exporter.address"));
    }

    @Test
    void transportNamesAndUnknownProtocols() {
        List<Map<String, Object>> events = map(new FlowEventMapper(), new V5DatagramBuilder()
                .record(r -> r.protocol = 17)
                .record(r -> r.protocol = 1)
                .record(r -> r.protocol = 58)
                .record(r -> r.protocol = 254), EXPORTER);
        assertEquals("udp", field(events.get(0), "network.transport"));
        assertEquals("17", field(events.get(0), "network.iana_number"));
        assertEquals("icmp", field(events.get(1), "network.transport"));
        assertEquals("ipv6-icmp", field(events.get(2), "network.transport"));
        assertEquals("254", field(events.get(3), "network.transport"));
        assertEquals("254", field(events.get(3), "network.iana_number"));
    }

    @Test
    void everyEventHasItsOwnMutableMapsAndLists() {
        List<Map<String, Object>> events = map(new FlowEventMapper(), new V5DatagramBuilder().records(2), EXPORTER);
        Map<String, Object> first = events.get(0);
        Map<String, Object> second = events.get(1);
        assertNotSame(first.get("event"), second.get("event"));
        assertNotSame(field(first, "event.category"), field(second, "event.category"));
        assertNotSame(field(first, "netflow.exporter"), field(second, "netflow.exporter"));
        @SuppressWarnings("unchecked")
        List<Object> categories = (List<Object>) field(first, "event.category");
        categories.add("extra");
        @SuppressWarnings("unchecked")
        Map<String, Object> exporter = (Map<String, Object>) field(first, "netflow.exporter");
        exporter.put("extra", "x");
        assertEquals(List.of("network"), field(second, "event.category"));
        assertFalse(((Map<?, ?>) field(second, "netflow.exporter")).containsKey("extra"));
    }

    @Test
    void extremeValuesStayLongAndNonNegative() {
        Map<String, Object> event = map(new FlowEventMapper(MappingOptions.defaults().withUpscaleSampling(true)),
                new V5DatagramBuilder()
                        .sysUptime(0xFFFF_FFFFL).exportTime(0xFFFF_FFFFL, 0xFFFF_FFFFL)
                        .flowSequence(0xFFFF_FFFFL).engine(255, 255).sampling(3, 0x3FFF)
                        .record(r -> {
                            r.srcAddr = "255.255.255.255";
                            r.input = 0xFFFF;
                            r.output = 0xFFFF;
                            r.packets = 0xFFFF_FFFFL;
                            r.octets = 0xFFFF_FFFFL;
                            r.first = 0;
                            r.last = 0xFFFF_FFFFL;
                            r.srcPort = 0xFFFF;
                            r.dstPort = 0xFFFF;
                            r.tcpFlags = 0xFF;
                            r.protocol = 0xFF;
                            r.tos = 0xFF;
                            r.srcAs = 0xFFFF;
                            r.dstAs = 0xFFFF;
                            r.srcMask = 0xFF;
                            r.dstMask = 0xFF;
                        }), EXPORTER).get(0);
        assertTrue(EventValueTypes.assertAllowed(event) > 40);
        assertEquals(65_535L, field(event, "source.port"));
        assertEquals("65535", field(event, "observer.ingress.interface.id"));
        assertEquals(4_294_967_295L, field(event, "netflow.exporter.flow_sequence"));
        assertEquals(4_294_967_295L, field(event, "netflow.exporter.uptime_millis"));
        assertEquals(255L, field(event, "netflow.tcp_control_bits"));
        assertEquals(3L, field(event, "netflow.exporter.sampling_mode"));
        // Last - First = 2^32 - 1 ms
        assertEquals(4_294_967_295L * 1_000_000L, field(event, "event.duration"));
        // unix_nsecs 0xFFFFFFFF is out of range (> 10^9) but still just adds 4294 ms.
        assertEquals("2106-02-07T06:28:19.294Z", field(event, "netflow.exporter.timestamp"));
    }

    @Test
    void mappingOptions() {
        MappingOptions defaults = MappingOptions.defaults();
        assertFalse(defaults.upscaleSampling());
        assertSame(defaults, defaults.withUpscaleSampling(false));
        MappingOptions on = defaults.withUpscaleSampling(true);
        assertTrue(on.upscaleSampling());
        assertFalse(defaults.upscaleSampling());
        assertEquals(on, MappingOptions.defaults().withUpscaleSampling(true));
        assertSame(defaults, new FlowEventMapper().options());
    }
}

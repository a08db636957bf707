package org.elkflow.flowcodec.sflow;

import static org.elkflow.flowcodec.sflow.SflowTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.EventValueTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sFlow capture of MANIFEST.tsv decodes to its stated number of samples; spot values per capture. */
class SflowCaptureTest {

    static Stream<CaptureManifest.Row> sflowRows() {
        return CaptureManifest.rowsWithProtocol("sflow5").stream().filter(r -> r.expectedRecords().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sflowRows")
    void decodesTheStatedNumberOfSamples(CaptureManifest.Row row) {
        int samples = 0;
        for (byte[] datagram : SflowTestSupport.datagrams(row)) {
            SflowDatagram d = SflowTestSupport.decode(datagram);
            samples += d.samples().size() + d.skippedSamples();
            assertEquals(0, d.skippedSamples(), "no sample of an unknown format in " + row);
        }
        assertEquals(row.expectedRecords().getAsInt(), samples, row.path());
        List<Map<String, Object>> events = SflowTestSupport.events(row.path());
        assertEquals(samples, events.size());
        for (Map<String, Object> event : events) {
            EventValueTypes.assertAllowed(event);
            assertEquals("flowcodec.sflow", at(event, "event.dataset"));
            assertEquals("2026-11-21T06:00:00.000Z", event.get("@timestamp"));
        }
        assertTrue(sflowRows().count() >= 13, "all sFlow rows of the manifest are covered");
    }

    @Test
    void akvoradoData1140MixesIpv6AndIpv4WithRouterAndGatewayRecords() {
        List<Map<String, Object>> events = SflowTestSupport.events("sflow/akvorado/data-1140.pcap");
        Map<String, Object> first = events.get(0);
        assertEquals("172.16.0.3", at(first, "observer.ip"));
        assertEquals(812646826L, at(first, "sflow.sequence_number"));
        assertEquals(588827825L, at(first, "sflow.sample_sequence_number"));
        assertEquals(1024L, at(first, "flow.sampling_rate"));
        assertEquals(1664271360L, at(first, "sflow.sample_pool"));
        assertEquals("2a0c:8880:2:0:185:21:130:38", at(first, "source.ip"));
        assertEquals(46026L, at(first, "source.port"));
        assertEquals("2a0c:8880:2:0:185:21:130:39", at(first, "destination.ip"));
        assertEquals(22L, at(first, "destination.port"));
        assertEquals("tcp", at(first, "network.transport"));
        assertEquals("ipv6", at(first, "network.type"));
        assertEquals(1518L, at(first, "network.bytes"));
        assertEquals(1L, at(first, "network.packets"));
        assertEquals("27", at(first, "observer.ingress.interface.id"));
        assertEquals("28", at(first, "observer.egress.interface.id"));
        assertEquals(100L, at(first, "sflow.switch.src_vlan"));
        assertEquals("24-6E-96-90-7A-50", at(first, "source.mac"));

        Map<String, Object> second = events.get(1);
        assertEquals("104.26.8.24", at(second, "source.ip"));
        assertEquals(443L, at(second, "source.port"));
        assertEquals("45.90.161.46", at(second, "destination.ip"));
        assertEquals(4294967295L, at(second, "sflow.switch.src_vlan"));
        assertEquals("45.90.161.46", at(second, "sflow.router.next_hop"));
        assertEquals(20L, at(second, "sflow.router.src_mask_length"));
        assertEquals(27L, at(second, "sflow.router.dst_mask_length"));
        assertEquals(13335L, at(second, "sflow.gateway.src_as"));
        assertEquals(24L, at(second, "sflow.header.tcp_flags"));

        Map<String, Object> fourth = events.get(3);
        assertEquals(List.of(203698L, 6762L, 26615L), at(fourth, "sflow.gateway.as_path"));
        assertEquals(26615L, at(fourth, "sflow.gateway.dst_as"));
        assertEquals(100L, at(fourth, "sflow.gateway.local_pref"));
        assertEquals(5, ((List<?>) at(fourth, "sflow.gateway.communities")).size());
        assertEquals(2583495656L, ((List<?>) at(fourth, "sflow.gateway.communities")).get(0));
        assertEquals(2L, at(fourth, "sflow.header.tcp_flags"), "a SYN");
    }

    @Test
    void specialInterfaceEncodings() {
        Map<String, Object> discard = SflowTestSupport.events("sflow/akvorado/data-discard-interface.pcap").get(0);
        assertEquals("discarded", at(discard, "sflow.output.format"));
        assertEquals(1L, at(discard, "sflow.output.value"));
        assertNull(at(discard, "observer.egress"), "no ECS egress interface for a discarded packet");

        Map<String, Object> local = SflowTestSupport.events("sflow/akvorado/data-local-interface.pcap").get(0);
        assertEquals(Boolean.TRUE, at(local, "sflow.output.internal"));
        assertEquals(0x3fffffffL, at(local, "sflow.output.value"));
        assertNull(at(local, "observer.egress"));

        Map<String, Object> multiple = SflowTestSupport.events("sflow/akvorado/data-multiple-interfaces.pcap").get(0);
        assertEquals("multiple", at(multiple, "sflow.output.format"));
        assertEquals(7L, at(multiple, "sflow.output.value"));
        assertEquals("27", at(multiple, "observer.ingress.interface.id"));
    }

    @Test
    void icmpFromASoftwareAgent() {
        Map<String, Object> e = SflowTestSupport.events("sflow/akvorado/data-icmpv4.pcap").get(0);
        assertEquals("127.0.0.1", at(e, "observer.ip"));
        assertEquals(1402L, at(e, "sflow.sub_agent_id"));
        assertEquals("icmp", at(e, "network.transport"));
        assertEquals(8L, at(e, "sflow.header.icmp_type"));
        assertEquals(0L, at(e, "sflow.header.icmp_code"));
        assertEquals("203.0.113.4", at(e, "source.ip"));
        assertEquals("203.0.113.5", at(e, "destination.ip"));
        assertNull(at(e, "source.port"));
    }

    @Test
    void expandedSampleWithVlanTag() {
        Map<String, Object> e = SflowTestSupport.events("sflow/akvorado/data-sflow-expanded-sample.pcap").get(0);
        assertEquals(Boolean.TRUE, at(e, "sflow.expanded"));
        assertEquals("49.49.49.49", at(e, "observer.ip"));
        assertEquals(115694180L, at(e, "sflow.sequence_number"));
        assertEquals(1000L, at(e, "sflow.sampling_rate"));
        assertEquals(11001L, at(e, "sflow.source_id_index"));
        assertEquals("29001", at(e, "observer.ingress.interface.id"));
        assertEquals("809", at(e, "network.vlan.id"));
        assertEquals(List.of(809L), at(e, "sflow.header.vlan_ids"));
        assertEquals("52.52.52.52", at(e, "source.ip"));
        assertEquals(22L, at(e, "source.port"));
        assertEquals("53.53.53.53", at(e, "destination.ip"));
        assertEquals(52237L, at(e, "destination.port"));
        assertEquals(List.of(8218L, 29605L, 203361L), at(e, "sflow.gateway.as_path"));
    }

    @Test
    void expandedSampleWithSampledIpv4AndEthernetRecords() {
        Map<String, Object> e = SflowTestSupport.events("sflow/akvorado/data-sflow-ipv4-data.pcap").get(0);
        assertEquals(1262L, at(e, "sflow.header.stripped"));
        assertEquals(1390L, at(e, "network.bytes"));
        assertEquals("udp", at(e, "network.transport"));
        assertEquals("50.50.50.50", at(e, "sflow.sampled_ipv4.src_ip"));
        assertEquals(46622L, at(e, "sflow.sampled_ipv4.src_port"));
        assertEquals(1344L, at(e, "sflow.sampled_ipv4.length"));
        assertEquals("01-00-5E-2A-AA-04", at(e, "sflow.sampled_ethernet.dst_mac"));
        assertEquals(3001L, at(e, "sflow.switch.dst_vlan"));
        assertNull(at(e, "observer.ingress"), "input ifIndex 0 means unknown");
    }

    @Test
    void rawIpv4HeaderWithoutEthernet() {
        List<Map<String, Object>> events = SflowTestSupport.events("sflow/akvorado/data-sflow-raw-ipv4.pcap");
        assertEquals(11L, at(events.get(0), "sflow.header.protocol"));
        assertEquals("69.58.92.107", at(events.get(0), "source.ip"));
        assertEquals("92.222.186.1", at(events.get(0), "destination.ip"));
        assertEquals("92.222.184.1", at(events.get(1), "destination.ip"));
        assertNull(at(events.get(0), "source.mac"));
        assertEquals(100000L, at(events.get(0), "sflow.sub_agent_id"));
    }

    @Test
    void ndpiCountersAndOneFlowSample() {
        List<Map<String, Object>> events = SflowTestSupport.events("sflow/ndpi/sflow.pcap");
        long counters = events.stream().filter(e -> "sflow_counter_sample".equals(at(e, "event.action"))).count();
        assertEquals(8, counters);
        Map<String, Object> c = events.get(0);
        assertEquals("metric", at(c, "event.kind"));
        assertEquals(1036L, at(c, "sflow.counters.interface.if_index"));
        assertEquals(100000000L, at(c, "sflow.counters.interface.if_speed"));
        assertEquals(25963724L, at(c, "sflow.counters.interface.in_octets"));
        assertEquals(5455297L, at(c, "sflow.counters.interface.out_octets"));
        assertEquals(true, at(c, "sflow.counters.interface.oper_up"));
        Map<String, Object> flow = events.stream()
                .filter(e -> "sflow_flow_sample".equals(at(e, "event.action"))).findFirst().orElseThrow();
        assertEquals(2048L, at(flow, "flow.sampling_rate"));
        assertEquals(1, ((List<?>) at(flow, "sflow.header.vlan_ids")).size());
    }

    @Test
    void logstashCounterSamplesWithProcessorAndUnknownRecords() {
        List<Map<String, Object>> events = SflowTestSupport.events("sflow/logstash-codec-sflow/sflow_counters_sample.dat");
        assertEquals(0.06, at(events.get(0), "sflow.counters.processor.cpu_5s_percent"));
        assertEquals(13065256960L, at(events.get(0), "sflow.counters.processor.total_memory"));
        assertEquals(12598116368L, at(events.get(0), "sflow.counters.processor.free_memory"));
        assertEquals(4798815464855L, at(events.get(4), "sflow.counters.interface.in_octets"), "64-bit octets");
        long skipped = events.stream().filter(e -> at(e, "sflow.skipped_records") != null).count();
        assertEquals(2, skipped, "the two format-2201 records are skipped by length and counted");

        Map<String, Object> single = SflowTestSupport.events("sflow/logstash-codec-sflow/sflow_1_counters_sample.dat").get(0);
        assertEquals(896L, at(single, "sflow.counters.interface.if_index"));
        assertEquals(50839502302L, at(single, "sflow.counters.interface.in_octets"));
        assertEquals(701697L, at(single, "sflow.counters.interface.in_discards"));
    }

    @Test
    void logstashFlowSamples() {
        Map<String, Object> e = SflowTestSupport.events("sflow/logstash-codec-sflow/sflow_flow_sample.dat").get(0);
        assertEquals("10.243.27.17", at(e, "source.ip"));
        assertEquals(5672L, at(e, "source.port"));
        assertEquals("10.243.0.45", at(e, "destination.ip"));
        assertEquals(59451L, at(e, "destination.port"));
        assertEquals(490L, at(e, "network.bytes"));
        assertEquals(Boolean.TRUE, at(e, "sflow.input.internal"));
        assertEquals(504L, at(e, "sflow.sampled_ethernet.length"));

        Map<String, Object> vlan = SflowTestSupport.events("sflow/logstash-codec-sflow/sflow_flow_sample_eth_vlan.dat").get(0);
        assertEquals("2422", at(vlan, "network.vlan.id"));
        assertEquals("10.243.2.11", at(vlan, "source.ip"));
        assertEquals(63150L, at(vlan, "source.port"));
        assertEquals(443L, at(vlan, "destination.port"));
    }

    @Test
    void upscalingMultipliesBytesAndPacketsBySamplingRate() {
        Map<String, Object> plain = SflowTestSupport.events("sflow/logstash-codec-sflow/sflow_flow_sample_eth_vlan.dat").get(0);
        Map<String, Object> scaled = SflowTestSupport.events("sflow/logstash-codec-sflow/sflow_flow_sample_eth_vlan.dat",
                MappingOptions.defaults().withUpscaleSampling(true)).get(0);
        assertEquals(62L, at(plain, "network.bytes"));
        assertEquals(1L, at(plain, "network.packets"));
        assertEquals(62L * 2000, at(scaled, "network.bytes"));
        assertEquals(2000L, at(scaled, "network.packets"));
        assertEquals(2000L, at(scaled, "flow.sampling_rate"));
        assertFalse(plain == scaled);
    }
}

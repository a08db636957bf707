package org.elkflow.flowcodec.sflow;

import static org.elkflow.flowcodec.sflow.SflowTestSupport.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.schema.SflowEventMapper;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.ExternalTool;
import org.elkflow.flowcodec.testing.MiniJson;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against Wireshark's sFlow dissector: tshark ({@code -d udp.port==6343,sflow -T json}) decodes
 * every sFlow capture of the manifest (raw {@code .dat} payloads are wrapped in a one-packet pcap first), and for
 * every datagram and every sample the agent, sequence numbers, sampling rate, sample pool, drops, interfaces,
 * header protocol/lengths, header-derived addresses, ports, protocol, VLAN, TCP flags, ICMP type/code and
 * generic-interface / processor counter values must agree with our events.
 */
class SflowTsharkDifferentialTest {

    private static final int SFLOW_PORT = 6343;

    @TempDir
    Path temp;

    static Stream<CaptureManifest.Row> rows() {
        return CaptureManifest.rowsWithProtocol("sflow5").stream().filter(r -> r.expectedRecords().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void tsharkAgreesOnEverySample(CaptureManifest.Row row) throws Exception {
        Path tshark = ExternalTool.require("tshark", "tshark");
        List<byte[]> datagrams = SflowTestSupport.datagrams(row);
        Path pcap = row.isPcap() ? SharedData.path(CaptureManifest.CAPTURES + row.path()) : writePcap(datagrams);
        List<Map<String, Object>> sflowLayers = tsharkSflowLayers(tshark, pcap);
        assertEquals(datagrams.size(), sflowLayers.size(), "tshark sees one sFlow datagram per payload");
        SflowEventMapper mapper = new SflowEventMapper(MappingOptions.defaults());
        int compared = 0;
        for (int i = 0; i < datagrams.size(); i++) {
            Map<String, Object> theirs = sflowLayers.get(i);
            SflowDatagram ours = SflowTestSupport.decode(datagrams.get(i));
            String where = row.path() + " datagram " + i;
            assertEquals(str(theirs, "sflow_245.agent"), ours.agentAddress(), where + " agent");
            assertEquals(num(theirs, "sflow_245.sub_agent_id"), ours.subAgentId(), where + " sub-agent");
            assertEquals(num(theirs, "sflow_245.sequence_number"), ours.sequenceNumber(), where + " sequence");
            assertEquals(num(theirs, "sflow_245.sysuptime"), ours.uptimeMillis(), where + " uptime");
            List<Map<String, Object>> theirSamples = samples(theirs);
            assertEquals(num(theirs, "sflow_245.numsamples"), ours.samples().size(), where + " sample count");
            assertEquals(theirSamples.size(), ours.samples().size(), where + " samples tshark dissected");
            List<Map<String, Object>> events = new ArrayList<>();
            mapper.map(ours, 0L, events::add);
            for (int s = 0; s < events.size(); s++) {
                String at = where + " sample " + s;
                Map<String, Object> t = theirSamples.get(s);
                Map<String, Object> e = events.get(s);
                if ("sflow_flow_sample".equals(at(e, "event.action"))) {
                    compareFlowSample(at, t, e);
                } else {
                    compareCounterSample(at, t, e);
                }
                compared++;
            }
        }
        assertEquals(row.expectedRecords().getAsInt(), compared, row.path());
    }

    private static void compareFlowSample(String where, Map<String, Object> t, Map<String, Object> e) {
        assertEquals(num(t, "sflow.flow_sample.sequence_number"), at(e, "sflow.sample_sequence_number"), where);
        boolean expanded = t.containsKey("sflow.flow_sample.source_id_type");
        assertEquals(expanded, at(e, "sflow.expanded"), where + " expanded");
        assertEquals(num(t, expanded ? "sflow.flow_sample.source_id_type" : "sflow.flow_sample.source_id_class"),
                at(e, "sflow.source_id_type"), where + " source id type");
        assertEquals(num(t, expanded ? "sflow.flow_sample.source_id_index" : "sflow.flow_sample.index"),
                at(e, "sflow.source_id_index"), where + " source id index");
        assertEquals(num(t, "sflow.flow_sample.sampling_rate"), at(e, "sflow.sampling_rate"), where + " rate");
        assertEquals(num(t, "sflow.flow_sample.sampling_rate"), at(e, "flow.sampling_rate"), where + " rate");
        assertEquals(num(t, "sflow.flow_sample.sample_pool"), at(e, "sflow.sample_pool"), where + " pool");
        assertEquals(num(t, "sflow.flow_sample.dropped_packets"), at(e, "sflow.drops"), where + " drops");
        if (expanded) {
            assertEquals(num(t, "sflow.flow_sample.input_interface_format"), formatNumber(e, "input"), where);
            assertEquals(num(t, "sflow.flow_sample.input_interface_value"), at(e, "sflow.input.value"), where);
            assertEquals(num(t, "sflow.flow_sample.output_interface.format"), formatNumber(e, "output"), where);
            assertEquals(num(t, "sflow.flow_sample.output_interface_value"), at(e, "sflow.output.value"), where);
        } else {
            // tshark shows the compact input word as a number and splits the output word into format/value.
            assertEquals(num(t, "sflow.flow_sample.input_interface"),
                    (formatNumber(e, "input") << 30) | (Long) at(e, "sflow.input.value"), where + " input");
            Map<String, Object> out = map(t, "sflow.flow_sample.output_interface_tree");
            assertEquals(num(out, "sflow.flow_sample.output_interface_format"), formatNumber(e, "output"),
                    where + " output format");
            assertEquals(num(out, "sflow.flow_sample.output_interface_value"), at(e, "sflow.output.value"),
                    where + " output value");
        }
        Map<String, Object> header = map(t, "Raw packet header");
        if (header != null) {
            compareHeader(where, header, e);
        }
        Map<String, Object> sw = map(t, "Extended switch data");
        if (sw != null) {
            assertEquals(num(sw, "sflow_245.vlan.in"), at(e, "sflow.switch.src_vlan"), where + " src vlan");
            assertEquals(num(sw, "sflow_245.vlan.out"), at(e, "sflow.switch.dst_vlan"), where + " dst vlan");
            assertEquals(num(sw, "sflow_245.pri.in"), at(e, "sflow.switch.src_priority"), where);
            assertEquals(num(sw, "sflow_245.pri.out"), at(e, "sflow.switch.dst_priority"), where);
        }
    }

    private static void compareHeader(String where, Map<String, Object> h, Map<String, Object> e) {
        assertEquals(num(h, "sflow_245.header_protocol"), at(e, "sflow.header.protocol"), where + " header protocol");
        assertEquals(num(h, "sflow_245.header.frame_length"), at(e, "sflow.header.frame_length"), where);
        assertEquals(num(h, "sflow_245.header.frame_length"), at(e, "network.bytes"), where + " network.bytes");
        assertEquals(num(h, "sflow_245.header.payload_stripped"), at(e, "sflow.header.stripped"), where);
        assertEquals(num(h, "sflow_245.header.sampled_header_length"), at(e, "sflow.header.length"), where);
        Map<String, Object> tree = map(h, "sflow_245.header_tree");
        assertNotNull(tree, where + ": tshark dissected the sampled header");
        Map<String, Object> vlan = map(tree, "vlan");
        if (vlan != null) {
            assertEquals(str(vlan, "vlan.id"), at(e, "network.vlan.id"), where + " vlan");
        }
        Map<String, Object> ip = map(tree, "ip");
        Map<String, Object> ipv6 = map(tree, "ipv6");
        if (ip != null) {
            assertEquals(str(ip, "ip.src"), at(e, "source.ip"), where + " source.ip");
            assertEquals(str(ip, "ip.dst"), at(e, "destination.ip"), where + " destination.ip");
            assertEquals(num(ip, "ip.proto"), Long.parseLong((String) at(e, "network.iana_number")), where);
            assertEquals(num(ip, "ip.ttl"), at(e, "sflow.header.ttl"), where + " ttl");
            assertEquals("ipv4", at(e, "network.type"));
        } else if (ipv6 != null) {
            assertEquals(str(ipv6, "ipv6.src"), at(e, "source.ip"), where + " source.ip");
            assertEquals(str(ipv6, "ipv6.dst"), at(e, "destination.ip"), where + " destination.ip");
            assertEquals(num(ipv6, "ipv6.nxt"), Long.parseLong((String) at(e, "network.iana_number")), where);
            assertEquals(num(ipv6, "ipv6.hlim"), at(e, "sflow.header.ttl"), where + " hop limit");
            assertEquals("ipv6", at(e, "network.type"));
        } else {
            assertEquals(null, at(e, "source.ip"), where + ": no IP layer for tshark, none for us");
        }
        boolean ports = false;
        for (String l4 : new String[] {"tcp", "udp"}) {
            Map<String, Object> layer = map(tree, l4);
            if (layer != null && layer.containsKey(l4 + ".srcport")) {
                assertEquals(num(layer, l4 + ".srcport"), at(e, "source.port"), where + " source.port");
                assertEquals(num(layer, l4 + ".dstport"), at(e, "destination.port"), where + " destination.port");
                assertEquals(l4, at(e, "network.transport"), where);
                ports = true;
                if ("tcp".equals(l4) && layer.containsKey("tcp.flags")) {
                    assertEquals(num(layer, "tcp.flags"), at(e, "sflow.header.tcp_flags"), where + " tcp flags");
                }
            }
        }
        assertEquals(ports, at(e, "source.port") != null, where + ": ports from tshark and from us");
        boolean icmpSeen = false;
        for (String icmp : new String[] {"icmp", "icmpv6"}) {
            Map<String, Object> layer = map(tree, icmp);
            if (layer != null) {
                icmpSeen = true;
                assertEquals(num(layer, icmp + ".type"), at(e, "sflow.header.icmp_type"), where + " icmp type");
                assertEquals(num(layer, icmp + ".code"), at(e, "sflow.header.icmp_code"), where + " icmp code");
            }
        }
        assertEquals(icmpSeen, at(e, "sflow.header.icmp_type") != null, where + ": ICMP from tshark and from us");
    }

    private static void compareCounterSample(String where, Map<String, Object> t, Map<String, Object> e) {
        assertEquals(num(t, "sflow.counters_sample.sequence_number"), at(e, "sflow.sample_sequence_number"), where);
        boolean expanded = t.containsKey("sflow.counters_sample.expanded_source_id_type");
        String prefix = expanded ? "sflow.counters_sample.expanded_source_id_" : "sflow.counters_sample.source_id_";
        assertEquals(num(t, prefix + "type"), at(e, "sflow.source_id_type"), where + " source id type");
        assertEquals(num(t, prefix + "index"), at(e, "sflow.source_id_index"), where + " source id index");
        Map<String, Object> g = map(t, "Generic interface counters");
        assertEquals(at(e, "sflow.counters.interface") != null, g != null, where + " generic interface record");
        if (g != null) {
            String[][] pairs = {
                {"ifindex", "if_index"}, {"iftype", "if_type"}, {"ifspeed", "if_speed"},
                {"ifdirection", "if_direction"}, {"ifinoct", "in_octets"}, {"ifinpkt", "in_unicast_packets"},
                {"ifinmcast", "in_multicast_packets"}, {"ifinbcast", "in_broadcast_packets"},
                {"ifindisc", "in_discards"}, {"ifinerr", "in_errors"}, {"ifinunk", "in_unknown_protocols"},
                {"ifoutoct", "out_octets"}, {"ifoutpkt", "out_unicast_packets"},
                {"ifoutmcast", "out_multicast_packets"}, {"ifoutbcast", "out_broadcast_packets"},
                {"ifoutdisc", "out_discards"}, {"ifouterr", "out_errors"}, {"ifpromisc", "promiscuous_mode"}};
            for (String[] pair : pairs) {
                assertEquals(num(g, "sflow_245." + pair[0]), at(e, "sflow.counters.interface." + pair[1]),
                        where + " " + pair[0]);
            }
            assertEquals(num(g, "sflow_245.ifadmin_status") == 1, at(e, "sflow.counters.interface.admin_up"), where);
            assertEquals(num(g, "sflow_245.ifoper_status") == 1, at(e, "sflow.counters.interface.oper_up"), where);
        }
        Map<String, Object> cpu = map(t, "Processor information");
        assertEquals(at(e, "sflow.counters.processor") != null, cpu != null, where + " processor record");
        if (cpu != null) {
            assertEquals(num(cpu, "sflow_5.cpu_5s"), Math.round(100 * (Double) at(e,
                    "sflow.counters.processor.cpu_5s_percent")), where + " cpu 5s");
            assertEquals(num(cpu, "sflow_5.cpu_1m"), Math.round(100 * (Double) at(e,
                    "sflow.counters.processor.cpu_1m_percent")), where + " cpu 1m");
            assertEquals(num(cpu, "sflow_5.cpu_5m"), Math.round(100 * (Double) at(e,
                    "sflow.counters.processor.cpu_5m_percent")), where + " cpu 5m");
            assertEquals(num(cpu, "sflow_5.total_memory"), at(e, "sflow.counters.processor.total_memory"), where);
            assertEquals(num(cpu, "sflow_5.free_memory"), at(e, "sflow.counters.processor.free_memory"), where);
        }
    }

    private static long formatNumber(Map<String, Object> e, String direction) {
        switch ((String) at(e, "sflow." + direction + ".format")) {
            case "ifindex":
                return 0;
            case "discarded":
                return 1;
            case "multiple":
                return 2;
            default:
                return 3;
        }
    }

    // ---- tshark output -------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tsharkSflowLayers(Path tshark, Path pcap) throws Exception {
        Process p = new ProcessBuilder(tshark.toString(), "-n", "-r", pcap.toString(), "-d",
                "udp.port==" + SFLOW_PORT + ",sflow", "-T", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json;
        try (InputStream in = p.getInputStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), "tshark exit status");
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Object packet : (List<Object>) MiniJson.parse(json)) {
            Map<String, Object> l = map((Map<String, Object>) packet, "_source");
            Map<String, Object> sflow = map(map(l, "layers"), "sflow");
            if (sflow != null) {
                layers.add(sflow);
            }
        }
        return layers;
    }

    /** The sample objects of an sFlow layer in datagram order; repeated titles come back as several samples. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> samples(Map<String, Object> sflow) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Object> entry : sflow.entrySet()) {
            String k = entry.getKey();
            if (!(k.startsWith("Flow sample") || k.startsWith("Expanded flow sample")
                    || k.startsWith("Counters sample") || k.startsWith("Expanded counters sample"))) {
                continue;
            }
            if (entry.getValue() instanceof MiniJson.Repeated) {
                for (Object o : (MiniJson.Repeated) entry.getValue()) {
                    out.add((Map<String, Object>) o);
                }
            } else {
                out.add((Map<String, Object>) entry.getValue());
            }
        }
        return out;
    }

    /** The object under {@code key}; the first one when tshark repeated the key. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        if (m == null) {
            return null;
        }
        Object v = m.get(key);
        if (v instanceof MiniJson.Repeated) {
            v = ((MiniJson.Repeated) v).get(0);
        }
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof MiniJson.Repeated) {
            v = ((MiniJson.Repeated) v).get(0);
        }
        assertNotNull(v, "tshark output has no " + key + " in " + m.keySet());
        return (String) v;
    }

    /** A tshark number: decimal, or hexadecimal with 0x. */
    private static long num(Map<String, Object> m, String key) {
        String s = str(m, key);
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    // ---- pcap for raw payloads -----------------------------------------------------------------------------

    /** Wraps each payload in Ethernet/IPv4/UDP (192.0.2.10 → 192.0.2.1:6343) in a classic pcap file. */
    private Path writePcap(List<byte[]> payloads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(1);
        out.write(global.array());
        for (byte[] payload : payloads) {
            int ipLength = 20 + 8 + payload.length;
            ByteBuffer frame = ByteBuffer.allocate(14 + ipLength);
            frame.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
            frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putInt(0).put((byte) 64)
                    .put((byte) 17).putShort((short) 0).put(new byte[] {(byte) 192, 0, 2, 10})
                    .put(new byte[] {(byte) 192, 0, 2, 1});
            frame.putShort((short) 40000).putShort((short) SFLOW_PORT).putShort((short) (8 + payload.length))
                    .putShort((short) 0).put(payload);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(0).putInt(0).putInt(frame.capacity()).putInt(frame.capacity());
            out.write(record.array());
            out.write(frame.array());
        }
        Path file = Files.createTempFile(temp, "sflow", ".pcap");
        Files.write(file, out.toByteArray());
        return file;
    }
}

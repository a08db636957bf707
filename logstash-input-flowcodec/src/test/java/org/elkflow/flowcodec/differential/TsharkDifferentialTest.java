package org.elkflow.flowcodec.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.testing.CaptureGroups;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.ExternalTool;
import org.elkflow.flowcodec.testing.MiniJson;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against Wireshark's cflow dissector: every NetFlow v9 / IPFIX sequence group of
 * MANIFEST.tsv is written, in group order, into one pcap that {@code tshark -T json} decodes; the same datagrams
 * go through our decoder (with the pre-template buffer off, since tshark does not buffer). Per datagram, the
 * record counts must match, and for every record, every field both tools decode (addresses, ports, protocol,
 * octets, packets, first/last, interfaces, next hop, AS numbers, TCP flags, ToS) must agree, unless the
 * disagreement is listed in {@link #EXPLAINED} with the reason.
 */
class TsharkDifferentialTest {

    /** tshark field → our netflow.* key. */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("cflow.srcaddr", "source_ipv4_address");
        FIELDS.put("cflow.dstaddr", "destination_ipv4_address");
        FIELDS.put("cflow.srcaddr_v6", "source_ipv6_address");
        FIELDS.put("cflow.dstaddr_v6", "destination_ipv6_address");
        FIELDS.put("cflow.srcport", "source_transport_port");
        FIELDS.put("cflow.dstport", "destination_transport_port");
        FIELDS.put("cflow.protocol", "protocol_identifier");
        FIELDS.put("cflow.octets", "octet_delta_count");
        FIELDS.put("cflow.octets64", "octet_delta_count");
        FIELDS.put("cflow.packets", "packet_delta_count");
        FIELDS.put("cflow.packets64", "packet_delta_count");
        FIELDS.put("cflow.inputint", "ingress_interface");
        FIELDS.put("cflow.outputint", "egress_interface");
        FIELDS.put("cflow.nexthop", "ip_next_hop_ipv4_address");
        FIELDS.put("cflow.nexthop_v6", "ip_next_hop_ipv6_address");
        FIELDS.put("cflow.srcas", "bgp_source_as_number");
        FIELDS.put("cflow.dstas", "bgp_destination_as_number");
        FIELDS.put("cflow.tcpflags", "tcp_control_bits");
        FIELDS.put("cflow.tos", "ip_class_of_service");
        FIELDS.put("cflow.timestart", "flow_start_sys_up_time");
        FIELDS.put("cflow.timeend", "flow_end_sys_up_time");
        FIELDS.put("cflow.abstimestart", "@start");
        FIELDS.put("cflow.abstimeend", "@end");
    }

    /**
     * Disagreements we checked and attribute to tshark, keyed {@code group|tshark field}, with the reason.
     * Anything not listed here fails the test.
     */
    private static final Map<String, String> EXPLAINED = Map.of();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> tsharkAgreesOnEveryCommonField() {
        Path tshark = ExternalTool.require("tshark", "tshark");
        Map<String, List<CaptureManifest.Row>> groups = CaptureGroups.groups(List.of("netflow9", "ipfix"));
        return groups.entrySet().stream().map(g -> DynamicTest.dynamicTest(g.getKey(), () ->
                compareGroup(tshark, g.getKey(), g.getValue())));
    }

    private void compareGroup(Path tshark, String group, List<CaptureManifest.Row> rows) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        List<InetAddress> sources = new ArrayList<>();
        for (CaptureManifest.Row row : rows) {
            if (row.isPcap()) {
                for (CaptureManifest.Payload p : CaptureManifest.payloads(row)) {
                    payloads.add(SharedData.capture(p.file()));
                    sources.add(p.exporter());
                }
            } else {
                byte[] bytes = SharedData.capture(row.path());
                // A .dat glued from several datagrams: we decode the first only; give tshark the first only.
                payloads.add(firstMessage(bytes, row.datagrams()));
                sources.add(CaptureGroups.datExporter());
            }
        }
        Path pcap = tmp.resolve("group.pcap");
        Files.write(pcap, pcapOf(payloads, sources));
        List<Integer> templates = new ArrayList<>();
        List<List<Map<String, Object>>> theirs = tsharkRecords(tshark, pcap, templates);
        int countMismatchesExplained = 0;
        boolean countTruncatedEarlier = false;
        assertEquals(payloads.size(), theirs.size(), group + ": tshark frames");

        DecodeCounters counters = new DecodeCounters();
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(counters, MappingOptions.defaults(),
                ElementRegistry.standard(), new TemplateLimits(4096, 1024, 0, 0, 60_000), System::currentTimeMillis);
        Map<String, Integer> compared = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (int d = 0; d < payloads.size(); d++) {
            List<Map<String, Object>> ours = new ArrayList<>();
            decoder.decode(ByteBuffer.wrap(payloads.get(d)), sources.get(d), ours::add);
            byte[] payload = payloads.get(d);
            int version = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (version != 9 && version != 10) {
                continue; // NetFlow v5 datagrams of mixed captures: NetflowV5 tests cover them
            }
            List<Map<String, Object>> records = theirs.get(d);
            if (records.size() != ours.size()) {
                if (version == 9 && stoppedAtHeaderCount(payload, records.size(), templates.get(d))
                        && records.size() < ours.size()) {
                    // RFC 3954 §5.1: Count is "the total number of records in the Export Packet" (templates,
                    // options templates and data records). These exporters put a smaller number there (softflowd
                    // sends 1 for a packet with 2 templates, an options template and 2 records). tshark stops
                    // dissecting after Count records; we follow the FlowSet lengths, which are what frame the
                    // data, and decode the remaining FlowSets too (as MANIFEST.tsv's independent parser does).
                    // The records tshark did decode must still agree field by field.
                    countMismatchesExplained++;
                    countTruncatedEarlier = true;
                } else if (countTruncatedEarlier && templates.get(d) < 0 && records.size() < ours.size()) {
                    // Consequence of the above: the template this data set needs was in an earlier datagram
                    // after the point where tshark stopped at the header count, so tshark never learnt it and
                    // shows the data FlowSet without records.
                    countMismatchesExplained++;
                } else {
                    disagreements.add("datagram " + d + ": tshark " + records.size() + " records, ours "
                            + ours.size());
                    continue;
                }
            }
            for (int r = 0; r < records.size(); r++) {
                compareRecord(group, d, r, records.get(r), ours.get(r), compared, disagreements);
            }
        }
        System.out.println("tshark differential " + group + ": fields compared " + compared
                + (countMismatchesExplained > 0 ? "; datagrams where tshark stopped at the v9 header count: "
                + countMismatchesExplained : ""));
        assertTrue(disagreements.isEmpty(), group + ": " + disagreements.size() + " disagreements, first: "
                + disagreements.subList(0, Math.min(10, disagreements.size())));
    }

    @SuppressWarnings("unchecked")
    private static void compareRecord(String group, int d, int r, Map<String, Object> theirs,
                                      Map<String, Object> ours, Map<String, Integer> compared,
                                      List<String> disagreements) {
        Map<String, Object> netflow = (Map<String, Object>) ours.get("netflow");
        Map<String, Object> event = (Map<String, Object>) ours.get("event");
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            Object their = theirs.get(f.getKey());
            if (their == null) {
                continue;
            }
            if (their instanceof List) {
                their = ((List<Object>) their).get(0);
            }
            String key = f.getValue();
            Object our;
            if (key.startsWith("@")) {
                Object iso = event.get(key.substring(1));
                our = iso == null ? null : Long.toString(java.time.Instant.parse((String) iso).toEpochMilli());
                their = Long.toString(tsharkTimeMillis((String) their));
            } else {
                our = netflow.get(key);
                if (our instanceof List) {
                    our = ((List<Object>) our).get(0);
                }
                if (key.endsWith("sys_up_time")) {
                    their = Long.toString(Math.round(Double.parseDouble((String) their) * 1000));
                }
            }
            String theirText = normalize(String.valueOf(their));
            String ourText = our == null ? null : normalize(String.valueOf(our));
            compared.merge(f.getKey(), 1, Integer::sum);
            if (key.startsWith("@") && "0".equals(theirText)
                    && Long.valueOf(0).equals(netflow.get(key.equals("@start") ? "flow_start_sys_up_time"
                    : "flow_end_sys_up_time"))) {
                // tshark shows a flowStart/EndSysUpTime (IE 22/21) of 0 as the absolute time 1970-01-01
                // (cflow.abstimestart) instead of as a relative cflow.timestart. RFC 7012 defines IE 22/21 as
                // milliseconds since the exporter's (re-)initialization, so 0 means "at sysUpTime 0"; we turn it
                // into an absolute time with the header's sysUptime (v9) or systemInitTimeMilliseconds (IPFIX).
                compared.merge("explained:zero-sysuptime-as-epoch", 1, Integer::sum);
                continue;
            }
            if (!theirText.equals(ourText) && !EXPLAINED.containsKey(group + "|" + f.getKey())) {
                disagreements.add("datagram " + d + " record " + r + " " + f.getKey() + ": tshark " + theirText
                        + ", ours " + key + "=" + ourText);
            }
        }
    }

    private static String normalize(String v) {
        if (v.startsWith("0x")) {
            return Long.toString(Long.parseLong(v.substring(2), 16));
        }
        return v.toLowerCase(Locale.ROOT);
    }

    private static final Pattern TSHARK_TIME = Pattern.compile(
            "(\\w{3}) +(\\d+), (\\d{4}) (\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d+)");

    static long tsharkTimeMillis(String text) {
        Matcher m = TSHARK_TIME.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("tshark time " + text);
        }
        LocalDateTime t = LocalDateTime.parse(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4)
                + ":" + m.group(5) + ":" + m.group(6), DateTimeFormatter.ofPattern("MMM d yyyy HH:mm:ss", Locale.ROOT));
        String fraction = (m.group(7) + "000").substring(0, 3);
        return t.toInstant(ZoneOffset.UTC).toEpochMilli() + Long.parseLong(fraction);
    }

    /** Per frame, the data records tshark decoded ("Flow N" objects of every FlowSet), in order. */
    @SuppressWarnings("unchecked")
    private static List<List<Map<String, Object>>> tsharkRecords(Path tshark, Path pcap, List<Integer> templates)
            throws Exception {
        Process p = new ProcessBuilder(tshark.toString(), "-n", "-r", pcap.toString(), "-d", "udp.port==2055,cflow",
                "-T", "json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), "tshark exit status");
        List<Object> packets = (List<Object>) MiniJson.parse(new String(out, StandardCharsets.UTF_8));
        List<List<Map<String, Object>>> frames = new ArrayList<>();
        for (Object packet : packets) {
            Map<String, Object> layers = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) packet)
                    .get("_source")).get("layers");
            Object cflow = layers.get("cflow");
            if (cflow instanceof List) {
                cflow = ((List<Object>) cflow).get(0);
            }
            List<Map<String, Object>> records = new ArrayList<>();
            int templateCount = 0;
            int undecodedDataSets = 0;
            if (cflow instanceof Map) {
                for (Map.Entry<String, Object> set : ((Map<String, Object>) cflow).entrySet()) {
                    if ((set.getKey().startsWith("FlowSet") || set.getKey().startsWith("Set "))
                            && set.getValue() instanceof Map) {
                        Map<String, Object> setMap = (Map<String, Object>) set.getValue();
                        boolean dataSet = !set.getKey().contains("Template") && !set.getKey().contains("[id=0]")
                                && !set.getKey().contains("[id=1]");
                        if (dataSet && setMap.keySet().stream().noneMatch(k -> k.startsWith("Flow "))) {
                            undecodedDataSets++;
                        }
                        for (Map.Entry<String, Object> rec : ((Map<String, Object>) set.getValue()).entrySet()) {
                            if (rec.getKey().startsWith("Flow ") && rec.getValue() instanceof Map) {
                                records.add(flatten((Map<String, Object>) rec.getValue()));
                            } else if (rec.getKey().startsWith("Template (")
                                    || rec.getKey().startsWith("Options Template (")) {
                                templateCount += rec.getValue() instanceof List ? ((List<Object>) rec.getValue()).size() : 1;
                            }
                        }
                    }
                }
            }
            frames.add(records);
            // Negative marks a frame where tshark showed a data set without records (no template known).
            templates.add(undecodedDataSets > 0 && templateCount == 0 ? -undecodedDataSets : templateCount);
        }
        return frames;
    }

    /** A record with the entries of its "..._tree" sub-objects lifted up (tshark nests first/last there). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<String, Object> record) {
        Map<String, Object> flat = new LinkedHashMap<>(record);
        for (Map.Entry<String, Object> e : record.entrySet()) {
            if (e.getKey().endsWith("_tree") && e.getValue() instanceof Map) {
                ((Map<String, Object>) e.getValue()).forEach(flat::putIfAbsent);
            }
        }
        return flat;
    }

    /** True when tshark decoded exactly as many records (templates included) as the v9 header's Count says. */
    private static boolean stoppedAtHeaderCount(byte[] payload, int records, int templates) {
        int count = ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
        return records + templates == count;
    }

    private static byte[] firstMessage(byte[] bytes, int datagrams) {
        if (datagrams <= 1 || bytes.length < 4) {
            return bytes;
        }
        int version = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        if (version == 10) {
            int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
            return java.util.Arrays.copyOf(bytes, Math.min(length, bytes.length));
        }
        // v9: walk the sets until the glued second header (set id 9).
        int pos = 20;
        while (bytes.length - pos >= 4) {
            int id = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
            int len = ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
            if (id == 9 || len < 4) {
                break;
            }
            pos += len;
        }
        return java.util.Arrays.copyOf(bytes, Math.min(pos, bytes.length));
    }

    /** A classic pcap (link type raw IP) with one IPv4/IPv6 + UDP packet to port 2055 per payload. */
    static byte[] pcapOf(List<byte[]> payloads, List<InetAddress> sources) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                .putInt(101);
        out.write(header.array());
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            InetAddress src = sources.get(i);
            boolean v4 = src instanceof Inet4Address;
            int ipLen = v4 ? 20 : 40;
            ByteBuffer pkt = ByteBuffer.allocate(ipLen + 8 + payload.length);
            if (v4) {
                pkt.put((byte) 0x45).put((byte) 0).putShort((short) Math.min(65535, ipLen + 8 + payload.length))
                        .putShort((short) i).putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                        .put(src.getAddress()).put(new byte[] {(byte) 192, 0, 2, (byte) 200});
            } else {
                pkt.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64)
                        .put(src.getAddress()).put(InetAddress.getByName("2001:db8::200").getAddress());
            }
            pkt.putShort((short) 40000).putShort((short) 2055).putShort((short) (8 + payload.length))
                    .putShort((short) 0).put(payload);
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rec.putInt(1_600_000_000 + i).putInt(0).putInt(pkt.capacity()).putInt(pkt.capacity());
            out.write(rec.array());
            out.write(pkt.array());
        }
        return out.toByteArray();
    }
}

package org.elkflow.flowcodec.schema;

import static org.elkflow.flowcodec.schema.EventMaps.list;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.elkflow.flowcodec.sflow.CounterRecords;
import org.elkflow.flowcodec.sflow.CounterSample;
import org.elkflow.flowcodec.sflow.FlowRecords;
import org.elkflow.flowcodec.sflow.FlowSample;
import org.elkflow.flowcodec.sflow.InterfaceRef;
import org.elkflow.flowcodec.sflow.PacketHeader;
import org.elkflow.flowcodec.sflow.SampledHeader;
import org.elkflow.flowcodec.sflow.SflowDatagram;
import org.elkflow.flowcodec.sflow.SflowDecoder;
import org.elkflow.flowcodec.sflow.SflowSample;
import org.elkflow.flowcodec.wire.AddressText;

/**
 * Turns decoded sFlow v5 samples into events: one per flow sample ({@code event.action: sflow_flow_sample})
 * and one per counter sample ({@code sflow_counter_sample}), with ECS fields and detail under {@code sflow.*}.
 *
 * <p>sFlow carries no absolute time, so {@code @timestamp} is the receive time the caller passes. Flow samples
 * describe one sampled packet: {@code network.bytes} is its frame length and {@code network.packets} is 1, both
 * multiplied by the sampling rate when {@link MappingOptions#upscaleSampling()} is on. Addresses, ports and
 * protocol come from the parsed packet header, else from a sampled IPv4/IPv6 record.
 *
 * <p>Values follow {@link FlowEventMapper}'s rules (String, Long, Double, Boolean, maps, lists; fresh
 * containers per event). Immutable; safe to share between threads.
 */
public final class SflowEventMapper {

    static final String EVENT_DATASET_SFLOW = "flowcodec.sflow";
    static final String EVENT_ACTION_FLOW_SAMPLE = "sflow_flow_sample";
    static final String EVENT_ACTION_COUNTER_SAMPLE = "sflow_counter_sample";

    private final MappingOptions options;

    public SflowEventMapper(MappingOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Hands one event per sample of {@code datagram} to {@code sink}, in datagram order.
     *
     * @param receivedMillis receive time (epoch milliseconds), used as {@code @timestamp}
     * @return the number of events handed to the sink
     */
    public int map(SflowDatagram datagram, long receivedMillis, Consumer<? super Map<String, Object>> sink) {
        return map(datagram, null, receivedMillis, sink);
    }

    /**
     * As {@link #map(SflowDatagram, long, Consumer)}; {@code sender} (the datagram's UDP source, may be null)
     * becomes {@code observer.ip} when the agent sent the "unknown" address type.
     */
    public int map(SflowDatagram datagram, InetAddress sender, long receivedMillis,
                   Consumer<? super Map<String, Object>> sink) {
        String timestamp = Iso8601.utcMillis(receivedMillis);
        String observerIp = datagram.agentAddress() != null ? datagram.agentAddress()
                : sender == null ? null : AddressText.of(sender);
        int emitted = 0;
        for (SflowSample sample : datagram.samples()) {
            if (sample instanceof FlowSample) {
                sink.accept(flowEvent(datagram, (FlowSample) sample, timestamp, observerIp));
            } else {
                sink.accept(counterEvent(datagram, (CounterSample) sample, timestamp, observerIp));
            }
            emitted++;
        }
        return emitted;
    }

    /** One flow sample's event; {@code observerIp} is the agent address (or the sender's), may be null. */
    public Map<String, Object> flowEvent(SflowDatagram datagram, FlowSample sample, String timestamp,
                                         String observerIp) {
        Map<String, Object> event = EventMaps.map(12);
        event.put("@timestamp", timestamp);
        event.put("event", ecsEvent("event", "connection", EVENT_ACTION_FLOW_SAMPLE));

        SampledHeader header = sample.header();
        PacketHeader parsed = header == null ? null : header.parsed();
        FlowRecords.SampledIp sampledIp = sample.sampledIpv4() != null ? sample.sampledIpv4() : sample.sampledIpv6();
        String srcIp = null;
        String dstIp = null;
        int ipVersion = 0;
        long protocol = -1;
        long srcPort = -1;
        long dstPort = -1;
        if (parsed != null && parsed.ipVersion() != 0) {
            ipVersion = parsed.ipVersion();
            srcIp = parsed.srcIp();
            dstIp = parsed.dstIp();
            protocol = parsed.ipProtocol();
            srcPort = parsed.srcPort();
            dstPort = parsed.dstPort();
        } else if (sampledIp != null) {
            ipVersion = sampledIp.version();
            srcIp = sampledIp.srcIp();
            dstIp = sampledIp.dstIp();
            protocol = sampledIp.protocol();
            boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
            srcPort = ports ? sampledIp.srcPort() : -1;
            dstPort = ports ? sampledIp.dstPort() : -1;
        }
        long srcMac = parsed != null && parsed.hasEthernet() ? parsed.srcMac()
                : sample.sampledEthernet() != null ? sample.sampledEthernet().srcMac() : -1;
        long dstMac = parsed != null && parsed.hasEthernet() ? parsed.dstMac()
                : sample.sampledEthernet() != null ? sample.sampledEthernet().dstMac() : -1;

        Map<String, Object> source = endpoint(srcIp, srcPort, srcMac);
        if (!source.isEmpty()) {
            event.put("source", source);
        }
        Map<String, Object> destination = endpoint(dstIp, dstPort, dstMac);
        if (!destination.isEmpty()) {
            event.put("destination", destination);
        }

        long rate = sample.samplingRate();
        boolean upscale = options.upscaleSampling() && rate > 0;
        long frameLength = sample.frameLength();
        Map<String, Object> network = EventMaps.map(6);
        if (protocol >= 0 && protocol <= 255) {
            network.put("transport", IanaProtocolNumbers.transportName((int) protocol));
            network.put("iana_number", IanaProtocolNumbers.number((int) protocol));
        }
        if (ipVersion != 0) {
            network.put("type", ipVersion == 4 ? "ipv4" : "ipv6");
        }
        network.put("bytes", upscale ? frameLength * rate : frameLength);
        network.put("packets", upscale ? rate : 1L);
        if (parsed != null && parsed.vlanCount() > 0) {
            Map<String, Object> vlan = EventMaps.map(1);
            vlan.put("id", EventMaps.decimal(parsed.vlanId(0)));
            network.put("vlan", vlan);
            if (parsed.vlanCount() > 1) {
                Map<String, Object> inner = EventMaps.map(1);
                Map<String, Object> innerVlan = EventMaps.map(1);
                innerVlan.put("id", EventMaps.decimal(parsed.vlanId(1)));
                inner.put("vlan", innerVlan);
                network.put("inner", inner);
            }
        }
        event.put("network", network);

        Map<String, Object> observer = observer(observerIp);
        putInterface(observer, "ingress", sample.input());
        putInterface(observer, "egress", sample.output());
        event.put("observer", observer);

        if (rate > 0) {
            Map<String, Object> flow = EventMaps.map(1);
            flow.put("sampling_rate", rate);
            event.put("flow", flow);
        }

        Map<String, Object> sflow = sflowCommon(datagram, sample);
        sflow.put("sampling_rate", rate);
        sflow.put("sample_pool", sample.samplePool());
        sflow.put("drops", sample.drops());
        sflow.put("input", interfaceDetail(sample.input()));
        sflow.put("output", interfaceDetail(sample.output()));
        if (header != null) {
            sflow.put("header", headerDetail(header));
        }
        if (sample.sampledEthernet() != null) {
            FlowRecords.SampledEthernet e = sample.sampledEthernet();
            Map<String, Object> m = EventMaps.map(4);
            m.put("length", e.length());
            m.put("src_mac", SflowDecoder.macText(e.srcMac()));
            m.put("dst_mac", SflowDecoder.macText(e.dstMac()));
            m.put("ether_type", e.etherType());
            sflow.put("sampled_ethernet", m);
        }
        if (sample.sampledIpv4() != null) {
            sflow.put("sampled_ipv4", sampledIp(sample.sampledIpv4()));
        }
        if (sample.sampledIpv6() != null) {
            sflow.put("sampled_ipv6", sampledIp(sample.sampledIpv6()));
        }
        if (sample.extendedSwitch() != null) {
            FlowRecords.ExtendedSwitch s = sample.extendedSwitch();
            Map<String, Object> m = EventMaps.map(4);
            m.put("src_vlan", s.srcVlan());
            m.put("src_priority", s.srcPriority());
            m.put("dst_vlan", s.dstVlan());
            m.put("dst_priority", s.dstPriority());
            sflow.put("switch", m);
        }
        if (sample.extendedRouter() != null) {
            FlowRecords.ExtendedRouter r = sample.extendedRouter();
            Map<String, Object> m = EventMaps.map(3);
            if (r.nextHop() != null) {
                m.put("next_hop", r.nextHop());
            }
            m.put("src_mask_length", r.srcMaskLength());
            m.put("dst_mask_length", r.dstMaskLength());
            sflow.put("router", m);
        }
        if (sample.extendedGateway() != null) {
            sflow.put("gateway", gateway(sample.extendedGateway()));
        }
        if (sample.extendedUser() != null) {
            FlowRecords.ExtendedUser u = sample.extendedUser();
            Map<String, Object> m = EventMaps.map(4);
            m.put("src_charset", u.srcCharset());
            m.put("src_user", u.srcUser());
            m.put("dst_charset", u.dstCharset());
            m.put("dst_user", u.dstUser());
            sflow.put("user", m);
        }
        if (sample.extendedUrl() != null) {
            FlowRecords.ExtendedUrl u = sample.extendedUrl();
            Map<String, Object> m = EventMaps.map(3);
            m.put("direction", u.direction());
            m.put("url", u.url());
            m.put("host", u.host());
            sflow.put("url", m);
        }
        event.put("sflow", sflow);
        return event;
    }

    /** One counter sample's event; {@code observerIp} as for {@link #flowEvent}. */
    public Map<String, Object> counterEvent(SflowDatagram datagram, CounterSample sample, String timestamp,
                                            String observerIp) {
        Map<String, Object> event = EventMaps.map(6);
        event.put("@timestamp", timestamp);
        event.put("event", ecsEvent("metric", "info", EVENT_ACTION_COUNTER_SAMPLE));
        event.put("observer", observer(observerIp));
        Map<String, Object> sflow = sflowCommon(datagram, sample);
        Map<String, Object> counters = EventMaps.map(9);
        CounterRecords.GenericInterface g = sample.genericInterface();
        if (g != null) {
            Map<String, Object> m = EventMaps.map(24);
            m.put("if_index", g.ifIndex());
            m.put("if_type", g.ifType());
            m.put("if_speed", g.ifSpeed());
            m.put("if_direction", g.ifDirection());
            m.put("if_status", g.ifStatus());
            m.put("admin_up", g.adminUp());
            m.put("oper_up", g.operUp());
            m.put("in_octets", g.inOctets());
            m.put("in_unicast_packets", g.inUnicastPackets());
            m.put("in_multicast_packets", g.inMulticastPackets());
            m.put("in_broadcast_packets", g.inBroadcastPackets());
            m.put("in_discards", g.inDiscards());
            m.put("in_errors", g.inErrors());
            m.put("in_unknown_protocols", g.inUnknownProtocols());
            m.put("out_octets", g.outOctets());
            m.put("out_unicast_packets", g.outUnicastPackets());
            m.put("out_multicast_packets", g.outMulticastPackets());
            m.put("out_broadcast_packets", g.outBroadcastPackets());
            m.put("out_discards", g.outDiscards());
            m.put("out_errors", g.outErrors());
            m.put("promiscuous_mode", g.promiscuousMode());
            counters.put("interface", m);
            Map<String, Object> iface = EventMaps.map(1);
            iface.put("id", EventMaps.decimal(g.ifIndex()));
            event.put("interface", iface);
        }
        CounterRecords.Ethernet e = sample.ethernet();
        if (e != null) {
            Map<String, Object> m = EventMaps.map(13);
            m.put("alignment_errors", e.alignmentErrors());
            m.put("fcs_errors", e.fcsErrors());
            m.put("single_collision_frames", e.singleCollisionFrames());
            m.put("multiple_collision_frames", e.multipleCollisionFrames());
            m.put("sqe_test_errors", e.sqeTestErrors());
            m.put("deferred_transmissions", e.deferredTransmissions());
            m.put("late_collisions", e.lateCollisions());
            m.put("excessive_collisions", e.excessiveCollisions());
            m.put("internal_mac_transmit_errors", e.internalMacTransmitErrors());
            m.put("carrier_sense_errors", e.carrierSenseErrors());
            m.put("frame_too_longs", e.frameTooLongs());
            m.put("internal_mac_receive_errors", e.internalMacReceiveErrors());
            m.put("symbol_errors", e.symbolErrors());
            counters.put("ethernet", m);
        }
        CounterRecords.Vlan v = sample.vlan();
        if (v != null) {
            Map<String, Object> m = EventMaps.map(6);
            m.put("vlan_id", v.vlanId());
            m.put("octets", v.octets());
            m.put("unicast_packets", v.unicastPackets());
            m.put("multicast_packets", v.multicastPackets());
            m.put("broadcast_packets", v.broadcastPackets());
            m.put("discards", v.discards());
            counters.put("vlan", m);
        }
        CounterRecords.Processor p = sample.processor();
        if (p != null) {
            Map<String, Object> m = EventMaps.map(5);
            m.put("cpu_5s_percent", p.cpu5s() / 100.0);
            m.put("cpu_1m_percent", p.cpu1m() / 100.0);
            m.put("cpu_5m_percent", p.cpu5m() / 100.0);
            m.put("total_memory", p.totalMemory());
            m.put("free_memory", p.freeMemory());
            counters.put("processor", m);
        }
        Map<String, Object> host = hostCounters(sample);
        if (!host.isEmpty()) {
            counters.put("host", host);
        }
        sflow.put("counters", counters);
        event.put("sflow", sflow);
        return event;
    }

    private static Map<String, Object> hostCounters(CounterSample sample) {
        Map<String, Object> host = EventMaps.map(5);
        CounterRecords.HostDescription d = sample.hostDescription();
        if (d != null) {
            Map<String, Object> m = EventMaps.map(5);
            m.put("hostname", d.hostname());
            m.put("uuid", d.uuid());
            m.put("machine_type", d.machineType());
            m.put("os_name", d.osName());
            m.put("os_release", d.osRelease());
            host.put("description", m);
        }
        CounterRecords.HostCpu c = sample.hostCpu();
        if (c != null) {
            Map<String, Object> m = EventMaps.map(17);
            m.put("load_one", c.loadOne());
            m.put("load_five", c.loadFive());
            m.put("load_fifteen", c.loadFifteen());
            m.put("proc_run", c.procRun());
            m.put("proc_total", c.procTotal());
            m.put("cpu_num", c.cpuNum());
            m.put("cpu_speed", c.cpuSpeed());
            m.put("uptime", c.uptime());
            m.put("cpu_user", c.cpuUser());
            m.put("cpu_nice", c.cpuNice());
            m.put("cpu_system", c.cpuSystem());
            m.put("cpu_idle", c.cpuIdle());
            m.put("cpu_wio", c.cpuWio());
            m.put("cpu_intr", c.cpuIntr());
            m.put("cpu_sintr", c.cpuSoftIntr());
            m.put("interrupts", c.interrupts());
            m.put("contexts", c.contexts());
            host.put("cpu", m);
        }
        CounterRecords.HostMemory mem = sample.hostMemory();
        if (mem != null) {
            Map<String, Object> m = EventMaps.map(11);
            m.put("total", mem.total());
            m.put("free", mem.free());
            m.put("shared", mem.shared());
            m.put("buffers", mem.buffers());
            m.put("cached", mem.cached());
            m.put("swap_total", mem.swapTotal());
            m.put("swap_free", mem.swapFree());
            m.put("page_in", mem.pageIn());
            m.put("page_out", mem.pageOut());
            m.put("swap_in", mem.swapIn());
            m.put("swap_out", mem.swapOut());
            host.put("memory", m);
        }
        CounterRecords.HostDiskIo io = sample.hostDiskIo();
        if (io != null) {
            Map<String, Object> m = EventMaps.map(9);
            m.put("disk_total", io.diskTotal());
            m.put("disk_free", io.diskFree());
            m.put("part_max_used_percent", io.partMaxUsed() / 100.0);
            m.put("reads", io.reads());
            m.put("bytes_read", io.bytesRead());
            m.put("read_time", io.readTime());
            m.put("writes", io.writes());
            m.put("bytes_written", io.bytesWritten());
            m.put("write_time", io.writeTime());
            host.put("disk_io", m);
        }
        CounterRecords.HostNetIo n = sample.hostNetIo();
        if (n != null) {
            Map<String, Object> m = EventMaps.map(8);
            m.put("bytes_in", n.bytesIn());
            m.put("packets_in", n.packetsIn());
            m.put("errors_in", n.errorsIn());
            m.put("drops_in", n.dropsIn());
            m.put("bytes_out", n.bytesOut());
            m.put("packets_out", n.packetsOut());
            m.put("errors_out", n.errorsOut());
            m.put("drops_out", n.dropsOut());
            host.put("net_io", m);
        }
        return host;
    }

    private static Map<String, Object> ecsEvent(String kind, String type, String action) {
        Map<String, Object> ecs = EventMaps.map(5);
        ecs.put("kind", kind);
        ecs.put("category", list("network"));
        ecs.put("type", list(type));
        ecs.put("action", action);
        ecs.put("dataset", EVENT_DATASET_SFLOW);
        return ecs;
    }

    private static Map<String, Object> observer(String ip) {
        Map<String, Object> observer = EventMaps.map(3);
        if (ip != null) {
            observer.put("ip", ip);
        }
        return observer;
    }

    /** Datagram and sample identity shared by flow and counter events. */
    private static Map<String, Object> sflowCommon(SflowDatagram datagram, SflowSample sample) {
        Map<String, Object> sflow = EventMaps.map(20);
        sflow.put("version", SflowDecoder.VERSION);
        if (datagram.agentAddress() != null) {
            sflow.put("agent_address", datagram.agentAddress());
        }
        sflow.put("sub_agent_id", datagram.subAgentId());
        sflow.put("sequence_number", datagram.sequenceNumber());
        sflow.put("uptime_millis", datagram.uptimeMillis());
        sflow.put("sample_sequence_number", sample.sequenceNumber());
        sflow.put("expanded", sample.expanded());
        sflow.put("source_id_type", sample.sourceIdType());
        sflow.put("source_id_index", sample.sourceIdIndex());
        if (sample.skippedRecords() > 0) {
            sflow.put("skipped_records", (long) sample.skippedRecords());
        }
        return sflow;
    }

    private static Map<String, Object> endpoint(String ip, long port, long mac) {
        Map<String, Object> m = EventMaps.map(3);
        if (ip != null) {
            m.put("ip", ip);
        }
        if (port >= 0) {
            m.put("port", port);
        }
        if (mac >= 0) {
            m.put("mac", SflowDecoder.macText(mac));
        }
        return m;
    }

    /** ECS interface ids only for real ifIndex values; the sFlow encoding stays under sflow.input/output. */
    private static void putInterface(Map<String, Object> observer, String direction, InterfaceRef ref) {
        if (ref == null || !ref.isKnownIfIndex()) {
            return;
        }
        observer.put(direction, EventMaps.interfaceId(EventMaps.decimal(ref.value())));
    }

    private static Map<String, Object> interfaceDetail(InterfaceRef ref) {
        Map<String, Object> m = EventMaps.map(3);
        m.put("format", ref.formatName());
        m.put("value", ref.value());
        if (ref.isInternal()) {
            m.put("internal", Boolean.TRUE);
        }
        return m;
    }

    private static Map<String, Object> headerDetail(SampledHeader header) {
        Map<String, Object> m = EventMaps.map(20);
        m.put("protocol", header.protocol());
        m.put("protocol_name", header.protocolName());
        m.put("frame_length", header.frameLength());
        m.put("stripped", header.stripped());
        m.put("length", (long) header.headerLength());
        PacketHeader p = header.parsed();
        if (p.etherType() >= 0) {
            m.put("ether_type", (long) p.etherType());
        }
        if (p.vlanCount() > 0) {
            List<Object> ids = new ArrayList<>(p.vlanCount());
            List<Object> priorities = new ArrayList<>(p.vlanCount());
            for (int i = 0; i < Math.min(p.vlanCount(), 4); i++) {
                ids.add((long) p.vlanId(i));
                priorities.add((long) p.vlanPriority(i));
            }
            m.put("vlan_ids", ids);
            m.put("vlan_priorities", priorities);
        }
        if (p.mplsCount() > 0) {
            List<Object> labels = new ArrayList<>(p.mplsCount());
            for (int i = 0; i < Math.min(p.mplsCount(), 4); i++) {
                labels.add((long) p.mplsLabel(i));
            }
            m.put("mpls_labels", labels);
        }
        if (p.ipVersion() != 0) {
            m.put("ip_version", (long) p.ipVersion());
            m.put("ip_protocol", (long) p.ipProtocol());
            m.put("tos", (long) p.tos());
            m.put("ttl", (long) p.ttl());
            m.put("ip_length", (long) p.ipLength());
            if (p.ipVersion() == 6) {
                m.put("flow_label", (long) p.flowLabel());
                if (p.ipv6ExtensionHeaders() > 0) {
                    m.put("ipv6_extension_headers", (long) p.ipv6ExtensionHeaders());
                }
            } else if (p.ipOptions()) {
                m.put("ip_options", Boolean.TRUE);
            }
            if (p.fragment()) {
                m.put("fragment", Boolean.TRUE);
            }
        }
        if (p.tcpFlags() >= 0) {
            m.put("tcp_flags", (long) p.tcpFlags());
        }
        if (p.icmpType() >= 0) {
            m.put("icmp_type", (long) p.icmpType());
            m.put("icmp_code", (long) p.icmpCode());
        }
        return m;
    }

    private static Map<String, Object> sampledIp(FlowRecords.SampledIp ip) {
        Map<String, Object> m = EventMaps.map(8);
        m.put("length", ip.length());
        m.put("protocol", ip.protocol());
        m.put("src_ip", ip.srcIp());
        m.put("dst_ip", ip.dstIp());
        m.put("src_port", ip.srcPort());
        m.put("dst_port", ip.dstPort());
        m.put("tcp_flags", ip.tcpFlags());
        m.put(ip.version() == 4 ? "tos" : "priority", ip.tos());
        return m;
    }

    private static Map<String, Object> gateway(FlowRecords.ExtendedGateway g) {
        Map<String, Object> m = EventMaps.map(8);
        if (g.nextHop() != null) {
            m.put("next_hop", g.nextHop());
        }
        m.put("as", g.as());
        m.put("src_as", g.srcAs());
        m.put("src_peer_as", g.srcPeerAs());
        List<Object> path = new ArrayList<>();
        for (FlowRecords.AsPathSegment segment : g.asPath()) {
            path.addAll(segment.asNumbers());
        }
        m.put("as_path", path);
        if (g.dstAs() >= 0) {
            m.put("dst_as", g.dstAs());
        }
        m.put("communities", new ArrayList<Object>(g.communities()));
        m.put("local_pref", g.localPref());
        return m;
    }


}

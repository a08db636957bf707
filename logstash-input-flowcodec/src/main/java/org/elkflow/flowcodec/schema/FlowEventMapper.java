package org.elkflow.flowcodec.schema;

import static org.elkflow.flowcodec.schema.EventMaps.interfaceId;
import static org.elkflow.flowcodec.schema.EventMaps.list;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.elkflow.flowcodec.netflow.NetflowV5Datagram;
import org.elkflow.flowcodec.netflow.NetflowV5Header;
import org.elkflow.flowcodec.netflow.NetflowV5Record;
import org.elkflow.flowcodec.wire.AddressText;

/**
 * Turns decoded flow records into events: nested {@code Map<String, Object>} trees following the flow schema
 * (ECS fields plus protocol detail under {@code netflow.*}).
 *
 * <p>Values are restricted to what Logstash's event converter accepts without surprises: {@code String},
 * {@code Long} (for every integer, never {@code Integer}), {@code Double}, {@code Boolean}, nested maps and
 * lists. Addresses are strings, timestamps ISO-8601 UTC strings with milliseconds. Every event gets fresh,
 * mutable maps and lists, so downstream code may modify one event without touching another.
 *
 * <p>Immutable and stateless: safe to share between threads.
 */
public final class FlowEventMapper {

    static final String EVENT_DATASET_NETFLOW = "flowcodec.netflow";
    static final String EVENT_ACTION_NETFLOW_FLOW = "netflow_flow";

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final MappingOptions options;

    public FlowEventMapper() {
        this(MappingOptions.defaults());
    }

    public FlowEventMapper(MappingOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public MappingOptions options() {
        return options;
    }

    /**
     * Hands one event per record of {@code datagram} to {@code sink}, in record order.
     *
     * @param exporter address the datagram came from ({@code observer.ip}); may be null when unknown
     * @return the number of events handed to the sink
     */
    public int mapNetflowV5(NetflowV5Datagram datagram, InetAddress exporter,
                            Consumer<? super Map<String, Object>> sink) {
        NetflowV5Header header = datagram.header();
        // Shared by every record of the datagram: computed once.
        String exporterAddress = exporter == null ? null : AddressText.of(exporter);
        String exportTimestamp = Iso8601.utcMillis(header.exportTimeMillis());
        int emitted = 0;
        for (NetflowV5Record record : datagram.records()) {
            sink.accept(netflowV5Event(header, record, exporterAddress, exportTimestamp));
            emitted++;
        }
        return emitted;
    }

    private Map<String, Object> netflowV5Event(NetflowV5Header header, NetflowV5Record record,
                                               String exporterAddress, String exportTimestamp) {
        String srcIp = AddressText.ipv4(record.srcAddr());
        String dstIp = AddressText.ipv4(record.dstAddr());
        String start = Iso8601.utcMillis(header.absoluteTimeMillis(record.firstUptime()));
        String end = Iso8601.utcMillis(header.absoluteTimeMillis(record.lastUptime()));
        Long srcPort = (long) record.srcPort();
        Long dstPort = (long) record.dstPort();
        Long packets = record.packets();
        Long octets = record.octets();
        String ingress = EventMaps.decimal(record.inputIfIndex());
        String egress = EventMaps.decimal(record.outputIfIndex());
        int interval = header.samplingInterval();

        Map<String, Object> event = EventMaps.map(8);
        event.put("@timestamp", end);

        Map<String, Object> ecsEvent = EventMaps.map(8);
        ecsEvent.put("kind", "event");
        ecsEvent.put("category", list("network"));
        ecsEvent.put("type", list("connection"));
        ecsEvent.put("action", EVENT_ACTION_NETFLOW_FLOW);
        ecsEvent.put("dataset", EVENT_DATASET_NETFLOW);
        ecsEvent.put("start", start);
        ecsEvent.put("end", end);
        ecsEvent.put("duration", record.durationMillis() * NANOS_PER_MILLI);
        event.put("event", ecsEvent);

        Map<String, Object> source = EventMaps.map(2);
        source.put("ip", srcIp);
        source.put("port", srcPort);
        event.put("source", source);

        Map<String, Object> destination = EventMaps.map(2);
        destination.put("ip", dstIp);
        destination.put("port", dstPort);
        event.put("destination", destination);

        boolean upscale = options.upscaleSampling() && interval > 0;
        Map<String, Object> network = EventMaps.map(5);
        network.put("transport", IanaProtocolNumbers.transportName(record.protocol()));
        network.put("iana_number", IanaProtocolNumbers.number(record.protocol()));
        network.put("type", "ipv4");
        network.put("bytes", upscale ? (Long) (record.octets() * interval) : octets);
        network.put("packets", upscale ? (Long) (record.packets() * interval) : packets);
        event.put("network", network);

        Map<String, Object> observer = EventMaps.map(3);
        if (exporterAddress != null) {
            observer.put("ip", exporterAddress);
        }
        observer.put("ingress", interfaceId(ingress));
        observer.put("egress", interfaceId(egress));
        event.put("observer", observer);

        if (interval > 0) {
            Map<String, Object> flow = EventMaps.map(1);
            flow.put("sampling_rate", (long) interval);
            event.put("flow", flow);
        }

        Map<String, Object> netflow = EventMaps.map(19);
        netflow.put("source_ipv4_address", srcIp);
        netflow.put("destination_ipv4_address", dstIp);
        netflow.put("ip_next_hop_ipv4_address", AddressText.ipv4(record.nextHop()));
        netflow.put("ingress_interface", (long) record.inputIfIndex());
        netflow.put("egress_interface", (long) record.outputIfIndex());
        netflow.put("packet_delta_count", packets);
        netflow.put("octet_delta_count", octets);
        netflow.put("flow_start_sys_up_time", record.firstUptime());
        netflow.put("flow_end_sys_up_time", record.lastUptime());
        netflow.put("source_transport_port", srcPort);
        netflow.put("destination_transport_port", dstPort);
        netflow.put("tcp_control_bits", (long) record.tcpFlags());
        netflow.put("protocol_identifier", (long) record.protocol());
        netflow.put("ip_class_of_service", (long) record.tos());
        netflow.put("bgp_source_as_number", (long) record.srcAs());
        netflow.put("bgp_destination_as_number", (long) record.dstAs());
        netflow.put("source_ipv4_prefix_length", (long) record.srcMask());
        netflow.put("destination_ipv4_prefix_length", (long) record.dstMask());
        netflow.put("exporter", exporter(header, exporterAddress, exportTimestamp));
        event.put("netflow", netflow);
        return event;
    }

    private static Map<String, Object> exporter(NetflowV5Header header, String address, String timestamp) {
        Map<String, Object> exporter = EventMaps.map(9);
        if (address != null) {
            exporter.put("address", address);
        }
        exporter.put("version", (long) header.version());
        exporter.put("uptime_millis", header.sysUptimeMillis());
        exporter.put("timestamp", timestamp);
        exporter.put("flow_sequence", header.flowSequence());
        exporter.put("engine_type", (long) header.engineType());
        exporter.put("engine_id", (long) header.engineId());
        exporter.put("sampling_mode", (long) header.samplingMode());
        exporter.put("sampling_interval", (long) header.samplingInterval());
        return exporter;
    }



}

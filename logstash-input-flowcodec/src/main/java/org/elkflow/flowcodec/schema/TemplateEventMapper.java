package org.elkflow.flowcodec.schema;

import static org.elkflow.flowcodec.schema.EventMaps.interfaceId;
import static org.elkflow.flowcodec.schema.EventMaps.list;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.elkflow.flowcodec.netflow.CompiledTemplate;
import org.elkflow.flowcodec.netflow.ExporterState;
import org.elkflow.flowcodec.netflow.FlowRecord;
import org.elkflow.flowcodec.netflow.MessageHeader;
import org.elkflow.flowcodec.netflow.TemplateFlowDecoder;
import org.elkflow.flowcodec.wire.AddressText;

import static org.elkflow.flowcodec.netflow.CompiledTemplate.*;

/**
 * Turns NetFlow v9 / IPFIX records into events (DESIGN §3): ECS fields, plus every field of the record under
 * {@code netflow.<snake_case IE name>} (unknown elements under {@code netflow.unknown.<pen>.<id>}), plus
 * {@code netflow.exporter.*}. Options records become {@code event.action: netflow_options} events.
 * Value types as in {@link FlowEventMapper}: String, Long, Double, Boolean, maps, lists (unsigned64 values
 * above 2^63-1 become decimal strings).
 *
 * <p>Immutable and stateless: safe to share between threads.
 */
public final class TemplateEventMapper {

    static final String ACTION_OPTIONS = "netflow_options";
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final MappingOptions options;

    public TemplateEventMapper(MappingOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Map<String, Object> map(MessageHeader h, CompiledTemplate t, FlowRecord r, ExporterState state) {
        int n = t.fieldCount();
        Map<String, Object> netflow = EventMaps.map(n + 2);
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            int kind = t.kind(i);
            if (kind == K_SKIP) {
                continue;
            }
            Object value = value(kind, r, i);
            values[i] = value;
            String key = t.key(i);
            boolean repeated = t.repeated(i);
            if (kind == K_UNKNOWN) {
                putUnknown(netflow, t.element(i), value, repeated);
            } else {
                putField(netflow, key, value, repeated);
            }
        }
        String exportTs = h.exportTimestamp();
        netflow.put("exporter", exporter(h, exportTs));
        Map<String, Object> event = EventMaps.map(10);
        Map<String, Object> ecsEvent = EventMaps.map(8);
        ecsEvent.put("kind", "event");
        ecsEvent.put("category", list("network"));
        ecsEvent.put("dataset", FlowEventMapper.EVENT_DATASET_NETFLOW);
        event.put("event", ecsEvent);
        event.put("netflow", netflow);
        Map<String, Object> observer = EventMaps.map(3);
        if (h.exporterText() != null) {
            observer.put("ip", h.exporterText());
        }
        event.put("observer", observer);

        if (t.isOptions()) {
            ecsEvent.put("type", list("info"));
            ecsEvent.put("action", ACTION_OPTIONS);
            event.put("@timestamp", exportTs);
            return event;
        }
        ecsEvent.put("type", list("connection"));
        ecsEvent.put("action", FlowEventMapper.EVENT_ACTION_NETFLOW_FLOW);

        long start = time(h, t, r, state, true);
        long end = time(h, t, r, state, false);
        int obs = t.role(R_OBSERVATION_MS);
        String startTs = null;
        if (start != Long.MIN_VALUE) {
            startTs = Iso8601.utcMillis(start);
            ecsEvent.put("start", startTs);
        }
        if (end != Long.MIN_VALUE) {
            String endTs = end == start ? startTs : Iso8601.utcMillis(end);
            ecsEvent.put("end", endTs);
            event.put("@timestamp", endTs);
        } else if (obs >= 0) {
            event.put("@timestamp", Iso8601.utcMillis(r.number(obs)));
        } else {
            event.put("@timestamp", exportTs);
        }
        if (start != Long.MIN_VALUE && end != Long.MIN_VALUE) {
            ecsEvent.put("duration", (end - start) * NANOS_PER_MILLI);
        }

        String networkType = null;
        Map<String, Object> source = EventMaps.map(2);
        Map<String, Object> destination = EventMaps.map(2);
        if (t.role(R_SRC4) >= 0 || t.role(R_DST4) >= 0) {
            networkType = "ipv4";
            putIp(source, values, t.role(R_SRC4));
            putIp(destination, values, t.role(R_DST4));
        } else if (t.role(R_SRC6) >= 0 || t.role(R_DST6) >= 0) {
            networkType = "ipv6";
            putIp(source, values, t.role(R_SRC6));
            putIp(destination, values, t.role(R_DST6));
        } else if (t.role(R_IP_VERSION) >= 0) {
            long v = r.number(t.role(R_IP_VERSION));
            networkType = v == 4 ? "ipv4" : v == 6 ? "ipv6" : null;
        }
        if (t.role(R_SPORT) >= 0) {
            source.put("port", values[t.role(R_SPORT)]);
        }
        if (t.role(R_DPORT) >= 0) {
            destination.put("port", values[t.role(R_DPORT)]);
        }
        int srcMac = t.role(R_SRC_MAC);
        if (srcMac >= 0) {
            source.put("mac", mac(r, srcMac).replace(':', '-').toUpperCase(java.util.Locale.ROOT));
        }
        int dstMac = t.role(R_DST_MAC);
        if (dstMac >= 0) {
            destination.put("mac", mac(r, dstMac).replace(':', '-').toUpperCase(java.util.Locale.ROOT));
        }
        if (!source.isEmpty()) {
            event.put("source", source);
        }
        if (!destination.isEmpty()) {
            event.put("destination", destination);
        }

        Map<String, Object> network = EventMaps.map(6);
        if (t.role(R_PROTO) >= 0) {
            int proto = (int) r.number(t.role(R_PROTO));
            network.put("transport", IanaProtocolNumbers.transportName(proto));
            network.put("iana_number", IanaProtocolNumbers.number(proto));
        }
        if (networkType != null) {
            network.put("type", networkType);
        }
        long rate = TemplateFlowDecoder.samplingRate(t, r);
        if (rate <= 0) {
            int samplerField = t.role(R_SAMPLER_ID) >= 0 ? t.role(R_SAMPLER_ID) : t.role(R_SELECTOR_ID);
            rate = state.samplingRate(samplerField >= 0 ? r.number(samplerField) : -1);
        }
        long scale = options.upscaleSampling() && rate > 1 ? rate : 1;
        long bytes = counter(r, t, R_BYTES, R_BYTES_ALT, R_INITIATOR_OCTETS, R_RESPONDER_OCTETS);
        long packets = counter(r, t, R_PACKETS, R_PACKETS_ALT, R_INITIATOR_PACKETS, R_RESPONDER_PACKETS);
        if (bytes >= 0) {
            network.put("bytes", bytes * scale);
        }
        if (packets >= 0) {
            network.put("packets", packets * scale);
        }
        if (t.role(R_DIRECTION) >= 0) {
            long d = r.number(t.role(R_DIRECTION));
            network.put("direction", d == 0 ? "ingress" : d == 1 ? "egress" : "unknown");
        }
        event.put("network", network);
        if (t.role(R_IN_IF) >= 0) {
            observer.put("ingress", interfaceId(EventMaps.decimal(r.number(t.role(R_IN_IF)))));
        }
        if (t.role(R_OUT_IF) >= 0) {
            observer.put("egress", interfaceId(EventMaps.decimal(r.number(t.role(R_OUT_IF)))));
        }
        if (rate > 0) {
            Map<String, Object> flow = EventMaps.map(1);
            flow.put("sampling_rate", rate);
            event.put("flow", flow);
        }
        return event;
    }

    /** Sum of the first counter role present (or initiator + responder); -1 when the record has none. */
    private static long counter(FlowRecord r, CompiledTemplate t, int primary, int alternative, int initiator,
                                int responder) {
        if (t.role(primary) >= 0) {
            return r.number(t.role(primary));
        }
        if (t.role(alternative) >= 0) {
            return r.number(t.role(alternative));
        }
        if (t.role(initiator) >= 0 || t.role(responder) >= 0) {
            return (t.role(initiator) >= 0 ? r.number(t.role(initiator)) : 0)
                    + (t.role(responder) >= 0 ? r.number(t.role(responder)) : 0);
        }
        return -1;
    }

    /** Absolute start (or end) time in epoch milliseconds from whatever time elements the record has. */
    static long time(MessageHeader h, CompiledTemplate t, FlowRecord r, ExporterState state, boolean start) {
        int f;
        if ((f = t.role(start ? R_START_MS : R_END_MS)) >= 0) {
            return r.number(f);
        }
        if ((f = t.role(start ? R_START_SEC : R_END_SEC)) >= 0) {
            return r.number(f) * 1000L;
        }
        if ((f = t.role(start ? R_START_US : R_END_US)) >= 0) {
            return r.number(f);
        }
        if ((f = t.role(start ? R_START_NS : R_END_NS)) >= 0) {
            return r.number(f);
        }
        if ((f = t.role(start ? R_START_DELTA_US : R_END_DELTA_US)) >= 0) {
            return h.exportMillis() - r.number(f) / 1000L;
        }
        if ((f = t.role(start ? R_START_UPTIME : R_END_UPTIME)) >= 0) {
            long uptime = r.number(f);
            if (h.sysUptimeMillis() >= 0) {
                // v9: relative to the header's sysUptime; a 32-bit difference survives the uptime wrapping.
                int ago = (int) (h.sysUptimeMillis() - uptime);
                return h.exportMillis() - ago;
            }
            int init = t.role(R_SYS_INIT_MS);
            long initMillis = init >= 0 ? r.number(init) : state.systemInitMillis();
            if (initMillis >= 0) {
                return initMillis + uptime;
            }
        }
        return Long.MIN_VALUE;
    }

    private static Map<String, Object> exporter(MessageHeader h, String exportTs) {
        Map<String, Object> exporter = EventMaps.map(7);
        if (h.exporterText() != null) {
            exporter.put("address", h.exporterText());
        }
        exporter.put("version", (long) h.version());
        exporter.put("source_id", h.domain());
        if (h.sysUptimeMillis() >= 0) {
            exporter.put("uptime_millis", h.sysUptimeMillis());
        }
        exporter.put("timestamp", exportTs);
        exporter.put("flow_sequence", h.sequence());
        return exporter;
    }

    static Object value(int kind, FlowRecord r, int i) {
        ByteBuffer b = r.buffer();
        int off = r.offset(i);
        int len = r.length(i);
        long n = r.number(i);
        switch (kind) {
            case K_UNSIGNED:
                return n >= 0 ? (Object) n : Long.toUnsignedString(n); // above 2^63-1: exact decimal text
            case K_SIGNED:
                return n;
            case K_FLOAT:
                return Double.longBitsToDouble(n);
            case K_BOOLEAN:
                return n == 1;
            case K_MAC:
                return mac(r, i);
            case K_IPV4:
                return AddressText.ipv4(b.getInt(off));
            case K_IPV6: {
                byte[] a = new byte[16];
                b.get(off, a, 0, 16);
                return AddressText.ipv6(a);
            }
            case K_STRING: {
                int l = len;
                while (l > 0 && b.get(off + l - 1) == 0) {
                    l--;
                }
                byte[] s = new byte[l];
                b.get(off, s, 0, l);
                return new String(s, StandardCharsets.UTF_8);
            }
            case K_SECONDS:
                return Iso8601.utcMillis(n * 1000L);
            case K_MILLIS:
            case K_NTP:
                return Iso8601.utcMillis(n);
            case K_SCOPE:
            case K_UNKNOWN:
                return len >= 1 && len <= 8 && n >= 0 ? (Object) n : hex(b, off, len);
            default:
                return hex(b, off, len);
        }
    }

    private static String mac(FlowRecord r, int i) {
        ByteBuffer b = r.buffer();
        int off = r.offset(i);
        char[] out = new char[17];
        for (int k = 0; k < 6; k++) {
            int v = b.get(off + k) & 0xFF;
            out[k * 3] = HEX[v >>> 4];
            out[k * 3 + 1] = HEX[v & 0xF];
            if (k < 5) {
                out[k * 3 + 2] = ':';
            }
        }
        return new String(out);
    }

    static String hex(ByteBuffer b, int off, int len) {
        char[] out = new char[len * 2];
        for (int k = 0; k < len; k++) {
            int v = b.get(off + k) & 0xFF;
            out[k * 2] = HEX[v >>> 4];
            out[k * 2 + 1] = HEX[v & 0xF];
        }
        return new String(out);
    }

    /** The same element twice in one template (some exporters do this): every value is kept, in order. */
    @SuppressWarnings("unchecked")
    private static void putField(Map<String, Object> into, String key, Object value, boolean repeated) {
        if (repeated) {
            ((List<Object>) into.computeIfAbsent(key, k -> new ArrayList<>(2))).add(value);
        } else {
            into.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void putUnknown(Map<String, Object> netflow, InformationElement e, Object value,
                                   boolean repeated) {
        Map<String, Object> unknown = (Map<String, Object>) netflow.computeIfAbsent("unknown", k -> EventMaps.map(4));
        Map<String, Object> byPen = (Map<String, Object>) unknown.computeIfAbsent(Long.toString(e.enterprise()),
                k -> EventMaps.map(4));
        putField(byPen, Integer.toString(e.id()), value, repeated);
    }

    private static void putIp(Map<String, Object> into, Object[] values, int field) {
        if (field >= 0) {
            into.put("ip", values[field]);
        }
    }



}

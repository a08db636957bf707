package org.elkflow.flowcodec;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.elkflow.flowcodec.netflow.NetflowV5Datagram;
import org.elkflow.flowcodec.netflow.NetflowV5Decoder;
import org.elkflow.flowcodec.netflow.TemplateFlowDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.TemplateEventMapper;
import org.elkflow.flowcodec.schema.SflowEventMapper;
import org.elkflow.flowcodec.sflow.SflowDatagram;
import org.elkflow.flowcodec.sflow.SflowDecoder;
import org.elkflow.flowcodec.wire.AddressText;
import org.elkflow.flowcodec.schema.FlowEventMapper;
import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.wire.DatagramReader;
import org.elkflow.flowcodec.wire.MalformedDatagramException;

/**
 * Entry point of the flow codec: one UDP payload in, zero or more flow events out.
 *
 * <p>Layers: {@link DatagramReader} (bounds-checked bytes) → protocol decoder (bytes → records) →
 * {@link FlowEventMapper} (records → events) → the caller's sink. The protocol is chosen by the leading
 * 16-bit version field.
 *
 * <p>Thread-safe: NetFlow v5 decoding is stateless; NetFlow v9 / IPFIX template state lives in a concurrent
 * template cache of immutable compiled templates, so one instance may be called from several threads at once
 * (the listener must then be thread-safe, as {@link DecodeCounters} is).
 */
public final class FlowDatagramDecoder {

    private static final int NETFLOW_V5 = 5;
    private static final int NETFLOW_V9 = 9;
    private static final int IPFIX = 10;
    /** sFlow's version is a 32-bit 5, so its first two bytes read as 0. */
    private static final int SFLOW_HIGH_HALF = 0;
    private static final long SFLOW_V5 = 5;

    private final DecodeListener listener;
    private final FlowEventMapper mapper;
    private final NetflowV5Decoder netflowV5 = new NetflowV5Decoder();
    private final TemplateFlowDecoder templated;
    private final TemplateEventMapper templateMapper;
    private final SflowDecoder sflow = new SflowDecoder();
    private final SflowEventMapper sflowMapper;
    /** Receive time of sFlow datagrams, which carry no absolute time of their own. */
    private final LongSupplier clockMillis;

    public FlowDatagramDecoder(DecodeListener listener) {
        this(listener, MappingOptions.defaults());
    }

    public FlowDatagramDecoder(DecodeListener listener, MappingOptions options) {
        this(listener, options, ElementRegistry.standard(), TemplateLimits.defaults(), System::currentTimeMillis);
    }

    /**
     * @param registry information elements used to name NetFlow v9 / IPFIX fields
     * @param limits   bounds of the template cache and of the buffer of data sets waiting for a template
     * @param clockMillis wall clock in milliseconds, for the age of buffered data sets and as the receive time
     *                    ({@code @timestamp}) of sFlow samples
     */
    public FlowDatagramDecoder(DecodeListener listener, MappingOptions options, ElementRegistry registry,
                               TemplateLimits limits, LongSupplier clockMillis) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.mapper = new FlowEventMapper(options);
        this.templated = new TemplateFlowDecoder(registry, limits, clockMillis);
        this.templateMapper = new TemplateEventMapper(options);
        this.sflowMapper = new SflowEventMapper(options);
        this.clockMillis = clockMillis;
    }

    /**
     * Counts every data set still waiting for its template as a {@link DropReason#TEMPLATE_MISSING} drop and
     * forgets it; for the end of an offline decode. Returns how many sets that was.
     */
    public int expirePending() {
        return templated.expireAllPending(listener);
    }

    /** The NetFlow v9 / IPFIX template state, to persist across restarts; see {@link #restoreTemplates}. */
    public org.elkflow.flowcodec.netflow.TemplateSnapshot templateSnapshot() {
        return templated.cache().snapshot();
    }

    /** Grows whenever the template state changes (see {@code TemplateCache.changeCount}). */
    public long templateChangeCount() {
        return templated.cache().changeCount();
    }

    /** Loads a saved template state (before the first datagram); returns the templates restored. */
    public int restoreTemplates(org.elkflow.flowcodec.netflow.TemplateSnapshot snapshot) {
        return templated.restore(snapshot);
    }

    /**
     * Decodes one UDP payload from {@code exporter}. Never throws for bad input: malformed or unsupported
     * datagrams are reported to the listener and yield no events. Returns the number of events emitted to sink.
     *
     * <p>Reads {@code datagram} from its position to its limit without changing either. A datagram is
     * validated completely before its first event is emitted, so it yields either all its events or none
     * (NetFlow v5, sFlow). NetFlow v9 / IPFIX messages have their set structure validated first (a broken
     * structure yields nothing and changes no template state); a problem confined to one set (an unusable
     * template, a record running past its set) costs that set only and is reported with its reason. Data sets
     * whose template has not arrived are buffered (see {@link TemplateLimits}); the events they yield once it
     * arrives go to the sink of the call that brought the template.
     * Exceptions thrown by {@code sink} propagate to the caller.
     *
     * @param exporter source address of the datagram ({@code observer.ip}); null when unknown
     */
    public int decode(ByteBuffer datagram, InetAddress exporter, Consumer<Map<String, Object>> sink) {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(sink, "sink");
        DatagramReader in = DatagramReader.of(datagram);
        if (in.remaining() < 2) {
            listener.onDropped(DropReason.MALFORMED,
                    "datagram has " + in.remaining() + " bytes, too short for a version field");
            return 0;
        }
        int version = in.peekU16(0);
        try {
            switch (version) {
                case NETFLOW_V5:
                    return emit(mapper.mapNetflowV5(decodeV5(in), exporter, sink));
                case NETFLOW_V9:
                case IPFIX:
                    return emit(decodeTemplated(datagram, exporter, sink));
                case SFLOW_HIGH_HALF:
                    if (in.remaining() >= 4 && in.peekU32(0) == SFLOW_V5) {
                        return emit(decodeSflow(in, exporter, sink));
                    }
                    return unsupported("unknown flow protocol version 0");
                default:
                    return unsupported("unknown flow protocol version " + version);
            }
        } catch (MalformedDatagramException e) {
            listener.onDropped(e.reason(), e.detail());
            return 0;
        }
    }

    /** Decoding only: every check happens here, before the first event is emitted. */
    private NetflowV5Datagram decodeV5(DatagramReader in) {
        return netflowV5.decode(in);
    }

    private int decodeTemplated(ByteBuffer datagram, InetAddress exporter, Consumer<Map<String, Object>> sink) {
        String exporterText = exporter == null ? null : AddressText.of(exporter);
        return templated.decode(datagram, exporter, exporterText,
                (header, template, record, state) -> sink.accept(templateMapper.map(header, template, record, state)),
                listener);
    }

    /** Decodes the whole sFlow datagram first, so a malformed one yields no events; then maps every sample. */
    private int decodeSflow(DatagramReader in, InetAddress exporter, Consumer<Map<String, Object>> sink) {
        SflowDatagram datagram = sflow.decode(in);
        for (int i = datagram.skippedTotal(); i > 0; i--) {
            listener.onDropped(DropReason.UNKNOWN_RECORD, "sFlow agent " + datagram.agentAddress()
                    + ": sample or record of an unknown format skipped");
        }
        return sflowMapper.map(datagram, exporter, clockMillis.getAsLong(), sink);
    }

    private int emit(int records) {
        listener.onDecoded(records);
        return records;
    }

    private int unsupported(String detail) {
        listener.onDropped(DropReason.UNSUPPORTED_VERSION, detail);
        return 0;
    }
}

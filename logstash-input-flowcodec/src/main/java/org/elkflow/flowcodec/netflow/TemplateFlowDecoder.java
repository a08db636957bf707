package org.elkflow.flowcodec.netflow;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.elkflow.flowcodec.DecodeListener;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.wire.MalformedDatagramException;

/**
 * Decodes NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) messages: template, options template and data sets in
 * any order and number, template withdrawal (IPFIX), variable-length fields, padding. Data sets whose template
 * is not known yet are buffered per exporter (bounded) and decoded when the template arrives.
 *
 * <p>The message's set structure is validated before anything is applied, so a structurally broken message
 * changes no state and yields nothing. Problems confined to one set (a bad template, a truncated record) cost
 * that set and are reported to the listener with their reason.
 *
 * <p>Thread-safe; all state lives in the {@link TemplateCache}.
 */
public final class TemplateFlowDecoder {

    public static final int V9 = 9;
    public static final int IPFIX = 10;
    private static final int V9_HEADER = 20;
    private static final int IPFIX_HEADER = 16;
    private static final int MIN_DATA_SET_ID = 256;
    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    private final ElementRegistry registry;
    private final TemplateCache cache;
    private final LongSupplier clockMillis;
    private volatile long lastSweepMillis;

    public TemplateFlowDecoder(ElementRegistry registry, TemplateLimits limits, LongSupplier clockMillis) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cache = new TemplateCache(limits);
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    public TemplateCache cache() {
        return cache;
    }

    /**
     * Loads templates, sampling rates and system init times saved by {@link TemplateCache#snapshot()} (for
     * example before a restart), compiling the templates with this decoder's registry. Entries beyond the limits,
     * of an unknown version or with an unusable template are skipped; returns the templates restored.
     */
    public int restore(TemplateSnapshot snapshot) {
        int restored = 0;
        for (TemplateSnapshot.Exporter e : snapshot.exporters()) {
            if (e.version() != V9 && e.version() != IPFIX) {
                continue;
            }
            ExporterState state = cache.exporter(e.address(), e.version(), e.domain());
            if (state == null) {
                break;
            }
            for (TemplateSnapshot.Template t : e.templates()) {
                if (t.id() < MIN_DATA_SET_ID || t.spec().length == 0 || t.scopeCount() < 0
                        || t.scopeCount() > t.spec().length
                        || state.templates.size() >= cache.limits().maxTemplatesPerExporter) {
                    continue;
                }
                state.templates.put(t.id(), CompiledTemplate.compile(registry, e.version() == V9, t.id(),
                        t.options(), t.scopeCount(), t.spec().clone()));
                restored++;
            }
            e.samplerRates().forEach(state::recordSamplingRate);
            if (e.defaultSamplingRate() > 0) {
                state.recordSamplingRate(-1, e.defaultSamplingRate());
            }
            if (e.systemInitMillis() >= 0) {
                state.systemInitMillis(e.systemInitMillis());
            }
        }
        return restored;
    }

    /**
     * Decodes the message in {@code datagram} (position to limit). Returns the records handed to {@code handler}
     * (including buffered records released by a template in this message).
     *
     * @throws MalformedDatagramException when the message header or set structure is broken
     */
    public int decode(ByteBuffer datagram, InetAddress exporter, String exporterText, RecordHandler handler,
                      DecodeListener listener) {
        ByteBuffer b = datagram.order() == ByteOrder.BIG_ENDIAN ? datagram
                : datagram.duplicate().order(ByteOrder.BIG_ENDIAN);
        int start = b.position();
        int end = b.limit();
        int available = end - start;
        int version = available >= 2 ? b.getShort(start) & 0xFFFF : -1;
        MessageHeader header;
        int pos;
        if (version == V9) {
            if (available < V9_HEADER) {
                throw MalformedDatagramException.malformed("v9 datagram has " + available
                        + " bytes, shorter than the 20-byte header");
            }
            long uptime = b.getInt(start + 4) & 0xFFFF_FFFFL;
            long secs = b.getInt(start + 8) & 0xFFFF_FFFFL;
            long seq = b.getInt(start + 12) & 0xFFFF_FFFFL;
            long sourceId = b.getInt(start + 16) & 0xFFFF_FFFFL;
            header = new MessageHeader(V9, exporter, exporterText, sourceId, seq, secs, uptime);
            pos = start + V9_HEADER;
        } else if (version == IPFIX) {
            if (available < IPFIX_HEADER) {
                throw MalformedDatagramException.malformed("IPFIX message has " + available
                        + " bytes, shorter than the 16-byte header");
            }
            int length = b.getShort(start + 2) & 0xFFFF;
            if (length < IPFIX_HEADER || length > available) {
                throw MalformedDatagramException.malformed("IPFIX header says " + length
                        + " bytes but the datagram has " + available);
            }
            end = start + length; // bytes after the message (a second concatenated message, padding) are ignored
            long secs = b.getInt(start + 4) & 0xFFFF_FFFFL;
            long seq = b.getInt(start + 8) & 0xFFFF_FFFFL;
            long domain = b.getInt(start + 12) & 0xFFFF_FFFFL;
            header = new MessageHeader(IPFIX, exporter, exporterText, domain, seq, secs, -1);
            pos = start + IPFIX_HEADER;
        } else {
            throw new MalformedDatagramException(DropReason.UNSUPPORTED_VERSION,
                    "template decoder got version " + version);
        }

        // Pass 1: set structure.
        int[] sets = new int[16];
        int setCount = 0;
        while (end - pos >= 4) {
            int id = b.getShort(pos) & 0xFFFF;
            int length = b.getShort(pos + 2) & 0xFFFF;
            if (version == V9 && id == V9 && end - pos >= V9_HEADER) {
                // v9 carries no message length: a reserved set id equal to the version marks the header of a
                // second datagram glued to this one (captures made with "nc -k"). Only the first is decoded.
                break;
            }
            if (length < 4 || length > end - pos) {
                if (allZero(b, pos, end)) {
                    break; // zero-filled tail
                }
                throw MalformedDatagramException.malformed((version == V9 ? "v9 flowset " : "IPFIX set ") + id
                        + " says " + length + " bytes but " + (end - pos) + " remain at offset " + (pos - start));
            }
            if (setCount * 3 + 3 > sets.length) {
                sets = java.util.Arrays.copyOf(sets, sets.length * 2);
            }
            sets[setCount * 3] = id;
            sets[setCount * 3 + 1] = pos + 4;
            sets[setCount * 3 + 2] = pos + length;
            setCount++;
            pos += length;
        }

        long now = clockMillis.getAsLong();
        ExporterState state = cache.exporter(exporter, version, header.domain);
        if (state == null) {
            listener.onDropped(DropReason.EXPORTER_LIMIT, "exporter " + exporterText + " domain " + header.domain
                    + " not tracked: " + cache.limits().maxExporters + " exporters already");
            return 0;
        }
        state.lastSeenMillis = now;
        sweep(state, now, listener);

        // Pass 2: apply sets in order.
        int records = 0;
        for (int s = 0; s < setCount; s++) {
            int id = sets[s * 3];
            int from = sets[s * 3 + 1];
            int to = sets[s * 3 + 2];
            if (id >= MIN_DATA_SET_ID) {
                CompiledTemplate t = state.template(id);
                if (t == null) {
                    bufferSet(state, id, b, from, to, header, now, listener);
                } else {
                    records += decodeRecords(b, from, to, t, header, state, handler, listener);
                }
            } else if (version == V9 && id == 0) {
                records += readTemplates(b, from, to, true, false, header, state, handler, listener);
            } else if (version == V9 && id == 1) {
                records += readTemplates(b, from, to, true, true, header, state, handler, listener);
            } else if (version == IPFIX && id == 2) {
                records += readTemplates(b, from, to, false, false, header, state, handler, listener);
            } else if (version == IPFIX && id == 3) {
                records += readTemplates(b, from, to, false, true, header, state, handler, listener);
            } else {
                listener.onDropped(DropReason.MALFORMED, "set id " + id + " is reserved; set skipped");
            }
        }
        return records;
    }

    /** Counts every buffered data set as a template-missing drop and forgets it (end of a capture). */
    public int expireAllPending(DecodeListener listener) {
        int total = 0;
        for (ExporterState state : cache.states()) {
            int n = state.expire(Long.MAX_VALUE, 0);
            for (int i = 0; i < n; i++) {
                listener.onDropped(DropReason.TEMPLATE_MISSING, "data set never got its template");
            }
            total += n;
        }
        return total;
    }

    private void sweep(ExporterState current, long now, DecodeListener listener) {
        long maxAge = cache.limits().pendingMaxAgeMillis;
        expired(current.expire(now, maxAge), current, listener);
        if (now - lastSweepMillis >= SWEEP_INTERVAL_MILLIS) {
            lastSweepMillis = now;
            for (ExporterState state : cache.states()) {
                if (state != current) {
                    expired(state.expire(now, maxAge), state, listener);
                }
            }
        }
    }

    private static void expired(int count, ExporterState state, DecodeListener listener) {
        for (int i = 0; i < count; i++) {
            listener.onDropped(DropReason.TEMPLATE_MISSING, "data set from " + state.address + " domain "
                    + state.domain + " expired before its template arrived");
        }
    }

    private void bufferSet(ExporterState state, int id, ByteBuffer b, int from, int to, MessageHeader header,
                           long now, DecodeListener listener) {
        byte[] copy = new byte[to - from];
        b.get(from, copy, 0, copy.length);
        int evicted = state.buffer(new ExporterState.PendingSet(id, copy, header, now), cache.limits());
        if (evicted < 0) {
            listener.onDropped(DropReason.TEMPLATE_MISSING, "no template " + id + " from " + header.exporterText
                    + " domain " + header.domain + " and the set cannot be buffered");
            return;
        }
        for (int i = 0; i < evicted; i++) {
            listener.onDropped(DropReason.TEMPLATE_MISSING, "template buffer of " + header.exporterText
                    + " full: oldest waiting data set dropped");
        }
    }

    private int readTemplates(ByteBuffer b, int pos, int end, boolean v9, boolean options, MessageHeader header,
                              ExporterState state, RecordHandler handler, DecodeListener listener) {
        int released = 0;
        while (end - pos >= 4) {
            int templateId = b.getShort(pos) & 0xFFFF;
            int fieldCount;
            int scopeCount;
            if (v9 && options) {
                if (end - pos < 6) {
                    break; // padding
                }
                int scopeBytes = b.getShort(pos + 2) & 0xFFFF;
                int optionBytes = b.getShort(pos + 4) & 0xFFFF;
                if (scopeBytes % 4 != 0 || optionBytes % 4 != 0 || 6 + scopeBytes + optionBytes > end - pos) {
                    if (templateId == 0 && allZero(b, pos, end)) {
                        break;
                    }
                    listener.onDropped(DropReason.TEMPLATE_INVALID, "v9 options template " + templateId
                            + ": scope length " + scopeBytes + ", option length " + optionBytes + ", "
                            + (end - pos) + " bytes in the set");
                    return released;
                }
                scopeCount = scopeBytes / 4;
                fieldCount = scopeCount + optionBytes / 4;
                pos += 6;
            } else if (options) {
                fieldCount = b.getShort(pos + 2) & 0xFFFF;
                if (fieldCount == 0) {
                    pos += 4;
                    withdraw(state, templateId, true, header, listener);
                    continue;
                }
                if (end - pos < 6) {
                    listener.onDropped(DropReason.TEMPLATE_INVALID, "IPFIX options template " + templateId
                            + " truncated");
                    return released;
                }
                scopeCount = b.getShort(pos + 4) & 0xFFFF;
                pos += 6;
                if (scopeCount == 0 || scopeCount > fieldCount) {
                    listener.onDropped(DropReason.TEMPLATE_INVALID, "IPFIX options template " + templateId
                            + " has scope field count " + scopeCount + " of " + fieldCount + " fields");
                    return released;
                }
            } else {
                fieldCount = b.getShort(pos + 2) & 0xFFFF;
                pos += 4;
                scopeCount = 0;
                if (fieldCount == 0) {
                    if (v9) {
                        if (templateId == 0 && allZero(b, pos - 4, end)) {
                            break;
                        }
                        listener.onDropped(DropReason.TEMPLATE_INVALID, "v9 template " + templateId
                                + " has no fields");
                        continue;
                    }
                    withdraw(state, templateId, false, header, listener);
                    continue;
                }
            }
            // Every field specifier takes at least 4 bytes: check before allocating anything.
            if ((long) fieldCount * 4 > end - pos) {
                listener.onDropped(DropReason.TEMPLATE_INVALID, "template " + templateId + " announces "
                        + fieldCount + " fields but only " + (end - pos) + " bytes remain in the set");
                return released;
            }
            long[] spec = new long[fieldCount];
            long recordLength = 0;
            for (int i = 0; i < fieldCount; i++) {
                if (end - pos < 4) {
                    listener.onDropped(DropReason.TEMPLATE_INVALID, "template " + templateId
                            + " field specifiers run past the set");
                    return released;
                }
                int type = b.getShort(pos) & 0xFFFF;
                int length = b.getShort(pos + 2) & 0xFFFF;
                pos += 4;
                long enterprise = 0;
                if (!v9 && (type & 0x8000) != 0) {
                    if (end - pos < 4) {
                        listener.onDropped(DropReason.TEMPLATE_INVALID, "template " + templateId
                                + " enterprise number runs past the set");
                        return released;
                    }
                    enterprise = b.getInt(pos) & 0xFFFF_FFFFL;
                    pos += 4;
                    type &= 0x7FFF;
                }
                spec[i] = (enterprise << 32) | ((long) type << 16) | length;
                recordLength += length == CompiledTemplate.VARIABLE ? 1 : length;
            }
            if (v9 && options) {
                // v9 options templates are padded to a 4-byte boundary; the padding is inside the set.
                int consumed = 6 + fieldCount * 4;
                int padding = (4 - consumed % 4) % 4;
                pos = Math.min(end, pos + padding);
            }
            if (templateId < MIN_DATA_SET_ID) {
                listener.onDropped(DropReason.TEMPLATE_INVALID, "template id " + templateId + " is below 256");
                continue;
            }
            if (recordLength == 0) {
                listener.onDropped(DropReason.TEMPLATE_INVALID, "template " + templateId
                        + " describes zero-length records");
                continue;
            }
            if (recordLength > 65535) {
                listener.onDropped(DropReason.TEMPLATE_INVALID, "template " + templateId + " records need "
                        + recordLength + " bytes, more than a datagram");
                continue;
            }
            CompiledTemplate existing = state.template(templateId);
            if (existing == null || !existing.sameSpec(options, scopeCount, spec)) {
                if (existing == null && state.templates.size() >= cache.limits().maxTemplatesPerExporter) {
                    listener.onDropped(DropReason.TEMPLATE_LIMIT, "exporter " + header.exporterText + " domain "
                            + header.domain + " already has " + state.templates.size() + " templates");
                    continue;
                }
                state.templates.put(templateId, CompiledTemplate.compile(registry, v9, templateId, options,
                        scopeCount, spec));
                state.changed();
            }
            released += releasePending(state, templateId, handler, listener);
        }
        return released;
    }

    private static void withdraw(ExporterState state, int templateId, boolean options, MessageHeader header,
                                 DecodeListener listener) {
        if (templateId == (options ? 3 : 2)) {
            state.templates.values().removeIf(t -> t.options == options); // withdraw all of this kind
            state.changed();
        } else if (templateId >= MIN_DATA_SET_ID) {
            state.templates.remove(templateId);
            state.changed();
        } else {
            listener.onDropped(DropReason.TEMPLATE_INVALID, "withdrawal of template id " + templateId);
        }
    }

    private int releasePending(ExporterState state, int templateId, RecordHandler handler, DecodeListener listener) {
        List<ExporterState.PendingSet> waiting = state.takePending(templateId);
        int records = 0;
        for (ExporterState.PendingSet p : waiting) {
            CompiledTemplate t = state.template(templateId);
            ByteBuffer copy = ByteBuffer.wrap(p.bytes);
            records += decodeRecords(copy, 0, p.bytes.length, t, p.header, state, handler, listener);
        }
        return records;
    }

    /** Decodes the records of one data set; what cannot be decoded is reported and skipped. */
    static int decodeRecords(ByteBuffer b, int pos, int end, CompiledTemplate t, MessageHeader header,
                             ExporterState state, RecordHandler handler, DecodeListener listener) {
        int min = t.minRecordLength;
        if (min <= 0) {
            return 0;
        }
        FlowRecord record = new FlowRecord(t.kind.length);
        int records = 0;
        while (end - pos >= min) {
            int next = record.read(t, b, pos, end);
            if (next < 0) {
                listener.onDropped(DropReason.MALFORMED, "record " + records + " of data set " + t.templateId
                        + " runs past the set (" + (end - pos) + " bytes left)");
                break;
            }
            if (next == pos) {
                break; // cannot happen with min > 0, but never loop without progress
            }
            pos = next;
            if (t.options) {
                learnFromOptions(t, record, state);
            }
            handler.record(header, t, record, state);
            records++;
        }
        return records;
    }

    private static void learnFromOptions(CompiledTemplate t, FlowRecord r, ExporterState state) {
        int init = t.role[CompiledTemplate.R_SYS_INIT_MS];
        if (init >= 0) {
            state.systemInitMillis(r.number[init]);
        }
        if (!t.carriesSampling()) {
            return;
        }
        long rate = samplingRate(t, r);
        if (rate > 0) {
            int samplerField = t.role[CompiledTemplate.R_SAMPLER_ID] >= 0 ? t.role[CompiledTemplate.R_SAMPLER_ID]
                    : t.role[CompiledTemplate.R_SELECTOR_ID];
            state.recordSamplingRate(samplerField >= 0 ? r.number[samplerField] : -1, rate);
        }
    }

    /** The sampling rate (1 in N) a record states, from whichever sampling elements it carries; 0 when none. */
    public static long samplingRate(CompiledTemplate t, FlowRecord r) {
        int[] role = t.role;
        if (role[CompiledTemplate.R_SAMPLING_INTERVAL] >= 0) {
            long v = r.number[role[CompiledTemplate.R_SAMPLING_INTERVAL]];
            if (v > 0) {
                return v;
            }
        }
        if (role[CompiledTemplate.R_SAMPLER_RANDOM_INTERVAL] >= 0) {
            long v = r.number[role[CompiledTemplate.R_SAMPLER_RANDOM_INTERVAL]];
            if (v > 0) {
                return v;
            }
        }
        if (role[CompiledTemplate.R_SAMPLING_PACKET_INTERVAL] >= 0) {
            long selected = r.number[role[CompiledTemplate.R_SAMPLING_PACKET_INTERVAL]];
            long space = role[CompiledTemplate.R_SAMPLING_PACKET_SPACE] >= 0
                    ? r.number[role[CompiledTemplate.R_SAMPLING_PACKET_SPACE]] : 0;
            if (selected > 0 && space >= 0) {
                return (selected + space) / selected;
            }
        }
        if (role[CompiledTemplate.R_SAMPLING_POPULATION] >= 0 && role[CompiledTemplate.R_SAMPLING_SIZE] >= 0) {
            long size = r.number[role[CompiledTemplate.R_SAMPLING_SIZE]];
            long population = r.number[role[CompiledTemplate.R_SAMPLING_POPULATION]];
            if (size > 0 && population >= size) {
                return population / size;
            }
        }
        return 0;
    }

    private static boolean allZero(ByteBuffer b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}

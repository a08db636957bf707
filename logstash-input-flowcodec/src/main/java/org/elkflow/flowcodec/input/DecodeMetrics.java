package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.NamespacedMetric;
import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.DecodeListener;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.wire.AddressText;
import org.elkflow.logstash.support.RateLimitedWarning;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns what the receive path and the decoder report into Logstash plugin metrics (visible in
 * {@code GET _node/stats/pipelines}) and rate-limited warnings, so no datagram is lost without a trace. Counter
 * handles are fetched once here because Logstash ties them to the creating thread's JRuby context; increments
 * from the reader and worker threads go to those handles (LongAdders, thread-safe).
 *
 * <p>Accounting: every received datagram ends in exactly one of {@code datagrams_decoded},
 * {@code dropped_not_allowed}, {@code dropped_queue_full}, {@code dropped_shutdown}, {@code decode_errors},
 * {@code dropped_malformed} or {@code dropped_unsupported_version}. A datagram refused as
 * {@code dropped_exporter_limit} is also counted as decoded (with 0 records), and the set-level decoder drops
 * ({@code template_*}, {@code unknown_record}) count parts of datagrams that may also be counted as decoded.
 * Every decoded record ends in exactly one of {@code events_emitted}, {@code events_downsampled},
 * {@code events_dropped_shutdown} or {@code events_refused}.
 */
final class DecodeMetrics implements DecodeListener {

    private final CounterMetric datagramsReceived;
    private final CounterMetric datagramsDecoded;
    private final CounterMetric recordsDecoded;
    private final CounterMetric eventsEmitted;
    private final CounterMetric eventsDownsampled;
    private final CounterMetric eventsDroppedShutdown;
    private final CounterMetric eventsRefused;
    private final CounterMetric decodeErrors;
    private final CounterMetric droppedQueueFull;
    private final CounterMetric droppedNotAllowed;
    private final CounterMetric droppedShutdown;
    private final CounterMetric osReceiveBufferDrops;
    private final Map<DropReason, CounterMetric> dropped = new EnumMap<>(DropReason.class);
    private final RateLimitedWarning warning;
    /** The exporter whose datagram the current worker thread is decoding, for the per-exporter counters. */
    private final ThreadLocal<ExporterStats.Entry> current = new ThreadLocal<>();

    DecodeMetrics(NamespacedMetric metric, Logger logger, long warnIntervalMillis) {
        this.datagramsReceived = metric.counter("datagrams_received");
        this.datagramsDecoded = metric.counter("datagrams_decoded");
        this.recordsDecoded = metric.counter("records_decoded");
        this.eventsEmitted = metric.counter("events_emitted");
        this.eventsDownsampled = metric.counter("events_downsampled");
        this.eventsDroppedShutdown = metric.counter("events_dropped_shutdown");
        this.eventsRefused = metric.counter("events_refused");
        this.decodeErrors = metric.counter("decode_errors");
        this.droppedQueueFull = metric.counter("dropped_queue_full");
        this.droppedNotAllowed = metric.counter("dropped_not_allowed");
        this.droppedShutdown = metric.counter("dropped_shutdown");
        this.osReceiveBufferDrops = metric.counter("os_receive_buffer_drops");
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, metric.counter("dropped_" + reason.metricName()));
        }
        this.warning = new RateLimitedWarning(logger, warnIntervalMillis);
    }

    void onReceived() {
        datagramsReceived.increment();
    }

    void onNotAllowed(InetAddress source) {
        droppedNotAllowed.increment();
        warnDrop("not_allowed",
                () -> "datagram from " + AddressText.of(source) + ", which is not in allowed_exporters");
    }

    void onQueueFull(int capacity) {
        droppedQueueFull.increment();
        warnDrop("queue_full", () -> "decode queue full (" + capacity + " datagrams per worker): the decoders or the "
                + "pipeline (back-pressure) do not keep up; raise 'workers' or 'queue_size' or speed up the pipeline");
    }

    /** A datagram of {@code exporter} not decoded because the input stopped. */
    void onShutdownDrop(ExporterStats.Entry exporter) {
        droppedShutdown.increment();
        exporter.shutdown.increment();
    }

    /** An event of {@code exporter} handed to the pipeline (on the emit thread, hence the explicit exporter). */
    void onEvent(ExporterStats.Entry exporter) {
        eventsEmitted.increment();
        exporter.events.increment();
    }

    /** Decoded events of {@code exporter} not handed to the pipeline because the input or the pipeline stopped. */
    void onEventsShutdownDrop(ExporterStats.Entry exporter, int events) {
        eventsDroppedShutdown.increment(events);
        exporter.eventsShutdown.add(events);
    }

    /** An event the pipeline's writer threw on outside a shutdown: counted and logged, the next one is tried. */
    void onEventRefused(ExporterStats.Entry exporter, RuntimeException e) {
        eventsRefused.increment();
        exporter.eventsRefused.increment();
        warning.warn("event_refused",
                () -> "flowcodec dropped event (event_refused): the pipeline refused an event: " + e);
    }

    void onDownsampled() {
        eventsDownsampled.increment();
        ExporterStats.Entry exporter = current.get();
        if (exporter != null) {
            exporter.downsampled.increment();
        }
    }

    void addOsReceiveBufferDrops(long delta) {
        if (delta > 0) {
            osReceiveBufferDrops.increment(delta);
        }
    }

    /** Sets the exporter the calling worker is about to decode for (null clears it). */
    void decoding(ExporterStats.Entry exporter) {
        if (exporter == null) {
            current.remove();
        } else {
            current.set(exporter);
        }
    }

    @Override
    public void onDecoded(int records) {
        datagramsDecoded.increment();
        recordsDecoded.increment(records);
        ExporterStats.Entry exporter = current.get();
        if (exporter != null) {
            exporter.decoded.increment();
            exporter.records.add(records);
        }
    }

    @Override
    public void onDropped(DropReason reason, String detail) {
        dropped.get(reason).increment();
        ExporterStats.Entry exporter = current.get();
        if (exporter != null) {
            exporter.dropped(reason).increment();
        }
        warnDrop(reason.metricName(), () -> detail);
    }

    /** A decoder bug must cost one datagram, not the input: counted and logged, the worker goes on. */
    void onDecoderFailure(RuntimeException e) {
        decodeErrors.increment();
        ExporterStats.Entry exporter = current.get();
        if (exporter != null) {
            exporter.decodeErrors.increment();
        }
        warnDrop("decode_error", () -> "decoder failed on a datagram: " + e);
    }

    /** Every counter by its metric name, for the periodic stats log line. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("datagrams_received", datagramsReceived.getValue());
        out.put("datagrams_decoded", datagramsDecoded.getValue());
        out.put("records_decoded", recordsDecoded.getValue());
        out.put("events_emitted", eventsEmitted.getValue());
        out.put("events_downsampled", eventsDownsampled.getValue());
        out.put("events_dropped_shutdown", eventsDroppedShutdown.getValue());
        out.put("events_refused", eventsRefused.getValue());
        out.put("decode_errors", decodeErrors.getValue());
        out.put("dropped_queue_full", droppedQueueFull.getValue());
        out.put("dropped_not_allowed", droppedNotAllowed.getValue());
        out.put("dropped_shutdown", droppedShutdown.getValue());
        for (Map.Entry<DropReason, CounterMetric> e : dropped.entrySet()) {
            out.put("dropped_" + e.getKey().metricName(), e.getValue().getValue());
        }
        out.put("os_receive_buffer_drops", osReceiveBufferDrops.getValue());
        return out;
    }

    /** The text is built only when the warning is logged: drops can come once per datagram in a flood. */
    private void warnDrop(String kind, Supplier<String> detail) {
        warning.warn(kind, () -> "flowcodec dropped datagram (" + kind + "): " + detail.get());
    }
}

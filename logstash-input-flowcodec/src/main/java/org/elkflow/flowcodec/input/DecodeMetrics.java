package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.NamespacedMetric;
import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.DecodeListener;
import org.elkflow.flowcodec.DropReason;

import java.util.EnumMap;
import java.util.Map;

/**
 * Turns what the decoder reports into Logstash plugin metrics (visible in {@code GET _node/stats/pipelines}) and
 * rate-limited warnings, so no datagram is lost without a trace. Counter handles are fetched once here because
 * Logstash ties them to the creating thread's JRuby context.
 */
final class DecodeMetrics implements DecodeListener {

    private final CounterMetric datagramsReceived;
    private final CounterMetric datagramsDecoded;
    private final CounterMetric recordsDecoded;
    private final CounterMetric decodeErrors;
    private final Map<DropReason, CounterMetric> dropped = new EnumMap<>(DropReason.class);
    private final RateLimitedWarning warning;

    DecodeMetrics(NamespacedMetric metric, Logger logger, long warnIntervalMillis) {
        this.datagramsReceived = metric.counter("datagrams_received");
        this.datagramsDecoded = metric.counter("datagrams_decoded");
        this.recordsDecoded = metric.counter("records_decoded");
        this.decodeErrors = metric.counter("decode_errors");
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, metric.counter("dropped_" + reason.metricName()));
        }
        this.warning = new RateLimitedWarning(logger, warnIntervalMillis);
    }

    void onReceived() {
        datagramsReceived.increment();
    }

    @Override
    public void onDecoded(int records) {
        datagramsDecoded.increment();
        recordsDecoded.increment(records);
    }

    @Override
    public void onDropped(DropReason reason, String detail) {
        dropped.get(reason).increment();
        warning.warn(reason.metricName(), detail);
    }

    /** A decoder bug must cost one datagram, not the input: counted and logged, the receive loop goes on. */
    void onDecoderFailure(RuntimeException e) {
        decodeErrors.increment();
        warning.warn("decode_error", "decoder failed on a datagram: " + e);
    }
}

package org.elkflow.flowcodec;

/**
 * Why a datagram (or part of one) produced no events. Each reason has a stable metric name that the
 * Logstash input uses as a counter key.
 */
public enum DropReason {
    /** Bytes that do not form a valid datagram of the protocol they claim: too short, bad lengths or counts. */
    MALFORMED("malformed"),
    /** A version field this decoder does not (yet) understand. */
    UNSUPPORTED_VERSION("unsupported_version"),
    /** Template-based data (NetFlow v9, IPFIX) whose template has not been seen from that exporter. */
    TEMPLATE_MISSING("template_missing");

    private final String metricName;

    DropReason(String metricName) {
        this.metricName = metricName;
    }

    /** Lower-case name for metrics and logs, for example {@code "unsupported_version"}. */
    public String metricName() {
        return metricName;
    }
}

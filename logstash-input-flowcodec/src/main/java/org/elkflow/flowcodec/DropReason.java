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
    TEMPLATE_MISSING("template_missing"),
    /** A NetFlow v9 / IPFIX template or options template that cannot be used (zero length, bad counts, id < 256). */
    TEMPLATE_INVALID("template_invalid"),
    /** A new template refused because its exporter already has the maximum number of templates. */
    TEMPLATE_LIMIT("template_limit"),
    /** A datagram from a new exporter refused because the maximum number of exporters is tracked. */
    EXPORTER_LIMIT("exporter_limit"),
    /**
     * An sFlow sample or record of an enterprise/format this decoder does not know, skipped by its length. Counted
     * once per skipped sample or record, not per datagram: the rest of the datagram is decoded as usual.
     */
    UNKNOWN_RECORD("unknown_record");

    private final String metricName;

    DropReason(String metricName) {
        this.metricName = metricName;
    }

    /** Lower-case name for metrics and logs, for example {@code "unsupported_version"}. */
    public String metricName() {
        return metricName;
    }
}

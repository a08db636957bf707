package org.elkflow.flowcodec.netflow;

import java.net.InetAddress;

/** Header facts of one NetFlow v9 / IPFIX message that every record of it shares. Immutable. */
public final class MessageHeader {

    final int version;
    final InetAddress exporter;
    final String exporterText;
    final long domain;
    final long sequence;
    final long exportSeconds;
    /** v9 sysUptime in milliseconds; -1 for IPFIX. */
    final long sysUptimeMillis;
    private String exportTimestamp;

    MessageHeader(int version, InetAddress exporter, String exporterText, long domain, long sequence,
                  long exportSeconds, long sysUptimeMillis) {
        this.version = version;
        this.exporter = exporter;
        this.exporterText = exporterText;
        this.domain = domain;
        this.sequence = sequence;
        this.exportSeconds = exportSeconds;
        this.sysUptimeMillis = sysUptimeMillis;
    }

    public int version() {
        return version;
    }

    /** Exporter address as text (observer.ip); null when unknown. */
    public String exporterText() {
        return exporterText;
    }

    /** v9 source id or IPFIX observation domain id. */
    public long domain() {
        return domain;
    }

    public long sequence() {
        return sequence;
    }

    public long exportSeconds() {
        return exportSeconds;
    }

    public long exportMillis() {
        return exportSeconds * 1000L;
    }

    /** ISO-8601 export time, formatted once per message (shared by its records). */
    public String exportTimestamp() {
        String ts = exportTimestamp;
        if (ts == null) {
            ts = org.elkflow.flowcodec.schema.Iso8601.utcMillis(exportMillis());
            exportTimestamp = ts;
        }
        return ts;
    }

    public long sysUptimeMillis() {
        return sysUptimeMillis;
    }
}

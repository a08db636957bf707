package org.elkflow.flowcodec.sflow;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.schema.MappingOptions;
import org.elkflow.flowcodec.schema.SflowEventMapper;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.SharedData;
import org.elkflow.flowcodec.wire.DatagramReader;

/** Decoding helpers shared by the sFlow tests. */
final class SflowTestSupport {

    /** Fixed receive time for deterministic events: 2026-11-21T06:00:00.000Z. */
    static final long RECEIVED_MILLIS = 1_795_240_800_000L;

    private SflowTestSupport() {
    }

    static SflowDatagram decode(byte[] bytes) {
        return new SflowDecoder().decode(DatagramReader.of(ByteBuffer.wrap(bytes)));
    }

    /** The datagrams of a manifest row: each pcap payload, or the whole .dat file. */
    static List<byte[]> datagrams(CaptureManifest.Row row) {
        List<byte[]> out = new ArrayList<>();
        if (row.isPcap()) {
            for (CaptureManifest.Payload p : CaptureManifest.payloads(row)) {
                out.add(SharedData.capture(p.file()));
            }
        } else {
            out.add(SharedData.capture(row.path()));
        }
        return out;
    }

    static List<byte[]> datagrams(String manifestPath) {
        for (CaptureManifest.Row row : CaptureManifest.rowsWithProtocol("sflow5")) {
            if (row.path().equals(manifestPath)) {
                return datagrams(row);
            }
        }
        throw new IllegalArgumentException("no sflow5 row " + manifestPath);
    }

    static List<Map<String, Object>> events(String manifestPath, MappingOptions options) {
        List<Map<String, Object>> events = new ArrayList<>();
        SflowEventMapper mapper = new SflowEventMapper(options);
        for (byte[] d : datagrams(manifestPath)) {
            mapper.map(decode(d), RECEIVED_MILLIS, events::add);
        }
        return events;
    }

    static List<Map<String, Object>> events(String manifestPath) {
        return events(manifestPath, MappingOptions.defaults());
    }

    /** Value at a dotted path of nested maps, or null. */
    static Object at(Map<String, Object> event, String path) {
        Object current = event;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }
}

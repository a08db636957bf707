package org.elkflow.flowcodec.testing;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.elkflow.flowcodec.FlowDatagramDecoder;

/** Sequence groups of MANIFEST.tsv: rows that must be fed, in order, to one decoder. */
public final class CaptureGroups {

    /** Address used as exporter for raw {@code .dat} files (TEST-NET-1). */
    public static final String DAT_EXPORTER = "192.0.2.10";

    private CaptureGroups() {
    }

    /** Group name → rows in ascending sequence number, for rows whose protocol matches one of {@code protocols}. */
    public static Map<String, List<CaptureManifest.Row>> groups(List<String> protocols) {
        Map<String, TreeMap<Integer, CaptureManifest.Row>> byGroup = new TreeMap<>();
        for (CaptureManifest.Row row : CaptureManifest.rows()) {
            if (row.protocols().stream().noneMatch(protocols::contains)) {
                continue;
            }
            for (String member : row.get("sequence_group").split(";")) {
                String[] parts = member.trim().split("#");
                int n = Integer.parseInt(parts[1]);
                if (n == 0) {
                    continue;
                }
                byGroup.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(n, row);
            }
        }
        Map<String, List<CaptureManifest.Row>> out = new TreeMap<>();
        byGroup.forEach((group, rows) -> out.put(group, new ArrayList<>(rows.values())));
        return out;
    }

    /** Feeds every datagram of {@code row} to {@code decoder}; returns the events emitted for this row. */
    public static int feed(FlowDatagramDecoder decoder, CaptureManifest.Row row, Consumer<Map<String, Object>> sink) {
        int[] count = {0};
        Consumer<Map<String, Object>> counting = e -> {
            count[0]++;
            sink.accept(e);
        };
        if (row.isPcap()) {
            for (CaptureManifest.Payload p : CaptureManifest.payloads(row)) {
                decoder.decode(ByteBuffer.wrap(SharedData.capture(p.file())), p.exporter(), counting);
            }
        } else {
            decoder.decode(ByteBuffer.wrap(SharedData.capture(row.path())), datExporter(), counting);
        }
        return count[0];
    }

    public static InetAddress datExporter() {
        try {
            return InetAddress.getByName(DAT_EXPORTER);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

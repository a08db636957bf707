package org.elkflow.flowcodec.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.elkflow.flowcodec.cli.DecodeTool;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The offline decode tool reads sFlow in raw files and pcaps, chosen by the version field like the input. */
class SflowDecodeToolTest {

    @Test
    void everySflowCaptureDecodesToItsSamples() throws Exception {
        List<String> args = new ArrayList<>(List.of("decode", "--exporter", "192.0.2.10"));
        int expected = 0;
        for (CaptureManifest.Row row : CaptureManifest.rowsWithProtocol("sflow5")) {
            if (row.expectedRecords().isPresent()) {
                args.add(SharedData.path(CaptureManifest.CAPTURES + row.path()).toString());
                expected += row.expectedRecords().getAsInt();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Method run = DecodeTool.class.getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
        run.setAccessible(true);
        int status = (Integer) run.invoke(null, args.toArray(new String[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, stderr);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(37, expected, "MANIFEST.tsv sFlow samples");
        assertEquals(expected, lines.length, stderr);
        long flows = 0;
        long counters = 0;
        for (String line : lines) {
            flows += line.contains("\"action\":\"sflow_flow_sample\"") ? 1 : 0;
            counters += line.contains("\"action\":\"sflow_counter_sample\"") ? 1 : 0;
        }
        assertEquals(16, flows);
        assertEquals(21, counters);
        assertTrue(stderr.contains("malformed=0") && stderr.contains("unknown_record=2"), stderr);
    }
}

package org.elkflow.flowcodec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline decode tool on pcap, pcapng and raw files: one JSON line per event, the input's own events. */
class DecodeToolTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DecodeTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void pcapWithTwoExportersAndMixedVersionsPrintsTheInputsEvents() {
        String pcap = SharedData.path("flow-captures/pcap/graylog-plugin-netflow/nprobe-netflow9.pcap").toString();
        String[] r = run("decode", pcap);
        assertEquals("0", r[0], r[2]);
        List<String> lines = lines(r[1]);
        assertEquals(154, lines.size(), "MANIFEST.tsv: 154 records");

        // The same payloads through the decoder the input uses give the same events, in the same order.
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(new DecodeCounters());
        List<String> expected = new ArrayList<>();
        CaptureManifest.Row row = CaptureManifest.rows().stream()
                .filter(x -> x.path().equals("pcap/graylog-plugin-netflow/nprobe-netflow9.pcap")).findFirst()
                .orElseThrow();
        for (CaptureManifest.Payload p : CaptureManifest.payloads(row)) {
            decoder.decode(ByteBuffer.wrap(SharedData.capture(p.file())), p.exporter(),
                    (Map<String, Object> e) -> expected.add(JsonWriter.write(e)));
        }
        assertEquals(expected, lines);
        assertTrue(r[2].contains("154 event(s)"), r[2]);
    }

    @Test
    void rawFilesInOrderShareTemplates() {
        String tpl = SharedData.path("flow-captures/netflow/ipfix_test_barracuda_tpl.dat").toString();
        String data = SharedData.path("flow-captures/netflow/ipfix_test_barracuda_data256.dat").toString();
        String[] r = run("decode", "--exporter", "192.0.2.9", tpl, data);
        assertEquals("0", r[0], r[2]);
        List<String> lines = lines(r[1]);
        assertEquals(8, lines.size(), r[2]);
        assertTrue(lines.get(0).contains("\"exporter\":{\"address\":\"192.0.2.9\""), lines.get(0));
        // Data alone: nothing decodes, and the summary counts the data set as template_missing.
        String[] alone = run("decode", data);
        assertEquals(0, lines(alone[1]).size());
        assertTrue(alone[2].contains("template_missing=1"), alone[2]);
    }

    @Test
    void pcapngIsReadToo() throws Exception {
        Path pcapng = tmp.resolve("mpls.pcapng");
        Files.write(pcapng, pcapngOf(SharedData.capture("pcap/akvorado/mpls.pcap")));
        String[] r = run("decode", pcapng.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(3, lines(r[1]).size(), r[2]);
        String[] classic = run("decode", SharedData.path("flow-captures/pcap/akvorado/mpls.pcap").toString());
        assertEquals(classic[1], r[1]);
    }

    @Test
    void usageErrors() {
        assertEquals("2", run()[0]);
        assertEquals("2", run("decode")[0]);
        assertEquals("2", run("decode", "--nope", "x")[0]);
        assertEquals("1", run("decode", tmp.resolve("missing.pcap").toString())[0]);
    }

    /** Re-wraps the packets of a little-endian classic pcap as pcapng (SHB, one IDB, one EPB per packet). */
    static byte[] pcapngOf(byte[] pcap) {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int linkType = in.getInt(20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1)
                .putInt(28);
        out.writeBytes(shb.array());
        ByteBuffer idb = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        idb.putInt(1).putInt(20).putShort((short) linkType).putShort((short) 0).putInt(0).putInt(20);
        out.writeBytes(idb.array());
        int pos = 24;
        while (pos + 16 <= pcap.length) {
            int captured = in.getInt(pos + 8);
            int padded = (captured + 3) & ~3;
            int length = 32 + padded;
            ByteBuffer epb = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            epb.putInt(6).putInt(length).putInt(0).putInt(0).putInt(0).putInt(captured).putInt(captured);
            epb.put(pcap, pos + 16, captured);
            epb.position(28 + padded);
            epb.putInt(length);
            out.writeBytes(epb.array());
            pos += 16 + captured;
        }
        return out.toByteArray();
    }
}

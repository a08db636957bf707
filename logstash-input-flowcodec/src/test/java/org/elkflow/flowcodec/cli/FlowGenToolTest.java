package org.elkflow.flowcodec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** flowgen's command line, its JSON summary, and content that depends on the seed only. */
class FlowGenToolTest {

    @Test
    void sameSeedSameDatagramsAndTheSummaryCountsThem() throws Exception {
        byte[] first = digestOfRun("ipfix", 7);
        byte[] again = digestOfRun("ipfix", 7);
        assertArrayEquals(first, again);
        assertTrue(!Arrays.equals(first, digestOfRun("ipfix", 8)), "another seed, other content");
    }

    @Test
    void inMemoryDatagramsAreTheOnesSent() throws Exception {
        for (String protocol : new String[] {"v5", "v9", "ipfix", "sflow"}) {
            List<byte[]> sent = sentDatagrams(protocol, 7);
            List<byte[]> built = FlowGen.datagrams(new FlowGen.Config(protocol, null, 0, 0, 0, 100, 7, 24, 1, 100, 1),
                    5);
            assertEquals(sent.size(), built.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), built.get(i), protocol + " datagram " + i);
            }
        }
    }

    private static byte[] digestOfRun(String protocol, long seed) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] datagram : sentDatagrams(protocol, seed)) {
            digest.update(datagram);
        }
        return digest.digest();
    }

    /** The 5 datagrams flowgen sends for 100 records, 24 per datagram. */
    private static List<byte[]> sentDatagrams(String protocol, long seed) throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setReceiveBufferSize(1 << 20);
            receiver.setSoTimeout(10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = DecodeTool.run(new String[] {"flowgen", "--protocol", protocol, "--target",
                    "127.0.0.1:" + receiver.getLocalPort(), "--records", "100", "--records-per-datagram", "24",
                    "--seed", Long.toString(seed), "--datagrams-per-second", "2000"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            String json = out.toString(StandardCharsets.UTF_8).trim();
            assertTrue(json.startsWith("{\"protocol\":\"" + protocol + "\",\"datagrams\":5,\"records\":100,"), json);
            List<byte[]> datagrams = new ArrayList<>();
            byte[] buffer = new byte[65_535];
            for (int i = 0; i < 5; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                receiver.receive(packet);
                datagrams.add(Arrays.copyOf(buffer, packet.getLength()));
            }
            return datagrams;
        }
    }

    @Test
    void rejectsBadOptionsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, DecodeTool.run(new String[] {"flowgen", "--protocol", "v7", "--target", "127.0.0.1:9"}, o, e));
        assertEquals(2, DecodeTool.run(new String[] {"flowgen", "--protocol", "v5"}, o, e));
        assertEquals(2, DecodeTool.run(new String[] {"flowgen", "--target", "127.0.0.1:9", "--protocol", "v5",
                "--records-per-datagram", "31"}, o, e));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--protocol must be v5, v9, ipfix or sflow") && text.contains("--target HOST:PORT is")
                || text.contains("--target host:port is required"), text);
        assertTrue(text.contains("usage: java -jar flowcodec-tools.jar flowgen"), text);
    }
}

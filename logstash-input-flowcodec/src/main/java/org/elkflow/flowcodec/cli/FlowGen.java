package org.elkflow.flowcodec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator: {@code java -jar flowcodec-tools.jar flowgen --protocol v9 --target 127.0.0.1:2055
 * --flows-per-second 100000 --duration 60 --seed 7}. Sends NetFlow v5, NetFlow v9, IPFIX or sFlow v5 datagrams
 * whose content depends only on the seed (addresses, ports, protocols, counters), paced to a target rate, and
 * prints one JSON line with exactly what was sent: datagrams, records, and the byte and packet totals as the
 * records state them (for sFlow: frame lengths and one packet per sample), plus the totals scaled by the
 * sampling rate.
 *
 * <p>Templates (v9/IPFIX) go in the first datagram and every {@code --template-every} datagrams, together with an
 * options record carrying the sampling interval when {@code --sampling-rate} is above 1.
 */
public final class FlowGen {

    /** What to generate. */
    public record Config(String protocol, InetSocketAddress target, double flowsPerSecond, double datagramsPerSecond,
                         double durationSeconds, long records, long seed, int recordsPerDatagram, int samplingRate,
                         int templateEvery, long domain) {
    }

    /** What was sent. */
    public record Result(String protocol, long datagrams, long records, long bytes, long packets, long scaledBytes,
                         long scaledPackets, double seconds) {

        public String toJson() {
            return String.format(Locale.ROOT, "{\"protocol\":\"%s\",\"datagrams\":%d,\"records\":%d,\"bytes\":%d,"
                            + "\"packets\":%d,\"scaled_bytes\":%d,\"scaled_packets\":%d,\"seconds\":%.3f,"
                            + "\"datagrams_per_second\":%.1f,\"flows_per_second\":%.1f}",
                    protocol, datagrams, records, bytes, packets, scaledBytes, scaledPackets, seconds,
                    seconds > 0 ? datagrams / seconds : 0.0, seconds > 0 ? records / seconds : 0.0);
        }
    }

    private static final long BASE_EXPORT_SECONDS = 1_700_000_000L;
    private static final int V9_TEMPLATE_ID = 256;
    private static final int OPTIONS_TEMPLATE_ID = 257;
    /** v9 / IPFIX data record: src4, dst4, sport, dport, proto, bytes(4), packets(4), first, last, flags, in, out. */
    private static final int[][] V9_FIELDS = {{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {1, 4}, {2, 4}, {22, 4},
            {21, 4}, {6, 1}, {10, 2}, {14, 2}};
    private static final int V9_RECORD = 34;
    /** IPFIX: same with flowStart/EndMilliseconds (152/153, 8 bytes) instead of sysUptime fields. */
    private static final int[][] IPFIX_FIELDS = {{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {1, 4}, {2, 4},
            {152, 8}, {153, 8}, {6, 1}, {10, 2}, {14, 2}};
    private static final int IPFIX_RECORD = 42;

    private final Config config;
    private final SplittableRandom random;
    private long sequence;
    private long recordsSent;
    private long bytes;
    private long packets;

    private FlowGen(Config config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    public static int defaultRecordsPerDatagram(String protocol) {
        return switch (protocol) {
            case "v5" -> 30;
            case "sflow" -> 8;
            default -> 24;
        };
    }

    /** Sends as configured; blocks until done. */
    public static Result send(Config config) throws IOException {
        return new FlowGen(config).run();
    }

    private Result run() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        long limitRecords = config.records() > 0 ? config.records() : Long.MAX_VALUE;
        double perDatagram = config.recordsPerDatagram();
        double dps = config.datagramsPerSecond() > 0 ? config.datagramsPerSecond()
                : config.flowsPerSecond() > 0 ? config.flowsPerSecond() / perDatagram : 0;
        long start = System.nanoTime();
        long end = config.records() > 0 || config.durationSeconds() <= 0 ? Long.MAX_VALUE
                : start + (long) (config.durationSeconds() * 1e9);
        long datagrams = 0;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            ch.connect(config.target());
            while (recordsSent < limitRecords) {
                long now = System.nanoTime();
                if (now - end >= 0) {
                    break;
                }
                if (dps > 0) {
                    long due = start + (long) (datagrams * 1e9 / dps);
                    if (due - now > 0) {
                        if (due - end >= 0) {
                            break;
                        }
                        LockSupport.parkNanos(due - now);
                        continue;
                    }
                }
                int n = (int) Math.min(config.recordsPerDatagram(), limitRecords - recordsSent);
                buffer.clear();
                build(buffer, datagrams, n);
                buffer.flip();
                sendFully(ch, buffer);
                datagrams++;
                recordsSent += n;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long scale = Math.max(1, config.samplingRate());
        return new Result(config.protocol(), datagrams, recordsSent, bytes, packets, bytes * scale, packets * scale,
                seconds);
    }

    /**
     * The first {@code count} datagrams {@link #send} would send for {@code config} (its target, rates and duration
     * are not used; a {@code records} limit is), built in memory: for benchmarks that need flowgen's exact stream
     * without a socket.
     */
    public static List<byte[]> datagrams(Config config, int count) {
        FlowGen gen = new FlowGen(config);
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        long limitRecords = config.records() > 0 ? config.records() : Long.MAX_VALUE;
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count && gen.recordsSent < limitRecords; i++) {
            int n = (int) Math.min(config.recordsPerDatagram(), limitRecords - gen.recordsSent);
            buffer.clear();
            gen.build(buffer, i, n);
            gen.recordsSent += n;
            buffer.flip();
            byte[] datagram = new byte[buffer.remaining()];
            buffer.get(datagram);
            out.add(datagram);
        }
        return out;
    }

    private static void sendFully(DatagramChannel ch, ByteBuffer datagram) throws IOException {
        while (true) {
            try {
                if (ch.write(datagram) > 0) {
                    return;
                }
            } catch (java.net.PortUnreachableException e) {
                // nobody listening yet (ICMP from an earlier datagram); the datagram counts as sent
                return;
            }
            Thread.onSpinWait();
        }
    }

    private void build(ByteBuffer b, long index, int n) {
        switch (config.protocol()) {
            case "v5" -> buildV5(b, index, n);
            case "v9" -> buildV9(b, index, n);
            case "ipfix" -> buildIpfix(b, index, n);
            case "sflow" -> buildSflow(b, index, n);
            default -> throw new IllegalArgumentException("unknown protocol " + config.protocol());
        }
    }

    /** One flow's random content; consumed in a fixed order so that output depends only on the seed. */
    private final class Flow {
        int src;
        int dst;
        int sport;
        int dport;
        int proto;
        long pkts;
        long octets;
        int flags;
        int in;
        int out;
        long startOffsetMs;
        long durationMs;

        Flow next() {
            src = 0x0A000000 | random.nextInt(1 << 20);
            dst = 0xC6120000 | random.nextInt(1 << 16);
            sport = 1024 + random.nextInt(64_000);
            dport = random.nextInt(4) == 0 ? 53 : 443;
            proto = dport == 53 ? 17 : 6;
            pkts = 1 + random.nextInt(200);
            octets = pkts * (40 + random.nextInt(1461));
            flags = proto == 6 ? 0x1B : 0;
            in = 1 + random.nextInt(8);
            out = 1 + random.nextInt(8);
            startOffsetMs = random.nextInt(60_000);
            durationMs = random.nextInt(30_000);
            return this;
        }
    }

    private final Flow flow = new Flow();

    private long exportSeconds(long index) {
        return BASE_EXPORT_SECONDS + index / 1000;
    }

    private void buildV5(ByteBuffer b, long index, int n) {
        long uptime = 3_600_000L + index;
        int sampling = config.samplingRate() > 1 ? (1 << 14) | Math.min(config.samplingRate(), 0x3FFF) : 0;
        b.putShort((short) 5).putShort((short) n).putInt((int) uptime).putInt((int) exportSeconds(index)).putInt(0)
                .putInt((int) sequence).put((byte) 0).put((byte) 0).putShort((short) sampling);
        sequence += n;
        for (int i = 0; i < n; i++) {
            flow.next();
            long last = uptime - flow.startOffsetMs;
            long first = last - flow.durationMs;
            b.putInt(flow.src).putInt(flow.dst).putInt(0).putShort((short) flow.in).putShort((short) flow.out)
                    .putInt((int) flow.pkts).putInt((int) flow.octets).putInt((int) first).putInt((int) last)
                    .putShort((short) flow.sport).putShort((short) flow.dport).put((byte) 0).put((byte) flow.flags)
                    .put((byte) flow.proto).put((byte) 0).putShort((short) 0).putShort((short) 0).put((byte) 24)
                    .put((byte) 24).putShort((short) 0);
            bytes += flow.octets;
            packets += flow.pkts;
        }
    }

    private boolean templatesDue(long index) {
        return index == 0 || (config.templateEvery() > 0 && index % config.templateEvery() == 0);
    }

    private void buildV9(ByteBuffer b, long index, int n) {
        long uptime = 3_600_000L + index;
        int countPos = b.position() + 2;
        b.putShort((short) 9).putShort((short) 0).putInt((int) uptime).putInt((int) exportSeconds(index))
                .putInt((int) index).putInt((int) config.domain());
        int count = 0;
        if (templatesDue(index)) {
            b.putShort((short) 0).putShort((short) (4 + 4 + V9_FIELDS.length * 4));
            b.putShort((short) V9_TEMPLATE_ID).putShort((short) V9_FIELDS.length);
            for (int[] f : V9_FIELDS) {
                b.putShort((short) f[0]).putShort((short) f[1]);
            }
            count++;
            if (config.samplingRate() > 1) {
                // options template: scope System (1, 4 bytes); SAMPLING_INTERVAL (34, 4), SAMPLING_ALGORITHM (35, 1)
                b.putShort((short) 1).putShort((short) 24).putShort((short) OPTIONS_TEMPLATE_ID).putShort((short) 4)
                        .putShort((short) 8).putShort((short) 1).putShort((short) 4).putShort((short) 34)
                        .putShort((short) 4).putShort((short) 35).putShort((short) 1).putShort((short) 0);
                // options data: 4 + 9 bytes, padded to 16
                b.putShort((short) OPTIONS_TEMPLATE_ID).putShort((short) 16).putInt(0).putInt(config.samplingRate())
                        .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0);
                count += 2;
            }
        }
        int setStart = b.position();
        b.putShort((short) V9_TEMPLATE_ID).putShort((short) 0);
        for (int i = 0; i < n; i++) {
            flow.next();
            long last = uptime - flow.startOffsetMs;
            long first = last - flow.durationMs;
            b.putInt(flow.src).putInt(flow.dst).putShort((short) flow.sport).putShort((short) flow.dport)
                    .put((byte) flow.proto).putInt((int) flow.octets).putInt((int) flow.pkts).putInt((int) first)
                    .putInt((int) last).put((byte) flow.flags).putShort((short) flow.in).putShort((short) flow.out);
            bytes += flow.octets;
            packets += flow.pkts;
        }
        pad(b);
        b.putShort(setStart + 2, (short) (b.position() - setStart));
        b.putShort(countPos, (short) (count + n));
    }

    private void buildIpfix(ByteBuffer b, long index, int n) {
        int start = b.position();
        long exportSeconds = exportSeconds(index);
        b.putShort((short) 10).putShort((short) 0).putInt((int) exportSeconds).putInt((int) sequence)
                .putInt((int) config.domain());
        if (templatesDue(index)) {
            b.putShort((short) 2).putShort((short) (4 + 4 + IPFIX_FIELDS.length * 4));
            b.putShort((short) V9_TEMPLATE_ID).putShort((short) IPFIX_FIELDS.length);
            for (int[] f : IPFIX_FIELDS) {
                b.putShort((short) f[0]).putShort((short) f[1]);
            }
            if (config.samplingRate() > 1) {
                // options template: scope observationDomainId (149, 4); samplingInterval (34, 4)
                b.putShort((short) 3).putShort((short) 18).putShort((short) OPTIONS_TEMPLATE_ID).putShort((short) 2)
                        .putShort((short) 1).putShort((short) 149).putShort((short) 4).putShort((short) 34)
                        .putShort((short) 4);
                b.putShort((short) OPTIONS_TEMPLATE_ID).putShort((short) 12).putInt((int) config.domain())
                        .putInt(config.samplingRate());
            }
        }
        int setStart = b.position();
        b.putShort((short) V9_TEMPLATE_ID).putShort((short) 0);
        long exportMillis = exportSeconds * 1000;
        for (int i = 0; i < n; i++) {
            flow.next();
            long last = exportMillis - flow.startOffsetMs;
            long first = last - flow.durationMs;
            b.putInt(flow.src).putInt(flow.dst).putShort((short) flow.sport).putShort((short) flow.dport)
                    .put((byte) flow.proto).putInt((int) flow.octets).putInt((int) flow.pkts).putLong(first)
                    .putLong(last).put((byte) flow.flags).putShort((short) flow.in).putShort((short) flow.out);
            bytes += flow.octets;
            packets += flow.pkts;
        }
        b.putShort(setStart + 2, (short) (b.position() - setStart));
        b.putShort(start + 2, (short) (b.position() - start));
        sequence += n;
    }

    /** sFlow v5: n flow samples, each one raw Ethernet/IPv4/TCP-or-UDP header record. */
    private void buildSflow(ByteBuffer b, long index, int n) {
        b.putInt(5).putInt(1).putInt(0x7F000001).putInt((int) config.domain()).putInt((int) index)
                .putInt((int) (3_600_000L + index)).putInt(n);
        int rate = Math.max(1, config.samplingRate());
        for (int i = 0; i < n; i++) {
            flow.next();
            int frame = 64 + random.nextInt(1451);
            boolean tcp = flow.proto == 6;
            int headerLength = 14 + 20 + (tcp ? 20 : 8);
            int headerPadded = (headerLength + 3) & ~3;
            int recordLength = 16 + headerPadded;
            int sampleLength = 32 + 8 + recordLength;
            b.putInt(1).putInt(sampleLength);
            sequence++;
            b.putInt((int) sequence).putInt(flow.in).putInt(rate).putInt((int) (sequence * rate)).putInt(0)
                    .putInt(flow.in).putInt(flow.out).putInt(1);
            b.putInt(1).putInt(recordLength).putInt(1).putInt(frame).putInt(4).putInt(headerLength);
            int h = b.position();
            // Ethernet
            b.putShort((short) 0x0200).putInt(0x00000001).putShort((short) 0x0200).putInt(0x00000002)
                    .putShort((short) 0x0800);
            // IPv4
            b.put((byte) 0x45).put((byte) 0).putShort((short) (frame - 18)).putShort((short) 0).putShort((short) 0)
                    .put((byte) 64).put((byte) flow.proto).putShort((short) 0).putInt(flow.src).putInt(flow.dst);
            if (tcp) {
                b.putShort((short) flow.sport).putShort((short) flow.dport).putInt(0).putInt(0)
                        .put((byte) 0x50).put((byte) flow.flags).putShort((short) 0xFFFF).putInt(0);
            } else {
                b.putShort((short) flow.sport).putShort((short) flow.dport).putShort((short) (frame - 38))
                        .putShort((short) 0);
            }
            while (b.position() - h < headerPadded) {
                b.put((byte) 0);
            }
            bytes += frame;
            packets += 1;
        }
    }

    private static void pad(ByteBuffer b) {
        while ((b.position() & 3) != 0) {
            b.put((byte) 0);
        }
    }

    /** {@code flowgen} command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String protocol = "v9";
        String target = null;
        double fps = 0;
        double dps = 0;
        double duration = 10;
        long records = 0;
        long seed = 1;
        int perDatagram = -1;
        int sampling = 1;
        int templateEvery = 100;
        long domain = 1;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--protocol" -> protocol = v;
                    case "--target" -> target = v;
                    case "--flows-per-second" -> fps = Double.parseDouble(v);
                    case "--datagrams-per-second" -> dps = Double.parseDouble(v);
                    case "--duration" -> duration = Double.parseDouble(v);
                    case "--records" -> records = Long.parseLong(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--records-per-datagram" -> perDatagram = Integer.parseInt(v);
                    case "--sampling-rate" -> sampling = Integer.parseInt(v);
                    case "--template-every" -> templateEvery = Integer.parseInt(v);
                    case "--domain" -> domain = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (!java.util.List.of("v5", "v9", "ipfix", "sflow").contains(protocol)) {
                throw new IllegalArgumentException("--protocol must be v5, v9, ipfix or sflow");
            }
            if (target == null) {
                throw new IllegalArgumentException("--target host:port is required");
            }
            int max = "v5".equals(protocol) ? 30 : "sflow".equals(protocol) ? 40 : 1400;
            if (perDatagram < 0) {
                perDatagram = defaultRecordsPerDatagram(protocol);
            }
            if (perDatagram < 1 || perDatagram > max) {
                throw new IllegalArgumentException("--records-per-datagram must be from 1 to " + max + " for "
                        + protocol);
            }
            if (sampling < 1 || ("v5".equals(protocol) && sampling > 0x3FFF)) {
                throw new IllegalArgumentException("--sampling-rate must be at least 1 (at most 16383 for v5)");
            }
            if (fps < 0 || dps < 0 || duration < 0 || records < 0) {
                throw new IllegalArgumentException("rates, --duration and --records must not be negative");
            }
            int colon = target.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--target must be host:port");
            }
            String host = target.substring(0, colon).replace("[", "").replace("]", "");
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host),
                    Integer.parseInt(target.substring(colon + 1)));
            Result result = send(new Config(protocol, address, fps, dps, duration, records, seed, perDatagram,
                    sampling, templateEvery, domain));
            out.println(result.toJson());
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("flowgen: " + e.getMessage());
            usage(err);
            return 2;
        }
    }

    static void usage(PrintStream err) {
        err.println("usage: java -jar flowcodec-tools.jar flowgen --target HOST:PORT [--protocol v5|v9|ipfix|sflow]"
                + " [--flows-per-second N | --datagrams-per-second N] [--duration SECONDS | --records N]"
                + " [--seed N] [--records-per-datagram N] [--sampling-rate N] [--template-every DATAGRAMS]"
                + " [--domain ID]");
    }
}

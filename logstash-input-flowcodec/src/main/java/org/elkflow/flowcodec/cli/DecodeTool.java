package org.elkflow.flowcodec.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.DecodeListener;
import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.netflow.TemplateLimits;
import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.MappingOptions;

/**
 * Offline decoder: {@code java -jar flowcodec-tools.jar decode [options] FILE…}. Files are raw datagrams or
 * pcap/pcapng captures, decoded in order by one decoder (templates carry over). Prints one JSON object per
 * event, exactly the fields the Logstash input emits, and a summary with drop counts on stderr.
 */
public final class DecodeTool {

    private DecodeTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && "flowgen".equals(args[0])) {
            return FlowGen.run(args, out, err);
        }
        if (args.length == 0 || !"decode".equals(args[0])) {
            usage(err);
            return 2;
        }
        boolean upscale = false;
        boolean verbose = false;
        Path elements = null;
        InetAddress rawExporter = null;
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            try {
                if ("--upscale-sampling".equals(a)) {
                    upscale = true;
                } else if ("--verbose".equals(a) || "-v".equals(a)) {
                    verbose = true;
                } else if ("--elements".equals(a) && i + 1 < args.length) {
                    elements = Paths.get(args[++i]);
                } else if ("--exporter".equals(a) && i + 1 < args.length) {
                    rawExporter = InetAddress.getByName(args[++i]);
                } else if (a.startsWith("-")) {
                    err.println("unknown option " + a);
                    usage(err);
                    return 2;
                } else {
                    files.add(Paths.get(a));
                }
            } catch (IOException e) {
                err.println("bad value for " + a + ": " + e.getMessage());
                return 2;
            }
        }
        if (files.isEmpty()) {
            usage(err);
            return 2;
        }
        DecodeCounters counters = new DecodeCounters();
        boolean logDrops = verbose;
        DecodeListener listener = new DecodeListener() {
            @Override
            public void onDecoded(int records) {
                counters.onDecoded(records);
            }

            @Override
            public void onDropped(DropReason reason, String detail) {
                counters.onDropped(reason, detail);
                if (logDrops) {
                    err.println("drop " + reason.metricName() + ": " + detail);
                }
            }
        };
        ElementRegistry registry = ElementRegistry.standard();
        try {
            if (elements != null) {
                registry = registry.withFile(elements);
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot load elements file " + elements + ": " + e.getMessage());
            return 2;
        }
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(listener,
                MappingOptions.defaults().withUpscaleSampling(upscale), registry, TemplateLimits.defaults(),
                System::currentTimeMillis);
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        int datagrams = 0;
        int events = 0;
        CaptureReader reader = new CaptureReader();
        try {
            for (Path file : files) {
                List<CaptureReader.Datagram> list;
                try {
                    list = reader.read(file);
                } catch (IOException e) {
                    err.println(file + ": " + e.getMessage());
                    return 1;
                }
                for (CaptureReader.Datagram d : list) {
                    datagrams++;
                    InetAddress exporter = d.source() != null ? d.source() : rawExporter;
                    int[] n = {0};
                    decoder.decode(ByteBuffer.wrap(d.payload()), exporter, event -> {
                        try {
                            writer.write(JsonWriter.write(event));
                            writer.write('\n');
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        n[0]++;
                    });
                    events += n[0];
                }
            }
            decoder.expirePending();
            writer.flush();
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("cannot write output: " + e.getMessage());
            return 1;
        }
        err.println("flowcodec decode: " + files.size() + " file(s), " + datagrams + " datagram(s), " + events
                + " event(s); " + counters + (reader.skippedPackets > 0 ? "; non-UDP/unreadable packets skipped: "
                + reader.skippedPackets : "") + (reader.fragments > 0 ? "; IP fragments skipped (not reassembled): "
                + reader.fragments : ""));
        return 0;
    }

    private static void usage(PrintStream err) {
        err.println("usage: java -jar flowcodec-tools.jar decode [--upscale-sampling] [--elements FILE.tsv]"
                + " [--exporter ADDRESS] [--verbose] FILE...");
        err.println("  FILE: raw NetFlow/IPFIX/sFlow datagram (.dat/.bin) or pcap/pcapng capture (UDP, any port).");
        err.println("  Files are decoded in order by one decoder, so templates carry over from file to file.");
        err.println("  Prints one JSON event per line on stdout, a summary with drop counts on stderr.");
        err.println("  --exporter: exporter address for raw datagram files (pcaps use the IP source).");
    }
}

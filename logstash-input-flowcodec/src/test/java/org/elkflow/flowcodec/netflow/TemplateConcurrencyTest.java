package org.elkflow.flowcodec.netflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.elkflow.flowcodec.DecodeCounters;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.flowcodec.testing.CaptureManifest;
import org.elkflow.flowcodec.testing.SharedData;
import org.junit.jupiter.api.Test;

/** One facade shared by several threads: v9 templates learnt and used concurrently, no record lost or mixed. */
class TemplateConcurrencyTest {

    @Test
    void concurrentDecodingOfTemplatedCapturesGivesTheSameCounts() throws Exception {
        CaptureManifest.Row row = CaptureManifest.rows().stream()
                .filter(r -> r.path().equals("pcap/graylog-plugin-netflow/nprobe-netflow9-3.pcap")).findFirst()
                .orElseThrow();
        List<CaptureManifest.Payload> payloads = CaptureManifest.payloads(row);
        List<byte[]> bytes = new ArrayList<>();
        for (CaptureManifest.Payload p : payloads) {
            bytes.add(SharedData.capture(p.file()));
        }
        DecodeCounters counters = new DecodeCounters();
        FlowDatagramDecoder decoder = new FlowDatagramDecoder(counters);
        // Learn the templates once, in order; then 4 threads replay the capture as 4 distinct exporters.
        for (int i = 0; i < bytes.size(); i++) {
            decoder.decode(ByteBuffer.wrap(bytes.get(i)), payloads.get(i).exporter(), e -> { });
        }
        long single = counters.recordsDecoded();
        assertEquals(898, single);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong events = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < bytes.size(); i++) {
                        decoder.decode(ByteBuffer.wrap(bytes.get(i)), payloads.get(i).exporter(),
                                e -> events.incrementAndGet());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(4 * 20 * single, events.get());
        assertEquals(0, counters.droppedTotal(), counters.toString());
    }
}

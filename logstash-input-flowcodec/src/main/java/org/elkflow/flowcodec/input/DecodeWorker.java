package org.elkflow.flowcodec.input;

import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.Downsampler;
import org.elkflow.flowcodec.FlowDatagramDecoder;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One worker of the receive path: a decode thread fed by a bounded datagram queue, and an emit thread that hands
 * the decoded events to the pipeline's writer.
 *
 * <p>Why two threads: one exporter's datagrams must be decoded in order by one thread (a data set needs the
 * templates of the datagrams before it), so a single busy exporter is bound by what one thread does per flow.
 * Decoding is the smaller part of that; the larger is Logstash's side of {@code writer.accept} (copying the map
 * into an event and queueing it, which wakes a pipeline worker). Running the two on separate threads, joined by a
 * short queue of decoded datagrams, lets one exporter use two cores while keeping every event in arrival order.
 * The short queue also carries back-pressure: a blocked writer stops the emit thread, the decoded queue fills, the
 * decode thread waits, and the datagram queue fills, where the readers count {@code dropped_queue_full}.
 */
final class DecodeWorker {

    /** Decoded datagrams waiting for the emit thread: enough to keep both threads busy, few for prompt back-pressure. */
    static final int DECODED_QUEUE_DATAGRAMS = 4;
    private static final long POLL_MILLIS = 100;

    /** One datagram copied off a socket. */
    record Datagram(byte[] bytes, InetAddress exporter, ExporterStats.Entry stats) {
    }

    /** The events of one decoded datagram. */
    private record Decoded(List<Map<String, Object>> events, ExporterStats.Entry stats) {
    }

    private final ArrayBlockingQueue<Datagram> queue;
    private final ArrayBlockingQueue<Decoded> decoded = new ArrayBlockingQueue<>(DECODED_QUEUE_DATAGRAMS);
    private final int capacity;
    private final FlowDatagramDecoder decoder;
    private final DecodeMetrics metrics;
    private final Downsampler downsampler;
    private final Consumer<Map<String, Object>> writer;
    private final Logger logger;
    private final String id;
    private final BooleanSupplier stopping;
    private final Thread decodeThread;
    private final Thread emitThread;
    private volatile boolean draining;
    private volatile long drainDeadline;
    /** Set by the decode thread as it ends: the emit thread then ends once the decoded queue is empty. */
    private volatile boolean decodeEnded;
    /** Set when the pipeline refused an event because it is shutting down: nothing more can be emitted. */
    private volatile boolean writerClosed;

    DecodeWorker(String threadPrefix, int capacity, FlowDatagramDecoder decoder, DecodeMetrics metrics,
                 Downsampler downsampler, Consumer<Map<String, Object>> writer, Logger logger, String id,
                 BooleanSupplier stopping) {
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.decoder = decoder;
        this.metrics = metrics;
        this.downsampler = downsampler;
        this.writer = writer;
        this.logger = logger;
        this.id = id;
        this.stopping = stopping;
        this.decodeThread = new Thread(this::decodeLoop, threadPrefix);
        this.decodeThread.setDaemon(true);
        this.emitThread = new Thread(this::emitLoop, threadPrefix + "-emit");
        this.emitThread.setDaemon(true);
    }

    void start() {
        emitThread.start();
        decodeThread.start();
    }

    /** From a reader: queues the datagram, or counts it as {@code dropped_queue_full}; never waits. */
    void offer(Datagram d) {
        if (!queue.offer(d)) {
            d.stats().queueFull.increment();
            metrics.onQueueFull(capacity);
        }
    }

    /** Datagrams waiting to be decoded. */
    int queued() {
        return queue.size();
    }

    /** After the readers ended: decode and emit what is queued, but not past {@code deadlineNanos}. */
    void drainUntil(long deadlineNanos) {
        drainDeadline = deadlineNanos;
        draining = true;
    }

    /** Waits for both threads, but not past {@code deadlineNanos}. */
    void joinUntil(long deadlineNanos) throws InterruptedException {
        for (Thread t : List.of(decodeThread, emitThread)) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
    }

    /**
     * Past the drain deadline: interrupts a thread still running (an emit thread blocked in the pipeline's writer
     * throws and ends), waits up to {@code joinMillis} for each, and counts what is left as
     * {@code dropped_shutdown} (datagrams) and {@code events_dropped_shutdown} (decoded events).
     */
    void abandon(long joinMillis) throws InterruptedException {
        for (Thread t : List.of(decodeThread, emitThread)) {
            if (t.isAlive()) {
                t.interrupt();
                t.join(joinMillis);
            }
        }
        for (Datagram d; (d = queue.poll()) != null; ) {
            metrics.onShutdownDrop(d.stats());
        }
        for (Decoded b; (b = decoded.poll()) != null; ) {
            metrics.onEventsShutdownDrop(b.stats(), b.events().size());
        }
    }

    /** Names of the threads still alive. */
    List<String> aliveThreads() {
        List<String> alive = new ArrayList<>();
        for (Thread t : List.of(decodeThread, emitThread)) {
            if (t.isAlive()) {
                alive.add(t.getName());
            }
        }
        return alive;
    }

    private boolean pastDeadline() {
        return draining && System.nanoTime() - drainDeadline > 0;
    }

    private void decodeLoop() {
        try {
            while (!writerClosed) {
                Datagram d;
                if (draining) {
                    d = pastDeadline() ? null : queue.poll();
                    if (d == null) {
                        return;
                    }
                } else {
                    d = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (d == null) {
                        continue;
                    }
                }
                Decoded batch = decode(d);
                if (batch != null && !handOver(batch)) {
                    metrics.onEventsShutdownDrop(batch.stats(), batch.events().size());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            logger.error("flowcodec {}: decode worker failed", id, t);
        } finally {
            metrics.decoding(null);
            decodeEnded = true;
        }
    }

    /** The datagram's events (null when there are none); a decoder failure costs this datagram only. */
    private Decoded decode(Datagram d) {
        metrics.decoding(d.stats());
        List<Map<String, Object>> events = new ArrayList<>();
        try {
            decoder.decode(ByteBuffer.wrap(d.bytes()), d.exporter(), downsampler.filter(events::add,
                    metrics::onDownsampled));
        } catch (RuntimeException e) {
            metrics.onDecoderFailure(e);
            return null;
        }
        return events.isEmpty() ? null : new Decoded(events, d.stats());
    }

    /**
     * Waits for room in the decoded queue; false when the writer closed, the drain deadline passed or the thread
     * was interrupted (at shutdown) first.
     */
    private boolean handOver(Decoded batch) {
        try {
            while (!decoded.offer(batch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (writerClosed || pastDeadline()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void emitLoop() {
        try {
            while (true) {
                Decoded batch = decoded.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    if (decodeEnded && decoded.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (pastDeadline()) {
                    metrics.onEventsShutdownDrop(batch.stats(), batch.events().size());
                    return;
                }
                if (!emit(batch)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            logger.error("flowcodec {}: emit thread failed", id, t);
        }
    }

    /**
     * Hands every event to the pipeline. False when the pipeline refused one because it is shutting down (that
     * event and the rest are counted as {@code events_dropped_shutdown}); an event refused otherwise is counted as
     * {@code events_refused} and the next one is tried.
     */
    private boolean emit(Decoded batch) {
        List<Map<String, Object>> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            try {
                writer.accept(events.get(i));
            } catch (IllegalStateException e) {
                // Logstash's writer throws this when the pipeline interrupts a blocked push during shutdown.
                if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    writerClosed = true;
                    metrics.onEventsShutdownDrop(batch.stats(), events.size() - i);
                    return false;
                }
                metrics.onEventRefused(batch.stats(), e);
                continue;
            } catch (RuntimeException e) {
                metrics.onEventRefused(batch.stats(), e);
                continue;
            }
            metrics.onEvent(batch.stats());
        }
        return true;
    }
}

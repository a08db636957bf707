package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.FlowDatagramDecoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Logstash input {@code flowcodec}: listens on a UDP port and turns every flow datagram into ECS flow events.
 * The decoding is done by the framework-free core ({@link FlowDatagramDecoder}); this class only owns the socket,
 * the thread contract Logstash imposes on Java inputs, and the metrics.
 */
@LogstashPlugin(name = "flowcodec")
public final class FlowCodec implements Input {

    /** Largest UDP payload over IPv4/IPv6 without jumbograms. */
    private static final int MAX_DATAGRAM = 65_535;
    private static final long BIND_RETRY_MAX_MILLIS = 30_000;
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    private final String id;
    private final FlowCodecSettings settings;
    private final Logger logger;
    private final DecodeMetrics metrics;
    private final FlowDatagramDecoder decoder;

    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch bound = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile DatagramChannel channel;

    /** The constructor Logstash looks up by reflection. */
    public FlowCodec(String id, Configuration config, Context context) {
        this.id = id;
        this.settings = FlowCodecSettings.from(config);
        this.logger = context.getLogger(this);
        this.metrics = new DecodeMetrics(context.getMetric(this), logger, WARN_INTERVAL_MILLIS);
        this.decoder = new FlowDatagramDecoder(metrics, settings.mappingOptions(), settings.registry(),
                settings.limits(), System::currentTimeMillis);
    }

    @Override
    public Collection<PluginConfigSpec<?>> configSchema() {
        return PluginHelper.commonInputSettings(FlowCodecSettings.OWN_SETTINGS);
    }

    @Override
    public String getId() {
        return id;
    }

    /**
     * Runs until {@link #stop()}. Logstash does not restart a Java input whose start() throws, so every failure
     * short of stop is caught here: binding is retried with back-off, a failed receive or decode costs one
     * datagram.
     */
    @Override
    public void start(Consumer<Map<String, Object>> writer) {
        try {
            DatagramChannel ch = bindWithRetry();
            if (ch != null) {
                try (ch) {
                    receiveLoop(ch, writer);
                }
            }
        } catch (IOException e) {
            logger.error("flowcodec {}: closing the UDP socket failed", id, e);
        } finally {
            channel = null;
            done.countDown();
        }
    }

    private DatagramChannel bindWithRetry() {
        long backoff = 1_000;
        while (!stopping) {
            DatagramChannel ch = null;
            try {
                ch = DatagramChannel.open();
                ch.bind(settings.listenAddress());
                channel = ch;
                if (stopping) {
                    ch.close();
                    return null;
                }
                logger.info("flowcodec {} listening on udp {}", id, ch.getLocalAddress());
                bound.countDown();
                return ch;
            } catch (IOException e) {
                closeQuietly(ch);
                logger.error("flowcodec {}: cannot listen on udp {} ({}); retrying in {} ms", id,
                        settings.listenAddress(), e.toString(), backoff);
                if (sleepUnlessStopped(backoff)) {
                    return null;
                }
                backoff = Math.min(backoff * 2, BIND_RETRY_MAX_MILLIS);
            }
        }
        return null;
    }

    private void receiveLoop(DatagramChannel ch, Consumer<Map<String, Object>> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!stopping) {
            SocketAddress from;
            buffer.clear();
            try {
                from = ch.receive(buffer);
            } catch (ClosedChannelException e) {
                if (!stopping) {
                    logger.error("flowcodec {}: UDP socket closed unexpectedly", id, e);
                }
                return;
            } catch (IOException e) {
                logger.warn("flowcodec {}: receive failed: {}", id, e.toString());
                continue;
            }
            buffer.flip();
            metrics.onReceived();
            try {
                decoder.decode(buffer, ((InetSocketAddress) from).getAddress(), writer);
            } catch (IllegalStateException e) {
                // Logstash's writer throws this when the pipeline interrupts a blocked push during shutdown.
                if (stopping) {
                    return;
                }
                metrics.onDecoderFailure(e);
            } catch (RuntimeException e) {
                metrics.onDecoderFailure(e);
            }
        }
    }

    /** Asks start() to return: closing the channel wakes the blocked receive. Does not block. */
    @Override
    public void stop() {
        stopping = true;
        closeQuietly(channel);
    }

    @Override
    public void awaitStop() throws InterruptedException {
        done.await();
    }

    /** The address actually bound, once listening (port 0 binds any free port); null when not yet bound. */
    InetSocketAddress awaitListening(long timeoutMillis) throws InterruptedException {
        if (!bound.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        DatagramChannel ch = channel;
        try {
            return ch == null ? null : (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Sleeps in short steps so that stop() during a bind back-off is honoured promptly; true when stopped. */
    private boolean sleepUnlessStopped(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopping && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return stopping;
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that fails to close
        }
    }
}

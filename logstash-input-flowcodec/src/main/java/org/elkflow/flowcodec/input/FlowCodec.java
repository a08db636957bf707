package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.NamespacedMetric;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import org.apache.logging.log4j.Logger;
import org.elkflow.flowcodec.FlowDatagramDecoder;
import org.elkflow.logstash.support.RateLimitedWarning;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Logstash input {@code flowcodec}: listens on one or more UDP addresses and turns every flow datagram into ECS flow
 * events. The decoding is done by the framework-free core ({@link FlowDatagramDecoder}); this class owns the
 * receive path, the thread contract Logstash imposes on Java inputs, and the metrics.
 *
 * <p>Threads: one reader per socket only receives, checks the allow-list and copies the datagram into the bounded
 * queue of the worker its exporter hashes to (a full queue is counted as {@code dropped_queue_full}, never
 * waited on, so the socket keeps being drained); {@code workers} {@link DecodeWorker}s, each a decode thread (all
 * share one template cache) feeding an emit thread that calls the pipeline's writer (which blocks under
 * back-pressure). One exporter's datagrams always go to the same worker, so they are decoded, and their events
 * emitted, in arrival order. Logstash's input thread (the one running {@link #start}) binds, starts
 * and supervises the others, publishes the per-exporter metrics every second (the only thread that creates or
 * moves their handles, see {@link ExporterMetrics}), logs the periodic stats and, after {@link #stop}, drains and
 * joins them.
 */
@LogstashPlugin(name = "flowcodec")
public final class FlowCodec implements Input {

    /** Largest UDP payload over IPv4/IPv6 without jumbograms. */
    private static final int MAX_DATAGRAM = 65_535;
    private static final long BIND_RETRY_MAX_MILLIS = 30_000;
    private static final long WARN_INTERVAL_MILLIS = 10_000;
    private static final long JOIN_MILLIS = 10_000;
    private static final int STATS_TOP_EXPORTERS = 10;

    private final String id;
    private final FlowCodecSettings settings;
    private final FlowCodecSettings.Receive receive;
    private final Logger logger;
    private final DecodeMetrics metrics;
    private final ExporterStats exporterStats;
    /** Touched only by the thread running start(): see ExporterMetrics. */
    private final ExporterMetrics exporterMetrics;
    private final RateLimitedWarning exporterMetricsWarning;
    private final FlowDatagramDecoder decoder;
    private final OsReceiveDrops osDrops = new OsReceiveDrops();
    private final org.elkflow.flowcodec.Downsampler downsampler;

    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch bound = new CountDownLatch(1);
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopping;
    private final List<DatagramChannel> channels = new CopyOnWriteArrayList<>();
    private volatile List<InetSocketAddress> boundAddresses = List.of();
    private final List<DecodeWorker> activeWorkers = new CopyOnWriteArrayList<>();
    private long lastOsDrops = -1;
    private final TemplateCacheFile templateCache;

    /** The constructor Logstash looks up by reflection. */
    public FlowCodec(String id, Configuration config, Context context) {
        this.id = id;
        this.settings = FlowCodecSettings.from(config);
        this.receive = settings.receive();
        this.logger = context.getLogger(this);
        NamespacedMetric metric = context.getMetric(this);
        this.metrics = new DecodeMetrics(metric, logger, WARN_INTERVAL_MILLIS);
        this.exporterStats = new ExporterStats(receive.maxExporterStats());
        this.exporterMetrics = new ExporterMetrics(metric, exporterStats);
        this.exporterMetricsWarning = new RateLimitedWarning(logger, WARN_INTERVAL_MILLIS);
        this.decoder = new FlowDatagramDecoder(metrics, settings.mappingOptions(), settings.registry(),
                settings.limits(), System::currentTimeMillis);
        this.downsampler = new org.elkflow.flowcodec.Downsampler(settings.downsample());
        this.templateCache = settings.templateCachePath() == null ? null
                : new TemplateCacheFile(settings.templateCachePath(), logger, id);
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
     * Runs until {@link #stop()}. Logstash does not restart a Java input whose start() throws (and halts the
     * process on an Error), so nothing escapes: binding is retried with back-off, a failed receive or decode costs
     * one datagram, and any other failure is logged before start() returns.
     */
    @Override
    public void start(Consumer<Map<String, Object>> writer) {
        List<Thread> readers = new ArrayList<>();
        List<DecodeWorker> workers = new ArrayList<>();
        try {
            if (templateCache != null) {
                templateCache.load(decoder);
            }
            if (!bindWithRetry()) {
                return;
            }
            for (int i = 0; i < receive.workers(); i++) {
                DecodeWorker worker = new DecodeWorker(threadName("worker-" + i),
                        Math.max(1, receive.queueSize() / receive.workers()), decoder, metrics, downsampler, writer,
                        logger, id, () -> stopping);
                workers.add(worker);
                activeWorkers.add(worker);
                worker.start();
            }
            for (DatagramChannel ch : channels) {
                Thread reader = new Thread(() -> readLoop(ch, workers), threadName("reader-" + readers.size()));
                reader.setDaemon(true);
                readers.add(reader);
                reader.start();
            }
            bound.countDown();
            superviseUntilStopped();
        } catch (Throwable t) {
            logger.error("flowcodec {}: input failed; it stops receiving", id, t);
        } finally {
            stopping = true;
            closeChannels();
            try {
                shutDown(readers, workers);
            } catch (Throwable t) {
                logger.error("flowcodec {}: shutdown failed", id, t);
            } finally {
                done.countDown();
            }
        }
    }

    private String threadName(String role) {
        return "flowcodec-" + id + "-" + role;
    }

    /** Binds every listen address (and reuseport sockets); true when bound, false when stopped first. */
    private boolean bindWithRetry() {
        long backoff = 1_000;
        while (!stopping) {
            try {
                bindAll();
                if (stopping) {
                    closeChannels();
                    return false;
                }
                return true;
            } catch (IOException | RuntimeException e) {
                closeChannels();
                channels.clear();
                logger.error("flowcodec {}: cannot listen on udp {} ({}); retrying in {} ms", id,
                        settings.listenAddresses(), e.toString(), backoff);
                if (sleepUnlessStopped(backoff)) {
                    return false;
                }
                backoff = Math.min(backoff * 2, BIND_RETRY_MAX_MILLIS);
            }
        }
        return false;
    }

    private void bindAll() throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetSocketAddress wanted : settings.listenAddresses()) {
            int sockets = receive.reuseportSockets();
            InetSocketAddress target = wanted;
            for (int i = 0; i < sockets; i++) {
                DatagramChannel ch = DatagramChannel.open(wanted.getAddress() instanceof java.net.Inet6Address
                        ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
                channels.add(ch);
                if (sockets > 1) {
                    if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        logger.warn("flowcodec {}: SO_REUSEPORT is not supported here; using one socket for {}",
                                id, wanted);
                        sockets = 1;
                    } else {
                        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                }
                applyReceiveBuffer(ch);
                ch.bind(target);
                InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
                // port 0: the further reuseport sockets join the port the first one got.
                target = local;
                if (i == 0) {
                    addresses.add(local);
                }
            }
            logger.info("flowcodec {} listening on udp {} ({} socket{}, receive buffer {} bytes, {} workers)", id,
                    target, sockets, sockets == 1 ? "" : "s", channels.get(channels.size() - 1)
                            .getOption(StandardSocketOptions.SO_RCVBUF), receive.workers());
        }
        boundAddresses = List.copyOf(addresses);
    }

    private void applyReceiveBuffer(DatagramChannel ch) throws IOException {
        int wanted = receive.receiveBufferBytes();
        if (wanted <= 0) {
            return;
        }
        ch.setOption(StandardSocketOptions.SO_RCVBUF, wanted);
        int effective = ch.getOption(StandardSocketOptions.SO_RCVBUF);
        // Linux reports twice the size set (the kernel's bookkeeping share), capped at 2 × net.core.rmem_max.
        if (effective < wanted) {
            logger.warn("flowcodec {}: receive_buffer_bytes {} was capped by the OS to {} bytes; bursts beyond it are "
                    + "dropped by the kernel (counted in os_receive_buffer_drops). On Linux raise the cap with "
                    + "'sysctl -w net.core.rmem_max={}' (persist it in /etc/sysctl.d/)", id, wanted, effective, wanted);
        }
    }

    /** Reader thread: receive, copy, route. Exits when its channel is closed. */
    private void readLoop(DatagramChannel ch, List<DecodeWorker> workers) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        ExporterAllowList allowList = settings.allowList();
        int count = workers.size();
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
            } catch (IOException | RuntimeException e) {
                logger.warn("flowcodec {}: receive failed: {}", id, e.toString());
                continue;
            }
            if (from == null) {
                continue;
            }
            buffer.flip();
            metrics.onReceived();
            InetAddress exporter = ((InetSocketAddress) from).getAddress();
            ExporterStats.Entry stats = exporterStats.of(exporter);
            stats.received.increment();
            if (!allowList.allows(exporter)) {
                stats.notAllowed.increment();
                metrics.onNotAllowed(exporter);
                continue;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            workers.get(count == 1 ? 0 : Math.floorMod(spread(exporter.hashCode()), count))
                    .offer(new DecodeWorker.Datagram(bytes, exporter, stats));
        }
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    /** Logstash's input thread between start-up and stop: per-exporter metrics, periodic stats, OS drop counts. */
    private void superviseUntilStopped() throws InterruptedException {
        long interval = receive.statsIntervalMillis();
        long step = interval > 0 ? Math.min(interval, 1_000) : 1_000;
        long nextOsPoll = System.nanoTime();
        long nextStats = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
        while (!stopSignal.await(step, TimeUnit.MILLISECONDS)) {
            publishExporterMetrics();
            if (templateCache != null) {
                templateCache.saveIfChanged(decoder);
            }
            if (System.nanoTime() - nextOsPoll >= 0) {
                pollOsDrops();
                nextOsPoll = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
            if (interval > 0 && System.nanoTime() - nextStats >= 0) {
                logStats();
                nextStats = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
            }
        }
    }

    /** Adds the growth of the kernel's drop count for our ports to os_receive_buffer_drops. */
    private void pollOsDrops() {
        Set<Integer> ports = new TreeSet<>();
        for (InetSocketAddress a : boundAddresses) {
            ports.add(a.getPort());
        }
        long now = osDrops.read(ports);
        if (now < 0) {
            return;
        }
        if (lastOsDrops >= 0 && now > lastOsDrops) {
            metrics.addOsReceiveBufferDrops(now - lastOsDrops);
            logger.warn("flowcodec {}: the kernel dropped {} datagrams on udp ports {} because the socket receive "
                    + "buffer was full (raise receive_buffer_bytes / net.core.rmem_max, or 'workers')", id,
                    now - lastOsDrops, ports);
        }
        lastOsDrops = now;
    }

    /** Never lets a metrics failure end the input: the adders behind them go on counting for the next pass. */
    private void publishExporterMetrics() {
        try {
            exporterMetrics.publish();
        } catch (RuntimeException e) {
            exporterMetricsWarning.warn("exporter_metrics", "flowcodec " + id
                    + ": could not publish per-exporter metrics: " + e);
        }
    }

    private void logStats() {
        StringBuilder line = new StringBuilder();
        metrics.snapshot().forEach((k, v) -> {
            if (v != 0 || k.startsWith("datagrams") || k.startsWith("records")) {
                line.append(line.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        logger.info("flowcodec {} stats: {}; exporters ({} tracked): {}", id, line, exporterStats.tracked(),
                exporterStats.busiest(STATS_TOP_EXPORTERS));
    }

    /** After stop: readers are ended by the closed sockets; workers drain within drain_timeout_seconds. */
    private void shutDown(List<Thread> readers, List<DecodeWorker> workers) throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(JOIN_MILLIS);
        }
        Map<String, Long> before = metrics.snapshot();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(receive.drainTimeoutMillis());
        for (DecodeWorker worker : workers) {
            worker.drainUntil(deadline);
        }
        for (DecodeWorker worker : workers) {
            worker.joinUntil(deadline);
        }
        for (DecodeWorker worker : workers) {
            // a thread still blocked in the pipeline's writer past the deadline: interrupting makes it throw and end.
            worker.abandon(JOIN_MILLIS);
        }
        Map<String, Long> after = metrics.snapshot();
        long leftDatagrams = after.get("dropped_shutdown") - before.get("dropped_shutdown");
        long leftEvents = after.get("events_dropped_shutdown") - before.get("events_dropped_shutdown");
        if (leftDatagrams > 0 || leftEvents > 0) {
            logger.warn("flowcodec {}: {} queued datagrams and {} decoded events not handed to the pipeline within "
                    + "drain_timeout_seconds ({} ms); counted as dropped_shutdown and events_dropped_shutdown", id,
                    leftDatagrams, leftEvents, receive.drainTimeoutMillis());
        }
        for (Thread t : readers) {
            if (t.isAlive()) {
                logger.error("flowcodec {}: reader thread {} did not end", id, t.getName());
            }
        }
        for (DecodeWorker w : workers) {
            for (String name : w.aliveThreads()) {
                logger.error("flowcodec {}: worker thread {} did not end", id, name);
            }
        }
        if (templateCache != null) {
            templateCache.saveIfChanged(decoder);
        }
        publishExporterMetrics();
        if (!workers.isEmpty()) {
            logStats();
        }
    }

    /** Asks start() to return: closing the channels wakes the blocked readers. Does not block. */
    @Override
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        closeChannels();
    }

    /** Returns once start() and every reader and worker thread have ended. */
    @Override
    public void awaitStop() throws InterruptedException {
        done.await();
    }

    /** The first address actually bound, once listening (port 0 binds any free port); null when not yet bound. */
    InetSocketAddress awaitListening(long timeoutMillis) throws InterruptedException {
        if (!bound.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        List<InetSocketAddress> addresses = boundAddresses;
        return addresses.isEmpty() ? null : addresses.get(0);
    }

    /** Datagrams waiting in the workers' queues right now. */
    int queuedDatagrams() {
        int n = 0;
        for (DecodeWorker w : activeWorkers) {
            n += w.queued();
        }
        return n;
    }

    /** Every address bound, in the order of the settings; empty until listening. */
    List<InetSocketAddress> listeningAddresses() {
        return boundAddresses;
    }

    /** Sleeps until the back-off passed or stop() was called; true when stopped. */
    private boolean sleepUnlessStopped(long millis) {
        try {
            return stopSignal.await(millis, TimeUnit.MILLISECONDS) || stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void closeChannels() {
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do with a socket that fails to close
            }
        }
    }
}

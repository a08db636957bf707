package org.elkflow.flowcodec.bench;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.PluginConfigSpec;
import org.elkflow.flowcodec.input.FlowCodec;
import org.elkflow.logstash.testkit.Plugins;
import org.elkflow.logstash.testkit.PipelineDriver;
import org.elkflow.logstash.testkit.TestContext;
import org.elkflow.logstash.testkit.TestMetric;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The flowcodec input under the test kit's pipeline driver, for {@code bench/flowcodec-bench.sh}: listens on the
 * given port and consumes every event in a filter that counts and cancels it (so the driver keeps nothing), and
 * prints one JSON line of cumulative counters every second until killed (with the CPU time used so far by the
 * input's decode and emit threads, its readers, the pipeline workers and the whole process). PIPELINE_WORKERS 0
 * runs the input without the driver, its writer only counting: the input's own cost and limit, for comparison.
 *
 * <pre>java -cp … org.elkflow.flowcodec.bench.InputBenchServer PORT WORKERS [QUEUE_SIZE] [PIPELINE_WORKERS]</pre>
 */
public final class InputBenchServer {

    private InputBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long workers = Long.parseLong(args[1]);
        long queue = args.length > 2 ? Long.parseLong(args[2]) : 16_384;
        int pipelineWorkers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        TestContext context = new TestContext();
        FlowCodec input = Plugins.create(FlowCodec.class, Map.of("host", "127.0.0.1", "port", (long) port, "workers", workers,
                "queue_size", queue, "stats_interval_seconds", 0L), context);
        LongAdder consumed = new LongAdder();
        LongAdder batches = new LongAdder();
        Filter sink = new Filter() {
            @Override
            public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
                batches.increment();
                for (Event e : events) {
                    consumed.increment();
                    e.cancel();
                }
                return events;
            }

            @Override
            public Collection<PluginConfigSpec<?>> configSchema() {
                return List.of();
            }

            @Override
            public String getId() {
                return "bench_sink";
            }
        };
        if (pipelineWorkers > 0) {
            // Logstash's defaults: batch 125, batch delay 50 ms, memory queue of batch size × workers events
            PipelineDriver.builder().input(input).filter(sink).workers(pipelineWorkers).batchSize(125).build()
                    .start();
        } else {
            // The input alone: its writer only counts, so what is measured is the receive path and the decoding
            // without Logstash's per-event share (event copy, queue hand-off, pipeline workers).
            Thread alone = new Thread(() -> input.start(event -> consumed.increment()), "input-alone");
            alone.setDaemon(true);
            alone.start();
        }
        TestMetric metrics = context.metrics(input);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean process =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        while (true) {
            // CPU time so far by role: the input's decode threads, its emit threads (which run the pipeline's
            // consumer, i.e. the event copy and the queue hand-off), its socket readers, the pipeline workers
            // (filter), and the whole process (the rest is garbage collection, JIT and other JVM threads).
            long decodeCpu = 0;
            long emitCpu = 0;
            long readerCpu = 0;
            long pipelineCpu = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                String name = info.getThreadName();
                if (name.startsWith("flowcodec-") && name.contains("-worker-") && name.endsWith("-emit")) {
                    emitCpu += cpu;
                } else if (name.startsWith("flowcodec-") && name.contains("-worker-")) {
                    decodeCpu += cpu;
                } else if (name.startsWith("flowcodec-") && name.contains("-reader-")) {
                    readerCpu += cpu;
                } else if (name.startsWith("[main]>worker")) {
                    pipelineCpu += cpu;
                }
            }
            System.out.printf("{\"datagrams_received\":%d,\"datagrams_decoded\":%d,\"records_decoded\":%d,"
                            + "\"events_consumed\":%d,\"batches_consumed\":%d,\"dropped_queue_full\":%d,\"os_receive_buffer_drops\":%d,"
                            + "\"cpu_ms_decode_workers\":%d,\"cpu_ms_emit_threads\":%d,\"cpu_ms_readers\":%d,\"cpu_ms_pipeline_workers\":%d,"
                            + "\"cpu_ms_process\":%d}%n",
                    metrics.counterValue("datagrams_received"), metrics.counterValue("datagrams_decoded"),
                    metrics.counterValue("records_decoded"), consumed.sum(), batches.sum(),
                    metrics.counterValue("dropped_queue_full"), metrics.counterValue("os_receive_buffer_drops"),
                    decodeCpu / 1_000_000, emitCpu / 1_000_000, readerCpu / 1_000_000, pipelineCpu / 1_000_000,
                    process.getProcessCpuTime() / 1_000_000);
            System.out.flush();
            Thread.sleep(1000);
        }
    }
}

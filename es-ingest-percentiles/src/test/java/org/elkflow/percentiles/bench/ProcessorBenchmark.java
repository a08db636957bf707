package org.elkflow.percentiles.bench;

import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;
import org.elasticsearch.ingest.Processor;
import org.elkflow.percentiles.ingest.HistogramProcessor;
import org.elkflow.percentiles.ingest.LatencyExtractProcessor;
import org.elkflow.percentiles.ingest.PercentilesProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Documents per second through one processor on one thread (= per core): each invocation builds a fresh
 * {@link IngestDocument} around the same source values (as Elasticsearch does per request) and runs the processor.
 * {@code newDocumentOnly} is the cost of that document alone. Run: see the module README.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Thread)
public class ProcessorBenchmark {

    private List<Double> latencies;
    private String message;
    private Processor percentilesExact;
    private Processor percentilesTdigest;
    private Processor histogram;
    private Processor extract;

    @Setup
    public void setUp() throws Exception {
        Random random = new Random(42);
        latencies = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            latencies.add(Math.round(Math.exp(4 + random.nextGaussian()) * 100) / 100.0);
        }
        StringBuilder text = new StringBuilder();
        String[] types = {"payment", "search", "page_load", "image_load", "cold_start"};
        for (int i = 0; i < 10; i++) {
            text.append("type=").append(types[i % types.length]).append(" rt=").append(latencies.get(i))
                    .append("ms os=android device=pixel7; ");
        }
        message = text.toString();
        percentilesExact = new PercentilesProcessor.Factory().create(Map.of(), "b", null,
                config("field", "rt", "percents", List.of(50, 75, 90, 95, 99)));
        percentilesTdigest = new PercentilesProcessor.Factory().create(Map.of(), "b", null,
                config("field", "rt", "percents", List.of(50, 75, 90, 95, 99), "method", "tdigest"));
        histogram = new HistogramProcessor.Factory().create(Map.of(), "b", null, config("field", "rt"));
        extract = new LatencyExtractProcessor.Factory().create(Map.of(), "b", null, config("field", "message"));
    }

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private IngestDocument document() {
        Map<String, Object> source = new HashMap<>();
        source.put("rt", latencies);
        source.put("message", message);
        return new IngestDocument("idx", "1", 1L, null, VersionType.INTERNAL, source);
    }

    @Benchmark
    public IngestDocument newDocumentOnly() {
        return document();
    }

    @Benchmark
    public IngestDocument percentilesExact100() throws Exception {
        return percentilesExact.execute(document());
    }

    @Benchmark
    public IngestDocument percentilesTdigest100() throws Exception {
        return percentilesTdigest.execute(document());
    }

    @Benchmark
    public IngestDocument histogramAndDigest100() throws Exception {
        return histogram.execute(document());
    }

    @Benchmark
    public IngestDocument latencyExtract10Statements() throws Exception {
        return extract.execute(document());
    }
}

package org.elkflow.percentiles.plugin;

import org.elasticsearch.ingest.Processor;
import org.elasticsearch.plugins.IngestPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elkflow.percentiles.ingest.HistogramProcessor;
import org.elkflow.percentiles.ingest.LatencyExtractProcessor;
import org.elkflow.percentiles.ingest.PercentilesProcessor;

import java.util.Map;

/** Registers the elkflow percentile ingest processors with Elasticsearch. */
public class PercentilesPlugin extends Plugin implements IngestPlugin {

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(
                PercentilesProcessor.TYPE, new PercentilesProcessor.Factory(),
                HistogramProcessor.TYPE, new HistogramProcessor.Factory(),
                LatencyExtractProcessor.TYPE, new LatencyExtractProcessor.Factory());
    }
}

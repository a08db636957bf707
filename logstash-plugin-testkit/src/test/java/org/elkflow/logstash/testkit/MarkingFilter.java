package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import org.apache.logging.log4j.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sample filter for the kit's own tests: sets {@code [marked][by]} to its id and reports the event as matched,
 * except that events whose {@code sequence} is a multiple of {@code cancel_every} are cancelled instead.
 * Counts marked events in its metric namespace and remembers batch sizes and whether it was closed.
 */
@LogstashPlugin(name = "marking_filter")
public class MarkingFilter implements Filter {

    static final PluginConfigSpec<Long> CANCEL_EVERY = PluginConfigSpec.numSetting("cancel_every", 0);
    static final PluginConfigSpec<String> REQUIRED_LABEL = PluginConfigSpec.requiredStringSetting("label");

    private final String id;
    private final long cancelEvery;
    private final String label;
    private final CounterMetric marked;
    private final Logger logger;

    final Queue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
    volatile boolean closed;

    public MarkingFilter(String id, Configuration config, Context context) {
        this.id = id;
        this.cancelEvery = config.get(CANCEL_EVERY);
        this.label = config.get(REQUIRED_LABEL);
        this.marked = context.getMetric(this).counter("marked");
        this.logger = context.getLogger(this);
    }

    @Override
    public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
        batchSizes.add(events.size());
        logger.debug("marking a batch of {} events", events.size());
        for (Event event : events) {
            long sequence = (Long) event.getField("sequence");
            if (cancelEvery > 0 && sequence % cancelEvery == 0) {
                event.cancel();
                continue;
            }
            event.setField("[marked][by]", id);
            event.setField("[marked][label]", label);
            matchListener.filterMatched(event);
            marked.increment();
        }
        return events;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public Collection<PluginConfigSpec<?>> configSchema() {
        return PluginHelper.commonFilterSettings(List.of(CANCEL_EVERY, REQUIRED_LABEL));
    }

    @Override
    public String getId() {
        return id;
    }
}

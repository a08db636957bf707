package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Codec;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.DeadLetterQueueWriter;
import co.elastic.logstash.api.DeprecationLogger;
import co.elastic.logstash.api.EventFactory;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.Output;
import co.elastic.logstash.api.Plugin;
import org.apache.logging.log4j.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a pipeline hands its plugins, recording everything for assertions: log messages of all plugins, metrics in
 * the namespace Logstash uses ({@code [stats][pipelines][<pipeline>][plugins][<inputs|filters>][<plugin id>]}),
 * and {@link TestEvent}s from the event factory. The dead letter queue is the disabled one (drops everything).
 * Thread-safe: plugins log and count from several threads.
 */
public final class TestContext implements Context {

    private final String pipelineId;
    private final MetricTree metrics = new MetricTree();
    private final List<RecordingLogger.Entry> journal = new ArrayList<>();
    private final ConcurrentMap<String, RecordingLogger> loggers = new ConcurrentHashMap<>();
    private final TestEventFactory eventFactory = new TestEventFactory();
    private final DeadLetterQueueWriter deadLetterQueue = new DiscardingDeadLetterQueueWriter();

    /** A context for the pipeline {@code main}, Logstash's default pipeline id. */
    public TestContext() {
        this("main");
    }

    public TestContext(String pipelineId) {
        this.pipelineId = pipelineId;
    }

    public String pipelineId() {
        return pipelineId;
    }

    @Override
    public DeadLetterQueueWriter getDlqWriter() {
        return deadLetterQueue;
    }

    /**
     * The plugin's own metric namespace, the one Logstash also files the plugin's automatic metrics under.
     *
     * @throws IllegalStateException if the plugin has no id yet: Logstash builds the namespace from
     *         {@code getId()}, so a plugin must set its id field before asking for metrics
     */
    @Override
    public TestMetric getMetric(Plugin plugin) {
        return metrics(plugin);
    }

    /** Like Logstash, one logger per plugin class (log4j's {@code LogManager.getLogger(plugin.getClass())}). */
    @Override
    public RecordingLogger getLogger(Plugin plugin) {
        return logger(plugin.getClass().getName());
    }

    @Override
    public DeprecationLogger getDeprecationLogger(Plugin plugin) {
        return new RecordingDeprecationLogger(logger("deprecation." + plugin.getClass().getName()));
    }

    @Override
    public EventFactory getEventFactory() {
        return eventFactory;
    }

    /** Everything any plugin of this context logged (deprecations included), oldest first. */
    public List<RecordingLogger.Entry> logEntries() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /** Formatted messages of {@code minLevel} or more severe, from every plugin, oldest first. */
    public List<String> messages(Level minLevel) {
        List<String> messages = new ArrayList<>();
        for (RecordingLogger.Entry entry : logEntries()) {
            if (entry.level().isMoreSpecificThan(minLevel)) {
                messages.add(entry.message());
            }
        }
        return messages;
    }

    /** The plugin's metric namespace, for assertions (the same one {@link #getMetric} gave the plugin). */
    public TestMetric metrics(Plugin plugin) {
        String id = plugin.getId();
        if (id == null) {
            throw new IllegalStateException("Plugin " + plugin.getClass().getName() + " has no id yet; Logstash"
                    + " files metrics under the plugin id, so set the id before calling getMetric(this)");
        }
        return new TestMetric(metrics, "stats", "pipelines", pipelineId, "plugins", kindOf(plugin), id);
    }

    /** The root of this context's metric tree. */
    public TestMetric rootMetric() {
        return new TestMetric(metrics);
    }

    private static String kindOf(Plugin plugin) {
        if (plugin instanceof Input) {
            return "inputs";
        }
        if (plugin instanceof Filter) {
            return "filters";
        }
        if (plugin instanceof Output) {
            return "outputs";
        }
        if (plugin instanceof Codec) {
            return "codecs";
        }
        throw new IllegalArgumentException(plugin.getClass().getName()
                + " is neither an Input, Filter, Output nor Codec");
    }

    private RecordingLogger logger(String name) {
        return loggers.computeIfAbsent(name, n -> new RecordingLogger(n, this::record, System.err));
    }

    private void record(RecordingLogger.Entry entry) {
        synchronized (journal) {
            journal.add(entry);
        }
    }
}

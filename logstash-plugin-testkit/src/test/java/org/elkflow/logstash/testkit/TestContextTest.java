package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.PluginConfigSpec;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestContextTest {

    /** A filter whose id the test controls, including "not set yet". */
    static final class IdFilter implements Filter {
        private final String id;

        IdFilter(String id) {
            this.id = id;
        }

        @Override
        public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
            return events;
        }

        @Override
        public Collection<PluginConfigSpec<?>> configSchema() {
            return List.of();
        }

        @Override
        public String getId() {
            return id;
        }
    }

    @Test
    void metricNamespaceIsTheOneLogstashUses() {
        TestContext context = new TestContext("flows");
        SequenceInput input = Plugins.create(SequenceInput.class, Map.of("id", "in1"), context);
        IdFilter filter = new IdFilter("f1");
        assertArrayEquals(new String[] {"stats", "pipelines", "flows", "plugins", "inputs", "in1"},
                context.getMetric(input).namespaceName());
        assertArrayEquals(new String[] {"stats", "pipelines", "flows", "plugins", "filters", "f1"},
                context.getMetric(filter).namespaceName());
    }

    @Test
    void pluginMetricsAreVisibleThroughTheContext() {
        TestContext context = new TestContext();
        IdFilter filter = new IdFilter("f1");
        context.getMetric(filter).namespace("lookups").counter("hits").increment(3);
        assertEquals(3, context.metrics(filter).counterValue("lookups", "hits"));
        assertEquals(3, context.rootMetric().counterValue("stats", "pipelines", "main", "plugins", "filters", "f1",
                "lookups", "hits"));
    }

    @Test
    void metricsNeedTheIdToBeSetFirst() {
        assertThrows(IllegalStateException.class, () -> new TestContext().getMetric(new IdFilter(null)));
    }

    @Test
    void loggerRecordsLevelFormattedMessageAndThrowable() {
        TestContext context = new TestContext();
        IdFilter filter = new IdFilter("f1");
        Logger logger = context.getLogger(filter);
        RuntimeException failure = new RuntimeException("bad datagram");
        logger.debug("decoded {} records", 12);
        logger.warn("dropping datagram from {}", "10.0.0.1", failure);
        logger.error("giving up");

        List<RecordingLogger.Entry> entries = context.logEntries();
        assertEquals(3, entries.size());
        assertEquals(Level.DEBUG, entries.get(0).level());
        assertEquals("decoded 12 records", entries.get(0).message());
        assertEquals("dropping datagram from 10.0.0.1", entries.get(1).message());
        assertSame(failure, entries.get(1).thrown());
        assertEquals(IdFilter.class.getName(), entries.get(1).loggerName());
        assertEquals(List.of("dropping datagram from 10.0.0.1", "giving up"), context.messages(Level.WARN));
        assertEquals(List.of("giving up"), context.messages(Level.ERROR));
        assertTrue(logger.isTraceEnabled(), "every level is enabled so guarded code runs");
    }

    @Test
    void oneLoggerPerPluginClassAndOneJournalForAll() {
        TestContext context = new TestContext();
        assertSame(context.getLogger(new IdFilter("a")), context.getLogger(new IdFilter("b")));
        context.getLogger(new IdFilter("a")).info("from filter");
        context.getLogger(Plugins.create(SequenceInput.class, Map.of(), context)).info("from input");
        assertEquals(List.of("from filter", "from input"), context.messages(Level.INFO));
        assertEquals(List.of("from filter"), context.getLogger(new IdFilter("x")).messages(Level.INFO));
    }

    @Test
    void deprecationsAreRecordedAsWarnings() {
        TestContext context = new TestContext();
        context.getDeprecationLogger(new IdFilter("f")).deprecated("setting {} is deprecated", "old");
        RecordingLogger.Entry entry = context.logEntries().get(0);
        assertEquals(Level.WARN, entry.level());
        assertEquals("setting old is deprecated", entry.message());
        assertTrue(entry.loggerName().startsWith("deprecation."), entry.loggerName());
    }

    @Test
    void eventFactoryAndDeadLetterQueue() throws Exception {
        TestContext context = new TestContext();
        Event event = context.getEventFactory().newEvent(Map.of("a", 1));
        assertTrue(event instanceof TestEvent);
        context.getDlqWriter().writeEntry(event, new IdFilter("f"), "reason");
        assertFalse(context.getDlqWriter().isOpen());
        assertEquals(0, context.getDlqWriter().getCurrentQueueSize());
    }
}

package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.PluginConfigSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class PipelineDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestContext context = new TestContext();

    private SequenceInput input(Map<String, Object> settings) {
        return Plugins.create(SequenceInput.class, settings, context);
    }

    private MarkingFilter marking(Map<String, Object> settings) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.putIfAbsent("label", "test");
        return Plugins.create(MarkingFilter.class, all, context);
    }

    /** A filter written inline for one test: the lambda decides what filter() does. */
    private static Filter inlineFilter(String id, java.util.function.BiFunction<Collection<Event>, FilterMatchListener,
            Collection<Event>> body) {
        return new Filter() {
            @Override
            public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
                return body.apply(events, matchListener);
            }

            @Override
            public Collection<PluginConfigSpec<?>> configSchema() {
                return List.of();
            }

            @Override
            public String getId() {
                return id;
            }
        };
    }

    private static long sequence(Event event) {
        return (Long) event.getField("sequence");
    }

    @Test
    void oneWorkerDeliversEveryUncancelledEventInOrder() {
        SequenceInput input = input(Map.of("count", 300L));
        MarkingFilter filter = marking(Map.of("id", "mark", "cancel_every", 3L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).filter(filter).workers(1).build().start()) {
            List<Event> events = driver.awaitEvents(200, WAIT);
            driver.stop();
            events = driver.events();
            assertEquals(200, events.size());
            long previous = -1;
            for (Event event : events) {
                long sequence = sequence(event);
                assertTrue(sequence > previous, "out of order: " + sequence + " after " + previous);
                assertTrue(sequence % 3 != 0, "cancelled event delivered: " + sequence);
                assertEquals("mark", event.getField("[marked][by]"));
                assertEquals("event " + sequence, event.getField("message"));
                previous = sequence;
            }
            assertEquals(200, context.metrics(filter).counterValue("marked"));
            assertTrue(driver.inputFinished());
            assertTrue(filter.closed, "close() is called at shutdown");
            assertTrue(filter.batchSizes.stream().allMatch(size -> size == 1),
                    "one worker means an ordered pipeline: one event per filter() call");
        }
    }

    /**
     * Like Logstash's memory queue, a worker fills its batch until it is full or no event came within the batch
     * delay: events 5 ms apart make batches of batchSize with a 300 ms delay, and single events with a 1 ms delay.
     */
    @Test
    void workerFillsItsBatchUntilFullOrTheBatchDelayPasses() {
        assertEquals(List.of(4, 4, 2), batchSizes(Duration.ofMillis(300)));
        List<Integer> eager = batchSizes(Duration.ofMillis(1));
        assertEquals(10, eager.stream().mapToInt(Integer::intValue).sum());
        assertTrue(eager.size() >= 5, "batches with a 1 ms delay: " + eager);
    }

    private List<Integer> batchSizes(Duration batchDelay) {
        SequenceInput input = input(Map.of("count", 10L, "pause_millis", 5L));
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        Filter recorder = inlineFilter("batches", (events, listener) -> {
            sizes.add(events.size());
            return events;
        });
        try (PipelineDriver driver = PipelineDriver.builder().input(input).filter(recorder).workers(1)
                .ordered(false).batchSize(4).batchDelay(batchDelay).build().start()) {
            driver.awaitEvents(10, WAIT);
        }
        return new ArrayList<>(sizes);
    }

    @Test
    void severalWorkersDeliverEveryEventExactlyOnce() {
        SequenceInput input = input(Map.of("count", 5000L));
        MarkingFilter filter = marking(Map.of("cancel_every", 10L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).filter(filter)
                .workers(4).batchSize(50).build().start()) {
            driver.awaitEvents(4500, WAIT);
            driver.stop();
            long[] sequences = driver.events().stream().mapToLong(PipelineDriverTest::sequence).sorted().toArray();
            assertEquals(4500, sequences.length);
            assertEquals(4500, Arrays.stream(sequences).distinct().count(), "an event was delivered twice");
            assertTrue(filter.batchSizes.stream().allMatch(size -> size <= 50), "batch larger than batchSize");
        }
    }

    @Test
    void workersShareTheFilterInstanceConcurrently() {
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger sawConcurrency = new AtomicInteger();
        Filter rendezvous = inlineFilter("rendezvous", (events, listener) -> {
            bothInside.countDown();
            try {
                if (bothInside.await(5, TimeUnit.SECONDS)) {
                    sawConcurrency.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return events;
        });
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 200L)))
                .filter(rendezvous).workers(2).batchSize(1).build().start()) {
            driver.awaitEvents(200, WAIT);
        }
        assertTrue(sawConcurrency.get() >= 2, "two workers never ran filter() at the same time");
    }

    @Test
    void fullQueueBlocksTheInputsAccept() throws Exception {
        CountDownLatch collectorEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Consumer<Event> slowCollector = event -> {
            collectorEntered.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    fail("collector was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        SequenceInput input = input(Map.of("id", "bp", "count", 50L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).workers(1).batchSize(1)
                .queueCapacity(1).collector(slowCollector).build().start()) {
            Thread inputThread = awaitThread("main_sequence_input_bp");
            assertTrue(collectorEntered.await(10, TimeUnit.SECONDS));
            // Stable state: event 0 held by the stuck collector, event 1 filling the queue, event 2 being offered.
            awaitTrue(() -> driver.queueSize() == 1 && isBlockedInAccept(inputThread));
            assertEquals(2, input.emitted.get(), "accept() returned more often than queue + worker can hold");
            Thread.sleep(200);
            assertTrue(isBlockedInAccept(inputThread));
            assertEquals(2, input.emitted.get(), "accept() must stay blocked while the queue is full");
            assertFalse(driver.inputFinished());

            release.countDown();
            assertEquals(50, driver.awaitEvents(50, WAIT).size());
        }
        assertEquals(50, input.emitted.get());
    }

    /** Without queueCapacity the queue holds batchSize × workers events, as Logstash sizes its memory queue. */
    @Test
    void defaultQueueHoldsBatchSizeTimesWorkers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SequenceInput input = input(Map.of("id", "cap", "count", 100L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).workers(2).batchSize(3)
                .batchDelay(Duration.ofMillis(1)).collector(event -> {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build().start()) {
            Thread inputThread = awaitThread("main_sequence_input_cap");
            awaitTrue(() -> driver.queueSize() == 6 && isBlockedInAccept(inputThread));
            release.countDown();
            assertEquals(100, driver.awaitEvents(100, WAIT).size());
        }
    }

    private static Thread awaitThread(String name) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name)) {
                    return thread;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no thread named " + name);
    }

    private static boolean isBlockedInAccept(Thread thread) {
        Thread.State state = thread.getState();
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        return waiting && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(PipelineDriver.class.getName())
                        && frame.getMethodName().equals("enqueue"));
    }

    @Test
    void stopEndsANeverEndingInput() {
        SequenceInput input = input(Map.of("id", "endless", "pause_millis", 1L));
        MarkingFilter filter = marking(Map.of());
        PipelineDriver driver = PipelineDriver.builder().input(input).filter(filter).build().start();
        driver.awaitEvents(20, WAIT);
        assertFalse(driver.inputFinished());
        long started = System.nanoTime();
        driver.stop();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "stop() took too long");
        assertTrue(driver.inputFinished());
        assertTrue(filter.closed);
        assertNull(driver.inputFailure());
        assertEquals(input.emitted.get(), driver.events().size(), "every queued event is drained at stop");
        driver.close();
    }

    @Test
    void inputIgnoringStopFailsTheStopNamingThePlugin() {
        SequenceInput input = input(Map.of("id", "stubborn", "ignore_stop", true, "pause_millis", 5L));
        PipelineDriver driver = PipelineDriver.builder().input(input).stopTimeout(Duration.ofMillis(300))
                .build().start();
        driver.awaitEvents(3, WAIT);
        AssertionError e = assertThrows(AssertionError.class, driver::stop);
        assertTrue(e.getMessage().contains("sequence_input"), e.getMessage());
        assertTrue(e.getMessage().contains("stubborn"), e.getMessage());
        assertTrue(e.getMessage().contains("awaitStop()"), e.getMessage());
    }

    @Test
    void inputExceptionIsSurfaced() {
        SequenceInput input = input(Map.of("fail_after", 5L));
        try (PipelineDriver driver = PipelineDriver.builder().input(input).build().start()) {
            AssertionError waiting = assertThrows(AssertionError.class, () -> driver.awaitEvents(10, WAIT));
            assertInstanceOf(IllegalStateException.class, waiting.getCause());
            assertEquals("boom after 5 events", waiting.getCause().getMessage());
            assertNotNull(driver.inputFailure());
            assertTrue(driver.inputFinished());
            AssertionError stopping = assertThrows(AssertionError.class, driver::stop);
            assertTrue(stopping.getMessage().contains("threw from start()"), stopping.getMessage());
            assertEquals(5, driver.events().size());
        }
    }

    @Test
    void unconvertibleValueFromAnInputFailsInTheInputThread() {
        co.elastic.logstash.api.Input bad = new co.elastic.logstash.api.Input() {
            private final CountDownLatch done = new CountDownLatch(1);

            @Override
            public void start(Consumer<Map<String, Object>> writer) {
                try {
                    writer.accept(Map.of("address", new Object()));
                } finally {
                    done.countDown();
                }
            }

            @Override
            public void stop() {
            }

            @Override
            public void awaitStop() throws InterruptedException {
                done.await();
            }

            @Override
            public Collection<PluginConfigSpec<?>> configSchema() {
                return List.of();
            }

            @Override
            public String getId() {
                return "bad";
            }
        };
        try (PipelineDriver driver = PipelineDriver.builder().input(bad).build().start()) {
            AssertionError e = assertThrows(AssertionError.class, () -> driver.awaitEvents(1, WAIT));
            assertInstanceOf(IllegalArgumentException.class, driver.inputFailure());
            assertTrue(e.getCause().getMessage().contains("address"), e.getCause().getMessage());
            assertThrows(AssertionError.class, driver::stop);
        }
    }

    @Test
    void filterExceptionStopsThePipeline() {
        Filter broken = inlineFilter("broken", (events, listener) -> {
            throw new IllegalStateException("filter bug");
        });
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 10L)))
                .filter(broken).build().start()) {
            AssertionError e = assertThrows(AssertionError.class, () -> driver.awaitEvents(10, WAIT));
            assertEquals("filter bug", e.getCause().getMessage());
            assertThrows(AssertionError.class, driver::stop);
        }
    }

    @Test
    void awaitEventsSaysHowManyArrived() {
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 3L))).build().start()) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> driver.awaitEvents(5, Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("but 3 arrived"), e.getMessage());
        }
    }

    @Test
    void matchListenerAppliesCommonFilterActions() {
        Map<String, Object> addField = new LinkedHashMap<>();
        addField.put("[extra][from]", "%{message}");
        addField.put("message", "second");
        Map<String, Object> settings = Map.of("cancel_every", 2L,
                "add_tag", List.of("seen_%{sequence}"),
                "add_field", addField,
                "remove_field", List.of("[marked][label]"));
        MarkingFilter filter = marking(settings);
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 4L)))
                .filter(filter, settings).workers(1).build().start()) {
            List<Event> events = driver.awaitEvents(2, WAIT);
            Event first = events.get(0);
            assertEquals(1L, sequence(first));
            assertEquals(List.of("seen_1"), first.getField("tags"));
            assertEquals("event 1", first.getField("[extra][from]"));
            assertEquals(List.of("event 1", "second"), first.getField("message"),
                    "add_field on an existing field appends");
            assertFalse(first.includes("[marked][label]"));
            assertTrue(first.includes("[marked][by]"));
        }
    }

    @Test
    void removeTagRemovesTags() {
        Filter tagger = inlineFilter("tagger", (events, listener) -> {
            events.forEach(e -> {
                e.tag("keep");
                e.tag("drop");
                listener.filterMatched(e);
            });
            return events;
        });
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 1L)))
                .filter(tagger, Map.of("remove_tag", "drop")).build().start()) {
            assertEquals(List.of("keep"), driver.awaitEvents(1, WAIT).get(0).getField("tags"));
        }
    }

    @Test
    void inputDecorationsAreApplied() {
        Map<String, Object> settings = Map.of("count", 1L, "type", "netflow", "tags", List.of("udp"),
                "add_field", Map.of("[observer][name]", "collector-%{sequence}"));
        try (PipelineDriver driver = PipelineDriver.builder().input(input(settings), settings).build().start()) {
            Event event = driver.awaitEvents(1, WAIT).get(0);
            assertEquals("netflow", event.getField("type"));
            assertEquals(List.of("udp"), event.getField("tags"));
            assertEquals("collector-0", event.getField("[observer][name]"));
        }
    }

    /** Holds back every event until flushed; counts flushes. */
    static final class HoldingFilter implements Filter {
        final List<Event> held = new ArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        final boolean periodic;
        volatile boolean closed;

        HoldingFilter(boolean periodic) {
            this.periodic = periodic;
        }

        @Override
        public synchronized Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
            held.addAll(events);
            return new ArrayList<>();
        }

        @Override
        public synchronized Collection<Event> flush(FilterMatchListener matchListener) {
            flushes.incrementAndGet();
            List<Event> out = new ArrayList<>(held);
            held.clear();
            return out;
        }

        @Override
        public boolean requiresFlush() {
            return true;
        }

        @Override
        public boolean requiresPeriodicFlush() {
            return periodic;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Collection<PluginConfigSpec<?>> configSchema() {
            return List.of();
        }

        @Override
        public String getId() {
            return "holding";
        }
    }

    @Test
    void finalFlushAtStopPassesEventsThroughLaterFilters() {
        HoldingFilter holding = new HoldingFilter(false);
        MarkingFilter after = marking(Map.of("id", "after"));
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 7L)))
                .filter(holding).filter(after).build().start()) {
            awaitTrue(driver::inputFinished);
            assertTrue(driver.events().isEmpty());
            driver.stop();
            assertEquals(7, driver.events().size());
            assertTrue(driver.events().stream().allMatch(e -> "after".equals(e.getField("[marked][by]"))));
            assertEquals(1, holding.flushes.get());
            assertTrue(holding.closed);
        }
    }

    @Test
    void periodicFlushRunsWhileThePipelineRuns() {
        HoldingFilter holding = new HoldingFilter(true);
        try (PipelineDriver driver = PipelineDriver.builder().input(input(Map.of("count", 4L)))
                .filter(holding).periodicFlushInterval(Duration.ofMillis(50)).build().start()) {
            assertEquals(4, driver.awaitEvents(4, WAIT).size());
            assertTrue(holding.flushes.get() >= 1);
        }
    }

    @Test
    void inputRunsOnAThreadNamedAfterPipelineAndPlugin() {
        SequenceInput input = input(Map.of("id", "probe", "count", 1L));
        try (PipelineDriver driver = PipelineDriver.builder().pipelineId("flows").input(input).build().start()) {
            driver.awaitEvents(1, WAIT);
        }
        assertEquals("flows_sequence_input_probe", input.startThread);
    }

    @Test
    void builderRejectsNonsense() {
        assertThrows(IllegalStateException.class, () -> PipelineDriver.builder().build());
        assertThrows(IllegalArgumentException.class, () -> PipelineDriver.builder().workers(0));
        assertThrows(IllegalStateException.class,
                () -> PipelineDriver.builder().input(input(Map.of())).workers(2).ordered(true).build());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}

package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.Plugin;
import org.apache.logging.log4j.ThreadContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs {@code Input → Filter… → collector} the way a Logstash pipeline with the memory queue runs Java plugins:
 * <ul>
 *   <li>each input's {@code start(consumer)} on its own thread named {@code <pipeline>_<plugin name>_<plugin id>};
 *       the consumer copies each map into a {@link TestEvent} (unconvertible values throw there) and puts it on a
 *       bounded queue, <b>blocking while the queue is full</b> (Logstash's back-pressure);</li>
 *   <li>worker threads take batches of up to {@code batchSize} events and pass them through every filter in turn;
 *       as Logstash's memory queue does, a worker keeps filling its batch until it is full or no further event
 *       arrived within {@code batchDelay} ({@code pipeline.batch.delay}, 50 ms) of the previous one;
 *       all workers share the one instance of each filter, concurrently; cancelled events are dropped after each
 *       filter; the rest go to the collector (think: the outputs). With one worker the pipeline is "ordered", as
 *       with Logstash's default {@code pipeline.ordered: auto}: filters get one event at a time;</li>
 *   <li>{@code flush} of filters that require it: periodically for those that ask for it (every 5 s by default)
 *       and once at shutdown, the flushed events continuing through the later filters;</li>
 *   <li>{@link #stop()}: each input's {@code stop()} then {@code awaitStop()}, draining the queue, the final flush,
 *       every filter's {@code close()}.</li>
 * </ul>
 * Everything that waits is bounded, so a hung plugin fails the test with a message naming it. Anything a plugin
 * throws (input thread, filter, collector, flush, close) is recorded; {@link #awaitEvents} and {@link #stop()}
 * rethrow it as an {@link AssertionError}. Where Logstash would stop the pipeline (an exception from a filter or
 * the collector), the driver stops its workers too.
 */
public final class PipelineDriver implements AutoCloseable {

    private static final long POLL_MILLIS = 20;
    private static final long START_EXIT_GRACE_MILLIS = 2_000;

    private final String pipelineId;
    private final List<InputStage> inputs;
    private final List<FilterStage> filters;
    private final int workerCount;
    private final int batchSize;
    private final long batchDelayNanos;
    private final boolean ordered;
    private final Consumer<Event> collector;
    private final Duration stopTimeout;
    private final long periodicFlushNanos;
    private final BlockingQueue<TestEvent> queue;

    private final List<Event> collected = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger runningInputs = new AtomicInteger();
    private final AtomicLong nextPeriodicFlush = new AtomicLong();

    private volatile boolean started;
    private volatile boolean stopped;
    /** Set once no input will queue anything more: workers exit when the queue is empty. */
    private volatile boolean draining;
    /** Set when the pipeline is dead (worker failure, or stopped): workers exit at once, queueing throws. */
    private volatile boolean aborted;
    private volatile Throwable inputFailure;

    private static final class InputStage {
        final Input input;
        final Consumer<Event> decoration;
        Thread thread;

        InputStage(Input input, Consumer<Event> decoration) {
            this.input = input;
            this.decoration = decoration;
        }
    }

    private static final class FilterStage {
        final Filter filter;
        final FilterMatchListener matchListener;

        FilterStage(Filter filter, Consumer<Event> commonActions) {
            this.filter = filter;
            this.matchListener = commonActions::accept;
        }
    }

    private record Failure(String where, Throwable error) {
    }

    private PipelineDriver(Builder builder) {
        pipelineId = builder.pipelineId;
        inputs = List.copyOf(builder.inputs);
        filters = List.copyOf(builder.filters);
        workerCount = builder.workers;
        batchSize = builder.batchSize;
        batchDelayNanos = builder.batchDelay.toNanos();
        ordered = builder.ordered != null ? builder.ordered : builder.workers == 1;
        collector = builder.collector;
        stopTimeout = builder.stopTimeout;
        periodicFlushNanos = builder.periodicFlushInterval.toNanos();
        queue = new ArrayBlockingQueue<>(builder.queueCapacity != null ? builder.queueCapacity
                : builder.batchSize * builder.workers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link PipelineDriver}; the defaults are Logstash's where it has one. */
    public static final class Builder {
        private String pipelineId = "main";
        private final List<InputStage> inputs = new ArrayList<>();
        private final List<FilterStage> filters = new ArrayList<>();
        private int workers = 2;
        private int batchSize = 125;
        private Duration batchDelay = Duration.ofMillis(50);
        private Integer queueCapacity;
        private Boolean ordered;
        private Consumer<Event> collector;
        private Duration stopTimeout = Duration.ofSeconds(10);
        private Duration periodicFlushInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder pipelineId(String pipelineId) {
            this.pipelineId = Objects.requireNonNull(pipelineId);
            return this;
        }

        public Builder input(Input input) {
            return input(input, Map.of());
        }

        /**
         * An input whose events get the common input settings {@code type}, {@code tags} and {@code add_field}
         * from {@code commonSettings}, as Logstash applies them (other keys are ignored, so the settings the input
         * was created with can be passed as they are).
         */
        public Builder input(Input input, Map<String, Object> commonSettings) {
            inputs.add(new InputStage(Objects.requireNonNull(input), CommonActions.forInput(commonSettings)));
            return this;
        }

        public Builder filter(Filter filter) {
            return filter(filter, Map.of());
        }

        /**
         * A filter whose match listener applies the common filter settings {@code add_field}, {@code add_tag},
         * {@code remove_field}, {@code remove_tag} from {@code commonSettings} (other keys are ignored).
         */
        public Builder filter(Filter filter, Map<String, Object> commonSettings) {
            filters.add(new FilterStage(Objects.requireNonNull(filter), CommonActions.forFilter(commonSettings)));
            return this;
        }

        /** Pipeline worker threads ({@code pipeline.workers}); default 2 so that concurrency is exercised. */
        public Builder workers(int workers) {
            this.workers = positive("workers", workers);
            return this;
        }

        /** Maximum events per batch ({@code pipeline.batch.size}); default 125. */
        public Builder batchSize(int batchSize) {
            this.batchSize = positive("batchSize", batchSize);
            return this;
        }

        /**
         * {@code pipeline.batch.delay}: how long a worker with a partly filled batch waits for the next event before
         * it sends the batch on; default 50 ms, as in Logstash.
         */
        public Builder batchDelay(Duration batchDelay) {
            this.batchDelay = positive("batchDelay", batchDelay);
            return this;
        }

        /**
         * Events the queue holds before inputs block; default {@code batchSize × workers}, the capacity Logstash
         * gives its memory queue.
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = positive("queueCapacity", queueCapacity);
            return this;
        }

        /**
         * {@code pipeline.ordered}: true sends events through the filters one at a time (requires one worker).
         * Unset means Logstash's {@code auto}: ordered exactly when there is one worker.
         */
        public Builder ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        /**
         * Receives every event that leaves the filters uncancelled, on the worker threads (so it must be
         * thread-safe when there are several workers). Events are also kept for {@link #events()}.
         */
        public Builder collector(Consumer<Event> collector) {
            this.collector = Objects.requireNonNull(collector);
            return this;
        }

        /** How long {@link #stop()} waits for each input's awaitStop() and for the workers; default 10 s. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = positive("stopTimeout", stopTimeout);
            return this;
        }

        /** Interval of periodic flushes for filters that require them; Logstash's is 5 s. */
        public Builder periodicFlushInterval(Duration interval) {
            this.periodicFlushInterval = positive("periodicFlushInterval", interval);
            return this;
        }

        public PipelineDriver build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException("A pipeline needs at least one input");
            }
            if (Boolean.TRUE.equals(ordered) && workers > 1) {
                throw new IllegalStateException("An ordered pipeline needs exactly one worker, as in Logstash");
            }
            return new PipelineDriver(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, not " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
            return value;
        }
    }

    /** Starts the workers, then every input on its own thread (Logstash's order). Returns this driver. */
    public PipelineDriver start() {
        if (started) {
            throw new IllegalStateException("Pipeline " + pipelineId + " was already started");
        }
        started = true;
        nextPeriodicFlush.set(System.nanoTime() + periodicFlushNanos);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "[" + pipelineId + "]>worker" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        runningInputs.set(inputs.size());
        for (InputStage stage : inputs) {
            Input input = stage.input;
            stage.thread = new Thread(() -> runInput(stage),
                    pipelineId + "_" + input.getName() + "_" + input.getId());
            stage.thread.setDaemon(true);
        }
        inputs.forEach(stage -> stage.thread.start());
        return this;
    }

    private void runInput(InputStage stage) {
        ThreadContext.put("pipeline.id", pipelineId);
        ThreadContext.put("plugin.id", stage.input.getId());
        Throwable failure = null;
        try {
            stage.input.start(map -> enqueue(stage, map));
        } catch (Throwable t) {
            failure = t;
        } finally {
            ThreadContext.remove("pipeline.id");
            ThreadContext.remove("plugin.id");
            // Counted down before the failure is published, so whoever sees the failure sees a finished input.
            runningInputs.decrementAndGet();
        }
        if (failure == null) {
            wakeWaiters();
            return;
        }
        // Logstash only logs this and never restarts a Java input; an Error here would halt Logstash.
        String where = describe(stage.input) + " threw from start()"
                + (failure instanceof Error ? " (an Error escaping start() halts the whole Logstash process)" : "");
        synchronized (failures) {
            if (inputFailure == null) {
                inputFailure = failure;
            }
        }
        recordFailure(where, failure);
    }

    /** The input's consumer: copy into an event, decorate, and wait for room in the queue. */
    private void enqueue(InputStage stage, Map<String, Object> map) {
        TestEvent event = TestEvent.fromMap(map);
        stage.decoration.accept(event);
        try {
            while (!queue.offer(event, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (aborted) {
                    throw new IllegalStateException("Pipeline " + pipelineId + " is not running any more;"
                            + " the event from " + describe(stage.input) + " cannot be queued");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for room in the queue of pipeline "
                    + pipelineId, e);
        }
    }

    private void work() {
        try {
            while (!aborted) {
                flushPeriodicallyIfDue();
                TestEvent first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (draining && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                List<Event> batch = fillBatch(first);
                if (ordered) {
                    for (Event event : batch) {
                        process(new ArrayList<>(List.of(event)), 0);
                    }
                } else {
                    process(batch, 0);
                }
            }
        } catch (InterruptedException e) {
            // stop() gave up on this worker
        } catch (Throwable t) {
            recordFailure("Pipeline worker " + Thread.currentThread().getName()
                    + " failed (Logstash stops the pipeline when a filter or output throws)", t);
            aborted = true;
        }
    }

    /**
     * The batch that starts with {@code first}: what is queued, then whatever arrives until the batch is full or
     * {@code batchDelay} passed without a new event (Logstash's memory queue read).
     */
    private List<Event> fillBatch(TestEvent first) throws InterruptedException {
        List<Event> batch = new ArrayList<>(batchSize);
        batch.add(first);
        while (batch.size() < batchSize && !aborted) {
            queue.drainTo(batch, batchSize - batch.size());
            if (batch.size() == batchSize) {
                break;
            }
            TestEvent next = queue.poll(batchDelayNanos, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** Sends {@code events} through the filters from index {@code firstFilter} on, then to the collector. */
    private void process(List<Event> events, int firstFilter) {
        List<Event> current = events;
        for (int i = firstFilter; i < filters.size() && !current.isEmpty(); i++) {
            FilterStage stage = filters.get(i);
            Collection<Event> result = stage.filter.filter(current, stage.matchListener);
            if (result == null) {
                throw new IllegalStateException(describe(stage.filter) + " returned null from filter(); return the"
                        + " (possibly modified) collection it was given");
            }
            current = uncancelled(result);
        }
        deliver(current);
    }

    private static List<Event> uncancelled(Collection<Event> events) {
        List<Event> kept = new ArrayList<>(events.size());
        for (Event event : events) {
            if (!event.isCancelled()) {
                kept.add(event);
            }
        }
        return kept;
    }

    private void deliver(List<Event> events) {
        for (Event event : events) {
            if (collector != null) {
                collector.accept(event);
            }
            synchronized (collected) {
                collected.add(event);
                collected.notifyAll();
            }
        }
    }

    private void flushPeriodicallyIfDue() {
        long due = nextPeriodicFlush.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextPeriodicFlush.compareAndSet(due, now + periodicFlushNanos)) {
            flushFilters(true);
        }
    }

    private void flushFilters(boolean periodic) {
        for (int i = 0; i < filters.size(); i++) {
            FilterStage stage = filters.get(i);
            Filter filter = stage.filter;
            if (!filter.requiresFlush() || (periodic && !filter.requiresPeriodicFlush())) {
                continue;
            }
            Collection<Event> flushed = filter.flush(stage.matchListener);
            if (flushed != null && !flushed.isEmpty()) {
                process(uncancelled(flushed), i + 1);
            }
        }
    }

    /** A snapshot of the events that reached the collector so far, in arrival order. */
    public List<Event> events() {
        synchronized (collected) {
            return new ArrayList<>(collected);
        }
    }

    /**
     * Waits until at least {@code count} events reached the collector and returns them all.
     *
     * @throws AssertionError if they do not arrive within {@code timeout} (saying how many did), or if a plugin
     *         failed (input thread, filter, collector)
     */
    public List<Event> awaitEvents(int count, Duration timeout) {
        if (!started) {
            throw new IllegalStateException("Pipeline " + pipelineId + " was not started");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (collected) {
            while (collected.size() < count) {
                throwIfFailed();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Expected at least " + count + " events within " + timeout + " but "
                            + collected.size() + " arrived" + (inputFinished() ? " (every input has finished)" : "")
                            + "; events queued: " + queue.size());
                }
                try {
                    collected.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), POLL_MILLIS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("Interrupted while waiting for events", e);
                }
            }
        }
        throwIfFailed();
        return events();
    }

    /** The first exception or error thrown out of an input's {@code start()}, or null. */
    public Throwable inputFailure() {
        return inputFailure;
    }

    /** True once every input's {@code start()} has returned (normally or not). */
    public boolean inputFinished() {
        return started && runningInputs.get() == 0;
    }

    /** Events waiting in the queue right now. */
    public int queueSize() {
        return queue.size();
    }

    /**
     * Shuts down as Logstash does: for each input in turn {@code stop()} then {@code awaitStop()}; the workers
     * drain the queue; filters that require it are flushed once more; every filter is closed. Does nothing if the
     * pipeline was never started or is already stopped.
     *
     * @throws AssertionError if an input did not stop within the stop timeout, {@code start()} outlived
     *         {@code awaitStop()}, the workers hung, or any plugin failed during the run or the shutdown
     */
    public void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        List<String> problems = new ArrayList<>();
        for (InputStage stage : inputs) {
            stopInput(stage, problems);
        }
        draining = true;
        boolean workersDone = awaitWorkers(problems);
        if (workersDone && !aborted) {
            try {
                flushFilters(false);
            } catch (Throwable t) {
                recordFailure("Final flush at shutdown failed", t);
            }
        }
        for (FilterStage stage : filters) {
            try {
                stage.filter.close();
            } catch (Throwable t) {
                recordFailure(describe(stage.filter) + " threw from close()", t);
            }
        }
        // Anything an input still tries to queue now fails instead of blocking forever.
        aborted = true;
        report(problems);
    }

    private void stopInput(InputStage stage, List<String> problems) {
        Input input = stage.input;
        try {
            input.stop();
        } catch (Throwable t) {
            recordFailure(describe(input) + " threw from stop()", t);
        }
        // awaitStop() runs on a helper thread only so that the wait can be bounded; Logstash calls it directly.
        Thread waiter = new Thread(() -> {
            try {
                input.awaitStop();
            } catch (InterruptedException e) {
                // Logstash swallows it too.
            } catch (Throwable t) {
                recordFailure(describe(input) + " threw from awaitStop()", t);
            }
        }, pipelineId + "_awaitStop_" + input.getId());
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(stopTimeout.toMillis());
            if (waiter.isAlive()) {
                problems.add(describe(input) + " did not return from awaitStop() within " + stopTimeout
                        + " after stop(); in Logstash this stalls the pipeline shutdown");
                waiter.interrupt();
                stage.thread.interrupt();
                return;
            }
            stage.thread.join(START_EXIT_GRACE_MILLIS);
            if (stage.thread.isAlive()) {
                problems.add(describe(input) + ": awaitStop() returned but start() is still running; awaitStop()"
                        + " must wait until start() has returned");
                stage.thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("Interrupted while stopping " + describe(input));
        }
    }

    private boolean awaitWorkers(List<String> problems) {
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        try {
            for (Thread worker : workers) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                worker.join(Math.max(1, left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> busy = new ArrayList<>();
        for (Thread worker : workers) {
            if (worker.isAlive()) {
                busy.add(worker.getName());
            }
        }
        if (busy.isEmpty()) {
            return true;
        }
        aborted = true;
        workers.forEach(Thread::interrupt);
        problems.add("Pipeline workers " + busy + " were still busy " + stopTimeout + " after the inputs stopped"
                + " (" + queue.size() + " events queued): a filter or the collector is hung");
        return false;
    }

    private void report(List<String> problems) {
        List<Failure> recorded;
        synchronized (failures) {
            recorded = new ArrayList<>(failures);
        }
        if (problems.isEmpty() && recorded.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>(problems);
        recorded.forEach(f -> lines.add(f.where() + ": " + f.error()));
        AssertionError error = new AssertionError("Pipeline " + pipelineId + ": " + String.join("; ", lines),
                recorded.isEmpty() ? null : recorded.get(0).error());
        for (int i = 1; i < recorded.size(); i++) {
            error.addSuppressed(recorded.get(i).error());
        }
        throw error;
    }

    private void throwIfFailed() {
        Failure first;
        synchronized (failures) {
            if (failures.isEmpty()) {
                return;
            }
            first = failures.get(0);
        }
        throw new AssertionError("Pipeline " + pipelineId + ": " + first.where() + ": " + first.error(),
                first.error());
    }

    private void recordFailure(String where, Throwable error) {
        synchronized (failures) {
            failures.add(new Failure(where, error));
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        synchronized (collected) {
            collected.notifyAll();
        }
    }

    private static String describe(Plugin plugin) {
        String kind = plugin instanceof Input ? "input" : plugin instanceof Filter ? "filter" : "plugin";
        return kind + " '" + plugin.getName() + "' (id " + plugin.getId() + ")";
    }

    /** Same as {@link #stop()}; lets tests use try-with-resources. */
    @Override
    public void close() {
        stop();
    }
}

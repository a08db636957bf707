package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.Metric;
import co.elastic.logstash.api.NamespacedMetric;
import co.elastic.logstash.api.TimerMetric;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One namespace of a metric tree, as handed to plugins by {@link TestContext#getMetric}. Thread-safe: counters
 * and timers are {@code LongAdder}s, and asking twice for the same name returns the same handle, as in Logstash.
 *
 * <p>The read accessors ({@link #counterValue}, {@link #gaugeValue}, {@link #timerMillis}) take a path relative
 * to this namespace and fail with an {@link AssertionError} listing what does exist when nothing is at that path,
 * so a misspelt metric name fails the test instead of reading as zero.
 */
public final class TestMetric implements NamespacedMetric {

    private final MetricTree tree;
    private final String[] path;

    /** The root of a new, empty metric tree, for tests that need metrics without a {@link TestContext}. */
    public TestMetric() {
        this(new MetricTree());
    }

    TestMetric(MetricTree tree, String... path) {
        this.tree = tree;
        this.path = path.clone();
    }

    @Override
    public TestMetric namespace(String... key) {
        String[] nested = Arrays.copyOf(path, path.length + key.length);
        System.arraycopy(key, 0, nested, path.length, key.length);
        return new TestMetric(tree, nested);
    }

    @Override
    public void gauge(String metric, Object value) {
        tree.metric(path, metric, MetricTree.Gauge.class, name -> new MetricTree.Gauge()).value = value;
    }

    @Override
    public CounterMetric counter(String metric) {
        return tree.metric(path, metric, TestCounter.class, TestCounter::new);
    }

    @Override
    public TimerMetric timer(String metric) {
        return tree.metric(path, metric, TestTimer.class, TestTimer::new);
    }

    @Override
    public void increment(String metric) {
        counter(metric).increment();
    }

    @Override
    public void increment(String metric, int delta) {
        counter(metric).increment(delta);
    }

    @Override
    public <T> T time(String metric, Supplier<T> callable) {
        return timer(metric).<T, RuntimeException>time(callable::get);
    }

    @Override
    public void reportTime(String metric, long duration) {
        timer(metric).reportUntrackedMillis(duration);
    }

    @Override
    public String[] namespaceName() {
        return path.clone();
    }

    @Override
    public Metric root() {
        return new TestMetric(tree);
    }

    /**
     * The value of the counter at {@code path} below this namespace: {@code counterValue("datagrams", "received")}
     * reads {@code namespace("datagrams").counter("received")}.
     *
     * @throws AssertionError if there is no counter at that path
     */
    public long counterValue(String... path) {
        return existing(path, TestCounter.class, "counter").getValue();
    }

    /**
     * The accumulated milliseconds of the timer at {@code path} below this namespace.
     *
     * @throws AssertionError if there is no timer at that path
     */
    public long timerMillis(String... path) {
        return existing(path, TestTimer.class, "timer").getValue();
    }

    /**
     * The last value set on the gauge at {@code path} below this namespace.
     *
     * @throws AssertionError if there is no gauge at that path
     */
    public Object gaugeValue(String... path) {
        return existing(path, MetricTree.Gauge.class, "gauge").value;
    }

    /** Everything below this namespace as nested sorted maps: counters and timers as Long, gauges as set. */
    public Map<String, Object> snapshot() {
        return tree.snapshot(path);
    }

    private <M> M existing(String[] relative, Class<M> kind, String kindName) {
        if (relative.length == 0) {
            throw new IllegalArgumentException("A metric path needs at least the metric name");
        }
        String[] full = Arrays.copyOf(path, path.length + relative.length);
        System.arraycopy(relative, 0, full, path.length, relative.length);
        Object found = tree.find(full);
        if (!kind.isInstance(found)) {
            String[] namespace = Arrays.copyOf(full, full.length - 1);
            throw new AssertionError("No " + kindName + " at " + MetricTree.render(full) + " ("
                    + (found == null ? "nothing there" : "found " + found) + "); " + tree.describe(namespace));
        }
        return kind.cast(found);
    }

    @Override
    public String toString() {
        return "TestMetric" + MetricTree.render(path) + snapshot();
    }
}

package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A sample input for the kit's own tests: emits {@code {sequence: i, message: "event i"}} maps, {@code count} of
 * them (-1 = until stopped). It reuses one map for every event, as real inputs may, so the driver must copy.
 * Knobs for misbehaviour: {@code fail_after} throws after that many events, {@code ignore_stop} keeps going after
 * stop() (only an interrupt ends it), {@code pause_millis} sleeps between events.
 */
@LogstashPlugin(name = "sequence_input")
public class SequenceInput implements Input {

    static final PluginConfigSpec<Long> COUNT = PluginConfigSpec.numSetting("count", -1);
    static final PluginConfigSpec<Long> FAIL_AFTER = PluginConfigSpec.numSetting("fail_after", -1);
    static final PluginConfigSpec<Boolean> IGNORE_STOP = PluginConfigSpec.booleanSetting("ignore_stop", false);
    static final PluginConfigSpec<Long> PAUSE_MILLIS = PluginConfigSpec.numSetting("pause_millis", 0);

    private final String id;
    private final long count;
    private final long failAfter;
    private final boolean ignoreStop;
    private final long pauseMillis;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopRequested;

    /** Name of the thread start() ran on. */
    volatile String startThread;

    /** accept() calls that have returned. */
    final AtomicLong emitted = new AtomicLong();

    public SequenceInput(String id, Configuration config, Context context) {
        this.id = id;
        this.count = config.get(COUNT);
        this.failAfter = config.get(FAIL_AFTER);
        this.ignoreStop = config.get(IGNORE_STOP);
        this.pauseMillis = config.get(PAUSE_MILLIS);
    }

    @Override
    public void start(Consumer<Map<String, Object>> writer) {
        startThread = Thread.currentThread().getName();
        try {
            Map<String, Object> reused = new HashMap<>();
            for (long i = 0; count < 0 || i < count; i++) {
                if ((stopRequested && !ignoreStop) || Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (i == failAfter) {
                    throw new IllegalStateException("boom after " + i + " events");
                }
                reused.clear();
                reused.put("sequence", i);
                reused.put("message", "event " + i);
                writer.accept(reused);
                emitted.incrementAndGet();
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    public void awaitStop() throws InterruptedException {
        done.await();
    }

    @Override
    public Collection<PluginConfigSpec<?>> configSchema() {
        return PluginHelper.commonInputSettings(List.of(COUNT, FAIL_AFTER, IGNORE_STOP, PAUSE_MILLIS));
    }

    @Override
    public String getId() {
        return id;
    }
}

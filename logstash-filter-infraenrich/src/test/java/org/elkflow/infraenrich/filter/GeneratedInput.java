package org.elkflow.infraenrich.filter;

import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** A test input: emits count events made by a function of their sequence number (or forever if count < 0). */
@LogstashPlugin(name = "generated_input")
public final class GeneratedInput implements Input {

    private final String id;
    private final int count;
    private final IntFunction<Map<String, Object>> events;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopping;

    GeneratedInput(String id, int count, IntFunction<Map<String, Object>> events) {
        this.id = id;
        this.count = count;
        this.events = events;
    }

    @Override
    public void start(Consumer<Map<String, Object>> writer) {
        try {
            for (int i = 0; (count < 0 || i < count) && !stopping; i++) {
                writer.accept(events.apply(i));
            }
        } finally {
            done.countDown();
        }
    }

    @Override
    public void stop() {
        stopping = true;
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
        return id;
    }
}

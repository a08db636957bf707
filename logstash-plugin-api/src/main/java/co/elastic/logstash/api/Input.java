package co.elastic.logstash.api;

import java.util.Map;
import java.util.function.Consumer;

/** A Logstash input: {@link #start} runs on its own thread until the input is finished or stopped. */
public interface Input extends Plugin {

    void start(Consumer<Map<String, Object>> writer);

    void stop();

    void awaitStop() throws InterruptedException;
}

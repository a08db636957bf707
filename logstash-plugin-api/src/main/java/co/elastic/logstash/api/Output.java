package co.elastic.logstash.api;

import java.util.Collection;

/** A Logstash output. Declared for completeness of the package; elkflow ships none. */
public interface Output extends Plugin {

    void output(Collection<Event> events);

    void stop();

    void awaitStop() throws InterruptedException;
}

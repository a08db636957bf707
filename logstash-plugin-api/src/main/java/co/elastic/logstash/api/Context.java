package co.elastic.logstash.api;

import org.apache.logging.log4j.Logger;

/** What Logstash hands a plugin besides its configuration. */
public interface Context {

    DeadLetterQueueWriter getDlqWriter();

    NamespacedMetric getMetric(Plugin plugin);

    Logger getLogger(Plugin plugin);

    DeprecationLogger getDeprecationLogger(Plugin plugin);

    EventFactory getEventFactory();
}

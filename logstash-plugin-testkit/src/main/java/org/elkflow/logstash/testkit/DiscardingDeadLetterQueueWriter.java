package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.DeadLetterQueueWriter;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Plugin;

/** What Logstash hands plugins when the dead letter queue is disabled (the default): a writer that drops. */
final class DiscardingDeadLetterQueueWriter implements DeadLetterQueueWriter {

    @Override
    public void writeEntry(Event event, Plugin plugin, String reason) {
        // Dropped, as with a disabled dead letter queue.
    }

    @Override
    public boolean isOpen() {
        return false;
    }

    @Override
    public long getCurrentQueueSize() {
        return 0;
    }
}

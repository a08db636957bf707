package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.DeprecationLogger;

/**
 * Records deprecation notices as WARN entries of a logger named {@code deprecation.<plugin class>}, so they show
 * up in {@link TestContext#logEntries()} and can be asserted on. Messages use log4j's {@code {}} placeholders, as
 * Logstash's deprecation logger does.
 */
final class RecordingDeprecationLogger implements DeprecationLogger {

    private final RecordingLogger logger;

    RecordingDeprecationLogger(RecordingLogger logger) {
        this.logger = logger;
    }

    @Override
    public void deprecated(String message, Object... params) {
        logger.warn(message, params);
    }
}

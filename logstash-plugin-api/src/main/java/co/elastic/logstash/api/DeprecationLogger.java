package co.elastic.logstash.api;

/** Logs use of deprecated settings or behaviour. */
public interface DeprecationLogger {

    void deprecated(String message, Object... params);
}

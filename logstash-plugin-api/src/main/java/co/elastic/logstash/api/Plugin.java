package co.elastic.logstash.api;

import java.util.Collection;

/** Base of every Logstash Java plugin. */
public interface Plugin {

    Collection<PluginConfigSpec<?>> configSchema();

    /** The name Logstash knows the plugin by: the {@link LogstashPlugin} name, else the class name. */
    default String getName() {
        LogstashPlugin annotation = getClass().getDeclaredAnnotation(LogstashPlugin.class);
        return (annotation != null && !annotation.name().isEmpty()) ? annotation.name() : getClass().getName();
    }

    String getId();
}

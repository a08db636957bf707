package co.elastic.logstash.api;

import java.util.Collection;

/** The settings a user wrote for one plugin occurrence, resolved against the plugin's schema. */
public interface Configuration {

    <T> T get(PluginConfigSpec<T> configSpec);

    Object getRawValue(PluginConfigSpec<?> configSpec);

    boolean contains(PluginConfigSpec<?> configSpec);

    Collection<String> allKeys();
}

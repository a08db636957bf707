package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Codec;
import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Password;
import co.elastic.logstash.api.PluginConfigSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings a user wrote for one plugin, resolved the way Logstash's configuration resolves them: each
 * {@link #get} looks the spec's name up in the user's settings and coerces the value to the spec's type, or
 * falls back to the spec's default.
 *
 * <p>Logstash checks names (unknown / missing required) once after constructing the plugin, but types only when
 * the plugin calls {@code get}; {@link #validated} and {@link #get} keep that split.
 */
public final class TestConfiguration implements Configuration {

    private final Map<String, Object> settings;

    private TestConfiguration(Map<String, Object> settings) {
        // A copy: the plugin must not see later changes to the test's map, nor change it.
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Settings without any name check, for a plugin's own unit tests; each {@link #get} resolves against the spec
     * it is given.
     */
    public static TestConfiguration of(Map<String, Object> settings) {
        return new TestConfiguration(settings);
    }

    /**
     * Settings checked against a plugin's schema as Logstash checks them right after constructing the plugin.
     *
     * @throws IllegalArgumentException listing every unknown setting ({@code Unknown setting 'k' specified for
     *         plugin 'name'}) and every missing required one ({@code Required setting 'k' not specified for plugin
     *         'name'}), separated by "; "
     */
    public static TestConfiguration validated(String pluginName, Collection<PluginConfigSpec<?>> schema,
                                              Map<String, Object> settings) {
        List<String> problems = problems(pluginName, schema, settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new TestConfiguration(settings);
    }

    static List<String> problems(String pluginName, Collection<PluginConfigSpec<?>> schema,
                                 Map<String, Object> settings) {
        Set<String> known = schema.stream().map(PluginConfigSpec::name).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (String key : settings.keySet()) {
            if (!known.contains(key)) {
                problems.add("Unknown setting '" + key + "' specified for plugin '" + pluginName + "'");
            }
        }
        for (PluginConfigSpec<?> spec : schema) {
            if (spec.required() && !settings.containsKey(spec.name())) {
                problems.add("Required setting '" + spec.name() + "' not specified for plugin '" + pluginName + "'");
            }
        }
        return problems;
    }

    /**
     * The setting's value coerced to {@code spec.type()}, or the default when the user did not write it.
     *
     * @throws IllegalArgumentException if the user's value cannot be coerced
     * @throws UnsupportedOperationException for codec settings given by name (there is no codec registry here)
     */
    @Override
    public <T> T get(PluginConfigSpec<T> spec) {
        if (settings.containsKey(spec.name())) {
            return coerce(spec, settings.get(spec.name()));
        }
        return defaultOf(spec);
    }

    private static <T> T coerce(PluginConfigSpec<T> spec, Object value) {
        Class<T> type = spec.type();
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        Object coerced = null;
        if (type == Double.class && isWholeNumber(value)) {
            coerced = ((Number) value).doubleValue();
        } else if (type == Long.class && isWholeNumber(value)) {
            coerced = ((Number) value).longValue();
        } else if (type == Boolean.class && ("true".equals(value) || "false".equals(value))) {
            coerced = Boolean.valueOf((String) value);
        } else if (type == URI.class && value instanceof String) {
            coerced = toUri(spec.name(), (String) value);
        } else if (type == Password.class && value instanceof String) {
            coerced = new Password((String) value);
        } else if (type == Codec.class && value instanceof String) {
            throw codecUnsupported(spec.name(), (String) value);
        }
        if (coerced == null) {
            throw new IllegalArgumentException("Setting value for '" + spec.name() + "' of type "
                    + value.getClass().getName() + " incompatible with defined type of " + type.getName());
        }
        return type.cast(coerced);
    }

    private static boolean isWholeNumber(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static <T> T defaultOf(PluginConfigSpec<T> spec) {
        String raw = spec.getRawDefaultValue();
        if (raw == null) {
            return spec.defaultValue();
        }
        Class<T> type = spec.type();
        if (type == URI.class) {
            return type.cast(toUri(spec.name(), raw));
        }
        if (type == Password.class) {
            return type.cast(new Password(raw));
        }
        if (type == Codec.class) {
            throw codecUnsupported(spec.name(), raw);
        }
        return spec.defaultValue();
    }

    private static URI toUri(String name, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Setting value for '" + name + "' is not a valid URI: " + text, e);
        }
    }

    private static UnsupportedOperationException codecUnsupported(String name, String codecName) {
        return new UnsupportedOperationException("Setting '" + name + "' names codec '" + codecName
                + "': Logstash would look it up in its plugin registry, which the test kit does not have;"
                + " pass a Codec instance instead");
    }

    /** The value exactly as the user wrote it, or null. */
    @Override
    public Object getRawValue(PluginConfigSpec<?> spec) {
        return settings.get(spec.name());
    }

    @Override
    public boolean contains(PluginConfigSpec<?> spec) {
        return settings.containsKey(spec.name());
    }

    @Override
    public Collection<String> allKeys() {
        return settings.keySet();
    }

    @Override
    public String toString() {
        return "TestConfiguration" + settings;
    }
}

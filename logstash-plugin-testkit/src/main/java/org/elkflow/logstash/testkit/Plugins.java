package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.Plugin;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Creates and checks plugins the way Logstash's plugin factory and registry do, so a plugin test exercises the
 * same path a pipeline start does: reflective constructor lookup, id assignment, schema validation.
 */
public final class Plugins {

    private Plugins() {
    }

    /** {@link #create(Class, Map, TestContext)} with a fresh {@link TestContext}. */
    public static <T extends Plugin> T create(Class<T> type, Map<String, Object> settings) {
        return create(type, settings, new TestContext());
    }

    /**
     * Instantiates {@code type} as Logstash does.
     * <ol>
     *   <li>Looks up the public {@code (String id, Configuration, Context)} constructor by reflection.</li>
     *   <li>Passes the {@code id} setting if the user wrote one, else {@code <plugin name>_<uuid>}; the
     *       configuration contains exactly the given settings (so {@code id} only if written).</li>
     *   <li>Validates the settings against the new instance's {@code configSchema()}: unknown and missing
     *       required settings fail, as they fail a pipeline start.</li>
     * </ol>
     *
     * @throws IllegalArgumentException if the constructor is missing or not public, or the settings are invalid
     * @throws IllegalStateException wrapping whatever the constructor threw (Logstash wraps it too and the
     *         pipeline does not start)
     * @throws AssertionError if the plugin's {@code getId()} does not return the id it was given
     */
    public static <T extends Plugin> T create(Class<T> type, Map<String, Object> settings, TestContext context) {
        Constructor<T> constructor = pluginConstructor(type);
        Object configuredId = settings.get("id");
        String id = configuredId != null ? configuredId.toString() : defaultName(type) + "_" + UUID.randomUUID();
        T plugin;
        try {
            plugin = constructor.newInstance(id, TestConfiguration.of(settings), context);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("Constructor of plugin " + type.getName() + " threw: " + cause, cause);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("Logstash cannot instantiate " + type.getName() + ": " + e, e);
        }
        List<String> problems = TestConfiguration.problems(plugin.getName(), plugin.configSchema(), settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (!id.equals(plugin.getId())) {
            throw new AssertionError("Plugin " + type.getName() + " was constructed with id '" + id
                    + "' but getId() returns '" + plugin.getId() + "'; Logstash needs the given id back");
        }
        return plugin;
    }

    private static <T> Constructor<T> pluginConstructor(Class<T> type) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("Plugin class " + type.getName()
                    + " must be public and concrete for Logstash to instantiate it");
        }
        try {
            return type.getConstructor(String.class, Configuration.class, Context.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("Plugin class " + type.getName() + " needs a public constructor ("
                    + "String id, Configuration config, Context context): Logstash looks exactly that one up", e);
        }
    }

    /** The registry name: the {@link LogstashPlugin} name, else the lower-cased simple class name. */
    private static String defaultName(Class<?> type) {
        LogstashPlugin annotation = type.getDeclaredAnnotation(LogstashPlugin.class);
        if (annotation != null && !annotation.name().isEmpty()) {
            return annotation.name();
        }
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks what Logstash's registry and the upstream Gradle plugin validator check about a plugin class, so a
     * mistake fails a unit test instead of a Logstash start.
     * <ul>
     *   <li>{@code @LogstashPlugin} is present and readable at run time (RUNTIME retention; without it Logstash
     *       silently falls back to the class name);</li>
     *   <li>its name is {@code expectedName} (the name in the gem and pipeline configs);</li>
     *   <li>the name without underscores equals the class's simple name ignoring case ({@code flow_codec} ↔
     *       {@code FlowCodec}), the registry's final check;</li>
     *   <li>the class is a public {@link Plugin} with the public {@code (String, Configuration, Context)}
     *       constructor, outside the {@code org.logstash} and {@code co.elastic.logstash} packages.</li>
     * </ul>
     *
     * @throws AssertionError describing the first violation
     */
    public static void checkRegistryName(Class<?> pluginClass, String expectedName) {
        Retention retention = LogstashPlugin.class.getAnnotation(Retention.class);
        if (retention == null || retention.value() != RetentionPolicy.RUNTIME) {
            throw new AssertionError("@LogstashPlugin is not RUNTIME-retained on the class path, so Logstash"
                    + " cannot read any plugin name");
        }
        LogstashPlugin annotation = pluginClass.getDeclaredAnnotation(LogstashPlugin.class);
        if (annotation == null) {
            throw new AssertionError(pluginClass.getName() + " carries no run-time visible @LogstashPlugin;"
                    + " Logstash would register it under its class name");
        }
        String name = annotation.name();
        if (expectedName != null && !expectedName.equals(name)) {
            throw new AssertionError(pluginClass.getName() + " is @LogstashPlugin(name = \"" + name
                    + "\") but the plugin is published as '" + expectedName + "'");
        }
        if (!name.replace("_", "").equalsIgnoreCase(pluginClass.getSimpleName())) {
            throw new AssertionError("Plugin name '" + name + "' without underscores must equal the class name "
                    + pluginClass.getSimpleName() + " ignoring case; Logstash's registry refuses the plugin otherwise");
        }
        if (!Plugin.class.isAssignableFrom(pluginClass)) {
            throw new AssertionError(pluginClass.getName() + " does not implement " + Plugin.class.getName());
        }
        try {
            pluginConstructor(pluginClass);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        String packageName = pluginClass.getPackageName();
        if (packageName.startsWith("org.logstash") || packageName.startsWith("co.elastic.logstash")) {
            throw new AssertionError(pluginClass.getName() + " lives in " + packageName
                    + ", a package Logstash reserves for itself (its plugin class loader delegates it to Logstash)");
        }
    }
}

package co.elastic.logstash.api;

import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Describes one setting of a plugin: name, value type, default, and whether it is required or deprecated.
 * Defaults that Logstash converts itself (codec names, URIs, passwords) are kept as a raw string.
 */
public final class PluginConfigSpec<T> {

    private final String name;
    private final Class<T> type;
    private final boolean deprecated;
    private final boolean required;
    private final T defaultValue;
    private final String rawDefaultValue;

    private PluginConfigSpec(String name, Class<T> type, T defaultValue, boolean deprecated, boolean required) {
        this(name, type, defaultValue, deprecated, required, null);
    }

    private PluginConfigSpec(String name, Class<T> type, T defaultValue, boolean deprecated, boolean required,
                             String rawDefaultValue) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.deprecated = deprecated;
        this.required = required;
        this.rawDefaultValue = rawDefaultValue;
    }

    public static PluginConfigSpec<String> stringSetting(String configName) {
        return new PluginConfigSpec<>(configName, String.class, null, false, false);
    }

    public static PluginConfigSpec<String> stringSetting(String configName, String defaultValue) {
        return new PluginConfigSpec<>(configName, String.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<String> requiredStringSetting(String configName) {
        return new PluginConfigSpec<>(configName, String.class, null, false, true);
    }

    public static PluginConfigSpec<String> stringSetting(String configName, String defaultValue, boolean deprecated,
                                                         boolean required) {
        return new PluginConfigSpec<>(configName, String.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Codec> codecSetting(String configName) {
        return new PluginConfigSpec<>(configName, Codec.class, null, false, false);
    }

    public static PluginConfigSpec<Codec> codecSetting(String configName, String defaultCodecName) {
        return new PluginConfigSpec<>(configName, Codec.class, null, false, false, defaultCodecName);
    }

    public static PluginConfigSpec<Codec> codecSetting(String configName, Codec defaultValue, boolean deprecated,
                                                       boolean required) {
        return new PluginConfigSpec<>(configName, Codec.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<URI> uriSetting(String configName) {
        return new PluginConfigSpec<>(configName, URI.class, null, false, false);
    }

    public static PluginConfigSpec<URI> uriSetting(String configName, String defaultUri) {
        return new PluginConfigSpec<>(configName, URI.class, null, false, false, defaultUri);
    }

    public static PluginConfigSpec<URI> uriSetting(String configName, String defaultUri, boolean deprecated,
                                                   boolean required) {
        return new PluginConfigSpec<>(configName, URI.class, null, deprecated, required, defaultUri);
    }

    public static PluginConfigSpec<Long> numSetting(String configName) {
        return new PluginConfigSpec<>(configName, Long.class, null, false, false);
    }

    public static PluginConfigSpec<Long> numSetting(String configName, long defaultValue) {
        return new PluginConfigSpec<>(configName, Long.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<Long> numSetting(String configName, long defaultValue, boolean deprecated,
                                                    boolean required) {
        return new PluginConfigSpec<>(configName, Long.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Double> floatSetting(String configName, double defaultValue) {
        return new PluginConfigSpec<>(configName, Double.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<Double> floatSetting(String configName, double defaultValue, boolean deprecated,
                                                        boolean required) {
        return new PluginConfigSpec<>(configName, Double.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Boolean> booleanSetting(String configName) {
        return new PluginConfigSpec<>(configName, Boolean.class, null, false, false);
    }

    public static PluginConfigSpec<Boolean> booleanSetting(String configName, boolean defaultValue) {
        return new PluginConfigSpec<>(configName, Boolean.class, defaultValue, false, false);
    }

    public static PluginConfigSpec<Boolean> requiredBooleanSetting(String configName) {
        return new PluginConfigSpec<>(configName, Boolean.class, null, false, true);
    }

    public static PluginConfigSpec<Boolean> booleanSetting(String configName, boolean defaultValue, boolean deprecated,
                                                           boolean required) {
        return new PluginConfigSpec<>(configName, Boolean.class, defaultValue, deprecated, required);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<Map<String, Object>> hashSetting(String configName) {
        return new PluginConfigSpec(configName, Map.class, null, false, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<Map<String, Object>> hashSetting(String configName, Map<String, Object> defaultValue,
                                                                    boolean deprecated, boolean required) {
        return new PluginConfigSpec(configName, Map.class, defaultValue, deprecated, required);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<List<Object>> arraySetting(String configName) {
        return new PluginConfigSpec(configName, List.class, null, false, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PluginConfigSpec<List<Object>> arraySetting(String configName, List<Object> defaultValue,
                                                              boolean deprecated, boolean required) {
        return new PluginConfigSpec(configName, List.class, defaultValue, deprecated, required);
    }

    public static PluginConfigSpec<Password> passwordSetting(String configName) {
        return new PluginConfigSpec<>(configName, Password.class, null, false, false);
    }

    /** As in Logstash, the deprecated and required arguments are ignored for passwords. */
    public static PluginConfigSpec<Password> passwordSetting(String configName, String defaultValue,
                                                             boolean deprecated, boolean required) {
        return new PluginConfigSpec<>(configName, Password.class, null, false, false, defaultValue);
    }

    public Collection<PluginConfigSpec<?>> children() {
        return Collections.emptyList();
    }

    public boolean deprecated() {
        return deprecated;
    }

    public boolean required() {
        return required;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public String getRawDefaultValue() {
        return rawDefaultValue;
    }
}

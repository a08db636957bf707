package co.elastic.logstash.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** The settings Logstash accepts for every plugin of a kind, to be merged into a plugin's own schema. */
public final class PluginHelper {

    public static final PluginConfigSpec<java.util.Map<String, Object>> ADD_FIELD_CONFIG =
            PluginConfigSpec.hashSetting("add_field");
    public static final PluginConfigSpec<List<Object>> ADD_TAG_CONFIG = PluginConfigSpec.arraySetting("add_tag");
    public static final PluginConfigSpec<Codec> CODEC_CONFIG = PluginConfigSpec.codecSetting("codec");
    public static final PluginConfigSpec<Boolean> ENABLE_METRIC_CONFIG =
            PluginConfigSpec.booleanSetting("enable_metric");
    public static final PluginConfigSpec<String> ID_CONFIG = PluginConfigSpec.stringSetting("id");
    public static final PluginConfigSpec<Boolean> PERIODIC_FLUSH_CONFIG =
            PluginConfigSpec.booleanSetting("periodic_flush");
    public static final PluginConfigSpec<List<Object>> REMOVE_FIELD_CONFIG =
            PluginConfigSpec.arraySetting("remove_field");
    public static final PluginConfigSpec<List<Object>> REMOVE_TAG_CONFIG = PluginConfigSpec.arraySetting("remove_tag");
    public static final PluginConfigSpec<List<Object>> TAGS_CONFIG = PluginConfigSpec.arraySetting("tags");
    public static final PluginConfigSpec<String> TYPE_CONFIG = PluginConfigSpec.stringSetting("type");

    private PluginHelper() {
    }

    public static Collection<PluginConfigSpec<?>> commonInputSettings() {
        return Arrays.asList(ADD_FIELD_CONFIG, ENABLE_METRIC_CONFIG, CODEC_CONFIG, ID_CONFIG, TAGS_CONFIG, TYPE_CONFIG);
    }

    public static Collection<PluginConfigSpec<?>> commonInputSettings(Collection<PluginConfigSpec<?>> settings) {
        return combine(settings, commonInputSettings());
    }

    public static Collection<PluginConfigSpec<?>> commonOutputSettings() {
        return Arrays.asList(ENABLE_METRIC_CONFIG, CODEC_CONFIG, ID_CONFIG);
    }

    public static Collection<PluginConfigSpec<?>> commonOutputSettings(Collection<PluginConfigSpec<?>> settings) {
        return combine(settings, commonOutputSettings());
    }

    public static Collection<PluginConfigSpec<?>> commonFilterSettings() {
        return Arrays.asList(ADD_FIELD_CONFIG, ADD_TAG_CONFIG, ENABLE_METRIC_CONFIG, ID_CONFIG,
                PERIODIC_FLUSH_CONFIG, REMOVE_FIELD_CONFIG, REMOVE_TAG_CONFIG);
    }

    public static Collection<PluginConfigSpec<?>> commonFilterSettings(Collection<PluginConfigSpec<?>> settings) {
        return combine(settings, commonFilterSettings());
    }

    /** The plugin's own settings first, then each common one whose name the plugin does not already use. */
    private static Collection<PluginConfigSpec<?>> combine(Collection<PluginConfigSpec<?>> own,
                                                           Collection<PluginConfigSpec<?>> common) {
        List<PluginConfigSpec<?>> all = new ArrayList<>(own);
        for (PluginConfigSpec<?> spec : common) {
            boolean present = own.stream().anyMatch(s -> s.name().equals(spec.name()));
            if (!present) {
                all.add(spec);
            }
        }
        return all;
    }
}

package org.elkflow.infraenrich.filter;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.PluginConfigSpec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter's settings, read and validated once when the plugin is created. An invalid value fails the
 * pipeline start with a message naming the setting and the value.
 */
final class InfraEnrichSettings {

    static final List<Object> DEFAULT_IP_FIELDS = List.of("[source][ip]", "[destination][ip]", "[observer][ip]");

    static final PluginConfigSpec<List<Object>> INVENTORY =
            PluginConfigSpec.arraySetting("inventory", List.of(), false, false);
    static final PluginConfigSpec<String> INVENTORY_URL = PluginConfigSpec.stringSetting("inventory_url");
    static final PluginConfigSpec<Long> INVENTORY_URL_TIMEOUT = PluginConfigSpec.numSetting("inventory_url_timeout", 10);
    static final PluginConfigSpec<Long> RELOAD_INTERVAL = PluginConfigSpec.numSetting("reload_interval", 30);
    static final PluginConfigSpec<String> GEOIP_DATABASE = PluginConfigSpec.stringSetting("geoip_database");
    static final PluginConfigSpec<String> ASN_DATABASE = PluginConfigSpec.stringSetting("asn_database");
    static final PluginConfigSpec<List<Object>> IP_FIELDS =
            PluginConfigSpec.arraySetting("ip_fields", DEFAULT_IP_FIELDS, false, false);
    static final PluginConfigSpec<List<Object>> ADDITIONAL_IP_FIELDS =
            PluginConfigSpec.arraySetting("additional_ip_fields", List.of(), false, false);
    static final PluginConfigSpec<Map<String, Object>> TARGETS =
            PluginConfigSpec.hashSetting("targets", Map.of(), false, false);
    static final PluginConfigSpec<List<Object>> TAG_ON_FAILURE =
            PluginConfigSpec.arraySetting("tag_on_failure", List.of("_infraenrich_failure"), false, false);
    static final PluginConfigSpec<Long> CACHE_SIZE = PluginConfigSpec.numSetting("cache_size", 100_000);
    static final PluginConfigSpec<Long> CACHE_TTL = PluginConfigSpec.numSetting("cache_ttl", 3600);
    static final PluginConfigSpec<Boolean> COMMUNITY_ID = PluginConfigSpec.booleanSetting("community_id", true);
    static final PluginConfigSpec<Long> COMMUNITY_ID_SEED = PluginConfigSpec.numSetting("community_id_seed", 0);
    static final PluginConfigSpec<String> COMMUNITY_ID_TARGET =
            PluginConfigSpec.stringSetting("community_id_target", "[network][community_id]");

    static final List<PluginConfigSpec<?>> OWN_SETTINGS = List.of(INVENTORY, INVENTORY_URL, INVENTORY_URL_TIMEOUT,
            RELOAD_INTERVAL, GEOIP_DATABASE, ASN_DATABASE, IP_FIELDS, ADDITIONAL_IP_FIELDS, TARGETS, TAG_ON_FAILURE,
            CACHE_SIZE, CACHE_TTL, COMMUNITY_ID, COMMUNITY_ID_SEED, COMMUNITY_ID_TARGET);

    /** An IP field and the object its infra/geo/as go under. */
    record IpField(String field, String target) { }

    final List<Path> inventoryFiles;
    final URI inventoryUrl;
    final Duration inventoryUrlTimeout;
    final Duration reloadInterval;
    final Path geoipDatabase;
    final Path asnDatabase;
    final List<IpField> ipFields;
    final List<String> tagOnFailure;
    final long cacheSize;
    final Duration cacheTtl;
    final boolean communityId;
    final int communityIdSeed;
    final String communityIdTarget;

    private InfraEnrichSettings(Configuration config) {
        List<Path> files = new ArrayList<>();
        for (Object o : list(config, INVENTORY)) {
            String s = text(INVENTORY, o);
            files.add(Path.of(s));
        }
        inventoryFiles = List.copyOf(files);
        String url = config.get(INVENTORY_URL);
        if (url == null || url.isBlank()) {
            inventoryUrl = null;
        } else {
            URI u;
            try {
                u = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw invalid(INVENTORY_URL, url, "is not a URL");
            }
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
                throw invalid(INVENTORY_URL, url, "must be an http:// or https:// URL serving JSON lines");
            }
            inventoryUrl = u;
        }
        inventoryUrlTimeout = Duration.ofSeconds(positive(config, INVENTORY_URL_TIMEOUT, 1, 3600));
        reloadInterval = Duration.ofSeconds(positive(config, RELOAD_INTERVAL, 0, 86_400));
        geoipDatabase = optionalPath(config.get(GEOIP_DATABASE));
        asnDatabase = optionalPath(config.get(ASN_DATABASE));

        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, Object> rawTargets = config.get(TARGETS);
        if (rawTargets != null) {
            rawTargets.forEach((k, v) -> targets.put(reference(TARGETS, k), reference(TARGETS, text(TARGETS, v))));
        }
        Map<String, IpField> fields = new LinkedHashMap<>();
        for (PluginConfigSpec<List<Object>> spec : List.of(IP_FIELDS, ADDITIONAL_IP_FIELDS)) {
            for (Object o : list(config, spec)) {
                String field = reference(spec, text(spec, o));
                String target = targets.get(field);
                if (target == null) {
                    target = defaultTarget(field);
                    if (target == null) {
                        throw invalid(spec, o, "does not end in [ip] or [address], so add it to 'targets' with the "
                                + "object its infra/geo/as fields go under, e.g. targets => {\"" + field
                                + "\" => \"[client]\"}");
                    }
                }
                fields.put(field, new IpField(field, target));
            }
        }
        for (String k : targets.keySet()) {
            if (!fields.containsKey(k)) {
                throw invalid(TARGETS, k, "is not listed in ip_fields or additional_ip_fields");
            }
        }
        ipFields = List.copyOf(fields.values());

        List<String> tags = new ArrayList<>();
        for (Object o : list(config, TAG_ON_FAILURE)) {
            tags.add(text(TAG_ON_FAILURE, o));
        }
        tagOnFailure = List.copyOf(tags);
        cacheSize = positive(config, CACHE_SIZE, 0, 100_000_000);
        cacheTtl = Duration.ofSeconds(positive(config, CACHE_TTL, 1, 365L * 86_400));
        Boolean cid = config.get(COMMUNITY_ID);
        communityId = cid == null || cid;
        communityIdSeed = (int) positive(config, COMMUNITY_ID_SEED, 0, 65_535);
        communityIdTarget = reference(COMMUNITY_ID_TARGET, config.get(COMMUNITY_ID_TARGET));

        if (inventoryFiles.isEmpty() && inventoryUrl == null && geoipDatabase == null && asnDatabase == null
                && !communityId) {
            throw new IllegalArgumentException("infraenrich: nothing to do: set at least one of 'inventory', "
                    + "'inventory_url', 'geoip_database', 'asn_database' or 'community_id'");
        }
    }

    static InfraEnrichSettings from(Configuration config) {
        return new InfraEnrichSettings(config);
    }

    /** "[source][ip]" → "[source]"; "[host][address]" → "[host]"; a top-level field has no default target. */
    static String defaultTarget(String field) {
        for (String suffix : List.of("[ip]", "[address]")) {
            if (field.endsWith(suffix) && field.length() > suffix.length()) {
                return field.substring(0, field.length() - suffix.length());
            }
        }
        return null;
    }

    /** A Logstash field reference; a bare name such as "client_ip" becomes "[client_ip]". */
    private static String reference(PluginConfigSpec<?> spec, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw invalid(spec, value, "must be a field reference such as \"[source][ip]\"");
        }
        if (!v.startsWith("[")) {
            if (v.contains("[") || v.contains("]")) {
                throw invalid(spec, value, "is not a valid field reference");
            }
            return "[" + v + "]";
        }
        if (!v.matches("(\\[[^\\[\\]]+\\])+")) {
            throw invalid(spec, value, "is not a valid field reference (expected [a][b]…)");
        }
        return v;
    }

    private static Path optionalPath(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    private static List<Object> list(Configuration config, PluginConfigSpec<List<Object>> spec) {
        Object raw = config.get(spec);
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(raw); // a single string where a list was expected: Logstash does the same
    }

    private static String text(PluginConfigSpec<?> spec, Object o) {
        if (!(o instanceof String s) || s.isBlank()) {
            throw invalid(spec, o, "entries must be non-empty strings");
        }
        return s;
    }

    private static long positive(Configuration config, PluginConfigSpec<Long> spec, long min, long max) {
        Object raw = config.get(spec);
        if (!(raw instanceof Number n) || n.longValue() < min || n.longValue() > max) {
            throw invalid(spec, raw, "must be a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    static IllegalArgumentException invalid(PluginConfigSpec<?> spec, Object value, String why) {
        return new IllegalArgumentException(
                "infraenrich: invalid setting '" + spec.name() + "' => " + quote(value) + ": " + why);
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}

package org.elkflow.percentiles.ingest;

import org.elasticsearch.ingest.AbstractProcessor;
import org.elasticsearch.ingest.ConfigurationUtils;
import org.elasticsearch.ingest.IngestDocument;
import org.elasticsearch.ingest.Processor;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.elkflow.percentiles.extract.BoundedRegex;
import org.elkflow.percentiles.extract.DurationUnit;
import org.elkflow.percentiles.extract.KeyValueStatements;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest processor {@code latency_extract}, the first step of an application-latency pipeline: parses a message
 * made of several statements (key=value, JSON, or a user regex with named groups), and writes per statement the
 * transaction type and its response time(s) in milliseconds, plus the same times grouped by type as arrays that
 * the {@code percentiles} and {@code histogram} processors take as input:
 *
 * <pre>
 * "message": "type=payment rt=120ms os=ios; type=search rt=0.8s; type=payment rt=95"
 *   → "latency": {
 *        "statements": [{"type": "payment", "rt": 120.0, "os": "ios"}, {"type": "search", "rt": 800.0},
 *                       {"type": "payment", "rt": 95.0}],
 *        "by_type": {"payment": {"rt": [120.0, 95.0]}, "search": {"rt": [800.0]}},
 *        "count": 3 }
 * </pre>
 */
public final class LatencyExtractProcessor extends AbstractProcessor {

    public static final String TYPE = "latency_extract";

    static final List<String> DEFAULT_TIME_KEYS = List.of("rt", "duration", "response_time");
    static final long DEFAULT_MAX_REGEX_STEPS = 1_000_000;

    enum Format {
        KV, JSON, REGEX
    }

    private final String field;
    private final String targetField;
    private final Format format;
    private final KeyValueStatements keyValues;
    private final BoundedRegex regex;
    private final String typeKey;
    private final List<String> timeKeys;
    private final String unitKey;
    private final List<String> keepKeys;
    private final DurationUnit defaultUnit;
    private final String defaultType;
    private final boolean ignoreMissing;

    LatencyExtractProcessor(String tag, String description, String field, String targetField, Format format,
                            KeyValueStatements keyValues, BoundedRegex regex, String typeKey, List<String> timeKeys,
                            String unitKey, List<String> keepKeys, DurationUnit defaultUnit, String defaultType,
                            boolean ignoreMissing) {
        super(tag, description);
        this.field = field;
        this.targetField = targetField;
        this.format = format;
        this.keyValues = keyValues;
        this.regex = regex;
        this.typeKey = typeKey;
        this.timeKeys = timeKeys;
        this.unitKey = unitKey;
        this.keepKeys = keepKeys;
        this.defaultUnit = defaultUnit;
        this.defaultType = defaultType;
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        Object value = document.getFieldValue(field, Object.class, ignoreMissing);
        if (value == null) {
            if (ignoreMissing) {
                return document;
            }
            throw new IllegalArgumentException("field [" + field + "] is null; a message string is needed");
        }
        if (!(value instanceof String message)) {
            throw new IllegalArgumentException("field [" + field + "] is of type [" + Samples.typeName(value)
                    + "], but a message string is needed");
        }
        List<? extends Map<String, ?>> statements = switch (format) {
            case KV -> keyValues.parse(message);
            case JSON -> parseJson(message);
            case REGEX -> matchRegex(message);
        };
        List<Map<String, Object>> out = new ArrayList<>(statements.size());
        Map<String, Object> byType = new LinkedHashMap<>();
        for (int s = 0; s < statements.size(); s++) {
            Map<String, ?> statement = statements.get(s);
            Map<String, Object> row = null;
            for (String key : timeKeys) {
                Object raw = lookup(statement, key);
                if (raw == null) {
                    continue;
                }
                if (row == null) {
                    row = new LinkedHashMap<>();
                    row.put("type", typeOf(statement));
                }
                row.put(key, millis(statement, s, key, raw));
            }
            if (row == null) {
                continue; // a statement without a response time (e.g. a plain log line)
            }
            for (String key : keepKeys) {
                Object kept = lookup(statement, key);
                if (kept != null && !row.containsKey(key)) {
                    row.put(key, kept instanceof Map || kept instanceof List ? kept : String.valueOf(kept));
                }
            }
            out.add(row);
            @SuppressWarnings("unchecked")
            Map<String, Object> times = (Map<String, Object>) byType.computeIfAbsent((String) row.get("type"),
                    t -> new LinkedHashMap<String, Object>());
            for (String key : timeKeys) {
                Object ms = row.get(key);
                if (ms != null) {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) times.computeIfAbsent(key, k -> new ArrayList<>());
                    list.add(ms);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("field [" + field + "] has no statement with a response time "
                    + timeKeys + " (" + statements.size() + " statement(s) parsed as " + format.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("statements", out);
        target.put("by_type", byType);
        target.put("count", out.size());
        document.setFieldValue(targetField, target);
        return document;
    }

    private String typeOf(Map<String, ?> statement) {
        Object raw = lookup(statement, typeKey);
        String type = raw == null ? "" : String.valueOf(raw).trim();
        if (type.isEmpty()) {
            return defaultType;
        }
        // a type becomes a field name under by_type: no dots (they would nest objects)
        return type.replace('.', '_');
    }

    private double millis(Map<String, ?> statement, int position, String key, Object raw) {
        DurationUnit unit = defaultUnit;
        Object unitText = unitKey == null ? null : lookup(statement, unitKey);
        if (unitText != null) {
            unit = DurationUnit.forSymbol(String.valueOf(unitText).trim());
            if (unit == null) {
                throw new IllegalArgumentException("field [" + field + "] statement [" + position + "] key [" + unitKey
                        + "]: [" + unitText + "] is not a time unit; known: ns, us, ms, s, m");
            }
        }
        if (raw instanceof Number number) {
            double amount = number.doubleValue();
            if (!Double.isFinite(amount) || amount < 0) {
                throw new IllegalArgumentException("field [" + field + "] statement [" + position + "] key [" + key
                        + "]: [" + raw + "] is not a finite, non-negative duration");
            }
            return unit.toMillis(amount);
        }
        try {
            return DurationUnit.parseMillis(String.valueOf(raw), unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field [" + field + "] statement [" + position + "] key [" + key + "]: "
                    + e.getMessage());
        }
    }

    /** A key of a statement; a dotted key also walks nested JSON objects. */
    private static Object lookup(Map<String, ?> statement, String key) {
        Object direct = statement.get(key);
        if (direct != null || key.indexOf('.') < 0) {
            return direct;
        }
        Object current = statement;
        for (String part : key.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private List<Map<String, Object>> parseJson(String message) {
        List<Map<String, Object>> statements = new ArrayList<>();
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(XContentParserConfiguration.EMPTY, message)) {
            XContentParser.Token token;
            while ((token = parser.nextToken()) != null) {
                if (token == XContentParser.Token.START_OBJECT) {
                    statements.add(parser.map());
                } else if (token == XContentParser.Token.START_ARRAY) {
                    while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
                        if (token != XContentParser.Token.START_OBJECT) {
                            throw new IllegalArgumentException("field [" + field + "] array element ["
                                    + statements.size() + "] is not a JSON object");
                        }
                        statements.add(parser.map());
                    }
                } else {
                    throw new IllegalArgumentException("field [" + field + "] statement [" + statements.size()
                            + "] is not a JSON object or array");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("field [")) {
                throw iae;
            }
            throw new IllegalArgumentException("field [" + field + "] is not valid JSON after statement ["
                    + statements.size() + "]: " + e.getMessage(), e);
        }
        return statements;
    }

    private List<Map<String, String>> matchRegex(String message) {
        try {
            return regex.findAll(message);
        } catch (BoundedRegex.BudgetExceededException e) {
            throw new IllegalArgumentException("field [" + field + "]: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("field [" + field + "]: the pattern recursed too deeply on a message of "
                    + message.length() + " characters");
        }
    }

    @Override
    public String getType() {
        return TYPE;
    }

    Format format() {
        return format;
    }

    List<String> timeKeys() {
        return timeKeys;
    }

    /** Reads and checks the processor configuration once, when a pipeline is created; the regex is compiled here. */
    public static final class Factory implements Processor.Factory {

        @Override
        public LatencyExtractProcessor create(Map<String, Processor.Factory> processorFactories, String tag,
                                              String description, Map<String, Object> config) {
            String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field", "message");
            String targetField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_field", "latency");
            String formatName = ConfigurationUtils.readStringProperty(TYPE, tag, config, "format", "kv");
            Format format = switch (formatName) {
                case "kv" -> Format.KV;
                case "json" -> Format.JSON;
                case "regex" -> Format.REGEX;
                default -> throw ConfigurationUtils.newConfigurationException(TYPE, tag, "format",
                        "[" + formatName + "] is not supported; use [kv], [json] or [regex]");
            };
            String typeKey = ConfigurationUtils.readStringProperty(TYPE, tag, config, "type_key", "type");
            List<String> timeKeys = readKeys(tag, config, "time_keys", DEFAULT_TIME_KEYS);
            String unitKey = ConfigurationUtils.readStringProperty(TYPE, tag, config, "unit_key", "unit");
            List<String> keepKeys = readKeys(tag, config, "keep_keys", List.of());
            String unitName = ConfigurationUtils.readStringProperty(TYPE, tag, config, "default_unit", "ms");
            DurationUnit defaultUnit = DurationUnit.forSymbol(unitName);
            if (defaultUnit == null) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "default_unit",
                        "[" + unitName + "] is not a time unit; use [ns], [us], [ms], [s] or [m]");
            }
            String defaultType = ConfigurationUtils.readStringProperty(TYPE, tag, config, "default_type", "unknown");
            String separators = ConfigurationUtils.readStringProperty(TYPE, tag, config, "statement_separator", ";");
            String pattern = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, "pattern");
            Integer maxSteps = ConfigurationUtils.readIntProperty(TYPE, tag, config, "max_regex_steps",
                    (int) DEFAULT_MAX_REGEX_STEPS);
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);

            BoundedRegex regex = null;
            if (format == Format.REGEX) {
                if (pattern == null) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "pattern",
                            "is required with format [regex]");
                }
                if (maxSteps == null || maxSteps < 1000) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "max_regex_steps",
                            "[" + maxSteps + "] must be at least 1000");
                }
                try {
                    regex = new BoundedRegex(pattern, maxSteps);
                } catch (IllegalArgumentException e) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "pattern", e.getMessage());
                }
                if (regex.groupNames().stream().noneMatch(timeKeys::contains)) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "pattern",
                            "has no named group for a response time; name one after a [time_keys] entry "
                                    + timeKeys + ", e.g. (?<" + timeKeys.get(0) + ">[0-9.]+)");
                }
            } else if (pattern != null) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "pattern",
                        "is only valid with format [regex]");
            }
            if (separators.isEmpty() && format == Format.KV) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "statement_separator",
                        "must not be empty (newlines always separate statements)");
            }
            KeyValueStatements keyValues = format == Format.KV ? new KeyValueStatements(separators) : null;
            return new LatencyExtractProcessor(tag, description, field, targetField, format, keyValues, regex, typeKey,
                    timeKeys, unitKey, keepKeys, defaultUnit, defaultType, ignoreMissing);
        }

        private static List<String> readKeys(String tag, Map<String, Object> config, String name, List<String> defaults) {
            if (!config.containsKey(name)) {
                return defaults;
            }
            List<String> keys = ConfigurationUtils.readOptionalListOrString(TYPE, tag, config, name);
            if (keys.isEmpty() && !defaults.isEmpty()) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, name, "must list at least one key");
            }
            for (Object key : keys) {
                if (!(key instanceof String s) || s.isBlank()) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, name,
                            "[" + Samples.show(key) + "] is not a key name");
                }
            }
            return List.copyOf(keys);
        }
    }
}

package org.elkflow.retention.policy;

import org.elkflow.retention.policy.RetentionPolicy.AlertSpec;
import org.elkflow.retention.policy.RetentionPolicy.DeletePhase;
import org.elkflow.retention.policy.RetentionPolicy.RateSpec;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RetentionPolicy.WarmPhase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a policy from its JSON form (maps, lists, strings, numbers, booleans) and validates it completely: every
 * problem is collected, each naming the dotted key and the bad value, and unknown keys are rejected.
 */
public final class PolicyParser {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");
    private static final Set<String> METRICS = Set.of("sum", "min", "max", "avg", "value_count");
    private static final Set<String> OPERATORS = Set.of("gt", "gte", "lt", "lte");
    static final long DAY = 86_400_000L;

    private final List<String> errors = new ArrayList<>();

    private PolicyParser() {
    }

    /** Parses and validates; throws {@link PolicyValidationException} listing every error. */
    public static RetentionPolicy parse(String name, Map<String, ?> source) {
        PolicyParser p = new PolicyParser();
        RetentionPolicy policy = p.policy(name, source);
        if (!p.errors.isEmpty()) {
            throw new PolicyValidationException(name, p.errors);
        }
        return policy;
    }

    /** The key a percentile is stored under in rollup documents: 95 to p95, 99.9 to p99_9. */
    public static String percentKey(double percent) {
        String s = percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
        return "p" + s.replace('.', '_');
    }

    private RetentionPolicy policy(String name, Map<String, ?> src) {
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add("[name] invalid policy name [" + name + "]: use lowercase letters, digits, '_', '-', '.'");
        }
        if (src == null) {
            errors.add("[policy] body is required");
            return null;
        }
        known("", src, "index_patterns", "index_date", "time_field", "phases", "rollups", "alerts", "description");
        List<String> patterns = stringList("index_patterns", src.get("index_patterns"), true);
        IndexDate indexDate = indexDate(src.get("index_date"));
        String timeField = src.containsKey("time_field") ? string("time_field", src.get("time_field")) : "@timestamp";
        if (src.containsKey("description")) {
            string("description", src.get("description"));
        }
        WarmPhase warm = null;
        DeletePhase delete = null;
        Map<String, ?> phases = map("phases", src.get("phases"), false);
        if (phases != null) {
            known("phases", phases, "warm", "delete");
            warm = warm(map("phases.warm", phases.get("warm"), false));
            Map<String, ?> del = map("phases.delete", phases.get("delete"), false);
            if (del != null) {
                known("phases.delete", del, "min_age");
                TimeSpan age = span("phases.delete.min_age", del.get("min_age"), true);
                delete = age == null ? null : new DeletePhase(age);
            }
            if (warm != null && delete != null && warm.minAge().millis() >= delete.minAge().millis()) {
                errors.add("[phases.delete.min_age] [" + delete.minAge() + "] must be greater than phases.warm.min_age ["
                        + warm.minAge() + "]");
            }
        }
        List<RollupSpec> rollups = new ArrayList<>();
        List<?> rollupList = list("rollups", src.get("rollups"));
        Set<String> rollupNames = new HashSet<>();
        for (int i = 0; i < rollupList.size(); i++) {
            RollupSpec r = rollup("rollups[" + i + "]", map("rollups[" + i + "]", rollupList.get(i), true), patterns, rollups);
            if (r != null) {
                if (!rollupNames.add(r.name())) {
                    errors.add("[rollups[" + i + "].name] duplicate rollup name [" + r.name() + "]");
                }
                rollups.add(r);
            }
        }
        // a rollup whose percentile or digest fields a cascade merges must keep its digests
        for (int i = 0; i < rollups.size(); i++) {
            RollupSpec r = rollups.get(i);
            boolean merged = rollups.stream().anyMatch(c -> r.name().equals(c.sourceRollup()) && !c.digestFields().isEmpty());
            if (merged && !r.keepDigests()) {
                rollups.set(i, r.keepingDigests());
            }
        }
        List<AlertSpec> alerts = new ArrayList<>();
        List<?> alertList = list("alerts", src.get("alerts"));
        for (int i = 0; i < alertList.size(); i++) {
            AlertSpec a = alert("alerts[" + i + "]", map("alerts[" + i + "]", alertList.get(i), true), rollups);
            if (a != null) {
                alerts.add(a);
            }
        }
        if (warm == null && delete == null && rollups.isEmpty()) {
            errors.add("[phases] a policy needs at least a warm or delete phase or a rollup");
        }
        return new RetentionPolicy(name, patterns, indexDate, timeField, warm, delete, List.copyOf(rollups),
                List.copyOf(alerts));
    }

    private IndexDate indexDate(Object value) {
        Map<String, ?> m = map("index_date", value, false);
        if (m == null) {
            return IndexDate.fromName(IndexDate.DEFAULT_FORMAT);
        }
        known("index_date", m, "source", "format");
        String source = m.containsKey("source") ? string("index_date.source", m.get("source")) : "name";
        if ("creation_date".equals(source)) {
            if (m.containsKey("format")) {
                errors.add("[index_date.format] only applies to source [name]");
            }
            return IndexDate.creationDate();
        }
        if (source != null && !"name".equals(source)) {
            errors.add("[index_date.source] unknown value [" + source + "]: expected [name] or [creation_date]");
        }
        String format = m.containsKey("format") ? string("index_date.format", m.get("format")) : IndexDate.DEFAULT_FORMAT;
        if (format != null) {
            try {
                IndexDate.formatter(format);
            } catch (IllegalArgumentException e) {
                errors.add("[index_date.format] invalid date format [" + format + "]: " + e.getMessage());
            }
        }
        return IndexDate.fromName(format == null ? IndexDate.DEFAULT_FORMAT : format);
    }

    private WarmPhase warm(Map<String, ?> m) {
        if (m == null) {
            return null;
        }
        known("phases.warm", m, "min_age", "allocate", "force_merge", "write_block");
        TimeSpan age = span("phases.warm.min_age", m.get("min_age"), true);
        Map<String, String> require = new TreeMap<>();
        Integer replicas = null;
        Map<String, ?> alloc = map("phases.warm.allocate", m.get("allocate"), false);
        if (alloc != null) {
            known("phases.warm.allocate", alloc, "require", "number_of_replicas");
            Map<String, ?> req = map("phases.warm.allocate.require", alloc.get("require"), false);
            if (req != null) {
                req.forEach((k, v) -> {
                    String s = string("phases.warm.allocate.require." + k, v);
                    if (s != null) {
                        require.put(k, s);
                    }
                });
            }
            replicas = integer("phases.warm.allocate.number_of_replicas", alloc.get("number_of_replicas"), 0, false);
        }
        Integer segments = null;
        Map<String, ?> fm = map("phases.warm.force_merge", m.get("force_merge"), false);
        if (fm != null) {
            known("phases.warm.force_merge", fm, "max_num_segments");
            segments = integer("phases.warm.force_merge.max_num_segments", fm.get("max_num_segments"), 1, true);
        }
        boolean block = bool("phases.warm.write_block", m.get("write_block"), false);
        return age == null ? null : new WarmPhase(age, Map.copyOf(require), replicas, segments, block);
    }

    private RollupSpec rollup(String key, Map<String, ?> m, List<String> policyPatterns, List<RollupSpec> earlier) {
        if (m == null) {
            return null;
        }
        known(key, m, "name", "source", "source_rollup", "interval", "group_by", "metrics", "rates", "percentiles", "digests",
                "target", "delay", "keep_digests");
        boolean keepDigests = bool(key + ".keep_digests", m.get("keep_digests"), false);
        String name = string(key + ".name", m.get("name"));
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add("[" + key + ".name] invalid rollup name [" + name + "]");
        }
        List<String> sources = m.containsKey("source")
                ? (m.get("source") instanceof String s ? List.of(s) : stringList(key + ".source", m.get("source"), true))
                : policyPatterns;
        TimeSpan interval = span(key + ".interval", m.get("interval"), true);
        if (interval != null && (interval.millis() < 1000 || DAY % interval.millis() != 0)) {
            errors.add("[" + key + ".interval] [" + interval + "] must be at least 1s and divide a day evenly (5m, 15m, 1h, 1d)");
        }
        List<String> groupBy = m.containsKey("group_by") ? stringList(key + ".group_by", m.get("group_by"), false) : List.of();
        Map<String, List<String>> metrics = new LinkedHashMap<>();
        Map<String, ?> mm = map(key + ".metrics", m.get("metrics"), false);
        if (mm != null) {
            mm.forEach((field, v) -> {
                List<String> names = stringList(key + ".metrics." + field, v, true);
                for (String n : names) {
                    if (!METRICS.contains(n)) {
                        errors.add("[" + key + ".metrics." + field + "] unknown metric [" + n + "]: expected one of "
                                + new java.util.TreeSet<>(METRICS));
                    }
                }
                metrics.put(field, List.copyOf(names));
            });
        }
        List<RateSpec> rates = new ArrayList<>();
        List<?> rl = list(key + ".rates", m.get("rates"));
        for (int i = 0; i < rl.size(); i++) {
            String rk = key + ".rates[" + i + "]";
            Map<String, ?> r = map(rk, rl.get(i), true);
            if (r != null) {
                known(rk, r, "name", "field", "multiplier");
                String rn = string(rk + ".name", r.get("name"));
                String rf = string(rk + ".field", r.get("field"));
                double mul = r.containsKey("multiplier") ? number(rk + ".multiplier", r.get("multiplier")) : 1.0;
                if (rn != null && rf != null) {
                    rates.add(new RateSpec(rn, rf, mul));
                }
            }
        }
        Map<String, double[]> percentiles = percents(key + ".percentiles", m.get("percentiles"));
        Map<String, double[]> digests = percents(key + ".digests", m.get("digests"));
        // a digest field holds base64 strings, not numbers, and its rollup object is {p.., count, min, max, digest}:
        // it cannot also be aggregated as a number, or two definitions would write the same object
        Map<String, Predicate<String>> numericUses = new LinkedHashMap<>();
        numericUses.put("percentiles", percentiles::containsKey);
        numericUses.put("metrics", metrics::containsKey);
        numericUses.put("rates", field -> rates.stream().anyMatch(r -> r.field().equals(field)));
        for (String field : digests.keySet()) {
            numericUses.forEach((other, uses) -> {
                if (uses.test(field)) {
                    errors.add("[" + key + ".digests." + field + "] [" + field + "] is also used in " + other
                            + "; a digest field holds serialized t-digests (base64), not numbers");
                }
            });
        }
        if (metrics.isEmpty() && rates.isEmpty() && percentiles.isEmpty() && digests.isEmpty()) {
            errors.add("[" + key + "] needs at least one of metrics, rates, percentiles or digests");
        }
        String target = string(key + ".target", m.get("target"));
        if (target != null) {
            String plain = target.replace("{yyyy.MM.dd}", "").replace("{yyyy.MM}", "").replace("{yyyy}", "");
            if (plain.isEmpty() || !plain.equals(plain.toLowerCase(Locale.ROOT)) || plain.matches(".*[*{}\\\\/?\"<>| ,#:].*")
                    || target.startsWith("_") || target.startsWith("-")) {
                errors.add("[" + key + ".target] invalid index name [" + target + "]: lowercase, no wildcards; only "
                        + "{yyyy.MM.dd}, {yyyy.MM} or {yyyy} may be substituted");
            }
        }
        TimeSpan delay = m.containsKey("delay") ? span(key + ".delay", m.get("delay"), true) : TimeSpan.parse("1m");
        String sourceRollup = null;
        if (m.containsKey("source_rollup")) {
            sourceRollup = string(key + ".source_rollup", m.get("source_rollup"));
            if (m.containsKey("source")) {
                errors.add("[" + key + ".source] cannot be combined with source_rollup");
            }
            RollupSpec fine = null;
            for (RollupSpec e : earlier) {
                if (e.name().equals(sourceRollup)) {
                    fine = e;
                }
            }
            if (sourceRollup != null && fine == null) {
                errors.add("[" + key + ".source_rollup] [" + sourceRollup + "] is not a rollup listed before this one");
            }
            if (fine != null) {
                sources = List.of(fine.targetPattern());
                cascadeChecks(key, fine, interval, groupBy, metrics, rates, percentiles, digests);
            }
        }
        if (name == null || interval == null || target == null || delay == null) {
            return null;
        }
        return new RollupSpec(name, sources, interval, groupBy, Map.copyOf(metrics), List.copyOf(rates),
                Collections.unmodifiableMap(percentiles), Collections.unmodifiableMap(digests), target, delay, sourceRollup,
                keepDigests);
    }

    /** A cascade must be derivable exactly from its finer rollup. */
    private void cascadeChecks(String key, RollupSpec fine, TimeSpan interval, List<String> groupBy,
                               Map<String, List<String>> metrics, List<RateSpec> rates, Map<String, double[]> percentiles,
                               Map<String, double[]> digests) {
        if (interval != null && (interval.millis() <= fine.interval().millis() || interval.millis() % fine.interval().millis() != 0)) {
            errors.add("[" + key + ".interval] [" + interval + "] must be a multiple of source rollup interval [" + fine.interval() + "]");
        }
        for (String g : groupBy) {
            if (!fine.groupBy().contains(g)) {
                errors.add("[" + key + ".group_by] [" + g + "] is not a group of source rollup [" + fine.name() + "]");
            }
        }
        Map<String, java.util.Set<String>> available = new java.util.HashMap<>();
        fine.metrics().forEach((f, ms) -> available.computeIfAbsent(f, x -> new HashSet<>()).addAll(ms));
        for (RateSpec r : fine.rates()) {
            available.computeIfAbsent(r.field(), x -> new HashSet<>()).add("sum");
        }
        metrics.forEach((field, ms) -> {
            java.util.Set<String> have = available.getOrDefault(field, Set.of());
            for (String metric : ms) {
                List<String> needs = "avg".equals(metric) ? List.of("sum", "value_count") : List.of(metric);
                for (String n : needs) {
                    if (!have.contains(n)) {
                        errors.add("[" + key + ".metrics." + field + "] [" + metric + "] needs [" + n + "] of [" + field
                                + "] in source rollup [" + fine.name() + "]");
                    }
                }
            }
        });
        for (RateSpec r : rates) {
            if (!available.getOrDefault(r.field(), Set.of()).contains("sum")) {
                errors.add("[" + key + ".rates] rate [" + r.name() + "] needs the sum of [" + r.field() + "] in source rollup ["
                        + fine.name() + "]");
            }
        }
        for (String field : percentiles.keySet()) {
            if (!fine.percentiles().containsKey(field)) {
                errors.add("[" + key + ".percentiles." + field + "] source rollup [" + fine.name()
                        + "] keeps no t-digest of [" + field + "]");
            }
        }
        for (String field : digests.keySet()) {
            if (!fine.digests().containsKey(field)) {
                errors.add("[" + key + ".digests." + field + "] source rollup [" + fine.name()
                        + "] merges no digests of [" + field + "] (list it under the source rollup's digests)");
            }
        }
    }

    private AlertSpec alert(String key, Map<String, ?> m, List<RollupSpec> rollups) {
        if (m == null) {
            return null;
        }
        known(key, m, "name", "rollup", "metric", "operator", "threshold", "consecutive_windows", "index");
        String name = string(key + ".name", m.get("name"));
        String rollup = string(key + ".rollup", m.get("rollup"));
        String metric = string(key + ".metric", m.get("metric"));
        String op = m.containsKey("operator") ? string(key + ".operator", m.get("operator")) : "gt";
        if (op != null && !OPERATORS.contains(op)) {
            errors.add("[" + key + ".operator] unknown operator [" + op + "]: expected one of " + new java.util.TreeSet<>(OPERATORS));
        }
        double threshold = number(key + ".threshold", m.get("threshold"));
        Integer windows = m.containsKey("consecutive_windows")
                ? integer(key + ".consecutive_windows", m.get("consecutive_windows"), 1, true) : Integer.valueOf(1);
        String index = m.containsKey("index") ? string(key + ".index", m.get("index")) : "retention-alerts";
        RollupSpec spec = rollups.stream().filter(r -> r.name().equals(rollup)).findFirst().orElse(null);
        if (rollup != null && spec == null) {
            errors.add("[" + key + ".rollup] unknown rollup [" + rollup + "]");
        }
        if (spec != null && metric != null && !RollupFields.produced(spec).contains(metric)) {
            errors.add("[" + key + ".metric] rollup [" + rollup + "] does not produce [" + metric + "]: it produces "
                    + RollupFields.produced(spec));
        }
        if (name == null || rollup == null || metric == null || op == null || windows == null) {
            return null;
        }
        return new AlertSpec(name, rollup, metric, op, threshold, windows, index);
    }

    /** {@code field -> [percent, ...]}, each percent in (0, 100), at least one per field (percentiles, digests). */
    private Map<String, double[]> percents(String key, Object value) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<String, ?> pm = map(key, value, false);
        if (pm == null) {
            return out;
        }
        pm.forEach((field, v) -> {
            if (field.isBlank()) {
                errors.add("[" + key + "] field names must not be empty");
            }
            List<?> ps = list(key + "." + field, v);
            double[] arr = new double[ps.size()];
            for (int i = 0; i < arr.length; i++) {
                double d = number(key + "." + field + "[" + i + "]", ps.get(i));
                if (!(d > 0 && d < 100)) {
                    errors.add("[" + key + "." + field + "[" + i + "]] [" + ps.get(i) + "] must be in (0, 100)");
                }
                arr[i] = d;
            }
            if (arr.length == 0) {
                errors.add("[" + key + "." + field + "] must list at least one percent");
            }
            out.put(field, arr);
        });
        return out;
    }

    // --- typed readers; each records an error naming key and value and returns null on a bad value

    private void known(String key, Map<String, ?> m, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : m.keySet()) {
            if (!ok.contains(k)) {
                errors.add("[" + (key.isEmpty() ? "" : key + ".") + k + "] unknown key; allowed: " + new java.util.TreeSet<>(ok));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> map(String key, Object v, boolean required) {
        if (v == null) {
            if (required) {
                errors.add("[" + key + "] is required");
            }
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, ?>) m;
        }
        errors.add("[" + key + "] must be an object, got [" + v + "]");
        return null;
    }

    private List<?> list(String key, Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        errors.add("[" + key + "] must be an array, got [" + v + "]");
        return List.of();
    }

    private List<String> stringList(String key, Object v, boolean nonEmpty) {
        if (v == null) {
            if (nonEmpty) {
                errors.add("[" + key + "] is required");
            }
            return List.of();
        }
        List<?> l = list(key, v);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String s = string(key + "[" + i + "]", l.get(i));
            if (s != null) {
                if (s.isBlank()) {
                    errors.add("[" + key + "[" + i + "]] must not be empty");
                } else {
                    out.add(s);
                }
            }
        }
        if (nonEmpty && v instanceof List<?> && l.isEmpty()) {
            errors.add("[" + key + "] must not be empty");
        }
        return List.copyOf(out);
    }

    private String string(String key, Object v) {
        if (v instanceof String s) {
            return s;
        }
        errors.add(v == null ? "[" + key + "] is required" : "[" + key + "] must be a string, got [" + v + "]");
        return null;
    }

    private TimeSpan span(String key, Object v, boolean required) {
        if (v == null) {
            if (required) {
                errors.add("[" + key + "] is required");
            }
            return null;
        }
        try {
            return TimeSpan.parse(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            errors.add("[" + key + "] invalid duration [" + v + "]: " + e.getMessage());
            return null;
        }
    }

    private Integer integer(String key, Object v, int min, boolean required) {
        if (v == null) {
            if (required) {
                errors.add("[" + key + "] is required");
            }
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= min
                && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        errors.add("[" + key + "] must be an integer >= " + min + ", got [" + v + "]");
        return null;
    }

    private double number(String key, Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        errors.add(v == null ? "[" + key + "] is required" : "[" + key + "] must be a number, got [" + v + "]");
        return Double.NaN;
    }

    private boolean bool(String key, Object v, boolean dflt) {
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        errors.add("[" + key + "] must be true or false, got [" + v + "]");
        return dflt;
    }
}

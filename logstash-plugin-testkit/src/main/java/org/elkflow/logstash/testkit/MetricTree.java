package org.elkflow.logstash.testkit;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The metric store behind every {@link TestMetric} of one {@link TestContext}: a tree of namespaces whose leaves
 * are counters, timers and gauges. Plugins fetch metric handles from several threads, so every node is a
 * concurrent map and creation is atomic ({@code computeIfAbsent}): the same name always yields the same handle.
 */
final class MetricTree {

    /** A gauge's current value. */
    static final class Gauge {
        volatile Object value;
    }

    private final ConcurrentMap<String, Object> root = new ConcurrentHashMap<>();

    /** The metric called {@code name} under {@code namespace}, created by {@code factory} if absent. */
    <M> M metric(String[] namespace, String name, Class<M> kind, Function<String, M> factory) {
        checkName(name);
        ConcurrentMap<String, Object> node = namespace(namespace, true);
        Object existing = node.computeIfAbsent(name, factory::apply);
        if (!kind.isInstance(existing)) {
            throw new IllegalStateException("Metric " + render(namespace) + "[" + name + "] is a "
                    + kindName(existing) + ", not a " + kindName(kind));
        }
        return kind.cast(existing);
    }

    /** The existing entry at {@code path} (namespace parts then metric name), or null. */
    Object find(String[] path) {
        try {
            ConcurrentMap<String, Object> node = namespace(Arrays.copyOf(path, path.length - 1), false);
            return node == null ? null : node.get(path[path.length - 1]);
        } catch (IllegalStateException | IllegalArgumentException notANamespace) {
            return null;
        }
    }

    /** Names present directly under {@code namespace}, for error messages. */
    String describe(String[] namespace) {
        ConcurrentMap<String, Object> node;
        try {
            node = namespace(namespace, false);
        } catch (IllegalStateException | IllegalArgumentException notANamespace) {
            return notANamespace.getMessage();
        }
        if (node == null) {
            return "namespace " + render(namespace) + " does not exist";
        }
        Map<String, String> kinds = new TreeMap<>();
        node.forEach((name, entry) -> kinds.put(name, kindName(entry)));
        return "present under " + render(namespace) + ": " + kinds;
    }

    /** A nested, sorted copy of the values under {@code namespace}: counters and timers as Long, gauges as is. */
    Map<String, Object> snapshot(String[] namespace) {
        ConcurrentMap<String, Object> node = namespace(namespace, false);
        return node == null ? new TreeMap<>() : snapshotOf(node);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> snapshotOf(ConcurrentMap<String, Object> node) {
        Map<String, Object> copy = new TreeMap<>();
        node.forEach((name, entry) -> {
            if (entry instanceof ConcurrentMap) {
                copy.put(name, snapshotOf((ConcurrentMap<String, Object>) entry));
            } else if (entry instanceof TestCounter) {
                copy.put(name, ((TestCounter) entry).getValue());
            } else if (entry instanceof TestTimer) {
                copy.put(name, ((TestTimer) entry).getValue());
            } else {
                copy.put(name, ((Gauge) entry).value);
            }
        });
        return copy;
    }

    @SuppressWarnings("unchecked")
    private ConcurrentMap<String, Object> namespace(String[] path, boolean create) {
        ConcurrentMap<String, Object> node = root;
        for (int i = 0; i < path.length; i++) {
            String part = path[i];
            checkName(part);
            Object child = create ? node.computeIfAbsent(part, k -> new ConcurrentHashMap<String, Object>())
                    : node.get(part);
            if (child == null) {
                return null;
            }
            if (!(child instanceof ConcurrentMap)) {
                throw new IllegalStateException("Metric " + render(Arrays.copyOf(path, i + 1)) + " is a "
                        + kindName(child) + ", it cannot also be a namespace");
            }
            node = (ConcurrentMap<String, Object>) child;
        }
        return node;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Metric and namespace names must not be null or empty");
        }
    }

    static String render(String[] path) {
        StringBuilder out = new StringBuilder();
        for (String part : path) {
            out.append('[').append(part).append(']');
        }
        return out.toString();
    }

    private static String kindName(Object entry) {
        if (entry instanceof ConcurrentMap) {
            return "namespace";
        }
        return kindName(entry.getClass());
    }

    private static String kindName(Class<?> kind) {
        if (kind == TestCounter.class) {
            return "counter";
        }
        if (kind == TestTimer.class) {
            return "timer";
        }
        if (kind == Gauge.class) {
            return "gauge";
        }
        return "namespace";
    }
}

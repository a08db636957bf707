package org.elkflow.infraenrich.filter;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.NamespacedMetric;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import org.apache.logging.log4j.Logger;
import org.elkflow.infraenrich.community.CommunityId;
import org.elkflow.infraenrich.enrich.CacheMetrics;
import org.elkflow.infraenrich.enrich.Enricher;
import org.elkflow.infraenrich.enrich.Enrichment;
import org.elkflow.infraenrich.geo.GeoDatabase;
import org.elkflow.infraenrich.geo.GeoListener;
import org.elkflow.infraenrich.inventory.FileInventorySource;
import org.elkflow.infraenrich.inventory.Inventory;
import org.elkflow.infraenrich.inventory.InventoryFormatException;
import org.elkflow.infraenrich.inventory.InventoryListener;
import org.elkflow.infraenrich.inventory.InventorySnapshot;
import org.elkflow.infraenrich.inventory.InventorySource;
import org.elkflow.infraenrich.inventory.UrlInventorySource;
import org.elkflow.infraenrich.net.IpAddress;
import org.elkflow.logstash.support.RateLimitedWarning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logstash filter {@code infraenrich}: for every configured IP field adds {@code <target>.infra.*} (inventory,
 * CIDR longest-prefix match), {@code <target>.geo.*} and {@code <target>.as.*} (MaxMind), and
 * {@code network.community_id}. A thin adapter: settings, events and metrics in, the framework-free
 * {@link Enricher} does the work. One instance is shared by all pipeline workers; nothing here is per call.
 */
@LogstashPlugin(name = "infraenrich")
public final class InfraEnrich implements Filter {

    private final String id;
    private final InfraEnrichSettings settings;
    private final Logger logger;
    private final Enricher enricher;
    private final CommunityId communityId;
    private final String[] ipFields;
    private final String[] targets;
    /** Per IP field: relative field name → absolute field reference ("[source]" + "[infra][host]"). */
    private final List<ConcurrentHashMap<Object, String>> references;
    private final RateLimitedWarning warnings;

    private final CounterMetric lookupFailures;
    private final CounterMetric invalidIps;
    private final CounterMetric communityIds;

    public InfraEnrich(String id, Configuration config, Context context) {
        this.id = id;
        this.settings = InfraEnrichSettings.from(config);
        this.logger = context.getLogger(this);
        this.warnings = new RateLimitedWarning(logger, 10_000);
        NamespacedMetric metric = context.getMetric(this);
        this.lookupFailures = metric.counter("lookup_failures");
        this.invalidIps = metric.counter("invalid_ips");
        this.communityIds = metric.counter("community_ids");
        PluginMetrics pluginMetrics = new PluginMetrics(metric, logger, warnings);

        this.ipFields = settings.ipFields.stream().map(InfraEnrichSettings.IpField::field).toArray(String[]::new);
        this.targets = settings.ipFields.stream().map(InfraEnrichSettings.IpField::target).toArray(String[]::new);
        this.communityId = settings.communityId ? new CommunityId(settings.communityIdSeed) : null;
        this.references = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            references.add(new ConcurrentHashMap<>());
        }

        Inventory inventory = null;
        GeoDatabase location = null;
        GeoDatabase as = null;
        try {
            List<InventorySource> sources = new ArrayList<>();
            for (Path p : settings.inventoryFiles) {
                try {
                    sources.add(new FileInventorySource(p));
                } catch (IllegalArgumentException e) {
                    throw InfraEnrichSettings.invalid(InfraEnrichSettings.INVENTORY, p.toString(), e.getMessage());
                }
            }
            if (settings.inventoryUrl != null) {
                sources.add(new UrlInventorySource(settings.inventoryUrl, settings.inventoryUrlTimeout));
            }
            if (!sources.isEmpty()) {
                inventory = new Inventory(sources, pluginMetrics);
                try {
                    inventory.load();
                } catch (InventoryFormatException e) {
                    throw new IllegalArgumentException("infraenrich: cannot load the inventory: " + e.getMessage(), e);
                }
            }
            location = openDatabase(InfraEnrichSettings.GEOIP_DATABASE, settings.geoipDatabase, pluginMetrics,
                    GeoDatabase.Kind.CITY, GeoDatabase.Kind.COUNTRY);
            as = openDatabase(InfraEnrichSettings.ASN_DATABASE, settings.asnDatabase, pluginMetrics,
                    GeoDatabase.Kind.ASN, GeoDatabase.Kind.ISP);
        } catch (RuntimeException e) {
            closeQuietly(location);
            closeQuietly(as);
            throw e;
        }
        this.enricher = new Enricher(inventory, location, as, settings.cacheSize, settings.cacheTtl, pluginMetrics);
        this.enricher.startPolling(settings.reloadInterval, "infraenrich-reload-" + id,
                (thread, error) -> logger.error("infraenrich {}: reload failed: {}", id, error.toString(), error));
        logger.info("infraenrich {}: {} inventory prefixes, geoip {}, asn {}, fields {}", id,
                inventory == null ? 0 : inventory.current().size(), settings.geoipDatabase, settings.asnDatabase,
                List.of(ipFields));
    }

    private static GeoDatabase openDatabase(PluginConfigSpec<String> spec, Path path, GeoListener listener,
                                            GeoDatabase.Kind... allowed) {
        if (path == null) {
            return null;
        }
        GeoDatabase db;
        try {
            db = GeoDatabase.open(path, listener);
        } catch (IOException e) {
            throw InfraEnrichSettings.invalid(spec, path.toString(), e.getMessage());
        }
        if (!List.of(allowed).contains(db.kind())) {
            String type = db.databaseType();
            db.close();
            throw InfraEnrichSettings.invalid(spec, path.toString(), "is a " + type + " database; expected "
                    + List.of(allowed).toString().toLowerCase(Locale.ROOT));
        }
        return db;
    }

    private static void closeQuietly(GeoDatabase db) {
        if (db != null) {
            db.close();
        }
    }

    @Override
    public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
        for (Event event : events) {
            boolean ok;
            boolean changed;
            try {
                int result = enrich(event);
                ok = result >= 0;
                changed = result > 0;
            } catch (RuntimeException | LinkageError e) {
                ok = false;
                changed = false;
                lookupFailures.increment();
                warnings.warn("lookup", "infraenrich " + id + ": event not enriched: " + e);
            }
            if (!ok) {
                for (String tag : settings.tagOnFailure) {
                    event.tag(tag);
                }
            } else if (changed) {
                matchListener.filterMatched(event);
            }
        }
        return events;
    }

    /** Returns -1 on failure (tag), 0 if nothing was added, 1 if fields were added. */
    private int enrich(Event event) {
        Enricher.State state = enricher.state();
        boolean failed = false;
        boolean added = false;
        for (int i = 0; i < ipFields.length; i++) {
            Object value = event.getField(ipFields[i]);
            if (value == null) {
                continue;
            }
            Enrichment e;
            try {
                e = value instanceof String s ? enricher.enrich(state, s) : null;
            } catch (Enricher.LookupException ex) {
                lookupFailures.increment();
                warnings.warn("geoip", "infraenrich " + id + ": " + ex.getMessage());
                failed = true;
                continue;
            }
            if (e == null) {
                invalidIps.increment();
                warnings.warn("invalid-ip", "infraenrich " + id + ": " + ipFields[i] + " is not an IP address: "
                        + value);
                failed = true;
                continue;
            }
            String target = targets[i];
            ConcurrentHashMap<Object, String> refs = references.get(i);
            for (Enrichment.Group g : e.groups()) {
                String groupRef = absolute(refs, target, g.name(), g.reference());
                if (!event.includes(groupRef)) {
                    event.setField(groupRef, g.tree()); // the usual case: one call writes the whole object
                } else {
                    for (Enrichment.Field f : g.fields()) { // merge into what the event already has
                        event.setField(absolute(refs, target, f.name(), f.reference()), f.value());
                    }
                }
                added = true;
            }
        }
        if (communityId != null && !event.includes(settings.communityIdTarget)) {
            String cid = FlowTuple.communityId(event, communityId);
            if (cid != null) {
                event.setField(settings.communityIdTarget, cid);
                communityIds.increment();
                added = true;
            }
        }
        return failed ? -1 : added ? 1 : 0;
    }

    /**
     * target + relative reference, computed once per IP field and key. Keys are interned field names and the
     * group names ("infra", "geo", "as"), so the map stays as small as the set of output fields.
     */
    private static String absolute(ConcurrentHashMap<Object, String> refs, String target, Object key, String relative) {
        String ref = refs.get(key);
        if (ref == null) {
            ref = refs.computeIfAbsent(key, k -> target + relative);
        }
        return ref;
    }

    @Override
    public Collection<PluginConfigSpec<?>> configSchema() {
        return PluginHelper.commonFilterSettings(InfraEnrichSettings.OWN_SETTINGS);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {
        enricher.close();
    }

    /** For tests in this package: force a reload check now instead of waiting for the poll. */
    boolean refreshNow() {
        return enricher.refresh();
    }

    InventorySnapshot inventorySnapshot() {
        return enricher.state().inventory();
    }

    /** Forwards core events to Logstash counters and the log. Counters are LongAdders: any thread may call. */
    private static final class PluginMetrics implements CacheMetrics, InventoryListener, GeoListener {
        private final Logger logger;
        private final RateLimitedWarning warnings;
        private final CounterMetric hits;
        private final CounterMetric misses;
        private final CounterMetric evictions;
        private final CounterMetric loadNanos;
        private final CounterMetric inventoryReloads;
        private final CounterMetric inventoryFailures;
        private final CounterMetric badRows;
        private final CounterMetric geoReloads;
        private final CounterMetric geoFailures;

        PluginMetrics(NamespacedMetric metric, Logger logger, RateLimitedWarning warnings) {
            this.logger = logger;
            this.warnings = warnings;
            NamespacedMetric cache = metric.namespace("cache");
            hits = cache.counter("hits");
            misses = cache.counter("misses");
            evictions = cache.counter("evictions");
            loadNanos = cache.counter("load_time_in_nanos");
            NamespacedMetric inventory = metric.namespace("inventory");
            inventoryReloads = inventory.counter("reloads");
            inventoryFailures = inventory.counter("reload_failures");
            badRows = inventory.counter("bad_rows");
            NamespacedMetric geoip = metric.namespace("geoip");
            geoReloads = geoip.counter("reloads");
            geoFailures = geoip.counter("reload_failures");
        }

        @Override
        public void hit() {
            hits.increment();
        }

        @Override
        public void miss(long nanos) {
            misses.increment();
            loadNanos.increment(Math.max(0, nanos));
        }

        @Override
        public void eviction() {
            evictions.increment();
        }

        @Override
        public void badRow(String source, int line, String message) {
            badRows.increment();
            logger.warn("infraenrich: inventory {} line {}: {} (row skipped)", source, line, message);
        }

        @Override
        public void sourceFailed(String source, String message) {
            inventoryFailures.increment();
            logger.error("infraenrich: inventory {} not loaded: {}", source, message);
        }

        @Override
        public void reloaded(InventorySnapshot snapshot, long loadNanos) {
            inventoryReloads.increment();
            logger.info("infraenrich: inventory version {} in service: {} prefixes, built in {} ms",
                    snapshot.version(), snapshot.size(), loadNanos / 1_000_000);
        }

        @Override
        public void reopened(String path, String databaseType, String buildDate) {
            geoReloads.increment();
            logger.info("infraenrich: re-opened {} ({}, built {})", path, databaseType, buildDate);
        }

        @Override
        public void reopenFailed(String path, String message) {
            geoFailures.increment();
            warnings.warn("reopen:" + path, "infraenrich: cannot re-open " + path + ": " + message);
        }
    }
}

package org.elkflow.infraenrich.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.elkflow.infraenrich.geo.AsInfo;
import org.elkflow.infraenrich.geo.GeoDatabase;
import org.elkflow.infraenrich.geo.GeoInfo;
import org.elkflow.infraenrich.geo.GeoReaders;
import org.elkflow.infraenrich.inventory.InfraRecord;
import org.elkflow.infraenrich.inventory.Inventory;
import org.elkflow.infraenrich.inventory.InventorySnapshot;
import org.elkflow.infraenrich.net.IpAddress;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Names an IP: inventory attributes, location and AS, cached per IP string in Caffeine.
 *
 * <p>Consistency: everything a lookup uses (inventory snapshot, GeoIP readers) is one immutable
 * {@link State}; a reload publishes a new State with a higher generation. Callers take one State per event
 * ({@link #state()}) and pass it to every lookup of that event, so an event never mixes two inventories.
 * Cached answers carry the generation they were computed under and are used only by lookups of the same
 * generation; the cache is also cleared on every reload. Thread-safe: one Enricher serves all workers.
 */
public final class Enricher implements AutoCloseable {

    /** The data in service at one moment. */
    public record State(long generation, InventorySnapshot inventory, GeoReaders geo) { }

    private record Cached(long generation, Enrichment enrichment) { }

    private final Inventory inventory;
    private final GeoDatabase location;
    private final GeoDatabase as;
    private final CacheMetrics metrics;
    private final Cache<String, Cached> cache;
    private final AtomicReference<State> state = new AtomicReference<>();
    private volatile ScheduledExecutorService poller;

    /**
     * @param inventory loaded inventory, or null
     * @param location  City or Country database, or null
     * @param as        ASN or ISP database, or null
     * @param cacheSize maximum cached IPs; 0 disables the cache
     * @param cacheTtl  how long an answer may be served from the cache
     */
    public Enricher(Inventory inventory, GeoDatabase location, GeoDatabase as, long cacheSize, Duration cacheTtl,
                    CacheMetrics metrics) {
        this.inventory = inventory;
        this.location = location;
        this.as = as;
        this.metrics = metrics;
        this.cache = cacheSize <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .expireAfterWrite(cacheTtl)
                .executor(Runnable::run)
                .evictionListener((String k, Cached v, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        metrics.eviction();
                    }
                })
                .build();
        state.set(new State(1, inventory == null ? InventorySnapshot.EMPTY : inventory.current(),
                GeoReaders.of(location, as)));
    }

    /** The state to use for all lookups of one event. */
    public State state() {
        return state.get();
    }

    /** Enriches with the current state (tools, tests). */
    public Enrichment enrich(String ip) {
        return enrich(state(), ip);
    }

    /**
     * The enrichment of an IP literal under the given state; {@link Enrichment#EMPTY} if nothing is known,
     * null if the text is not an IP address.
     *
     * @throws LookupException if a GeoIP database failed while reading
     */
    public Enrichment enrich(State s, String ip) {
        if (cache != null) {
            Cached c = cache.getIfPresent(ip);
            if (c != null && c.generation == s.generation) {
                metrics.hit();
                return c.enrichment;
            }
        }
        long start = System.nanoTime();
        IpAddress address = IpAddress.parse(ip);
        if (address == null) {
            return null;
        }
        Enrichment e = compute(s, address);
        metrics.miss(System.nanoTime() - start);
        if (cache != null && state.get() == s) {
            cache.put(ip, new Cached(s.generation, e));
        }
        return e;
    }

    /** The uncached lookup. */
    public static Enrichment compute(State s, IpAddress address) {
        Enrichment.Builder b = new Enrichment.Builder();
        InfraRecord r = s.inventory.lookup(address);
        if (r != null) {
            for (int i = 0; i < r.size(); i++) {
                b.add(Enrichment.Name.infra(r.name(i)), r.value(i));
            }
        }
        if (!s.geo.isEmpty() && !address.isNonPublic()) {
            InetAddress inet = address.toInetAddress();
            try {
                GeoInfo g = s.geo.geo(inet);
                if (g != null) {
                    b.add(Enrichment.CITY_NAME, g.cityName());
                    b.add(Enrichment.COUNTRY_ISO_CODE, g.countryIsoCode());
                    b.add(Enrichment.COUNTRY_NAME, g.countryName());
                    b.add(Enrichment.CONTINENT_CODE, g.continentCode());
                    b.add(Enrichment.REGION_NAME, g.regionName());
                    b.add(Enrichment.REGION_ISO_CODE, g.regionIsoCode());
                    if (g.latitude() != null) {
                        b.add(Enrichment.LAT, g.latitude());
                        b.add(Enrichment.LON, g.longitude());
                    }
                }
                AsInfo a = s.geo.as(inet);
                if (a != null) {
                    b.add(Enrichment.AS_NUMBER, a.number());
                    b.add(Enrichment.AS_ORG, a.organizationName());
                }
            } catch (Exception e) {
                throw new LookupException("GeoIP lookup of " + address + " failed: " + e, e);
            }
        }
        return b.build();
    }

    /**
     * Re-reads changed inventory sources and re-opens changed GeoIP databases; publishes a new state and
     * clears the cache if anything changed. Returns true if it did.
     */
    public synchronized boolean refresh() {
        State old = state.get();
        InventorySnapshot inv = inventory == null ? old.inventory : inventory.refresh();
        boolean geoChanged = false;
        if (location != null) {
            geoChanged |= location.refreshIfChanged();
        }
        if (as != null) {
            geoChanged |= as.refreshIfChanged();
        }
        if (inv == old.inventory && !geoChanged) {
            return false;
        }
        state.set(new State(old.generation + 1, inv, geoChanged ? GeoReaders.of(location, as) : old.geo));
        if (cache != null) {
            cache.invalidateAll();
        }
        return true;
    }

    /** Polls for changes every interval on one daemon thread. */
    public synchronized void startPolling(Duration interval, String threadName, Thread.UncaughtExceptionHandler onError) {
        if (poller != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        s.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException | Error e) { // keep polling whatever happens
                onError.uncaughtException(Thread.currentThread(), e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        poller = s;
    }

    public long cachedEntries() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    @Override
    public void close() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = poller;
            poller = null;
        }
        if (p != null) { // stopped outside the lock: a running refresh() needs it to finish
            p.shutdownNow();
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (location != null) {
                location.close();
            }
            if (as != null) {
                as.close();
            }
            if (cache != null) {
                cache.invalidateAll();
            }
        }
    }

    /** A database read failed (corrupt file, I/O error); the caller tags the event. */
    public static final class LookupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

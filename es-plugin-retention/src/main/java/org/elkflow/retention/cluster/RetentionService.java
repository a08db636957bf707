package org.elkflow.retention.cluster;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.LocalNodeMasterListener;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.routing.IndexRoutingTable;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.cluster.node.DiscoveryNodeFilters;
import org.elasticsearch.cluster.routing.IndexShardRoutingTable;
import org.elasticsearch.cluster.routing.ShardRouting;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.util.concurrent.ThreadContext;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.IndexNotFoundException;
import org.elasticsearch.threadpool.Scheduler;
import org.elasticsearch.threadpool.ThreadPool;
import org.elkflow.retention.policy.IndexPatterns;
import org.elkflow.retention.policy.IndexProgress;
import org.elkflow.retention.policy.PhasePlanner;
import org.elkflow.retention.policy.PhasePlanner.Plan;
import org.elkflow.retention.policy.RetentionPolicy;
import org.elkflow.retention.policy.RetentionPolicy.AlertSpec;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RetentionPolicy.Step;
import org.elkflow.retention.rollup.DigestRejections;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The master-only scheduler. While the local node is the elected master it runs a tick every poll interval (a
 * one-shot schedule re-armed after the tick finished, so ticks never overlap): first every due rollup batch, then
 * at most one lifecycle step per managed index. The next tick runs at once instead of a poll interval later when a
 * rollup batch stopped at {@code max_windows_per_run} with more windows ready (a backlog is worked off batch after
 * batch, not one batch per poll interval), and when a policy was put during the tick ({@link #tickSoon()}). Progress, checkpoints and counters go to {@link RetentionMetadata}
 * after each action, so a new master continues from the last completed action. Uses only ES's thread pool and the
 * node client.
 */
public final class RetentionService implements LocalNodeMasterListener {

    private static final Logger logger = LogManager.getLogger(RetentionService.class);

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final RetentionStore store;
    private final PhaseExecutor phases;
    private final RollupRunner rollups;
    private final AlertRunner alerts;
    static final String WATERMARK = "_watermark";
    static final String CASCADE = "_cascade";
    private final CascadeRunner cascades;
    private final AtomicBoolean master = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    // another tick is wanted right after the running one: a policy was put (tickSoon), or a batch left ready
    // windows behind (stopped at max_windows_per_run). Cleared when a tick starts, which sees what was asked before.
    private final AtomicBoolean runAgain = new AtomicBoolean();
    private final AtomicLong ticks = new AtomicLong();
    private final Map<String, long[]> rollupBackoff = new ConcurrentHashMap<>(); // key -> failures, retryAt
    private final Set<String> longSteps = ConcurrentHashMap.newKeySet(); // indices with a force merge in flight
    private volatile Scheduler.Cancellable scheduled;
    private volatile TimeValue pollInterval;
    private volatile int maxWindows;
    private volatile int pageSize;
    private volatile long lastTickAt;
    private volatile long tickStartNanos;
    // per "policy/rollup": the last batch that moved a checkpoint, and sums since this node became master
    private final Map<String, BatchTiming> lastBatch = new ConcurrentHashMap<>();
    private final Map<String, BatchTiming.Totals> batchTotals = new ConcurrentHashMap<>();

    public RetentionService(ClusterService clusterService, ThreadPool threadPool, Client client) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.store = new RetentionStore(clusterService);
        this.phases = new PhaseExecutor(client);
        this.rollups = new RollupRunner(client, clusterService);
        this.alerts = new AlertRunner(client, rollups);
        this.cascades = new CascadeRunner(client, rollups);
        var settings = clusterService.getSettings();
        this.pollInterval = RetentionSettings.POLL_INTERVAL.get(settings);
        this.maxWindows = RetentionSettings.MAX_WINDOWS_PER_RUN.get(settings);
        this.pageSize = RetentionSettings.PAGE_SIZE.get(settings);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RetentionSettings.POLL_INTERVAL, v -> {
            pollInterval = v;
            reschedule();
        });
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RetentionSettings.MAX_WINDOWS_PER_RUN, v -> maxWindows = v);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RetentionSettings.PAGE_SIZE, v -> pageSize = v);
        clusterService.addLocalNodeMasterListener(this);
    }

    public RetentionStore store() {
        return store;
    }

    @Override
    public void onMaster() {
        master.set(true);
        lastBatch.clear();
        batchTotals.clear();
        logger.info("elected master: retention scheduler starts (poll interval {})", pollInterval);
        reschedule();
    }

    @Override
    public void offMaster() {
        master.set(false);
        Scheduler.Cancellable s = scheduled;
        if (s != null) {
            s.cancel();
        }
        logger.info("no longer master: retention scheduler stops");
    }

    private void reschedule() {
        arm(pollInterval);
    }

    /** Replaces the pending tick (if any) by one after {@code delay}; nothing while this node is not the master. */
    private synchronized void arm(TimeValue delay) {
        Scheduler.Cancellable s = scheduled;
        if (s != null) {
            s.cancel();
        }
        if (master.get()) {
            scheduled = threadPool.schedule(this::tick, delay, threadPool.generic());
        }
    }

    /**
     * Runs a tick as soon as possible instead of up to a poll interval later: called when a policy was stored, so
     * its rollups and steps start at once (the default poll interval is 10 s). A tick already running is followed
     * immediately by another one.
     */
    public void tickSoon() {
        runAgain.set(true);
        // synchronized with tickDone: either the running tick's end sees the flag, or this sees no tick running
        synchronized (this) {
            if (!running.get()) {
                arm(TimeValue.ZERO);
            }
        }
    }

    private synchronized void tickDone() {
        running.set(false);
        if (master.get()) {
            arm(runAgain.get() ? TimeValue.ZERO : pollInterval);
        }
    }

    void tick() {
        if (!master.get() || !running.compareAndSet(false, true)) {
            return;
        }
        runAgain.set(false);
        try (ThreadContext.StoredContext ignored = threadPool.getThreadContext().stashContext()) {
            ticks.incrementAndGet();
            long now = System.currentTimeMillis();
            lastTickAt = now;
            tickStartNanos = System.nanoTime();
            List<Consumer<ActionListener<Void>>> work = plan(clusterService.state(), now);
            runAll(work.iterator());
        } catch (RuntimeException e) {
            logger.warn("retention tick failed", e);
            tickDone();
        }
    }

    private void runAll(Iterator<Consumer<ActionListener<Void>>> it) {
        if (!it.hasNext() || !master.get()) {
            tickDone();
            return;
        }
        Consumer<ActionListener<Void>> next = it.next();
        AtomicBoolean once = new AtomicBoolean();
        ActionListener<Void> continuation = ActionListener.wrap(v -> {
            if (once.compareAndSet(false, true)) {
                threadPool.generic().execute(() -> runAll(it));
            }
        }, e -> {
            logger.warn("retention work item failed", e);
            if (once.compareAndSet(false, true)) {
                threadPool.generic().execute(() -> runAll(it));
            }
        });
        try {
            next.accept(continuation);
        } catch (RuntimeException e) {
            continuation.onFailure(e);
        }
    }

    /** The work of one tick: housekeeping, due rollup batches, then one step per index that has one due. */
    private List<Consumer<ActionListener<Void>>> plan(ClusterState state, long now) {
        RetentionMetadata md = RetentionMetadata.get(state);
        List<RetentionPolicy> policies = ManagedIndex.policies(md);
        List<ManagedIndex> managed = ManagedIndex.all(state, policies);
        List<Consumer<ActionListener<Void>>> work = new ArrayList<>();

        Set<String> gone = new HashSet<>();
        for (String index : md.indices().keySet()) {
            if (!state.metadata().hasIndex(index)) {
                gone.add(index);
            }
        }
        for (String key : md.checkpoints().keySet()) {
            String index = key.substring(key.lastIndexOf('/') + 1);
            if (!index.startsWith("_") && !state.metadata().hasIndex(index)) {
                gone.add(index);
            }
        }
        List<ManagedIndex> fresh = managed.stream().filter(m -> md.indices().get(m.index()) == null).toList();
        if (!gone.isEmpty() || !fresh.isEmpty()) {
            work.add(l -> store.update("housekeeping", m -> {
                for (String g : gone) {
                    m = m.forgetIndex(g);
                }
                for (ManagedIndex f : fresh) {
                    if (m.indices().get(f.index()) == null) {
                        m = m.withProgress(f.index(), IndexProgress.start(f.policy().name(), now));
                    }
                }
                return m;
            }, l.map(x -> null)));
        }

        for (RetentionPolicy p : policies) {
            for (RollupSpec r : p.rollups()) {
                if (r.isCascade()) {
                    String key = RetentionMetadata.checkpointKey(p.name(), r.name(), CASCADE);
                    long[] backoff = rollupBackoff.get(key);
                    if (backoff == null || backoff[1] <= now) {
                        work.add(l -> cascadeBatch(p, r, key, l));
                    }
                    for (AlertSpec a : p.alerts()) {
                        if (a.rollup().equals(r.name())) {
                            work.add(l -> evaluateAlert(p, r, a, l));
                        }
                    }
                    continue;
                }
                List<String> sources = rollupSources(state, p, r);
                Map<String, Long> complete = new ConcurrentHashMap<>();
                for (String index : sources) {
                    String key = RetentionMetadata.checkpointKey(p.name(), r.name(), index);
                    long[] backoff = rollupBackoff.get(key);
                    if (backoff != null && backoff[1] > now) {
                        continue;
                    }
                    work.add(l -> rollupBatch(p, r, index, key, complete, l));
                }
                work.add(l -> advanceWatermark(p, r, sources, complete, now, l));
                for (AlertSpec a : p.alerts()) {
                    if (a.rollup().equals(r.name())) {
                        work.add(l -> evaluateAlert(p, r, a, l));
                    }
                }
            }
        }

        for (ManagedIndex m : managed) {
            IndexProgress progress = md.progress(m.index());
            if (progress == null) {
                progress = IndexProgress.start(m.policy().name(), now);
            }
            Plan plan = PhasePlanner.plan(m.policy(), m.dayStart(), now, progress);
            if (plan.kind() == Plan.Kind.RUN) {
                IndexProgress from = progress;
                work.add(l -> runStep(m, plan, from, l));
            }
        }
        return work;
    }

    static List<String> rollupSources(ClusterState state, RetentionPolicy p, RollupSpec r) {
        List<String> out = new ArrayList<>();
        for (IndexMetadata im : state.metadata().indices().values()) {
            String name = im.getIndex().getName();
            if (!name.startsWith(".") && im.getState() == IndexMetadata.State.OPEN
                    && IndexPatterns.matchesAny(r.sourcePatterns(), name) && !p.isRollupTarget(name)) {
                out.add(name);
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    /**
     * The rollup's watermark: every window before it is rolled up in every source (as far as data has arrived).
     * Advanced only when every source reported in this tick; alerts and cascades read up to it.
     */
    private void advanceWatermark(RetentionPolicy p, RollupSpec r, List<String> sources, Map<String, Long> complete, long now,
                                  ActionListener<Void> l) {
        if (!complete.keySet().containsAll(sources)) {
            l.onResponse(null);
            return;
        }
        long wm = org.elkflow.retention.rollup.RollupWindows.floor(now - r.delay().millis(), r.interval().millis());
        for (long c : complete.values()) {
            wm = Math.min(wm, c);
        }
        long watermark = wm;
        String key = RetentionMetadata.checkpointKey(p.name(), r.name(), WATERMARK);
        Long current = store.current().checkpoint(p.name(), r.name(), WATERMARK);
        if (current != null && current >= watermark) {
            l.onResponse(null);
            return;
        }
        store.update("rollup watermark " + key, m -> {
            Long cur = m.checkpoint(p.name(), r.name(), WATERMARK);
            return cur != null && cur >= watermark ? m : m.withCheckpoint(key, watermark);
        }, l.map(x -> null));
    }

    /** One batch of a cascade, bounded by the finer rollup's watermark; its checkpoint is also its watermark. */
    private void cascadeBatch(RetentionPolicy p, RollupSpec r, String key, ActionListener<Void> l) {
        RetentionMetadata md = store.current();
        Long fineWatermark = md.checkpoint(p.name(), r.sourceRollup(), WATERMARK);
        if (fineWatermark == null) {
            l.onResponse(null);
            return;
        }
        RollupSpec fine = p.rollups().stream().filter(x -> x.name().equals(r.sourceRollup())).findFirst().orElseThrow();
        Long cp = md.checkpoint(p.name(), r.name(), CASCADE);
        cascades.run(r, fine, cp, fineWatermark, maxWindows, ActionListener.wrap(res -> {
            rollupBackoff.remove(key);
            if (res.upTo() <= res.from()) {
                l.onResponse(null);
                return;
            }
            logRejections(p, r, fine.name() + " documents", res.rejections());
            store.update("cascade checkpoint " + key, m -> {
                Long current = m.checkpoint(p.name(), r.name(), CASCADE);
                if (current != null && current >= res.upTo()) {
                    return m;
                }
                RetentionMetadata next = m.withCheckpoint(key, res.upTo())
                        .withCheckpoint(RetentionMetadata.checkpointKey(p.name(), r.name(), WATERMARK), res.upTo());
                next = withRejections(next, p, r, res.rejections());
                return res.docs() > 0 ? next.addStat("rollup_docs_written", res.docs()).addStat("rollup_batches", 1) : next;
            }, l.map(x -> {
                // stopped at max_windows_per_run before the finer rollup's watermark: more is ready now
                if (res.more()) {
                    runAgain.set(true);
                }
                return null;
            }));
        }, e -> batchFailed("cascade", key, e, l)));
    }

    private void evaluateAlert(RetentionPolicy p, RollupSpec r, AlertSpec a, ActionListener<Void> l) {
        RetentionMetadata md = store.current();
        Long wm = md.checkpoint(p.name(), r.name(), WATERMARK);
        if (wm == null) {
            l.onResponse(null);
            return;
        }
        String cpName = "_alert." + a.name();
        String key = RetentionMetadata.checkpointKey(p.name(), r.name(), cpName);
        Long cp = md.checkpoint(p.name(), r.name(), cpName);
        long interval = r.interval().millis();
        // a new alert looks back at most max_windows_per_run windows
        long from = cp != null ? cp : wm - (long) maxWindows * interval;
        long to = Math.min(wm, from + (long) maxWindows * interval);
        if (to <= from) {
            l.onResponse(null);
            return;
        }
        alerts.run(p, r, a, from, to, System.currentTimeMillis(), ActionListener.wrap(n -> store.update("alert " + key, m -> {
            RetentionMetadata next = m.withCheckpoint(key, to);
            return n > 0 ? next.addStat("alert_events_written", n) : next;
        }, l.map(x -> null)), e -> {
            logger.warn(() -> "alert [" + key + "] evaluation failed", e);
            store.update("alert failure " + key, m -> m.addStat("alert_failures", 1), l.map(x -> null));
        }));
    }

    private void rollupBatch(RetentionPolicy p, RollupSpec r, String index, String key, Map<String, Long> complete,
                             ActionListener<Void> l) {
        Long checkpoint = RetentionMetadata.get(clusterService.state()).checkpoint(p.name(), r.name(), index);
        long now = System.currentTimeMillis();
        BatchTiming timing = new BatchTiming(index, (System.nanoTime() - tickStartNanos) / 1_000_000);
        rollups.run(index, p, r, checkpoint, now, maxWindows, pageSize, timing, ActionListener.wrap(res -> {
            rollupBackoff.remove(key);
            complete.put(index, res.completeUpTo());
            if (checkpoint != null && res.upTo() <= checkpoint) {
                l.onResponse(null);
                return;
            }
            if (checkpoint == null && res.dataEnd() == null) {
                l.onResponse(null);
                return;
            }
            logRejections(p, r, "index [" + index + "]", res.rejections());
            long checkpointStart = timing.start();
            store.update("rollup checkpoint " + key, m -> {
                Long current = m.checkpoint(p.name(), r.name(), index);
                if (current != null && current >= res.upTo()) {
                    return m;
                }
                RetentionMetadata next = withRejections(m.withCheckpoint(key, res.upTo()), p, r, res.rejections());
                if (res.docs() > 0) {
                    next = next.addStat("rollup_docs_written", res.docs()).addStat("rollup_batches", 1);
                }
                return next;
            }, l.map(x -> {
                if (res.more()) {
                    runAgain.set(true);
                }
                timing.add(BatchTiming.Part.CHECKPOINT, checkpointStart);
                timing.finish();
                String rollup = p.name() + "/" + r.name();
                lastBatch.put(rollup, timing);
                batchTotals.computeIfAbsent(rollup, k -> new BatchTiming.Totals()).add(timing);
                return null;
            }));
        }, e -> batchFailed("rollup", key, e, l)));
    }

    /** A failed rollup or cascade batch: next attempt after a growing backoff, logged and counted in the stats. */
    private void batchFailed(String kind, String key, Exception e, ActionListener<Void> l) {
        long[] b = rollupBackoff.merge(key, new long[] {1, 0}, (a, x) -> new long[] {a[0] + 1, 0});
        b[1] = System.currentTimeMillis() + IndexProgress.backoffMillis(pollInterval.millis(), (int) b[0]);
        logger.warn(() -> kind + " [" + key + "] failed (attempt " + b[0] + ", retry in backoff)", e);
        store.update(kind + " failure " + key, m -> m.addStat("rollup_failures", 1), l.map(x -> null));
    }

    static final String DIGESTS_REJECTED = "rollup_digests_rejected";
    static final String LAST_DIGEST_REJECTION = "last_digest_rejection";

    /**
     * Counts a batch's unreadable digests in the same cluster-state update that moves its checkpoint, so a window
     * redone after a failover (whose checkpoint had not moved) is not counted twice.
     */
    static RetentionMetadata withRejections(RetentionMetadata m, RetentionPolicy p, RollupSpec r, DigestRejections rejections) {
        if (rejections.count() == 0) {
            return m;
        }
        String rollup = p.name() + "/" + r.name();
        return m.addStat(DIGESTS_REJECTED, rejections.count())
                .addStat(DIGESTS_REJECTED + "/" + rollup, rejections.count())
                .withStatText(LAST_DIGEST_REJECTION + "/" + rollup, rejections.last());
    }

    private static void logRejections(RetentionPolicy p, RollupSpec r, String source, DigestRejections rejections) {
        if (rejections.count() > 0) {
            logger.warn("rollup [{}/{}] {}: {} unreadable digest(s) left out of the merge; last: {}", p.name(), r.name(), source,
                    rejections.count(), rejections.last());
        }
    }

    /** Rejected digests of a rollup, for stats and explain. */
    private static void putRejections(Map<String, Object> out, RetentionMetadata md, RetentionPolicy p, RollupSpec r) {
        String rollup = p.name() + "/" + r.name();
        out.put("digests_rejected", md.stats().getOrDefault(DIGESTS_REJECTED + "/" + rollup, 0L));
        Object last = md.stats().get(LAST_DIGEST_REJECTION + "/" + rollup);
        if (last != null) {
            out.put(LAST_DIGEST_REJECTION, last);
        }
    }

    private void runStep(ManagedIndex m, Plan plan, IndexProgress progress, ActionListener<Void> l) {
        IndexProgress current = store.current().progress(m.index());
        if (current != null && !samePosition(current, progress)) {
            // planned from a state before an earlier run of this step (e.g. a force merge beside the previous tick)
            // was recorded: the plan is stale, the next tick plans again
            l.onResponse(null);
            return;
        }
        if (plan.step() == Step.DELETE) {
            deleteGate(m, progress, new ArrayList<>(rollupsReading(m.index())).iterator(), l);
        } else if (plan.step() == Step.FORCE_MERGE) {
            String unsettled = unsettledAllocation(clusterService.state(), m.index());
            if (unsettled != null) {
                waitFor(m, progress, unsettled, l);
                return;
            }
            // a force merge of a large index takes minutes: run it beside the tick so rollups and alerts keep going;
            // its completion is recorded like any step (after a failover the new master simply issues it again)
            if (longSteps.add(m.index())) {
                execute(m, plan, progress, ActionListener.running(() -> longSteps.remove(m.index())));
            }
            l.onResponse(null);
        } else {
            execute(m, plan, progress, l);
        }
    }

    /**
     * Why a force merge of {@code index} must wait, or null when its shards have settled where the allocate step wants
     * them: every primary active, no copy relocating or initializing, and every copy on a node whose attributes match
     * the index's {@code index.routing.allocation.require.*} settings. The allocate step only changes settings; the
     * shards move afterwards (the reroute may not even have started when the next tick comes), and a force merge sent
     * while a shard relocates, or while its primary is unassigned after its node failed, may never complete or skip
     * that shard. Unassigned replicas do not hold it up: they may have nowhere to go, and recover from the merged
     * primary. Like ILM's allocation check, this waits (and says so in explain) while no matching node exists.
     */
    static String unsettledAllocation(ClusterState state, String index) {
        IndexMetadata im = state.metadata().index(index);
        IndexRoutingTable table = state.routingTable().index(index);
        if (im == null || table == null) {
            return null;
        }
        // Elasticsearch's own reading of index.routing.allocation.require.* (null when none is set)
        DiscoveryNodeFilters require = im.requireFilters();
        long moving = 0;
        long misplaced = 0;
        long primariesDown = 0;
        for (int i = 0; i < table.size(); i++) {
            IndexShardRoutingTable shard = table.shard(i);
            if (!shard.primaryShard().active()) {
                primariesDown++;
            }
            for (int c = 0; c < shard.size(); c++) {
                ShardRouting copy = shard.shard(c);
                if (copy.relocating() || copy.initializing()) {
                    moving++;
                } else if (copy.assignedToNode() && !onMatchingNode(state.nodes().get(copy.currentNodeId()), require)) {
                    misplaced++;
                }
            }
        }
        if (moving == 0 && misplaced == 0 && primariesDown == 0) {
            return null;
        }
        return "force merge waits for the shards to settle after allocation: " + moving + " copies relocating or initializing, "
                + misplaced + " on nodes not matching " + (require == null ? "{}" : require) + ", " + primariesDown + " primaries not active";
    }

    private static boolean onMatchingNode(DiscoveryNode node, DiscoveryNodeFilters require) {
        return node != null && (require == null || require.match(node));
    }

    /** Records (once) why the index's next step waits; the step is planned again in the next tick. */
    private void waitFor(ManagedIndex m, IndexProgress progress, String why, ActionListener<Void> l) {
        if (why.equals(progress.waitingFor())) {
            l.onResponse(null);
            return;
        }
        store.update("wait " + m.index(), md -> md.indices().get(m.index()) == null ? md
                : md.withProgress(m.index(), md.progress(m.index()).waiting(why)), l.map(x -> null));
    }

    /** Rollups (of any policy) that read {@code index}: the index may be deleted only once all of them covered it. */
    private List<Object[]> rollupsReading(String index) {
        List<Object[]> out = new ArrayList<>();
        for (RetentionPolicy p : ManagedIndex.policies(store.current())) {
            for (RollupSpec r : p.rollups()) {
                if (IndexPatterns.matchesAny(r.sourcePatterns(), index) && (r.isCascade() || !p.isRollupTarget(index))) {
                    out.add(new Object[] {p, r});
                }
            }
        }
        return out;
    }

    private void deleteGate(ManagedIndex m, IndexProgress progress, Iterator<Object[]> readers, ActionListener<Void> l) {
        if (!readers.hasNext()) {
            if (progress.waitingFor() != null) {
                progress = progress.waiting(null);
            }
            execute(m, new Plan(Plan.Kind.RUN, IndexProgress.DELETE, Step.DELETE, 0, ""), progress, l);
            return;
        }
        Object[] pr = readers.next();
        RetentionPolicy p = (RetentionPolicy) pr[0];
        RollupSpec r = (RollupSpec) pr[1];
        IndexProgress prog = progress;
        rollups.dataEnd(m.index(), r.isCascade() ? "@timestamp" : p.timeField(), r, ActionListener.wrap(bounds -> {
            Long cp = store.current().checkpoint(p.name(), r.name(), r.isCascade() ? CASCADE : m.index());
            if (bounds != null && (cp == null || cp < bounds[1])) {
                String why = "rollup [" + p.name() + "/" + r.name() + "] has processed up to "
                        + (cp == null ? "nothing" : Instant.ofEpochMilli(cp).toString()) + " but the index holds data up to "
                        + Instant.ofEpochMilli(bounds[1]) + "; delete waits";
                waitFor(m, prog, why, l);
                return;
            }
            deleteGate(m, prog, readers, l);
        }, e -> recordFailure(m, "delete", e, l)));
    }

    private void execute(ManagedIndex m, Plan plan, IndexProgress progress, ActionListener<Void> l) {
        String action = plan.phase() + "/" + plan.step().key();
        logger.info("index [{}] policy [{}]: running [{}] ({})", m.index(), m.policy().name(), action, plan.reason());
        phases.run(m.index(), m.policy(), plan.step(), ActionListener.wrap(v -> {
            long now = System.currentTimeMillis();
            store.update("step " + m.index(), md -> {
                RetentionMetadata next = md.addStat("actions_run", 1);
                if (plan.step() == Step.DELETE) {
                    return next.forgetIndex(m.index()).addStat("indices_deleted", 1);
                }
                IndexProgress cur = md.progress(m.index());
                if (cur != null && !samePosition(cur, progress)) {
                    // another run of the same step was recorded meanwhile: count the step once
                    return md;
                }
                return next.withProgress(m.index(), (cur == null ? progress : cur).stepDone(plan.phase(), action, now));
            }, l.map(x -> null));
        }, e -> recordFailure(m, action, e, l)));
    }

    /** Same phase and steps done: the step planned from {@code planned} is still the next one. */
    static boolean samePosition(IndexProgress current, IndexProgress planned) {
        return current.phase().equals(planned.phase()) && current.stepsDone() == planned.stepsDone();
    }

    private void recordFailure(ManagedIndex m, String action, Exception e, ActionListener<Void> l) {
        long now = System.currentTimeMillis();
        logger.warn(() -> "index [" + m.index() + "] action [" + action + "] failed", e);
        store.update("failure " + m.index(), md -> {
            IndexProgress cur = md.progress(m.index());
            if (cur == null) {
                cur = IndexProgress.start(m.policy().name(), now);
            }
            long retry = now + IndexProgress.backoffMillis(pollInterval.millis(), cur.failures() + 1);
            return md.addStat("failures", 1).withProgress(m.index(), cur.failed(action, String.valueOf(e.getMessage()), now, retry));
        }, l.map(x -> null));
    }

    // ---------------------------------------------------------------- read-only views

    /** {@code GET {index}/_retention/explain}. */
    public Map<String, Object> explain(ClusterState state, String index, long now) {
        IndexMetadata im = state.metadata().index(index);
        if (im == null) {
            throw new IndexNotFoundException(index);
        }
        RetentionMetadata md = RetentionMetadata.get(state);
        List<RetentionPolicy> policies = ManagedIndex.policies(md);
        ManagedIndex m = ManagedIndex.resolve(index, im, policies);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", index);
        out.put("managed", m != null);
        if (m != null) {
            IndexProgress progress = md.progress(index);
            boolean recorded = progress != null;
            if (progress == null) {
                progress = IndexProgress.start(m.policy().name(), now);
            }
            out.put("policy", m.policy().name());
            if (!m.otherPolicies().isEmpty()) {
                out.put("also_matching_policies", m.otherPolicies());
            }
            out.put("index_day", Instant.ofEpochMilli(m.dayStart()).toString());
            out.put("age", TimeValue.timeValueMillis(Math.max(0, now - m.dayStart())).toString());
            out.put("age_millis", now - m.dayStart());
            out.put("progress_recorded", recorded);
            out.putAll(progress.toMap());
            Plan plan = PhasePlanner.plan(m.policy(), m.dayStart(), now, progress);
            out.put("next", planMap(plan));
        }
        List<Map<String, Object>> rollupList = new ArrayList<>();
        for (RetentionPolicy p : policies) {
            for (RollupSpec r : p.rollups()) {
                if (IndexPatterns.matchesAny(r.sourcePatterns(), index) && !p.isRollupTarget(index)) {
                    Map<String, Object> rm = new LinkedHashMap<>();
                    rm.put("policy", p.name());
                    rm.put("rollup", r.name());
                    Long cp = md.checkpoint(p.name(), r.name(), index);
                    rm.put("checkpoint", cp == null ? null : Instant.ofEpochMilli(cp).toString());
                    rm.put("checkpoint_millis", cp);
                    BatchTiming last = lastBatch.get(p.name() + "/" + r.name());
                    if (last != null && last.index.equals(index)) {
                        rm.put("last_batch", last.toMap());
                    }
                    if (!r.digests().isEmpty()) {
                        putRejections(rm, md, p, r);
                    }
                    rollupList.add(rm);
                }
            }
        }
        out.put("rollups", rollupList);
        return out;
    }

    private static Map<String, Object> planMap(Plan plan) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("action", plan.kind().name().toLowerCase(java.util.Locale.ROOT));
        n.put("phase", plan.phase());
        n.put("step", plan.step() == null ? null : plan.step().key());
        if (plan.atMillis() > 0) {
            n.put("at", Instant.ofEpochMilli(plan.atMillis()).toString());
        }
        n.put("reason", plan.reason());
        return n;
    }

    /** {@code POST _retention/policy/{name}/_simulate}: what each index the policy matches would do now. */
    public Map<String, Object> simulate(ClusterState state, RetentionPolicy policy, long now) {
        RetentionMetadata md = RetentionMetadata.get(state);
        List<Map<String, Object>> indices = new ArrayList<>();
        for (IndexMetadata im : state.metadata().indices().values()) {
            String name = im.getIndex().getName();
            ManagedIndex m = ManagedIndex.resolve(name, im, List.of(policy));
            if (m == null) {
                continue;
            }
            IndexProgress progress = md.progress(name);
            if (progress == null || !policy.name().equals(progress.policy())) {
                progress = progress == null ? IndexProgress.start(policy.name(), now) : progress;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", name);
            e.put("age", TimeValue.timeValueMillis(Math.max(0, now - m.dayStart())).toString());
            e.put("phase", progress.phase());
            e.put("next", planMap(PhasePlanner.plan(policy, m.dayStart(), now, progress)));
            indices.add(e);
        }
        indices.sort(java.util.Comparator.comparing(x -> (String) x.get("index")));
        List<Map<String, Object>> rollupList = new ArrayList<>();
        for (RollupSpec r : policy.rollups()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("rollup", r.name());
            rm.put("source_indices", rollupSources(state, policy, r));
            rm.put("target", r.target());
            rollupList.add(rm);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", policy.name());
        out.put("now", Instant.ofEpochMilli(now).toString());
        out.put("indices", indices);
        out.put("rollups", rollupList);
        return out;
    }

    /** {@code GET _retention/stats}. */
    public Map<String, Object> stats(ClusterState state, long now) {
        RetentionMetadata md = RetentionMetadata.get(state);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : List.of("actions_run", "failures", "indices_deleted", "rollup_batches", "rollup_docs_written",
                "rollup_failures", DIGESTS_REJECTED, "alert_events_written", "alert_failures")) {
            out.put(c, md.stats().getOrDefault(c, 0L));
        }
        out.put("policies", md.policies().size());
        out.put("managed_indices", md.indices().size());
        out.put("master_node", state.nodes().getMasterNode() == null ? null : state.nodes().getMasterNode().getName());
        out.put("scheduler_ticks_on_this_node", ticks.get());
        if (lastTickAt > 0) {
            out.put("last_tick_on_this_node", Instant.ofEpochMilli(lastTickAt).toString());
        }
        Map<String, Object> lag = new LinkedHashMap<>();
        for (RetentionPolicy p : ManagedIndex.policies(md)) {
            for (RollupSpec r : p.rollups()) {
                Long newest = null;
                List<String> sources = rollupSources(state, p, r);
                for (String s : sources) {
                    Long cp = md.checkpoint(p.name(), r.name(), s);
                    if (cp != null && (newest == null || cp > newest)) {
                        newest = cp;
                    }
                }
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("source_indices", sources.size());
                lm.put("newest_checkpoint", newest == null ? null : Instant.ofEpochMilli(newest).toString());
                // how far the rolled-up data trails the clock (includes the configured delay and the open window)
                lm.put("lag_millis", newest == null ? null : now - newest);
                Long wm = md.checkpoint(p.name(), r.name(), WATERMARK);
                lm.put("watermark", wm == null ? null : Instant.ofEpochMilli(wm).toString());
                if (!r.digestFields().isEmpty()) {
                    putRejections(lm, md, p, r);
                }
                BatchTiming last = lastBatch.get(p.name() + "/" + r.name());
                if (last != null) {
                    lm.put("last_batch", last.toMap());
                }
                BatchTiming.Totals totals = batchTotals.get(p.name() + "/" + r.name());
                if (totals != null) {
                    lm.put("batches_on_this_node", totals.toMap());
                }
                lag.put(p.name() + "/" + r.name(), lm);
            }
        }
        out.put("rollups", lag);
        return out;
    }
}

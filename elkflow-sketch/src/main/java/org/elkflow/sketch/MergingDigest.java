package org.elkflow.sketch;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A merging t-digest: a mergeable, bounded-size summary of a stream of numbers that answers percentiles with a
 * small <em>rank</em> error, smallest near the tails.
 *
 * <h2>How it works</h2>
 * Numbers (optionally with a whole-number count) first go to a buffer. When the buffer is full, or before an
 * answer is needed, buffer and existing centroids are sorted by mean and swept once from the smallest: the
 * current centroid absorbs its right neighbour while the centroid stays inside one unit of the scale function
 * k(q) = δ/π · asin(2q − 1), where q is the fraction of the total weight left of the centroid and δ the
 * compression. A centroid that starts at q may thus hold about (π/δ)·√(q(1−q)) of the total weight: a few
 * points at the tails, ~π/(2δ) of the weight around the median. A digest holds about 1.2·δ centroids (the
 * scale is twice the textbook k1 function, so δ is close to the centroid count); the default δ = 200 keeps the
 * rank error below 0.5 % of q for p50..p99 also for digests merged from differently distributed parts (see the
 * README's accuracy table).
 *
 * <h2>Percentiles</h2>
 * Each centroid i with weight w<sub>i</sub> is placed at position c<sub>i</sub> = (weight left of it) +
 * w<sub>i</sub>/2; the exact minimum is placed at 0.5 and the exact maximum at n − 0.5. The percentile p is read
 * at position r = p/100 · (n − 1) + 0.5 by linear interpolation between the neighbouring anchors. When every
 * centroid holds one point (small samples, nothing merged yet) this is exactly the R-7 rule of
 * {@link ExactPercentiles}.
 *
 * <h2>Merging</h2>
 * {@link #add(MergingDigest)} feeds the other digest's centroids (with their weights) through the same sweep;
 * min, max, count and sum merge exactly. The result has the same error bound as a digest built from all points.
 *
 * <h2>Binary layout (version 1, big-endian)</h2>
 * <pre>
 *   bytes 0-1  magic 'E' 'T'
 *   byte  2    layout version (1)
 *   bytes 3-10 compression (IEEE 754 double)
 *   then       min, max, sum (3 doubles)
 *   then       centroid count n (unsigned LEB128 varint)
 *   then n ×   mean (double), weight (unsigned LEB128 varint, ≥ 1); means ascending
 * </pre>
 * The layout is this project's own contract, independent of Elasticsearch's internal TDigestState format;
 * readers reject an unknown version instead of guessing. This class imports nothing from Elasticsearch and is not
 * thread-safe.
 */
public final class MergingDigest {

    public static final double DEFAULT_COMPRESSION = 200;
    public static final double MIN_COMPRESSION = 20;
    public static final double MAX_COMPRESSION = 1000;
    public static final byte LAYOUT_VERSION = 1;
    private static final byte MAGIC_0 = 'E';
    private static final byte MAGIC_1 = 'T';
    private static final int HEADER_BYTES = 2 + 1 + 8 * 4;

    private final double compression;
    private final double normalizer;

    private double[] means;
    private long[] weights;
    private int centroids;

    private final int bufferLimit;
    private double[] bufferMeans;
    private long[] bufferWeights;
    private int buffered;

    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    public MergingDigest() {
        this(DEFAULT_COMPRESSION);
    }

    /** @param compression δ in [{@value #MIN_COMPRESSION}, {@value #MAX_COMPRESSION}] */
    public MergingDigest(double compression) {
        if (!(compression >= MIN_COMPRESSION && compression <= MAX_COMPRESSION)) {
            throw new IllegalArgumentException("compression must be within [" + (int) MIN_COMPRESSION + ", "
                    + (int) MAX_COMPRESSION + "] but was " + compression);
        }
        this.compression = compression;
        this.normalizer = compression / Math.PI;
        this.means = new double[0];
        this.weights = new long[0];
        // the buffer grows on demand up to 10·δ entries, so small digests (one document's values) stay cheap
        this.bufferLimit = (int) Math.ceil(compression) * 10;
        this.bufferMeans = new double[Math.min(bufferLimit, 128)];
        this.bufferWeights = new long[bufferMeans.length];
    }

    /** A digest of {@code values} (each finite) with the given compression. */
    public static MergingDigest of(double compression, double... values) {
        MergingDigest digest = new MergingDigest(compression);
        for (double value : values) {
            digest.add(value);
        }
        return digest;
    }

    /**
     * A digest built from another t-digest's centroids (for example those of Elasticsearch's {@code percentiles}
     * aggregation), with the exact statistics of the values they summarise. The centroids go through this digest's
     * own sweep, so the result obeys this class's scale function and layout whatever produced them; min, max and
     * sum are taken as given, because a centroid mean is never the exact extreme of the values it holds.
     *
     * <p>A mean a rounding error outside [min, max] (the source's weighted means) is moved onto the bound; one
     * clearly outside means the statistics describe other values than the centroids, and is rejected.
     *
     * @param means   centroid means, any order, finite
     * @param weights centroid weights (value counts), each ≥ 1, same length as {@code means}
     * @param min     exact minimum of the summarised values (ignored when there are no centroids)
     * @param max     exact maximum
     * @param sum     exact sum
     * @throws IllegalArgumentException naming the offending centroid or statistic
     */
    public static MergingDigest ofCentroids(double compression, double[] means, long[] weights, double min, double max,
                                            double sum) {
        if (means.length != weights.length) {
            throw new IllegalArgumentException(means.length + " centroid means but " + weights.length + " weights");
        }
        MergingDigest digest = new MergingDigest(compression);
        if (means.length == 0) {
            return digest;
        }
        if (!(Double.isFinite(min) && Double.isFinite(max) && Double.isFinite(sum) && min <= max)) {
            throw new IllegalArgumentException("bad min/max/sum: " + min + ", " + max + ", " + sum);
        }
        double tolerance = 1e-9 * Math.max(max - min, Math.max(Math.abs(min), Math.abs(max)));
        for (int i = 0; i < means.length; i++) {
            double mean = means[i];
            if (!Double.isFinite(mean) || mean < min - tolerance || mean > max + tolerance) {
                throw new IllegalArgumentException("centroid [" + i + "] mean " + mean + " is outside [min " + min
                        + ", max " + max + "]");
            }
            digest.add(Math.min(Math.max(mean, min), max), weights[i]);
        }
        digest.min = min;
        digest.max = max;
        digest.sum = sum;
        return digest;
    }

    public double compression() {
        return compression;
    }

    /** Adds one occurrence of {@code value}. */
    public void add(double value) {
        add(value, 1);
    }

    /** Adds {@code weight} occurrences of {@code value}. */
    public void add(double value, long weight) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value is not a finite number: " + value);
        }
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be positive but was " + weight);
        }
        makeRoom();
        bufferMeans[buffered] = value;
        bufferWeights[buffered] = weight;
        buffered++;
        count = Math.addExact(count, weight);
        sum += value * weight;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    /** Makes room for one more buffered entry: grows the buffer up to its limit, then compacts. */
    private void makeRoom() {
        if (buffered < bufferMeans.length) {
            return;
        }
        if (bufferMeans.length < bufferLimit) {
            int size = Math.min(bufferLimit, bufferMeans.length * 2);
            bufferMeans = Arrays.copyOf(bufferMeans, size);
            bufferWeights = Arrays.copyOf(bufferWeights, size);
        } else {
            compress();
        }
    }

    /** Merges {@code other} into this digest; {@code other} is not changed (apart from compacting it). */
    public void add(MergingDigest other) {
        if (other == this) {
            other = fromBytes(toBytes()); // adding a digest to itself doubles every weight
        }
        other.compress();
        if (other.count == 0) {
            return;
        }
        for (int i = 0; i < other.centroids; i++) {
            makeRoom();
            bufferMeans[buffered] = other.means[i];
            bufferWeights[buffered] = other.weights[i];
            buffered++;
        }
        count = Math.addExact(count, other.count);
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    /** Exact minimum; NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Exact maximum; NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** Sum of all added values (times their weights). */
    public double sum() {
        return sum;
    }

    /** Number of centroids after compaction. */
    public int centroidCount() {
        compress();
        return centroids;
    }

    /** Centroid means, ascending (a copy). */
    public double[] centroidMeans() {
        compress();
        return Arrays.copyOf(means, centroids);
    }

    /** Centroid weights, in the order of {@link #centroidMeans()} (a copy). */
    public long[] centroidWeights() {
        compress();
        return Arrays.copyOf(weights, centroids);
    }

    // ------------------------------------------------------------------------------------------ compaction

    private double k(double q) {
        return normalizer * Math.asin(2 * q - 1);
    }

    /** The largest cumulative weight fraction a centroid starting at fraction {@code q} may reach. */
    private double qLimit(double q) {
        double kNext = k(q) + 1;
        if (kNext >= compression / 2) {
            return 1.0;
        }
        return (Math.sin(kNext / normalizer) + 1) / 2;
    }

    /** Sorts the buffer and sweeps it together with the centroids. */
    private void compress() {
        if (buffered == 0) {
            return;
        }
        sort(bufferMeans, bufferWeights, 0, buffered - 1);
        int total = centroids + buffered;
        double[] outMeans = new double[Math.max(total, means.length)];
        long[] outWeights = new long[outMeans.length];
        int out = 0;
        double totalWeight = count;
        // One unit of k spans at most π/(2δ) of the weight (dk/dq ≥ 2δ/π); when that is less than two points no
        // two entries can merge, and the sweep needs no trigonometry (the common case of one document's values).
        boolean mayMerge = totalWeight * Math.PI / (2 * compression) >= 2;
        long weightSoFar = 0;
        double weightLimit = mayMerge ? totalWeight * qLimit(0) : -1;
        double currentMean = 0;
        long currentWeight = 0;
        int i = 0;
        int j = 0;
        while (i < centroids || j < buffered) {
            double mean;
            long weight;
            if (j >= buffered || (i < centroids && means[i] <= bufferMeans[j])) {
                mean = means[i];
                weight = weights[i];
                i++;
            } else {
                mean = bufferMeans[j];
                weight = bufferWeights[j];
                j++;
            }
            if (currentWeight == 0) {
                currentMean = mean;
                currentWeight = weight;
            } else if (mayMerge && weightSoFar + currentWeight + weight <= weightLimit) {
                long merged = currentWeight + weight;
                currentMean += (mean - currentMean) * weight / merged;
                currentWeight = merged;
            } else {
                outMeans[out] = currentMean;
                outWeights[out] = currentWeight;
                out++;
                weightSoFar += currentWeight;
                if (mayMerge) {
                    weightLimit = totalWeight * qLimit(weightSoFar / totalWeight);
                }
                currentMean = mean;
                currentWeight = weight;
            }
        }
        outMeans[out] = currentMean;
        outWeights[out] = currentWeight;
        out++;
        // rounding can move a merged mean a hair outside [min, max] or out of order; keep the invariants
        for (int c = 0; c < out; c++) {
            double m = Math.min(Math.max(outMeans[c], min), max);
            outMeans[c] = c > 0 ? Math.max(m, outMeans[c - 1]) : m;
        }
        means = outMeans;
        weights = outWeights;
        centroids = out;
        buffered = 0;
    }

    /** Quicksort of means with their weights (insertion sort below 16 elements); bounds inclusive. */
    private static void sort(double[] keys, long[] values, int from, int to) {
        while (to - from > 16) {
            int mid = (from + to) >>> 1;
            if (keys[mid] < keys[from]) {
                swap(keys, values, mid, from);
            }
            if (keys[to] < keys[from]) {
                swap(keys, values, to, from);
            }
            if (keys[to] < keys[mid]) {
                swap(keys, values, to, mid);
            }
            double pivot = keys[mid];
            int left = from;
            int right = to;
            while (left <= right) {
                while (keys[left] < pivot) {
                    left++;
                }
                while (keys[right] > pivot) {
                    right--;
                }
                if (left <= right) {
                    swap(keys, values, left, right);
                    left++;
                    right--;
                }
            }
            if (right - from < to - left) {
                sort(keys, values, from, right);
                from = left;
            } else {
                sort(keys, values, left, to);
                to = right;
            }
        }
        for (int a = from + 1; a <= to; a++) {
            double key = keys[a];
            long value = values[a];
            int b = a - 1;
            while (b >= from && keys[b] > key) {
                keys[b + 1] = keys[b];
                values[b + 1] = values[b];
                b--;
            }
            keys[b + 1] = key;
            values[b + 1] = value;
        }
    }

    private static void swap(double[] keys, long[] values, int a, int b) {
        double k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        long v = values[a];
        values[a] = values[b];
        values[b] = v;
    }

    // ------------------------------------------------------------------------------------------ percentiles

    /**
     * The estimated percentile, percent in [0, 100] (see the class documentation for the rule).
     *
     * @throws IllegalStateException when the digest is empty
     */
    public double percentile(double percent) {
        if (!(percent >= 0.0 && percent <= 100.0)) {
            throw new IllegalArgumentException("percent must be within [0, 100] but was " + percent);
        }
        if (count == 0) {
            throw new IllegalStateException("the digest is empty");
        }
        compress();
        double n = count;
        double position = percent / 100.0 * (n - 1) + 0.5;
        // anchors: (0.5, min), (c_i, mean_i)..., (n - 0.5, max)
        double prevPosition = 0.5;
        double prevValue = min;
        double left = 0;
        for (int i = 0; i < centroids; i++) {
            double center = left + weights[i] / 2.0;
            if (position <= center) {
                return between(prevPosition, prevValue, center, means[i], position);
            }
            prevPosition = center;
            prevValue = means[i];
            left += weights[i];
        }
        return between(prevPosition, prevValue, n - 0.5, max, position);
    }

    private static double between(double x0, double y0, double x1, double y1, double x) {
        if (x1 <= x0 || x <= x0) {
            return x <= x0 ? y0 : y1;
        }
        if (x >= x1) {
            return y1;
        }
        return ExactPercentiles.interpolate(y0, y1, (x - x0) / (x1 - x0));
    }

    // ------------------------------------------------------------------------------------------ serialization

    /** The version-1 binary layout described in the class documentation. */
    public byte[] toBytes() {
        compress();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 5 + centroids * (8 + 10));
        buffer.put(MAGIC_0).put(MAGIC_1).put(LAYOUT_VERSION);
        buffer.putDouble(compression).putDouble(min()).putDouble(max()).putDouble(sum);
        putVarint(buffer, centroids);
        for (int i = 0; i < centroids; i++) {
            buffer.putDouble(means[i]);
            putVarint(buffer, weights[i]);
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * Reads the binary layout, checking every field.
     *
     * @throws IllegalArgumentException when the bytes are not a valid version-1 digest
     */
    public static MergingDigest fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            if (bytes.length < HEADER_BYTES + 1 || buffer.get() != MAGIC_0 || buffer.get() != MAGIC_1) {
                throw new IllegalArgumentException("not an elkflow t-digest (bad magic or too short)");
            }
            byte version = buffer.get();
            if (version != LAYOUT_VERSION) {
                throw new IllegalArgumentException("unsupported t-digest layout version " + version
                        + " (this reader knows " + LAYOUT_VERSION + ")");
            }
            double compression = buffer.getDouble();
            MergingDigest digest = new MergingDigest(compression);
            double min = buffer.getDouble();
            double max = buffer.getDouble();
            double sum = buffer.getDouble();
            long n = getVarint(buffer);
            if (n < 1 || n > buffer.remaining() / 9) {
                throw new IllegalArgumentException("bad centroid count " + n);
            }
            if (!(Double.isFinite(min) && Double.isFinite(max) && Double.isFinite(sum) && min <= max)) {
                throw new IllegalArgumentException("bad min/max/sum");
            }
            int size = (int) n;
            digest.means = new double[Math.max(size, digest.means.length)];
            digest.weights = new long[digest.means.length];
            long total = 0;
            for (int i = 0; i < size; i++) {
                double mean = buffer.getDouble();
                long weight = getVarint(buffer);
                if (!(mean >= min && mean <= max) || (i > 0 && mean < digest.means[i - 1])) {
                    throw new IllegalArgumentException("centroid [" + i + "] mean " + mean
                            + " is out of order or outside [min, max]");
                }
                if (weight < 1) {
                    throw new IllegalArgumentException("centroid [" + i + "] has weight " + weight);
                }
                digest.means[i] = mean;
                digest.weights[i] = weight;
                total = Math.addExact(total, weight);
            }
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(buffer.remaining() + " unexpected trailing bytes");
            }
            digest.centroids = size;
            digest.count = total;
            digest.min = min;
            digest.max = max;
            digest.sum = sum;
            return digest;
        } catch (BufferUnderflowException | ArithmeticException e) {
            throw new IllegalArgumentException("truncated or corrupt t-digest", e);
        }
    }

    private static void putVarint(ByteBuffer buffer, long value) {
        while ((value & ~0x7FL) != 0) {
            buffer.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    private static long getVarint(ByteBuffer buffer) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}

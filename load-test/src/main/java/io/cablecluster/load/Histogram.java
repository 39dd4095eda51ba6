package io.cablecluster.load;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latency histogram in microseconds with logarithmic buckets (~2 % wide), safe to record from several
 * event loops, small enough to ship between processes as JSON and merge.
 */
public final class Histogram {
  private static final double BUCKETS_PER_E = 1.0 / Math.log(1.02);
  private static final int SIZE = (int) (Math.log(1e10) * BUCKETS_PER_E) + 2;
  private final AtomicLongArray buckets = new AtomicLongArray(SIZE);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  public void record(long micros) {
    long value = Math.max(1, micros);
    int index = Math.min(SIZE - 1, (int) (Math.log(value) * BUCKETS_PER_E));
    buckets.incrementAndGet(index);
    count.incrementAndGet();
    max.accumulateAndGet(value, Math::max);
  }

  public long count() {
    return count.get();
  }

  public long maxMicros() {
    return max.get();
  }

  /** The value at quantile q (0..1), in microseconds; 0 when empty. */
  public long percentileMicros(double q) {
    long total = count.get();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += buckets.get(i);
      if (seen >= rank) {
        long upper = (long) Math.exp((i + 1) / BUCKETS_PER_E);
        return Math.min(upper, max.get());
      }
    }
    return max.get();
  }

  public void merge(Histogram other) {
    for (int i = 0; i < SIZE; i++) {
      long n = other.buckets.get(i);
      if (n != 0) {
        buckets.addAndGet(i, n);
      }
    }
    count.addAndGet(other.count.get());
    max.accumulateAndGet(other.max.get(), Math::max);
  }

  public void reset() {
    for (int i = 0; i < SIZE; i++) {
      buckets.set(i, 0);
    }
    count.set(0);
    max.set(0);
  }

  public JsonObject toJson() {
    JsonObject sparse = new JsonObject();
    for (int i = 0; i < SIZE; i++) {
      long n = buckets.get(i);
      if (n != 0) {
        sparse.put(Integer.toString(i), n);
      }
    }
    return new JsonObject().put("count", count.get()).put("max", max.get()).put("buckets", sparse);
  }

  public static Histogram fromJson(JsonObject json) {
    Histogram h = new Histogram();
    if (json == null) {
      return h;
    }
    json.getJsonObject("buckets", new JsonObject()).forEach(e ->
        h.buckets.set(Integer.parseInt(e.getKey()), ((Number) e.getValue()).longValue()));
    h.count.set(json.getLong("count", 0L));
    h.max.set(json.getLong("max", 0L));
    return h;
  }

  /** p50/p95/p99/max in milliseconds, as the result files show them. */
  public JsonObject summaryMillis() {
    return new JsonObject()
        .put("p50", millis(percentileMicros(0.50)))
        .put("p95", millis(percentileMicros(0.95)))
        .put("p99", millis(percentileMicros(0.99)))
        .put("max", millis(maxMicros()));
  }

  private static double millis(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}

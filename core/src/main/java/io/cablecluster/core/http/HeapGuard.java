package io.cablecluster.core.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Memory-based admission (as Hono's memory-based connection limit): a node whose heap is still fuller than
 * {@code max_heap_usage} percent right after a collection refuses new connections (503) instead of accepting
 * the one that runs it out of memory and drops every client at once. "After a collection" is the JVM's own
 * figure for the pools that hold long-lived data (old generation), so garbage awaiting collection never
 * counts. Each check reads a few MXBean numbers: it runs per handshake, never per frame.
 */
public final class HeapGuard {
  private final int percent;
  private final List<MemoryPoolMXBean> pools;

  HeapGuard(int percent, List<MemoryPoolMXBean> pools) {
    this.percent = percent;
    this.pools = pools;
  }

  /** {@code percent}: {@code max_heap_usage}, 0 = never refuse. */
  public static HeapGuard of(int percent) {
    return new HeapGuard(percent, longLivedPools());
  }

  /** Heap pools whose usage after a collection the JVM reports: the old generation of every collector. */
  private static List<MemoryPoolMXBean> longLivedPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
        .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
        .toList();
  }

  /** How many pools are watched (0 on a collector without an old generation: the guard then never refuses). */
  public int watchedPools() {
    return pools.size();
  }

  /** True when a new connection should be refused. */
  public boolean atRisk() {
    if (percent == 0) {
      return false;
    }
    for (MemoryPoolMXBean pool : pools) {
      MemoryUsage afterCollection = pool.getCollectionUsage();
      long max = afterCollection == null ? -1 : afterCollection.getMax();
      if (max > 0 && afterCollection.getUsed() * 100 > max * percent) {
        return true;
      }
    }
    return false;
  }
}

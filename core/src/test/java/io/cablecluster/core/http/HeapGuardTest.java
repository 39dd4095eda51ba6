package io.cablecluster.core.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Memory-based admission reads the old generation's usage after the last collection. */
class HeapGuardTest {

  /** A pool that answers only its usage after the last collection (null: never collected). */
  private static MemoryPoolMXBean pool(MemoryUsage afterCollection) {
    return (MemoryPoolMXBean) Proxy.newProxyInstance(HeapGuardTest.class.getClassLoader(),
        new Class<?>[] {MemoryPoolMXBean.class}, (proxy, method, args) -> {
          if (method.getName().equals("getCollectionUsage")) {
            return afterCollection;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static MemoryUsage used(long used, long max) {
    return new MemoryUsage(0, used, Math.max(used, max), max);
  }

  @Test
  @DisplayName("Verifies that a pool fuller than the percentage after a collection refuses, one below it admits")
  void refusesAboveThePercentageAfterACollection() {
    assertTrue(new HeapGuard(90, List.of(pool(used(95, 100)))).atRisk());
    assertFalse(new HeapGuard(90, List.of(pool(used(90, 100)))).atRisk());
    assertTrue(new HeapGuard(90, List.of(pool(used(10, 100)), pool(used(91, 100)))).atRisk(), "any pool counts");
  }

  @Test
  @DisplayName("Verifies that a pool never collected, a pool without a maximum and a percentage of 0 never refuse")
  void unknownFiguresNeverRefuse() {
    assertFalse(new HeapGuard(90, List.of(pool(null))).atRisk());
    assertFalse(new HeapGuard(90, List.of(pool(new MemoryUsage(0, 500, 500, -1)))).atRisk());
    assertFalse(new HeapGuard(0, List.of(pool(used(99, 100)))).atRisk());
  }

  @Test
  @DisplayName("Verifies that this JVM's collector exposes an old generation to watch, so the default guard is live")
  void theRunningJvmHasAnOldGeneration() {
    HeapGuard guard = HeapGuard.of(90);
    assertFalse(guard.atRisk(), "a test JVM is far from full");
    assertTrue(guard.watchedPools() > 0, "no old generation pool found");
  }
}

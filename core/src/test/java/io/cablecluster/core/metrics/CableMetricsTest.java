package io.cablecluster.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CableMetricsTest {

  @Test
  void aResolvedCounterIsTheOneScrapedUnderTheAnyCableName() {
    CableMetrics metrics = new CableMetrics(Map.of());
    Counter received = metrics.counter(MetricNames.CLIENT_MSG_TOTAL);
    received.increment();
    metrics.increment(MetricNames.CLIENT_MSG_TOTAL);
    assertSame(received, metrics.counter(MetricNames.CLIENT_MSG_TOTAL));
    assertEquals(2.0, metrics.count(MetricNames.CLIENT_MSG_TOTAL));
    assertTrue(metrics.scrape().contains("anycable_go_client_msg_total 2.0"), metrics.scrape());
  }

  @Test
  void gaugesKeepTheirNameAsGiven() {
    CableMetrics metrics = new CableMetrics(Map.of());
    metrics.gauge(MetricNames.CLIENTS_NUM, () -> 3);
    assertTrue(metrics.scrape().contains("anycable_go_clients_num 3.0"), metrics.scrape());
  }

  @Test
  void everyNameIsDeclaredOnceAndSpelledLikeAnyCable() throws IllegalAccessException {
    Set<String> seen = new HashSet<>();
    for (Field field : MetricNames.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String name = (String) field.get(null);
        assertTrue(seen.add(name), "declared twice: " + name);
        assertEquals(field.getName().toLowerCase(java.util.Locale.ROOT), name, "constant and name differ");
      }
    }
  }
}

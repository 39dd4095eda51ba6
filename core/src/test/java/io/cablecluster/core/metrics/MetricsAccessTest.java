package io.cablecluster.core.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsAccessTest {

  @Test
  @DisplayName("Verifies that without a key everyone may read the metrics")
  void noKeyMeansOpen() {
    assertTrue(MetricsAccess.permits("", null, null));
    assertTrue(MetricsAccess.permits(null, "Bearer anything", null));
  }

  @Test
  @DisplayName("Verifies that with a key only the bearer header or ?key= with that exact key is let in")
  void theKeyIsWantedAsBearerOrQuery() {
    assertTrue(MetricsAccess.permits("k3y", "Bearer k3y", null));
    assertTrue(MetricsAccess.permits("k3y", "bearer k3y", null));
    assertTrue(MetricsAccess.permits("k3y", null, "k3y"));
    assertFalse(MetricsAccess.permits("k3y", null, null));
    assertFalse(MetricsAccess.permits("k3y", "Bearer k3", null));
    assertFalse(MetricsAccess.permits("k3y", "Basic k3y", null));
    assertFalse(MetricsAccess.permits("k3y", "Bearer", null));
    assertFalse(MetricsAccess.permits("k3y", null, "k3y "));
  }
}

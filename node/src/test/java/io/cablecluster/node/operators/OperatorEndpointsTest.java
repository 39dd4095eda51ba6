package io.cablecluster.node.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator endpoints of one node: readiness from start to drain, and the metrics key. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatorEndpointsTest {
  private static final String KEY = "scrape-key";

  @Test
  @DisplayName("Verifies that a started node is ready and names each check, and that a stopping node answers 503 during shutdown_delay")
  void aStartedNodeIsReadyAndADrainingOneIsNot() throws Exception {
    try (InProcessNode node = Nodes.start(Map.of("public", "true", "shutdown_delay", "1"))) {
      InProcessNode.Response ready = node.request(HttpMethod.GET, "/readiness", null, Map.of());
      assertEquals(200, ready.status(), ready.body());
      assertEquals(new JsonObject().put("ready", true).put("checks", new JsonObject()
          .put("cluster", "ok (standalone)").put("draining", "no")), new JsonObject(ready.body()));
      assertEquals(200, node.request(HttpMethod.GET, "/health", null, Map.of()).status(), "liveness is apart");

      // shutdown_delay: the node keeps serving, already not ready, before its roles drain.
      Future<Void> stopped = node.runtime().stop();
      InProcessNode.Response draining = node.request(HttpMethod.GET, "/readiness", null, Map.of());
      assertEquals(503, draining.status(), draining.body());
      JsonObject body = new JsonObject(draining.body());
      assertEquals(false, body.getBoolean("ready"));
      assertEquals("yes", body.getJsonObject("checks").getString("draining"));
      stopped.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("Verifies that with metrics_key set /metrics answers 401 without the key or with a wrong one, and 200 with it as a bearer header or ?key=")
  void metricsKeyGuardsTheMetricsEndpoint() {
    try (InProcessNode node = Nodes.start(Map.of("metrics_http", "/metrics", "metrics_key", KEY))) {
      assertEquals(401, node.request(HttpMethod.GET, "/metrics", null, Map.of()).status());
      assertEquals(401, node.request(HttpMethod.GET, "/metrics", null,
          Map.of("authorization", "Bearer wrong-" + KEY)).status());
      assertEquals(401, node.request(HttpMethod.GET, "/metrics?key=" + KEY + "x", null, Map.of()).status());
      InProcessNode.Response byHeader = node.request(HttpMethod.GET, "/metrics", null,
          Map.of("authorization", "Bearer " + KEY));
      assertEquals(200, byHeader.status());
      assertTrue(byHeader.body().contains("anycable_go_metrics_unauthorized_total 3.0"), byHeader.body());
      assertEquals(200, node.request(HttpMethod.GET, "/metrics?key=" + KEY, null, Map.of()).status());
      assertEquals(200, node.request(HttpMethod.GET, "/readiness", null, Map.of()).status(),
          "readiness is for load balancers: never keyed");
    }
  }

  @Test
  @DisplayName("Verifies that without metrics_key /metrics is open, as in AnyCable-Go")
  void metricsAreOpenWithoutAKey() {
    try (InProcessNode node = Nodes.start(Map.of("metrics_http", "/metrics"))) {
      assertEquals(200, node.request(HttpMethod.GET, "/metrics", null, Map.of()).status());
    }
  }
}

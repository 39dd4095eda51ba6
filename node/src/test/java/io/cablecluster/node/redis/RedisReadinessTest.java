package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readiness follows Redis on a node that only ingests from it, and ignores Redis on a node with a gateway,
 * with a real redis-server on a free port stopped and started again.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisReadinessTest {
  /** Past the ingestion's reconnect backoff after a short outage (0.1 s doubling, at most 5 s). */
  private static final Duration RECONNECTED = Duration.ofSeconds(20);

  @Test
  @DisplayName("Verifies that an ingest-only node is ready with Redis, not ready while Redis is down and ready again once it is back, while a gateway node stays ready throughout")
  void readinessOfAnIngestOnlyNodeFollowsRedis() throws Exception {
    try (RedisServer redis = RedisServer.start();
         InProcessNode ingest = Nodes.start(Map.of("roles", "broadcaster", "redis_url", redis.url(),
             "broadcast_key", "k"));
         InProcessNode gateway = Nodes.start(Map.of("roles", "gateway,broadcaster", "redis_url", redis.url(),
             "broadcast_key", "k"))) {
      // Redis connects after the node started; only the node's answers show when (no event to await).
      Await.until("the ingest-only node ready", RECONNECTED, () -> status(ingest) == 200);
      assertEquals("ok", checks(ingest).getString("redis"));

      redis.stop();
      Await.until("the ingest-only node not ready", RECONNECTED, () -> status(ingest) == 503);
      assertEquals("down: not connected to Redis, reconnecting", checks(ingest).getString("redis"));
      assertEquals(200, status(gateway), "a gateway keeps serving its clients through a Redis blip");
      assertFalse(checks(gateway).containsKey("redis"));

      redis.launch();
      Await.until("the ingest-only node ready again", RECONNECTED, () -> status(ingest) == 200);
    }
  }

  private static int status(InProcessNode node) {
    return node.request(HttpMethod.GET, "/readiness", null, Map.of()).status();
  }

  private static JsonObject checks(InProcessNode node) {
    return new JsonObject(node.request(HttpMethod.GET, "/readiness", null, Map.of()).body()).getJsonObject("checks");
  }
}

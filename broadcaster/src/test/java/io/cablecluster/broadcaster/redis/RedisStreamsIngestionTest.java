package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.testkit.Await;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisStreamsIngestionTest {
  private RedisServer redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void stopRedis() throws Exception {
    redis.close();
  }

  private Map<String, String> options(String... extra) {
    Map<String, String> options = new java.util.HashMap<>(Map.of("redis_url", redis.url(),
        "redis_streams_scan_interval_ms", "200", "redis_consumer", "replica-a"));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    return options;
  }

  @Test
  @DisplayName("Verifies that job entries and entries of a job key created after start reach the job stream")
  void jobEntriesAndEntriesOfAJobKeyCreatedAfterStartReachTheJobStream() throws Exception {
    redis.cli("XADD", "design:jobs", "*", "id", "42", "status", "pending");
    try (BroadcasterHarness broadcaster = new BroadcasterHarness(options())) {
      Broadcast queued = broadcaster.next();
      assertEquals("design:jobs:42", queued.stream());
      assertEquals(new JsonObject().put("id", "42").put("status", "pending"), new JsonObject(queued.data()));

      redis.cli("XADD", "design:jobs:42", "*", "lowres", "https://cdn.test/42-low.png");
      Broadcast progress = broadcaster.next();
      assertEquals("design:jobs:42", progress.stream());
      assertEquals(new JsonObject().put("lowres", "https://cdn.test/42-low.png"), new JsonObject(progress.data()));

      Await.until("both entries acknowledged", () ->
          pending("design:jobs") == 0 && pending("design:jobs:42") == 0);
      assertEquals(2.0, broadcaster.metrics.count(MetricNames.PUBLICATIONS_TOTAL));
    }
  }

  @Test
  @DisplayName("Verifies that keyspace notifications find a new job key long before the next scan")
  void keyspaceNotificationsFindANewJobKeyLongBeforeTheNextScan() throws Exception {
    try (BroadcasterHarness broadcaster = new BroadcasterHarness(options(
        "redis_streams_scan_interval_ms", "3600000", "redis_streams_enable_keyspace_events", "true"))) {
      Await.until("connected", broadcaster.role::redisConnected);
      redis.cli("XADD", "design:jobs:7", "*", "status", "rendering");
      Broadcast progress = broadcaster.next();
      assertEquals("design:jobs:7", progress.stream());
      assertEquals("rendering", new JsonObject(progress.data()).getString("status"));
    }
  }

  @Test
  @DisplayName("Verifies that an entry naming its stream and data is broadcast as is")
  void anEntryNamingItsStreamAndDataIsBroadcastAsIs() throws Exception {
    try (BroadcasterHarness broadcaster = new BroadcasterHarness(options())) {
      redis.cli("XADD", "design:jobs", "*", "stream", "chat/1", "data", "{\"text\":\"hi\"}",
          "meta", "{\"exclude_socket\":\"sid-1\"}");
      Broadcast message = broadcaster.next();
      assertEquals("chat/1", message.stream());
      assertEquals("{\"text\":\"hi\"}", message.data());
      assertEquals("sid-1", message.excludeSocket());
    }
  }

  @Test
  @DisplayName("Verifies that a malformed entry is acknowledged and counted and does not block later ones")
  void aMalformedEntryIsAcknowledgedAndCountedAndDoesNotBlockLaterOnes() throws Exception {
    try (BroadcasterHarness broadcaster = new BroadcasterHarness(options())) {
      redis.cli("XADD", "design:jobs", "*", "status", "pending");
      redis.cli("XADD", "design:jobs", "*", "id", "9", "status", "pending");
      Broadcast good = broadcaster.next();
      assertEquals("design:jobs:9", good.stream());
      Await.until("both acknowledged", () -> pending("design:jobs") == 0);
      assertEquals(1.0, broadcaster.metrics.count(MetricNames.REDIS_STREAMS_MALFORMED_TOTAL));
      assertEquals(1.0, broadcaster.metrics.count(MetricNames.FAILED_BROADCAST_MSG_TOTAL));
      assertNull(broadcaster.published.poll(300, TimeUnit.MILLISECONDS), "the malformed entry is never retried");
    }
  }

  @Test
  @DisplayName("Verifies that a deleted job key is forgotten while other keys keep flowing")
  void aDeletedJobKeyIsForgottenWhileOtherKeysKeepFlowing() throws Exception {
    try (BroadcasterHarness broadcaster = new BroadcasterHarness(options())) {
      redis.cli("XADD", "design:jobs:1", "*", "status", "done");
      assertEquals("design:jobs:1", broadcaster.next().stream());
      redis.cli("DEL", "design:jobs:1");
      redis.cli("XADD", "design:jobs", "*", "id", "2", "status", "pending");
      assertEquals("design:jobs:2", broadcaster.next().stream());
      assertEquals("0", redis.cli("EXISTS", "design:jobs:1"), "a deleted job key is not recreated empty");
      redis.cli("XADD", "design:jobs:1", "*", "status", "reopened");
      Broadcast reopened = broadcaster.next();
      assertEquals("reopened", new JsonObject(reopened.data()).getString("status"));
    }
  }

  private long pending(String key) {
    String summary = redis.cli("XPENDING", key, "cable-cluster");
    return Long.parseLong(summary.lines().findFirst().orElse("0").trim());
  }
}

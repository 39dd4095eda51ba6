package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.testkit.Await;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broadcaster that dies between reading an entry and acknowledging it leaves the entry pending in the
 * group under its consumer name. These tests make exactly that state with redis-cli (XREADGROUP as the
 * dead replica, never XACK) and check who publishes it afterwards.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisFailureRecoveryTest {

  private static Map<String, String> options(RedisServer redis, String consumer, String... extra) {
    Map<String, String> options = new HashMap<>(Map.of("redis_url", redis.url(),
        "redis_streams_scan_interval_ms", "200", "redis_consumer", consumer));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    return options;
  }

  /** The state a replica leaves when it crashes after XREADGROUP and before XACK. */
  private static void readWithoutAck(RedisServer redis, String consumer) {
    redis.cli("XGROUP", "CREATE", "design:jobs", "cable-cluster", "0", "MKSTREAM");
    redis.cli("XADD", "design:jobs", "*", "id", "5", "status", "pending");
    String read = redis.cli("XREADGROUP", "GROUP", "cable-cluster", consumer, "COUNT", "10", "STREAMS", "design:jobs", ">");
    assertTrue(read.contains("pending"), read);
    assertEquals(1, pending(redis));
  }

  @Test
  @DisplayName("Verifies that an entry read by a crashed broadcaster is published when it restarts under the same name")
  void anEntryReadByACrashedBroadcasterIsPublishedWhenItRestartsUnderTheSameName() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      readWithoutAck(redis, "replica-a");
      // Claiming is far off: only the restart's re-read of its own pending entries can deliver it.
      try (BroadcasterHarness restarted = new BroadcasterHarness(options(redis, "replica-a",
          "redis_streams_claim_idle_ms", "3600000"))) {
        Broadcast entry = restarted.next();
        assertEquals("design:jobs:5", entry.stream());
        Await.until("acknowledged", () -> pending(redis) == 0);
        assertEquals(1.0, restarted.metrics.count(MetricNames.REDIS_STREAMS_REDELIVERED_TOTAL));
      }
    }
  }

  @Test
  @DisplayName("Verifies that an entry read by a crashed replica is claimed and published by another after the idle timeout")
  void anEntryReadByACrashedReplicaIsClaimedAndPublishedByAnotherAfterTheIdleTimeout() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      readWithoutAck(redis, "replica-dead");
      try (BroadcasterHarness survivor = new BroadcasterHarness(options(redis, "replica-b",
          "redis_streams_claim_idle_ms", "300"))) {
        Broadcast entry = survivor.next();
        assertEquals("design:jobs:5", entry.stream());
        Await.until("acknowledged", () -> pending(redis) == 0);
        assertEquals(1.0, survivor.metrics.count(MetricNames.REDIS_STREAMS_CLAIMED_TOTAL));
      }
    }
  }

  @Test
  @DisplayName("Verifies that two replicas share the group so each entry is published once")
  void twoReplicasShareTheGroupSoEachEntryIsPublishedOnce() throws Exception {
    try (RedisServer redis = RedisServer.start();
         BroadcasterHarness a = new BroadcasterHarness(options(redis, "replica-a"));
         BroadcasterHarness b = new BroadcasterHarness(options(redis, "replica-b"))) {
      Await.until("both connected", () -> a.role.redisConnected() && b.role.redisConnected());
      for (int i = 0; i < 20; i++) {
        redis.cli("XADD", "design:jobs", "*", "id", String.valueOf(i), "status", "pending");
      }
      Set<String> streams = new HashSet<>();
      Await.until("20 entries", () -> {
        a.published.forEach(m -> streams.add(((Broadcast) m).stream()));
        b.published.forEach(m -> streams.add(((Broadcast) m).stream()));
        return streams.size() == 20;
      });
      Await.until("all acknowledged", () -> pending(redis) == 0);
      assertEquals(20, a.published.size() + b.published.size(), "no entry published twice");
    }
  }

  @ParameterizedTest(name = "persistent redis: {0}")
  @ValueSource(booleans = {true, false})
  void entriesAddedWhileTheBroadcasterIsReconnectingStillArrive(boolean persistent) throws Exception {
    try (RedisServer redis = RedisServer.start(persistent);
         BroadcasterHarness broadcaster = new BroadcasterHarness(options(redis, "replica-a"))) {
      redis.cli("XADD", "design:jobs", "*", "id", "1", "status", "pending");
      assertEquals("design:jobs:1", broadcaster.next().stream());
      Await.until("acknowledged", () -> pending(redis) == 0);
      Await.until("connected", broadcaster.role::redisConnected);

      redis.stop();
      Await.until("not connected while Redis is down", () -> !broadcaster.role.redisConnected());
      // Six failed attempts: the backoff before the next one is 3.2 s, ample time to add entries first.
      Await.until("backing off", () -> broadcaster.metrics.count(MetricNames.REDIS_RECONNECTS_TOTAL) >= 6);
      redis.launch();
      redis.cli("XADD", "design:jobs", "*", "id", "2", "status", "pending");
      redis.cli("XADD", "design:jobs:1", "*", "status", "done");
      assertFalse(broadcaster.role.redisConnected());

      Set<String> received = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        Broadcast b = broadcaster.next();
        received.add(b.stream() + " " + new JsonObject(b.data()).getString("status"));
      }
      assertEquals(Set.of("design:jobs:2 pending", "design:jobs:1 done"), received);
      Await.until("connected again", broadcaster.role::redisConnected);
      Await.until("acknowledged", () -> pending(redis) == 0);
      assertTrue(broadcaster.published.isEmpty(), "the entry acknowledged before the restart is not repeated");
      assertTrue(broadcaster.metrics.count(MetricNames.REDIS_RECONNECTS_TOTAL) >= 1);
    }
  }

  private static long pending(RedisServer redis) {
    String summary = redis.cli("XPENDING", "design:jobs", "cable-cluster");
    return Long.parseLong(summary.lines().findFirst().orElse("0").trim());
  }
}

package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.testkit.Await;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AnyCable's own Redis adapters, and Redis staying off unless a URL is given. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisAdaptersTest {

  @Test
  @DisplayName("Verifies that a payload published on the AnyCable channel is broadcast")
  void aPayloadPublishedOnTheAnycableChannelIsBroadcast() throws Exception {
    try (RedisServer redis = RedisServer.start();
         BroadcasterHarness broadcaster = new BroadcasterHarness(Map.of("redis_url", redis.url(),
             "redis_streams", "none"))) {
      Await.until("subscribed", () -> redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1"));
      redis.cli("PUBLISH", "__anycable__", "not json");
      redis.cli("PUBLISH", "__anycable__", "{\"stream\":\"chat/1\",\"data\":\"{\\\"text\\\":\\\"hi\\\"}\"}");
      Broadcast message = broadcaster.next();
      assertEquals("chat/1", message.stream());
      assertEquals("{\"text\":\"hi\"}", message.data());
      assertEquals(1.0, broadcaster.metrics.count(MetricNames.FAILED_BROADCAST_MSG_TOTAL));
    }
  }

  private static final String LEASE = "cable-cluster:pubsub-leader:__anycable__";

  private static Map<String, String> pubsubOnly(RedisServer redis, String consumer) {
    return Map.of("redis_url", redis.url(), "redis_streams", "none", "redis_consumer", consumer,
        "redis_pubsub_lease_ms", "600");
  }

  @Test
  @DisplayName("Verifies that broadcaster only replicas take turns on pub/sub so each message is published once")
  void broadcasterOnlyReplicasTakeTurnsOnPubSubSoEachMessageIsPublishedOnce() throws Exception {
    try (RedisServer redis = RedisServer.start();
         BroadcasterHarness a = new BroadcasterHarness(pubsubOnly(redis, "replica-a"));
         BroadcasterHarness b = new BroadcasterHarness(pubsubOnly(redis, "replica-b"))) {
      Await.until("one listener", () -> redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1"));
      redis.cli("PUBLISH", "__anycable__", "{\"stream\":\"s\",\"data\":\"1\"}");
      Await.until("published", () -> a.published.size() + b.published.size() >= 1);
      // The window in which the other replica would publish a duplicate: an absence has no event to await.
      Thread.sleep(300);
      assertEquals(1, a.published.size() + b.published.size(), "published once, by the lease holder");

      BroadcasterHarness holder = "replica-a".equals(redis.cli("GET", LEASE)) ? a : b;
      BroadcasterHarness other = holder == a ? b : a;
      String otherName = holder == a ? "replica-b" : "replica-a";
      holder.stop();
      Await.until("the other replica takes over", () -> otherName.equals(redis.cli("GET", LEASE))
          && redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1"));
      other.published.clear();
      redis.cli("PUBLISH", "__anycable__", "{\"stream\":\"s\",\"data\":\"2\"}");
      assertEquals("2", other.next().data());
    }
  }

  @Test
  @DisplayName("Verifies that the lease of a crashed replica is taken over once it expires")
  void theLeaseOfACrashedReplicaIsTakenOverOnceItExpires() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      redis.cli("SET", LEASE, "crashed-replica", "PX", "1500");
      try (BroadcasterHarness survivor = new BroadcasterHarness(pubsubOnly(redis, "replica-b"))) {
        assertEquals("0", redis.cli("PUBSUB", "NUMSUB", "__anycable__").lines().reduce((x, y) -> y).orElse(""));
        Await.until("lease taken over", () -> "replica-b".equals(redis.cli("GET", LEASE))
            && redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1"));
        redis.cli("PUBLISH", "__anycable__", "{\"stream\":\"s\",\"data\":\"3\"}");
        assertEquals("3", survivor.next().data());
        assertTrue(survivor.role.redisConnected(), "a replica waiting for the lease is connected");
      }
    }
  }

  @Test
  @DisplayName("Verifies that a RedisX entry is broadcast then acknowledged and deleted")
  void aRedisxEntryIsBroadcastThenAcknowledgedAndDeleted() throws Exception {
    try (RedisServer redis = RedisServer.start();
         BroadcasterHarness broadcaster = new BroadcasterHarness(Map.of("redis_url", redis.url(),
             "broadcast_adapter", "http,redisx", "redis_streams", "none"))) {
      Await.until("connected", broadcaster.role::redisConnected);
      redis.cli("XADD", "__anycable__", "*", "payload",
          "{\"command\":\"disconnect\",\"payload\":{\"identifier\":\"{\\\"uid\\\":\\\"26\\\"}\",\"reconnect\":true}}");
      BusMessage message = broadcaster.published.poll(10, TimeUnit.SECONDS);
      assertEquals(new RemoteDisconnect("{\"uid\":\"26\"}", true), message);
      Await.until("deleted after ack", () -> "0".equals(redis.cli("XLEN", "__anycable__")));
      assertEquals("0", redis.cli("XPENDING", "__anycable__", "bx").lines().findFirst().orElse("").trim());
    }
  }

  @Test
  @DisplayName("Verifies that without a Redis URL nothing connects to Redis even when an adapter asks for it")
  void withoutARedisUrlNothingConnectsToRedisEvenWhenAnAdapterAsksForIt() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      String before = connectedClients(redis);
      try (BroadcasterHarness broadcaster = new BroadcasterHarness(Map.of("broadcast_adapter", "redis,redisx"))) {
        assertFalse(broadcaster.role.redisConfig().enabled());
        assertTrue(broadcaster.role.redisConfig().http(), "HTTP stays on when Redis is off");
        assertTrue(broadcaster.role.redisConnected());
      }
      try (BroadcasterHarness broadcaster = new BroadcasterHarness(Map.of("redis_url", redis.url(),
          "broadcast_adapter", "http"))) {
        assertFalse(broadcaster.role.redisConfig().enabled(), "a URL alone does not turn Redis on");
        // The window in which a wrongly started adapter would connect: an absence has no event to await.
        Thread.sleep(300);
        assertEquals(before, connectedClients(redis));
      }
    }
  }

  @Test
  @DisplayName("Verifies that the role reports Redis not connected until the configured Redis is reachable")
  void notConnectedUntilTheConfiguredRedisIsReachable() throws Exception {
    try (RedisServer redis = RedisServer.notStarted();
         BroadcasterHarness broadcaster = new BroadcasterHarness(Map.of("redis_url", redis.url(),
             "redis_streams_scan_interval_ms", "200"))) {
      // Longer than a scan interval, in which a role that ignores the missing Redis would report itself connected.
      Thread.sleep(300);
      assertFalse(broadcaster.role.redisConnected());
      redis.launch();
      Await.until("connected once Redis is up", broadcaster.role::redisConnected);
      redis.cli("XADD", "design:jobs", "*", "id", "3", "status", "pending");
      assertEquals("design:jobs:3", broadcaster.next().stream());
    }
  }

  /** Clients other than the redis-cli asking. */
  private static String connectedClients(RedisServer redis) {
    return redis.cli("INFO", "clients").lines().filter(l -> l.startsWith("connected_clients:"))
        .findFirst().orElseThrow();
  }
}

package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.core.testing.CableTestClient;
import io.cablecluster.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seeds' job flow through a whole node: a worker writes to Redis, a browser watching the job sees it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobFlowThroughNodeTest {

  static String jobIdentifier(String id) {
    return new JsonObject().put("channel", "$pubsub").put("stream_name", "design:jobs:" + id).encode();
  }

  static void subscribe(CableTestClient client, String identifier) {
    client.subscribe(identifier);
    assertEquals("confirm_subscription", client.next().getString("type"));
  }

  @Test
  void workerEntriesOnTheQueueAndOnALaterJobKeyAndAnycableBroadcastsReachTheJobsSubscriber() throws Exception {
    try (RedisServer redis = RedisServer.start();
         TestNode node = TestNode.start(Map.of("public", "true", "http_broadcast_port", "0", "redis_url", redis.url(),
             "broadcast_adapter", "http,redis,redisx", "redis_streams_scan_interval_ms", "200"));
         CableTestClient browser = node.welcomed("/cable")) {
      String job = jobIdentifier("77");
      subscribe(browser, job);

      redis.cli("XADD", "design:jobs", "*", "id", "77", "status", "pending");
      assertEquals(message(job, new JsonObject().put("id", "77").put("status", "pending")), browser.next());

      redis.cli("XADD", "design:jobs:77", "*", "lowres", "https://cdn.test/77-low.png");
      assertEquals(message(job, new JsonObject().put("lowres", "https://cdn.test/77-low.png")), browser.next());

      JsonObject done = new JsonObject().put("status", "done");
      String payload = new JsonObject().put("stream", "design:jobs:77").put("data", done.encode()).encode();
      awaitSubscriber(redis);
      redis.cli("PUBLISH", "__anycable__", payload);
      assertEquals(message(job, done), browser.next());

      redis.cli("XADD", "__anycable__", "*", "payload", payload);
      assertEquals(message(job, done), browser.next());
      browser.assertNoMessage(300);
    }
  }

  static JsonObject message(String identifier, JsonObject body) {
    return new JsonObject().put("identifier", identifier).put("message", body);
  }

  static void awaitSubscriber(RedisServer redis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing subscribed to __anycable__");
      }
      Thread.sleep(50);
    }
  }
}

package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered node JVMs running every role, one Redis: what one node ingests reaches clients of the
 * other exactly once (stream entries through the shared group, pub/sub because each node delivers what
 * it hears only to its own clients), and the event service scales out the same way.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoNodeClusterTest {
  private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+}");
  private static RedisServer redis;
  private static NodeJvm first;
  private static NodeJvm second;
  private static Path dir;
  private static final Vertx vertx = Vertx.vertx();
  // Held in fields: Vert.x closes clients that are garbage collected.
  private static final WebSocketClient webSockets = vertx.createWebSocketClient();
  private static final HttpClient http = vertx.createHttpClient();

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory("cable-two-nodes-");
    redis = RedisServer.start();
    int hazelcast = hazelcastBlock(4);
    String[] options = {"--public", "true", "--http_broadcast_port", "0", "--redis_url", redis.url(),
        "--redis_streams_scan_interval_ms", "200",
        "--cluster", "local", "--cluster_name", "two-" + UUID.randomUUID(),
        "--cluster_port", String.valueOf(hazelcast), "--cluster_port_count", "4"};
    first = new NodeJvm(dir.resolve("first.log"), append(options, "--redis_consumer", "first")).start();
    second = new NodeJvm(dir.resolve("second.log"), append(options, "--redis_consumer", "second")).start();
    awaitTwoMembers(first);
    awaitTwoMembers(second);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void jobEntriesAndAnycablePubSubReachAClientOfEitherNodeExactlyOnce() throws Exception {
    try (CableTestClient browser = CableTestClient.connect(vertx, second.port(), "/cable")) {
      assertEquals("welcome", browser.next().getString("type"));
      String job = JobFlowThroughNodeTest.jobIdentifier("5");
      JobFlowThroughNodeTest.subscribe(browser, job);
      for (int i = 0; i < 10; i++) {
        redis.cli("XADD", "design:jobs:5", "*", "progress", String.valueOf(i * 10));
      }
      for (int i = 0; i < 10; i++) {
        JsonObject message = browser.next();
        assertEquals(job, message.getString("identifier"));
      }
      browser.assertNoMessage(500);

      awaitSubscribers(2);
      JsonObject done = new JsonObject().put("status", "done");
      redis.cli("PUBLISH", "__anycable__",
          new JsonObject().put("stream", "design:jobs:5").put("data", done.encode()).encode());
      assertEquals(JobFlowThroughNodeTest.message(job, done), browser.next());
      browser.assertNoMessage(500);
    }
  }

  @Test
  void anEventPostedToOneNodeReachesWebSocketClientsOfTheOther() throws Exception {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket socket = webSockets.connect(second.port(), "127.0.0.1", "/ws")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    socket.textMessageHandler(frames::add);

    int status = http.request(HttpMethod.POST, first.port(), "127.0.0.1", "/events/order-shipped")
        .compose(req -> req.send("{\"order\":7}")).map(r -> r.statusCode())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(202, status);
    String frame = frames.poll(15, TimeUnit.SECONDS);
    assertEquals(new JsonObject().put("type", "order:shipped").put("payload", new JsonObject().put("order", 7)),
        new JsonObject(String.valueOf(frame)));
    socket.close();
  }

  private static void awaitSubscribers(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith(String.valueOf(count))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not every node subscribed to __anycable__");
      }
      Thread.sleep(50);
    }
  }

  private static String[] append(String[] options, String... more) {
    String[] all = java.util.Arrays.copyOf(options, options.length + more.length);
    System.arraycopy(more, 0, all, options.length, more.length);
    return all;
  }

  private static void awaitTwoMembers(NodeJvm node) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher m = MEMBERS.matcher(node.output());
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      if ("2".equals(last) && node.status("/health") == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no cluster of 2:\n" + node.output());
  }

  /** Consecutive free ports for Hazelcast, away from the ranges other tests probe. */
  private static int hazelcastBlock(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 25000 + ThreadLocalRandom.current().nextInt(0, 1000) * 5;
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port block");
  }
}

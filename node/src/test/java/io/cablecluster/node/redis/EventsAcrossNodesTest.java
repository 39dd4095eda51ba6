package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The plain-WebSocket event service scales out: an event POSTed to one node reaches /ws clients of another. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EventsAcrossNodesTest {
  private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+}");
  @TempDir
  Path dir;

  @Test
  void anEventPostedToOneNodeReachesWebSocketClientsOfTheOther() throws Exception {
    int hazelcast = hazelcastBlock(4);
    String[] cluster = {"--roles", "broadcaster", "--broadcast_key", "k", "--cluster", "local",
        "--cluster_name", "events-" + UUID.randomUUID(), "--cluster_port", String.valueOf(hazelcast),
        "--cluster_port_count", "4"};
    Vertx vertx = Vertx.vertx();
    try (NodeJvm first = new NodeJvm(dir.resolve("first.log"), cluster).start();
         NodeJvm second = new NodeJvm(dir.resolve("second.log"), cluster).start()) {
      awaitTwoMembers(first);
      awaitTwoMembers(second);
      WebSocketClient webSockets = vertx.createWebSocketClient();
      HttpClient http = vertx.createHttpClient();
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
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
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

package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's heap after a full collection, flood after flood, stays within documented bounds (README
 * "Security", docs/SECURITY.md): history is bounded per node in characters, a connection's subscriptions by
 * count and identifier size, pongs to one per connection, and an oversized message is never assembled.
 * One node JVM (192 MiB heap, serial collector); the heap is read with jcmd after GC.run.
 */
class MemoryUnderFloodsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final long MIB = 1024 * 1024;
  private static final Pattern GENERATION = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

  @Test
  @DisplayName("Verifies that under history, subscription, ping and oversized-message floods the heap after a collection stays within each flood's documented bound and a bystander keeps receiving")
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void heapStaysBoundedFloodAfterFlood(@TempDir Path dir) throws Exception {
    NodeJvm node = NodeJvm.start("floods", dir, Map.of(), List.of("-Xmx192m"), "--public", "--broker", "memory",
        "--history_max_node_bytes", String.valueOf(16 * MIB), "--metrics_http", "/metrics");
    Vertx vertx = Vertx.vertx();
    List<CableClient> flooders = new ArrayList<>();
    try {
      node.awaitHealthy(Duration.ofSeconds(60));
      String watched = Identifiers.pubsub("floods/bystander");
      CableClient bystander = CableClient.welcomed(vertx, node.port(), new CableClientOptions().label("bystander"));
      bystander.subscribeConfirmed(watched);
      long baseline = heapAfterCollection(node);

      // 1. 200 broadcasts of 500,000 characters (100 M in all) to distinct streams: history keeps 16 Mi.
      HttpClient http = vertx.createHttpClient();
      String big = "h".repeat(500_000);
      for (int i = 0; i < 200; i++) {
        String body = new JsonObject().put("stream", "floods/history-" + i).put("data", big).encode();
        assertEquals(201, (int) Await.result(http.request(HttpMethod.POST, node.port(), "127.0.0.1", "/_broadcast")
            .compose(request -> request.send(body)).map(HttpClientResponse::statusCode), BOUND));
      }
      long afterHistory = heapAfterCollection(node);
      assertWithin(afterHistory - baseline, 16 * MIB + 16 * MIB, "history flood");
      assertTrue(node.metric("anycable_go_stream_unnumbered_total") > 0, "over the node's bound: unnumbered");

      // 2. 20 connections, each asking 200 subscriptions of ~2 KiB identifiers: 128 are kept per connection.
      String longName = "s".repeat(1_900);
      for (int c = 0; c < 20; c++) {
        CableClient flooder = CableClient.welcomed(vertx, node.port(), new CableClientOptions().label("subs" + c));
        flooders.add(flooder);
        for (int i = 0; i < 200; i++) {
          flooder.subscribe(Identifiers.pubsub(longName + "-" + c + "-" + i));
          if (i % 50 == 49) {
            // Answered (confirmed or, past max_subscriptions, rejected) before more: within max_pending_commands.
            for (int answered = 0; answered < 50; answered++) {
              String type = flooder.receive(BOUND).getString("type");
              assertTrue("confirm_subscription".equals(type) || "reject_subscription".equals(type), type);
            }
          }
        }
      }
      long afterSubscriptions = heapAfterCollection(node);
      // Per connection at most max_subscriptions (128) x max_identifier_size (2 KiB) x 4 (identifier, stream
      // name, subscription state): 1 MiB.
      assertWithin(afterSubscriptions - afterHistory, 20 * MIB + 8 * MIB, "subscription flood");

      // 3. 10 clients that never read send 2,000 pings each; 4. 5 clients send 1 MiB in 64 KiB fragments.
      List<RawWebSocket> raw = new ArrayList<>();
      byte[] ping = new byte[125];
      for (int c = 0; c < 10; c++) {
        RawWebSocket pinger = RawWebSocket.connect(node.port(), "/cable", null, 4096);
        raw.add(pinger);
        for (int i = 0; i < 2_000; i++) {
          pinger.frame(RawWebSocket.FIN | RawWebSocket.PING, ping, true);
        }
        pinger.flush();
      }
      byte[] fragment = new byte[64 * 1024];
      java.util.Arrays.fill(fragment, (byte) 'f');
      for (int c = 0; c < 5; c++) {
        RawWebSocket sender = RawWebSocket.connect(node.port(), "/cable", null, 0);
        raw.add(sender);
        try {
          sender.frame(RawWebSocket.TEXT, fragment, true);
          for (int i = 0; i < 15; i++) {
            sender.frame(RawWebSocket.CONTINUATION, fragment, true);
          }
          sender.frame(RawWebSocket.FIN | RawWebSocket.CONTINUATION, fragment, true);
          sender.flush();
        } catch (IOException closedEarly) {
          // The node closes with 1009 as soon as the fragments pass max_message_size: expected.
        }
      }
      long afterFrames = heapAfterCollection(node);
      assertWithin(afterFrames - afterSubscriptions, 8 * MIB, "ping and oversized-message floods");

      assertEquals(201, node.broadcast("floods/bystander", "1"));
      JsonObject served = bystander.receive(BOUND);
      assertEquals(watched, served.getString("identifier"), "the bystander is still served: " + served);
      System.out.printf("heap after collection: baseline %d KiB, +history %d KiB, +subscriptions %d KiB, "
              + "+pings and oversized %d KiB%n", baseline / 1024, (afterHistory - baseline) / 1024,
          (afterSubscriptions - afterHistory) / 1024, (afterFrames - afterSubscriptions) / 1024);
      for (RawWebSocket socket : raw) {
        socket.close();
      }
      bystander.close();
    } finally {
      flooders.forEach(CableClient::close);
      Await.result(vertx.close());
      node.close();
    }
  }

  private static void assertWithin(long grown, long bound, String flood) {
    assertTrue(grown <= bound, flood + ": the heap after a collection grew by " + grown / 1024 + " KiB, bound "
        + bound / 1024 + " KiB");
  }

  /** Bytes in use in the node's heap right after a full collection (serial collector's generations). */
  static long heapAfterCollection(NodeJvm node) {
    HostileChecks.jcmd(node, "GC.run");
    String info = HostileChecks.jcmd(node, "GC.heap_info");
    Matcher used = GENERATION.matcher(info);
    long kib = 0;
    int generations = 0;
    while (used.find()) {
      kib += Long.parseLong(used.group(1));
      generations++;
    }
    assertEquals(2, generations, "young and old generation in:\n" + info);
    return kib * 1024;
  }
}

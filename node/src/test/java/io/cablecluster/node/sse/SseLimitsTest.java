package io.cablecluster.node.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An SSE client that stops reading is cut off at the byte bound; a draining node says goodbye over SSE too. */
class SseLimitsTest {

  @Test
  @DisplayName("Verifies that an SSE client that stops reading is cut off at ws_max_pending_size and others keep receiving")
  void sseClientThatStopsReadingIsCutOffAndOthersKeepReceiving() throws Exception {
    try (InProcessNode node = Nodes.start(Map.of("sse", "true", "public", "true", "http_broadcast_port", "0",
        "ws_max_pending_size", "65536", "metrics_http", "/metrics"));
         Socket silent = new Socket()) {
      silent.setReceiveBufferSize(4096);
      silent.connect(new java.net.InetSocketAddress("127.0.0.1", node.port()));
      OutputStream out = silent.getOutputStream();
      out.write(("GET /events?stream=firehose HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (SseClient fast = SseClient.get(node.port(), "/events?stream=firehose", Map.of())) {
        assertEquals("welcome", fast.next().event());
        assertEquals("confirm_subscription", fast.next().event());
        String chunk = "x".repeat(60_000);
        long sent = 0;
        for (int i = 0; i < 400 && !slowCut(node); i++) {
          String data = JsonObject.of("i", i, "pad", chunk).encode();
          node.broadcast(new JsonObject().put("stream", "firehose").put("data", data).encode(), null);
          sent += data.length();
          assertEquals(i, new JsonObject(fast.nextNotPing().data()).getInteger("i"));
        }
        assertTrue(slowCut(node), "the silent client was never cut off");
        // The cut connection is closed: what it can still read is what the kernel buffers held, then EOF.
        silent.setSoTimeout(10_000);
        long read = drain(silent.getInputStream());
        assertTrue(read < sent, read + " bytes readable of " + sent + " sent");
        node.broadcast("{\"stream\":\"firehose\",\"data\":\"\\\"after\\\"\"}", null);
        assertEquals("after", fast.nextNotPing().data());
      }
    }
  }

  private static boolean slowCut(InProcessNode node) {
    return node.request(HttpMethod.GET, "/metrics", null, Map.of()).body()
        .contains("anycable_go_disconnected_slow_clients_total 1.0");
  }

  /** Reads to EOF (the server closed), returning the byte count; a read timeout fails the test. */
  private static long drain(InputStream in) throws Exception {
    byte[] buffer = new byte[65536];
    long total = 0;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the cut-off connection was not closed", e);
    } catch (java.net.SocketException reset) {
      // A reset is a close too.
    }
    return total;
  }

  @Test
  @DisplayName("Verifies that a draining node sends disconnect server_restart to SSE clients and ends their streams")
  void drainingNodeSendsServerRestartToSseClients() throws Exception {
    InProcessNode node = Nodes.start(Map.of("sse", "true", "public", "true", "http_broadcast_port", "0"));
    try (SseClient sse = SseClient.get(node.port(), "/events?stream=drain", Map.of())) {
      assertEquals("welcome", sse.next().event());
      assertEquals("confirm_subscription", sse.next().event());
      node.stop();
      SseClient.Event goodbye = sse.nextNotPing();
      assertEquals("disconnect", goodbye.event());
      assertEquals(new JsonObject().put("type", "disconnect").put("reason", "server_restart").put("reconnect", true),
          new JsonObject(goodbye.data()));
      assertNull(goodbye.retry(), "EventSource should reconnect");
      assertNull(sse.next(), "the stream ends");
    } finally {
      node.close();
    }
  }
}

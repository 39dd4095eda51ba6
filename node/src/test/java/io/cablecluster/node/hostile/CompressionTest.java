package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.InProcessNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 2: permessage-deflate was accepted by default with no limit on the inflated size (one
 * 75 KB frame inflating to 80 MB froze the other clients of its event loop for 6-8 s, then the message was
 * dropped silently and the socket stayed open). Now compression is off unless {@code enable_ws_compression}
 * is set (AnyCable-Go's option, off there too), and when on, inflation stops at {@code max_message_size}:
 * the socket closes with 1009, counted, in at most one log line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionTest {
  static final int MAX = 65536;
  static final String SUBSCRIBE = "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"$pubsub\\\",\\\"stream_name\\\":\\\"zip\\\"}\"}";
  static final Map<String, String> FLAGS = Map.of("public", "true", "http_broadcast_port", "0", "metrics_http", "/metrics");
  @RegisterExtension
  static final CableNodeExtension compressing = Nodes.perClass(with(FLAGS, "enable_ws_compression", "true"));

  static Map<String, String> with(Map<String, String> flags, String name, String value) {
    java.util.HashMap<String, String> all = new java.util.HashMap<>(flags);
    all.put(name, value);
    return all;
  }

  static byte[] zeros(int size) {
    return new byte[size];
  }

  @Test
  @DisplayName("Verifies that by default permessage-deflate is not negotiated, and a compressed frame sent anyway closes with 1002")
  void compressionIsOffByDefault() throws IOException {
    try (InProcessNode node = Nodes.start(FLAGS);
         RawWebSocket client = RawWebSocket.connect(node.port(), "/cable", "permessage-deflate; client_max_window_bits", 0)) {
      assertNull(client.extensions(), "no extension accepted");
      client.awaitText("welcome", Duration.ofSeconds(5));
      client.compressedText(SUBSCRIBE.getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame close = client.awaitClose(Duration.ofSeconds(5));
      assertNotNull(close);
      assertEquals(1002, close.closeCode());
    }
  }

  @Test
  @DisplayName("Verifies that with enable_ws_compression permessage-deflate is negotiated and compressed commands and replies work both ways")
  void compressionWorksWhenEnabled() throws IOException {
    try (RawWebSocket client = RawWebSocket.connect(compressing.node().port(), "/cable", "permessage-deflate", 0)) {
      assertNotNull(client.extensions(), "permessage-deflate accepted");
      assertTrue(client.extensions().startsWith("permessage-deflate"), client.extensions());
      client.awaitText("welcome", Duration.ofSeconds(5));
      client.compressedText(SUBSCRIBE.getBytes(StandardCharsets.UTF_8));
      assertTrue(client.awaitText("confirm_subscription", Duration.ofSeconds(5)).text().contains("zip"));
      // A compressed message of max_message_size bytes exactly still passes.
      byte[] atLimit = Arrays.copyOf(SUBSCRIBE.replace("zip", "zip2").getBytes(StandardCharsets.UTF_8), MAX);
      Arrays.fill(atLimit, SUBSCRIBE.length() + 1, MAX, (byte) ' ');
      client.compressedText(atLimit);
      assertTrue(client.awaitText("confirm_subscription", Duration.ofSeconds(5)).text().contains("zip2"));
    }
  }

  @Test
  @DisplayName("Verifies that with enable_ws_compression a frame of about 64 KB inflating to 64 MB closes with 1009 and a reason, counted, in at most one log line, while bystanders on the node keep receiving within 2 s")
  void compressionBombClosesWith1009() throws IOException {
    InProcessNode node = compressing.node();
    double tooBig = metric(node, "client_msg_too_big_total");
    try (Bystanders bystanders = Bystanders.on(node, "zip/bystanders");
         RawWebSocket attacker = RawWebSocket.connect(node.port(), "/cable", "permessage-deflate", 0)) {
      attacker.awaitText("welcome", Duration.ofSeconds(5));
      byte[] bomb = attacker.deflate(zeros(64 * 1024 * 1024));
      assertTrue(bomb.length < 128 * 1024, "a small frame: " + bomb.length);
      try (LogCapture log = new LogCapture()) {
        attacker.frame(RawWebSocket.FIN | RawWebSocket.RSV1 | RawWebSocket.TEXT, bomb, true);
        attacker.flush();
        bystanders.assertServed();
        RawWebSocket.Frame close = attacker.awaitClose(Duration.ofSeconds(5));
        assertNotNull(close, "a close frame, not a dropped connection");
        assertEquals(1009, close.closeCode());
        assertEquals("Message too big (max " + MAX + " bytes)", close.closeReason());
        assertTrue(attacker.awaitEnd(Duration.ofSeconds(5)));
        HostileChecks.awaitMetric(node, "client_msg_too_big_total", tooBig + 1);
        ClosingAttacks.assertAtMostOneShortLine(log);
      }
      bystanders.assertServed();
    }
  }

  @Test
  @DisplayName("Verifies that with enable_ws_compression a compressed message in fragments inflating past max_message_size in all closes with 1009")
  void fragmentedCompressedMessageOverTheLimitClosesWith1009() throws IOException {
    InProcessNode node = compressing.node();
    double tooBig = metric(node, "client_msg_too_big_total");
    try (RawWebSocket attacker = RawWebSocket.connect(node.port(), "/cable", "permessage-deflate", 0)) {
      attacker.awaitText("welcome", Duration.ofSeconds(5));
      // One deflate stream cut in two: each fragment inflates below the limit, both together above it.
      byte[] compressed = attacker.deflate(zeros(MAX + MAX / 2));
      int half = compressed.length / 2;
      attacker.frame(RawWebSocket.RSV1 | RawWebSocket.TEXT, Arrays.copyOfRange(compressed, 0, half), true);
      attacker.frame(RawWebSocket.FIN | RawWebSocket.CONTINUATION, Arrays.copyOfRange(compressed, half,
          compressed.length), true);
      attacker.flush();
      RawWebSocket.Frame close = attacker.awaitClose(Duration.ofSeconds(5));
      assertNotNull(close);
      assertEquals(1009, close.closeCode());
      HostileChecks.awaitMetric(node, "client_msg_too_big_total", tooBig + 1);
    }
  }
}

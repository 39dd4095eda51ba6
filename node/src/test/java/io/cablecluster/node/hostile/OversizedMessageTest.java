package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableNodeExtension;
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
 * Hostile-input row 12: a message over the transport ceiling sent in fragments was dropped silently (no
 * 1009, no log line, no metric, socket kept open), and a single frame over it dropped the TCP connection
 * without a close frame. Now every message over {@code max_message_size} gets the oversized frame's answer
 * however it is framed: close 1009 with {@code Message too big (max N bytes)}, counted, at most one log line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OversizedMessageTest {
  static final int MAX = 65536;
  static final String REASON = "Message too big (max " + MAX + " bytes)";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "metrics_http", "/metrics"));

  static byte[] filler(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'a');
    return bytes;
  }

  /** Sends {@code attack}, then asserts the 1009 close, the counters and the log, and that bystanders are served. */
  void assertRefusedWith1009(String stream, ClosingAttacks.Attack attack) throws IOException {
    double failed = metric(cable.node(), "failed_client_msg_total");
    ClosingAttacks.assertClosed(cable.node(), stream,
        new ClosingAttacks.Expected(1009, REASON, "client_msg_too_big_total"), attack);
    assertEquals(failed + 1, metric(cable.node(), "failed_client_msg_total"));
  }

  @Test
  @DisplayName("Verifies that a text message over max_message_size in 64 KiB fragments, 1 MiB in all (four times the transport ceiling), closes with 1009 and a reason, counted, in at most one log line, while bystanders keep receiving")
  void fragmentedMessageOverTheCeilingClosesWith1009() throws IOException {
    assertRefusedWith1009("oversized/fragments", socket -> {
      byte[] fragment = filler(64 * 1024);
      socket.frame(RawWebSocket.TEXT, fragment, true);
      for (int i = 1; i < 15; i++) {
        socket.frame(RawWebSocket.CONTINUATION, fragment, true);
      }
      socket.frame(RawWebSocket.FIN | RawWebSocket.CONTINUATION, fragment, true);
      socket.flush();
    });
  }

  @Test
  @DisplayName("Verifies that a fragmented message just over max_message_size (two fragments under it) closes with 1009 like one oversized frame")
  void fragmentedMessageJustOverTheLimitClosesWith1009() throws IOException {
    assertRefusedWith1009("oversized/two-fragments", socket -> {
      socket.frame(RawWebSocket.TEXT, filler(MAX / 2 + 1), true);
      socket.frame(RawWebSocket.FIN | RawWebSocket.CONTINUATION, filler(MAX / 2 + 1), true);
      socket.flush();
    });
  }

  @Test
  @DisplayName("Verifies that a single frame over the transport ceiling closes with 1009 and a reason instead of a dropped connection")
  void singleFrameOverTheCeilingClosesWith1009() throws IOException {
    assertRefusedWith1009("oversized/one-frame", socket -> {
      socket.frame(RawWebSocket.FIN | RawWebSocket.TEXT, filler(512 * 1024), true);
      socket.flush();
    });
  }

  @Test
  @DisplayName("Verifies that a fragmented message of max_message_size bytes exactly is accepted and answered")
  void fragmentedMessageAtTheLimitIsServed() throws IOException {
    try (RawWebSocket client = RawWebSocket.connect(cable.node().port(), "/cable", null, 0)) {
      client.awaitText("welcome", Duration.ofSeconds(5));
      String subscribe = "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"$pubsub\\\",\\\"stream_name\\\":\\\"at-limit\\\"}\"}";
      byte[] command = subscribe.getBytes(StandardCharsets.UTF_8);
      byte[] message = Arrays.copyOf(command, MAX);
      Arrays.fill(message, command.length, MAX, (byte) ' ');
      client.frame(RawWebSocket.TEXT, Arrays.copyOfRange(message, 0, MAX / 2), true);
      client.frame(RawWebSocket.FIN | RawWebSocket.CONTINUATION, Arrays.copyOfRange(message, MAX / 2, MAX), true);
      client.flush();
      assertTrue(client.awaitText("confirm_subscription", Duration.ofSeconds(5)).text().contains("at-limit"));
    }
  }
}

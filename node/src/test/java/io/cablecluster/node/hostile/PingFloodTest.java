package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableNodeExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 6: a client that floods pings and never reads made the node queue a pong for each
 * (2.4 MB in 0.2 s), outside the write-queue bound. Now at most one pong is ever unsent per connection,
 * and the latest ping is kept to be answered once it is out (RFC 6455 5.5.3 lets an endpoint answer only
 * the latest ping): the pings in between go unanswered, counted in {@code ws_pongs_dropped_total}, in at
 * most one log line per 10 s; the socket stays open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PingFloodTest {
  static final int PINGS = 20_000;
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "metrics_http", "/metrics"));

  @Test
  @DisplayName("Verifies that 20,000 pings of 125 bytes from a client that does not read leave at most one pong unsent: the pings in between go unanswered and counted, in at most one log line, the socket stays open and answers its latest ping, and bystanders keep receiving")
  void pingFloodFromAClientThatDoesNotReadIsBounded() throws IOException {
    double dropped = metric(cable.node(), "ws_pongs_dropped_total");
    byte[] payload = new byte[125];
    Arrays.fill(payload, (byte) 'p');
    try (Bystanders bystanders = Bystanders.on(cable.node(), "pings/bystanders");
         RawWebSocket flooder = RawWebSocket.connect(cable.node().port(), "/cable", null, 4096)) {
      flooder.awaitText("welcome", Duration.ofSeconds(5));
      try (LogCapture log = new LogCapture()) {
        for (int i = 0; i < PINGS; i++) {
          flooder.frame(RawWebSocket.FIN | RawWebSocket.PING, payload, true);
        }
        flooder.flush();
        // The pongs the kernel's buffers took (a few hundred KB at most) were sent; every other ping was
        // refused at once instead of queued. The last pings arrive after the flush; wait for them to count.
        Await.until("most pings unanswered", Duration.ofSeconds(10),
            () -> metric(cable.node(), "ws_pongs_dropped_total") - dropped >= PINGS / 2.0);
        ClosingAttacks.assertAtMostOneShortLine(log);
      }
      bystanders.assertServed();
      // The flooder reads again: its socket is open and its pings are answered.
      flooder.frame(RawWebSocket.FIN | RawWebSocket.PING, "again".getBytes(StandardCharsets.UTF_8), true);
      flooder.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<String> seen = new ArrayList<>();
      RawWebSocket.Frame answer;
      do {
        answer = flooder.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        if (answer != null && answer.opcode() != RawWebSocket.PONG) {
          seen.add(answer.opcode() + " " + answer.closeCode() + " " + answer.text());
        }
      } while (answer != null && !(answer.opcode() == RawWebSocket.PONG && "again".equals(answer.text()))
          && System.nanoTime() < deadline);
      assertEquals("again", answer == null ? null : answer.text(), "a ping is answered once the client reads; other frames: " + seen);
    }
  }
}

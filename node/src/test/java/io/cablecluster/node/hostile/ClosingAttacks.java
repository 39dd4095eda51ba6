package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.InProcessNode;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.LogRecord;

/**
 * The check every "this input closes the socket" test makes: a raw client sends the attack; the node answers
 * with a close frame carrying the expected code (and reason), ends the connection, counts it once, logs at
 * most one short line without a stack trace, and clients on the same node keep being served.
 */
final class ClosingAttacks {
  private ClosingAttacks() {
  }

  @FunctionalInterface
  interface Attack {
    void send(RawWebSocket socket) throws IOException;
  }

  /** What the node must answer: the close code, the reason (null: any) and the counter that goes up by one. */
  record Expected(int code, String reason, String counter) {
  }

  static void assertClosed(InProcessNode node, String stream, Expected expected, Attack attack)
      throws IOException {
    double counted = metric(node, expected.counter());
    try (Bystanders bystanders = Bystanders.on(node, stream);
         RawWebSocket attacker = RawWebSocket.connect(node.port(), "/cable", null, 0)) {
      attacker.awaitText("welcome", Duration.ofSeconds(5));
      try (LogCapture log = new LogCapture()) {
        attack.send(attacker);
        RawWebSocket.Frame close = attacker.awaitClose(Duration.ofSeconds(5));
        assertNotNull(close, "a close frame, not a dropped connection");
        assertEquals(expected.code(), close.closeCode(), close.closeReason());
        if (expected.reason() != null) {
          assertEquals(expected.reason(), close.closeReason());
        }
        assertTrue(attacker.awaitEnd(Duration.ofSeconds(5)), "the server ends the connection");
        HostileChecks.awaitMetric(node, expected.counter(), counted + 1);
        assertAtMostOneShortLine(log);
      }
      bystanders.assertServed();
    }
  }

  static void assertAtMostOneShortLine(LogCapture log) {
    for (LogRecord record : log.records()) {
      assertNull(record.getThrown(), log.describe());
      assertTrue(String.valueOf(record.getMessage()).length() < 500, log.describe());
    }
    assertTrue(log.records().size() <= 1, "at most one log line:\n" + log.describe());
  }
}

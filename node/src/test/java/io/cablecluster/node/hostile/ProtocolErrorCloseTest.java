package io.cablecluster.node.hostile;


import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableNodeExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 16 (its close-code part): a WebSocket protocol violation now closes with 1002, as
 * AnyCable-Go's gorilla/websocket does, instead of a close without a status the client can act on. Action
 * Cable-level mistakes (malformed JSON, unknown commands) still leave the socket open (PROTOCOL.md).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolErrorCloseTest {
  static final byte[] HELLO = "{\"command\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "metrics_http", "/metrics"));

  void assertClosedWith1002(String stream, ClosingAttacks.Attack attack) throws IOException {
    ClosingAttacks.assertClosed(cable.node(), stream,
        new ClosingAttacks.Expected(1002, null, "ws_protocol_errors_total"), attack);
  }

  @Test
  @DisplayName("Verifies that an unmasked client frame closes with 1002, counted in ws_protocol_errors_total, in at most one log line, while bystanders keep receiving")
  void unmaskedFrameClosesWith1002() throws IOException {
    assertClosedWith1002("protocol/unmasked", socket -> {
      socket.frame(RawWebSocket.FIN | RawWebSocket.TEXT, HELLO, false);
      socket.flush();
    });
  }

  @Test
  @DisplayName("Verifies that a reserved opcode closes with 1002")
  void reservedOpcodeClosesWith1002() throws IOException {
    assertClosedWith1002("protocol/opcode", socket -> {
      socket.frame(RawWebSocket.FIN | 0x3, HELLO, true);
      socket.flush();
    });
  }

  @Test
  @DisplayName("Verifies that a frame with RSV1 set (compressed) when no compression was negotiated closes with 1002")
  void compressedFrameWithoutNegotiationClosesWith1002() throws IOException {
    assertClosedWith1002("protocol/rsv1", socket -> socket.compressedText(HELLO));
  }

  @Test
  @DisplayName("Verifies that a continuation frame with no message to continue closes with 1002")
  void strayContinuationClosesWith1002() throws IOException {
    assertClosedWith1002("protocol/continuation", socket -> {
      socket.frame(RawWebSocket.FIN | RawWebSocket.CONTINUATION, HELLO, true);
      socket.flush();
    });
  }

  @Test
  @DisplayName("Verifies that a fragmented ping (control frames must not be fragmented) closes with 1002")
  void fragmentedPingClosesWith1002() throws IOException {
    assertClosedWith1002("protocol/ping", socket -> {
      socket.frame(RawWebSocket.PING, HELLO, true);
      socket.flush();
    });
  }
}

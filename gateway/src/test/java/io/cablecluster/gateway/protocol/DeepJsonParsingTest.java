package io.cablecluster.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.json.JsonDepth;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client frames and broadcast data nested deep enough to overflow a recursive decoder (hardening row 4). */
class DeepJsonParsingTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String frameWithData(String data) {
    return "{\"command\":\"message\",\"identifier\":\"{\\\"channel\\\":\\\"Chat\\\"}\",\"data\":" + data + "}";
  }

  @Test
  @DisplayName("Verifies that a client frame nested 2,000 deep is an InvalidCommand saying so, not a StackOverflowError")
  void deepFrameIsInvalid() {
    ClientCommand.InvalidCommand invalid = assertThrows(ClientCommand.InvalidCommand.class,
        () -> ClientCommand.parse(frameWithData(nested(2_000))));
    assertTrue(invalid.getMessage().contains("too deeply nested"), invalid.getMessage());
    assertThrows(ClientCommand.InvalidCommand.class, () -> ClientCommand.parse("{\"a\":".repeat(100_000)));
  }

  @Test
  @DisplayName("Verifies that a frame whose data nests up to the limit still parses")
  void frameAtTheLimitParses() throws ClientCommand.InvalidCommand {
    // The frame object itself is one level, so its data may nest one level less than the limit.
    ClientCommand command = ClientCommand.parse(frameWithData(nested(JsonDepth.MAX_DEPTH - 1)));
    assertEquals("message", command.command());
    assertThrows(ClientCommand.InvalidCommand.class, () -> ClientCommand.parse(frameWithData(nested(JsonDepth.MAX_DEPTH))));
  }

  @Test
  @DisplayName("Verifies that deep JSON inside a string (an identifier or a message's data) is text, not nesting")
  void deepJsonInsideStringsIsText() throws ClientCommand.InvalidCommand {
    String quotedDeep = "\"" + nested(2_000) + "\"";
    assertEquals("message", ClientCommand.parse(frameWithData(quotedDeep)).command());
  }

  @Test
  @DisplayName("Verifies that JsonText validates deep broadcast data by streaming without recursion: too deep becomes a string")
  void deepBroadcastDataIsQuotedNotOverflowed() {
    assertTrue(JsonText.isSingleValue(nested(JsonDepth.MAX_DEPTH)));
    String deep = nested(100_000);
    assertFalse(JsonText.isSingleValue(deep));
    assertEquals(JsonText.quote(deep), JsonText.message(deep));
  }
}

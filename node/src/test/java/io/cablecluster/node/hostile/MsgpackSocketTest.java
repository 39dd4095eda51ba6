package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import io.cablecluster.testkit.CableNodeExtension;

/**
 * The msgpack subprotocols over a real socket: which protocol the handshake picks, binary commands and
 * frames both ways (plain and extended, with the memory broker's positions and history), and malformed
 * msgpack answered as malformed JSON is (counted, at most one log line, socket open).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MsgpackSocketTest {
  static final String SECRET = "s3cr3t";
  static final String KEY = "bk";
  static final Duration WAIT = Duration.ofSeconds(5);
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "broadcast_key", KEY,
      "noauth", "true", "broker", "memory", "metrics_http", "/metrics"));

  interface Body {
    void pack(MessageBufferPacker out) throws IOException;
  }

  static byte[] pack(Body body) {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      body.pack(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] command(String command, String identifier) {
    return pack(out -> out.packMapHeader(2).packString("command").packString(command)
        .packString("identifier").packString(identifier));
  }

  static RawWebSocket open(String protocols) throws IOException {
    return RawWebSocket.connect(cable.node().port(), "/cable", protocols, null, 0);
  }

  /** The next frame that is not a ping, as {opcode, body}; binary frames are read as msgpack. */
  record Message(int opcode, JsonObject body) {
  }

  static Message next(RawWebSocket socket) throws IOException {
    while (true) {
      RawWebSocket.Frame frame = socket.read(WAIT);
      if (frame == null || frame.opcode() == RawWebSocket.CLOSE) {
        throw new EOFException("closed while a frame was awaited");
      }
      JsonObject body;
      if (frame.opcode() == RawWebSocket.BINARY) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame.payload())) {
          body = new JsonObject(in.unpackValue().toJson());
        }
      } else {
        body = new JsonObject(frame.text());
      }
      if (!"ping".equals(body.getString("type"))) {
        return new Message(frame.opcode(), body);
      }
    }
  }

  static void broadcast(String stream, String data) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", data).encode(), KEY).status());
  }

  @Test
  @DisplayName("Verifies that the handshake echoes the client's first supported protocol and the welcome comes in its encoding")
  void handshakePicksTheClientsFirstSupportedProtocol() throws IOException {
    String[][] cases = {
        {"actioncable-v1-msgpack", "actioncable-v1-msgpack"},
        {"actioncable-v1-msgpack, actioncable-v1-json", "actioncable-v1-msgpack"},
        {"actioncable-v1-json, actioncable-v1-msgpack", "actioncable-v1-json"},
        {"actioncable-unsupported, actioncable-v1-ext-msgpack, actioncable-v1-ext-json", "actioncable-v1-ext-msgpack"},
    };
    for (String[] c : cases) {
      try (RawWebSocket socket = open(c[0])) {
        assertEquals(c[1], socket.protocol(), c[0]);
        Message welcome = next(socket);
        assertEquals("welcome", welcome.body().getString("type"), c[0]);
        assertEquals(c[1].contains("msgpack") ? RawWebSocket.BINARY : RawWebSocket.TEXT, welcome.opcode(), c[0]);
        assertNotNull(welcome.body().getString("sid"), c[0]);
      }
    }
  }

  @Test
  @DisplayName("Verifies that a msgpack client subscribes, receives a broadcast as a decoded value and, extended, its position and history")
  void msgpackClientsSubscribeReceiveAndReplayHistory() throws IOException {
    String identifier = Identifiers.signedPubsub("msgpack/chat", SECRET);
    try (RawWebSocket plain = open("actioncable-v1-msgpack"); RawWebSocket ext = open("actioncable-v1-ext-msgpack")) {
      for (RawWebSocket socket : new RawWebSocket[] {plain, ext}) {
        assertEquals("welcome", next(socket).body().getString("type"));
        socket.binary(command("subscribe", identifier));
        assertEquals(new JsonObject().put("identifier", identifier).put("type", "confirm_subscription"), next(socket).body());
      }
      broadcast("msgpack/chat", "{\"text\":\"hi\",\"n\":1}");
      String epoch = null;
      for (RawWebSocket socket : new RawWebSocket[] {plain, ext}) {
        Message data = next(socket);
        assertEquals(RawWebSocket.BINARY, data.opcode());
        assertEquals(identifier, data.body().getString("identifier"));
        assertEquals(new JsonObject().put("text", "hi").put("n", 1), data.body().getJsonObject("message"));
        assertEquals("msgpack/chat", data.body().getString("stream_id"));
        assertEquals(1L, data.body().getLong("offset"));
        epoch = data.body().getString("epoch");
      }
      String since = epoch;
      try (RawWebSocket late = open("actioncable-v1-ext-msgpack")) {
        assertEquals("welcome", next(late).body().getString("type"));
        late.binary(command("subscribe", identifier));
        assertEquals("confirm_subscription", next(late).body().getString("type"));
        late.binary(pack(out -> out.packMapHeader(3).packString("command").packString("history")
            .packString("identifier").packString(identifier).packString("history").packMapHeader(1)
            .packString("streams").packMapHeader(1).packString("msgpack/chat").packMapHeader(2)
            .packString("epoch").packString(since).packString("offset").packLong(0)));
        JsonObject replayed = next(late).body();
        assertEquals(new JsonObject().put("text", "hi").put("n", 1), replayed.getJsonObject("message"));
        assertEquals(1L, replayed.getLong("offset"));
        assertEquals(new JsonObject().put("identifier", identifier).put("type", "confirm_history"), next(late).body());
      }
    }
  }

  /** Sends {@code frame} and waits for the answer to a msgpack ping sent after it: the frame was handled. */
  static void sendAndRoundTrip(RawWebSocket socket, byte[] frame, boolean binary) throws IOException {
    if (binary) {
      socket.binary(frame);
    } else {
      socket.text(new String(frame, StandardCharsets.UTF_8));
    }
    socket.binary(pack(out -> out.packMapHeader(1).packString("command").packString("ping")));
    assertEquals("pong", next(socket).body().getString("type"));
  }

  @Test
  @DisplayName("Verifies that truncated, deep, huge-count, overlong-string and JSON-text frames on a msgpack socket are each counted as failed, logged in at most one line, and the socket keeps working")
  void malformedMsgpackIsCountedAndTheSocketStaysOpen() throws IOException {
    byte[] subscribe = command("subscribe", Identifiers.signedPubsub("msgpack/hostile", SECRET));
    byte[] deep = new byte[50_001];  // under max_message_size (a bigger frame closes with 1009)
    Arrays.fill(deep, (byte) 0x91);
    deep[deep.length - 1] = (byte) 0xc0;
    byte[][] frames = {
        Arrays.copyOf(subscribe, subscribe.length - 3),
        deep,
        {(byte) 0xdf, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0x81, (byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'},
    };
    try (RawWebSocket socket = open("actioncable-v1-msgpack")) {
      assertEquals("welcome", next(socket).body().getString("type"));
      for (int i = 0; i <= frames.length; i++) {
        double failed = Metrics.value(cable.node(), "failed_client_msg_total");
        try (LogCapture log = new LogCapture()) {
          if (i < frames.length) {
            sendAndRoundTrip(socket, frames[i], true);
          } else {
            sendAndRoundTrip(socket, "{\"command\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false);
          }
          DeepJsonTest.assertNoStackTraceAndAtMostOneLine(log);
        }
        assertEquals(failed + 1, Metrics.value(cable.node(), "failed_client_msg_total"), "frame " + i);
      }
      socket.binary(subscribe);
      assertEquals("confirm_subscription", next(socket).body().getString("type"));
      broadcast("msgpack/hostile", "\"still here\"");
      assertEquals("still here", next(socket).body().getString("message"));
    }
  }

  @Test
  @DisplayName("Verifies that a JSON socket takes JSON in a binary frame as a command, as AnyCable-Go does, and counts binary garbage as failed")
  void jsonSocketReadsBinaryFramesAsJson() throws IOException {
    String identifier = Identifiers.signedPubsub("msgpack/json-binary", SECRET);
    try (RawWebSocket socket = open("actioncable-v1-json")) {
      assertEquals("welcome", next(socket).body().getString("type"));
      double failed = Metrics.value(cable.node(), "failed_client_msg_total");
      socket.binary(new byte[] {(byte) 0x82, (byte) 0xc1});
      socket.binary(new JsonObject().put("command", "subscribe").put("identifier", identifier).encode()
          .getBytes(StandardCharsets.UTF_8));
      Message confirm = next(socket);
      assertEquals(RawWebSocket.TEXT, confirm.opcode());
      assertEquals("confirm_subscription", confirm.body().getString("type"));
      assertEquals(failed + 1, Metrics.value(cable.node(), "failed_client_msg_total"));
    }
  }
}

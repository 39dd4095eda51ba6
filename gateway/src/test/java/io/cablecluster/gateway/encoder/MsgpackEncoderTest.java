package io.cablecluster.gateway.encoder;

import static io.cablecluster.gateway.encoder.MsgpackFrames.pack;
import static io.cablecluster.gateway.encoder.MsgpackFrames.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.protocol.JsonText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The msgpack encoding both ways: every server message and client command of both Action Cable protocols. */
class MsgpackEncoderTest {
  private static final MsgpackEncoder MSGPACK = MsgpackEncoder.INSTANCE;
  private static final String ID = "{\"channel\":\"ChatChannel\",\"room\":\"42\"}";

  /** The msgpack frame carries exactly the JSON frame's object, in a binary frame. */
  private static void sameAsJson(String json) {
    WireFrame frame = MSGPACK.encode(json);
    assertTrue(frame.isBinary(), json);
    assertEquals(new JsonObject(json), read(frame), json);
  }

  @Test
  @DisplayName("Verifies that every protocol message is the JSON protocol's object as a msgpack map in a binary frame")
  void everyProtocolMessageIsTheJsonObjectAsAMap() {
    for (String json : List.of(Frames.welcome(null), Frames.welcome("sid-1"), Frames.ping(1_712_345_678L),
        Frames.pong(), Frames.confirm(ID), Frames.reject(ID), Frames.confirmHistory(ID), Frames.rejectHistory(ID),
        Frames.disconnect("server_restart", true), Frames.disconnect("unauthorized", false),
        Frames.presenceError(ID), Frames.presence(ID, "{\"type\":\"join\",\"id\":\"u1\",\"info\":{\"name\":\"V\"}}"),
        Frames.data(ID, "{\"event\":\"typing\"}"),
        "{\"type\":\"welcome\",\"sid\":\"new\",\"restored\":true,\"restored_ids\":[\"" + ID.replace("\"", "\\\"") + "\"]}")) {
      sameAsJson(json);
    }
  }

  @Test
  @DisplayName("Verifies that the identifier stays the client's JSON string and the ping is a small map")
  void identifierStaysAJsonStringAndPingIsCompact() {
    JsonObject confirm = read(MSGPACK.encode(Frames.confirm(ID)));
    assertEquals(ID, confirm.getString("identifier"));
    byte[] ping = MSGPACK.encode(Frames.ping(5)).bytes();
    // {"type":"ping","message":5}: fixmap(2), fixstr "type", fixstr "ping", fixstr "message", fixint 5.
    byte[] expected = {(byte) 0x82, (byte) 0xa4, 't', 'y', 'p', 'e', (byte) 0xa4, 'p', 'i', 'n', 'g',
        (byte) 0xa7, 'm', 'e', 's', 's', 'a', 'g', 'e', 5};
    assertArrayEquals(expected, ping);
  }

  @Test
  @DisplayName("Verifies that a broadcast's message is its decoded JSON value and positions and types ride along")
  void broadcastMessageIsTheDecodedValue() {
    Broadcast chat = Broadcast.of("chat/42", "{\"text\":\"hi\",\"n\":3,\"score\":1.5,\"tags\":[\"a\",null,true]}");
    WireFrame plain = MSGPACK.data(ID, JsonText.message(chat.data()), chat);
    assertTrue(plain.isBinary());
    assertEquals(new JsonObject(JsonEncoder.INSTANCE.data(ID, JsonText.message(chat.data()), chat).toString()),
        read(plain));
    assertEquals(3L, ((Number) read(plain).getJsonObject("message").getValue("n")).longValue());

    Broadcast html = Broadcast.of("turbo", "<turbo-stream action=\"append\"></turbo-stream>").withPosition("ep1", 33);
    JsonObject positioned = read(MSGPACK.data(ID, JsonText.message(html.data()), html));
    assertEquals(new JsonObject().put("identifier", ID).put("message", html.data()).put("stream_id", "turbo")
        .put("epoch", "ep1").put("offset", 33), positioned);

    Broadcast presence = new Broadcast("p", "{\"type\":\"leave\",\"id\":\"u1\"}", null, true, "presence", null, 0);
    assertEquals("presence", read(MSGPACK.data(ID, JsonText.message(presence.data()), presence)).getString("type"));
  }

  @Test
  @DisplayName("Verifies that a transmission that is not one JSON value still goes out as a decodable msgpack string")
  void brokenTransmissionIsAString() throws Exception {
    WireFrame frame = MSGPACK.encode("{broken");
    try (var in = org.msgpack.core.MessagePack.newDefaultUnpacker(frame.bytes())) {
      assertEquals("{broken", in.unpackString());
    }
  }

  @Test
  @DisplayName("Verifies that subscribe, unsubscribe, message, ping and pong commands decode from msgpack maps")
  void plainCommandsDecode() throws Exception {
    ClientCommand subscribe = MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(2)
        .packString("command").packString("subscribe").packString("identifier").packString(ID))));
    assertEquals(new ClientCommand("subscribe", ID, null, null, null), subscribe);
    ClientCommand message = MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(3)
        .packString("command").packString("message").packString("identifier").packString(ID)
        .packString("data").packString("{\"action\":\"speak\",\"text\":\"hi\"}"))));
    assertEquals("{\"action\":\"speak\",\"text\":\"hi\"}", message.data());
    assertEquals("unsubscribe", MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(2)
        .packString("command").packString("unsubscribe").packString("identifier").packString(ID)))).command());
    for (String bare : List.of("ping", "pong")) {
      ClientCommand command = MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(1)
          .packString("command").packString(bare))));
      assertEquals(bare, command.command());
      assertFalse(command.needsIdentifier());
    }
  }

  @Test
  @DisplayName("Verifies that history, subscribe with history and presence, whisper and join carry their objects")
  void extendedCommandsDecode() throws Exception {
    ClientCommand history = MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(3)
        .packString("command").packString("history").packString("identifier").packString(ID)
        .packString("history").packMapHeader(2).packString("since").packLong(1_681_828_329L)
        .packString("streams").packMapHeader(1).packString("chat/1").packMapHeader(2)
        .packString("epoch").packString("x123").packString("offset").packLong(32))));
    assertEquals(1_681_828_329L, history.history().getLong("since"));
    assertEquals(new JsonObject().put("epoch", "x123").put("offset", 32L),
        history.history().getJsonObject("streams").getJsonObject("chat/1"));

    ClientCommand subscribe = MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(4)
        .packString("command").packString("subscribe").packString("identifier").packString(ID)
        .packString("history").packMapHeader(1).packString("since").packLong(5)
        .packString("presence").packMapHeader(2).packString("id").packString("u1")
        .packString("info").packMapHeader(1).packString("name").packString("V"))));
    assertEquals(5L, subscribe.history().getLong("since"));
    assertEquals(new JsonObject().put("id", "u1").put("info", new JsonObject().put("name", "V")), subscribe.presence());

    ClientCommand whisper = MSGPACK.decode(Buffer.buffer(pack(out -> out.packMapHeader(3)
        .packString("command").packString("whisper").packString("identifier").packString(ID)
        .packString("data").packMapHeader(2).packString("event").packString("typing")
        .packString("at").packArrayHeader(2).packDouble(1.5).packBoolean(false))));
    assertEquals(new JsonObject().put("event", "typing").put("at", new JsonArray().add(1.5).add(false)), whisper.data());
  }

  @Test
  @DisplayName("Verifies that the frame type does not pick the decoding: JSON in a binary frame is a JSON socket's command, text on a msgpack socket is malformed")
  void frameTypeDoesNotPickTheDecoding() throws Exception {
    String json = "{\"command\":\"subscribe\",\"identifier\":\"x\"}";
    assertEquals("subscribe", JsonEncoder.INSTANCE.decode(Buffer.buffer(json.getBytes(StandardCharsets.UTF_8))).command());
    assertThrows(ClientCommand.InvalidCommand.class,
        () -> JsonEncoder.INSTANCE.decode(Buffer.buffer(new byte[] {'{', (byte) 0xff, '}'})));
    assertThrows(ClientCommand.InvalidCommand.class, () -> MSGPACK.decode(json));
  }

  @Test
  @DisplayName("Verifies that one encoder instance serves both msgpack protocols and JSON stays the default")
  void protocolsPickEncoders() {
    assertEquals(MSGPACK, Protocols.encoder(Protocols.MSGPACK));
    assertEquals(MSGPACK, Protocols.encoder(Protocols.EXT_MSGPACK));
    assertEquals(JsonEncoder.INSTANCE, Protocols.encoder(null));
    assertEquals(JsonEncoder.INSTANCE, Protocols.encoder(Protocols.EXT_JSON));
    assertTrue(Protocols.extended(Protocols.EXT_MSGPACK));
    assertFalse(Protocols.extended(Protocols.MSGPACK));
  }
}

package io.cablecluster.gateway.encoder;

import static io.cablecluster.gateway.encoder.MsgpackFrames.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.json.JsonDepth;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.ClientCommand.InvalidCommand;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Client msgpack a hostile or broken client sends: every case is an InvalidCommand, never another throwable. */
class MsgpackHostileInputTest {
  private static final byte[] SUBSCRIBE = pack(out -> out.packMapHeader(3)
      .packString("command").packString("subscribe").packString("identifier").packString("{\"channel\":\"C\"}")
      .packString("history").packMapHeader(1).packString("since").packLong(1_700_000_000L));

  private static ClientCommand decode(byte[] bytes) throws InvalidCommand {
    return MsgpackEncoder.INSTANCE.decode(Buffer.buffer(bytes));
  }

  private static String refused(byte[] bytes) {
    return assertThrows(InvalidCommand.class, () -> decode(bytes)).getMessage();
  }

  /** A map {command: "message", identifier: "x", data: <nested arrays around nil>}. */
  private static byte[] messageWithNestedData(int arrays) {
    byte[] head = pack(out -> out.packMapHeader(3).packString("command").packString("message")
        .packString("identifier").packString("x").packString("data"));
    byte[] frame = Arrays.copyOf(head, head.length + arrays + 1);
    Arrays.fill(frame, head.length, head.length + arrays, (byte) 0x91);
    frame[frame.length - 1] = (byte) 0xc0;
    return frame;
  }

  @Test
  @DisplayName("Verifies that every truncation of a valid command is refused as malformed")
  void truncatedInputIsRefused() throws InvalidCommand {
    assertEquals("subscribe", decode(SUBSCRIBE).command());
    for (int length = 0; length < SUBSCRIBE.length; length++) {
      refused(Arrays.copyOf(SUBSCRIBE, length));
    }
  }

  @Test
  @DisplayName("Verifies that nesting is bounded at 64 levels like JSON, read without recursion even 200,000 deep")
  void nestingIsBounded() throws InvalidCommand {
    // The command map is one level, so its data may nest one level less than the limit.
    assertEquals("message", decode(messageWithNestedData(JsonDepth.MAX_DEPTH - 1)).command());
    assertTrue(refused(messageWithNestedData(JsonDepth.MAX_DEPTH)).contains("deeper than 64"));
    byte[] deep = new byte[200_001];
    Arrays.fill(deep, (byte) 0x81);
    deep[deep.length - 1] = (byte) 0xc0;
    refused(deep);
    refused(messageWithNestedData(200_000));
  }

  @Test
  @DisplayName("Verifies that map and array headers announcing billions of entries are refused before anything is allocated")
  void hugeAnnouncedCountsAreRefused() {
    byte[] map32 = {(byte) 0xdf, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    byte[] array32 = {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xc0};
    byte[] array16 = {(byte) 0xdc, (byte) 0xff, (byte) 0xff, (byte) 0xc0, (byte) 0xc0};
    byte[] map16InData = Arrays.copyOf(messageWithNestedData(0), messageWithNestedData(0).length + 2);
    map16InData[map16InData.length - 3] = (byte) 0xde;
    map16InData[map16InData.length - 2] = (byte) 0xff;
    map16InData[map16InData.length - 1] = (byte) 0xff;
    for (byte[] frame : new byte[][] {map32, array32, array16, map16InData}) {
      String why = refused(frame);
      assertTrue(why.contains("malformed msgpack"), why);
    }
  }

  @Test
  @DisplayName("Verifies that string and binary lengths beyond the bytes left, or beyond 2^31, are refused")
  void oversizedStringsAreRefused() {
    byte[] str32 = {(byte) 0x81, (byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'};
    byte[] strNegative = {(byte) 0x81, (byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'};
    byte[] bin32 = {(byte) 0x81, (byte) 0xa1, 'k', (byte) 0xc6, 0x10, 0, 0, 0, 1, 2};
    byte[] str8 = {(byte) 0x81, (byte) 0xd9, (byte) 0xff, 'a', 'b'};
    for (byte[] frame : new byte[][] {str32, strNegative, bin32, str8}) {
      refused(frame);
    }
  }

  @Test
  @DisplayName("Verifies that values without a JSON counterpart, trailing bytes and non-command maps are refused")
  void otherMalformedFramesAreRefused() {
    refused(new byte[] {(byte) 0xc1});
    refused(pack(out -> out.packMapHeader(1).packString("command").packExtensionTypeHeader((byte) 1, 1)
        .writePayload(new byte[] {1})));
    refused(pack(out -> out.packMapHeader(1).packInt(1).packString("subscribe")));
    refused(pack(out -> out.packArrayHeader(1).packString("subscribe")));
    refused(pack(out -> out.packMapHeader(1).packString("identifier").packString("x")));
    refused(pack(out -> out.packMapHeader(1).packString("command").packInt(7)));
    refused(pack(out -> out.packMapHeader(1).packString("command").packString("subscribe").packNil()));
    refused(pack(out -> out.packMapHeader(1).packString("command").packRawStringHeader(2)
        .writePayload(new byte[] {(byte) 0xc3, (byte) 0x28})));
  }

  @Test
  @DisplayName("Verifies that 20,000 random and mutated frames give a command or an InvalidCommand, nothing else")
  void randomFramesNeverThrowAnythingElse() {
    Random random = new Random(14);
    for (int i = 0; i < 20_000; i++) {
      byte[] frame;
      if (i % 2 == 0) {
        frame = new byte[random.nextInt(64)];
        random.nextBytes(frame);
      } else {
        frame = SUBSCRIBE.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
        }
      }
      try {
        decode(frame);
      } catch (InvalidCommand expected) {
        // the documented answer
      }
    }
  }
}

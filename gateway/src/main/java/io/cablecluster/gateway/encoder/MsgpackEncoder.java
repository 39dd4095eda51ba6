package io.cablecluster.gateway.encoder;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * {@code actioncable-v1-msgpack} and {@code actioncable-v1-ext-msgpack} (AnyCable Pro's binary variants,
 * {@code encoders/msgpack.go}): every server message is the JSON protocol's object as a msgpack map in a
 * binary frame, with the same keys; {@code identifier} stays the client's JSON string and a data frame's
 * {@code message} is the broadcast's decoded value as a msgpack value. Client commands are msgpack maps
 * with the JSON protocol's keys ({@code data} of a {@code message} command is still JSON text).
 *
 * <p>As in AnyCable-Go the frame type is not checked: a text frame on a msgpack socket is read as msgpack
 * (its UTF-8 bytes), which JSON text never is, so it counts as a malformed frame.
 */
public final class MsgpackEncoder implements Encoder {
  public static final MsgpackEncoder INSTANCE = new MsgpackEncoder();

  private MsgpackEncoder() {
  }

  @Override
  public String id() {
    return "msgpack";
  }

  /**
   * Protocol frames and RPC transmissions. A transmission that is not one JSON value (a backend's bug)
   * goes out as a msgpack string, which the client can decode and ignores; AnyCable-Go drops it.
   */
  @Override
  public WireFrame encode(String json) {
    MessageBufferPacker out = packer(json.length());
    try {
      try {
        JsonToMsgpack.write(json, out);
      } catch (IOException notOneValue) {
        out.packString(json);
      }
      return WireFrame.binary(out.toByteArray());
    } catch (IOException impossible) {
      throw new IllegalStateException("a buffer packer does not fail", impossible);
    }
  }

  /** The data frame: the keys of {@code Frames.data}, in its order. */
  @Override
  public WireFrame data(String identifier, String messageJson, Broadcast broadcast) {
    MessageBufferPacker out = packer(identifier.length() + messageJson.length() + 64);
    try {
      boolean typed = broadcast.broadcastType() != null;
      boolean positioned = broadcast.epoch() != null;
      out.packMapHeader(2 + (typed ? 1 : 0) + (positioned ? 3 : 0));
      if (typed) {
        out.packString("type").packString(broadcast.broadcastType());
      }
      out.packString("identifier").packString(identifier);
      out.packString("message");
      message(messageJson, out);
      if (positioned) {
        out.packString("stream_id").packString(broadcast.stream())
            .packString("epoch").packString(broadcast.epoch())
            .packString("offset").packLong(broadcast.offset());
      }
      return WireFrame.binary(out.toByteArray());
    } catch (IOException impossible) {
      throw new IllegalStateException("a buffer packer does not fail", impossible);
    }
  }

  /**
   * {@code messageJson} is one JSON value by construction ({@code JsonText.message}); were it not, the
   * transcoder refuses it before writing anything and it goes out as a string.
   */
  private static void message(String messageJson, MessageBufferPacker out) throws IOException {
    try {
      JsonToMsgpack.write(messageJson, out);
    } catch (IOException notOneValue) {
      out.packString(messageJson);
    }
  }

  /**
   * A packer whose first buffer fits a frame of about {@code expected} bytes (msgpack is rarely longer than
   * the JSON it comes from; a longer one grows in further chunks), instead of the default 8 KiB per frame.
   */
  private static MessageBufferPacker packer(int expected) {
    return new MessagePack.PackerConfig().withBufferSize(Math.max(64, Math.min(expected, 64 * 1024)))
        .newBufferPacker();
  }

  @Override
  public ClientCommand decode(String text) throws ClientCommand.InvalidCommand {
    return decode(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public ClientCommand decode(Buffer binary) throws ClientCommand.InvalidCommand {
    return decode(binary.getBytes());
  }

  private static ClientCommand decode(byte[] bytes) throws ClientCommand.InvalidCommand {
    if (!(MsgpackReader.read(bytes) instanceof JsonObject command)) {
      throw new ClientCommand.InvalidCommand("frame is not a msgpack map");
    }
    return ClientCommand.of(command);
  }
}

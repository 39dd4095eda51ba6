package io.cablecluster.gateway.encoder;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The client's side of msgpack in tests, written with msgpack-core's own value API (not the gateway's
 * reader): server frames read back as JSON objects, commands packed as a client's encoder packs them.
 */
final class MsgpackFrames {
  private MsgpackFrames() {
  }

  /** A server frame as the JSON object it carries; fails if the bytes are not exactly one msgpack value. */
  static JsonObject read(WireFrame frame) {
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame.bytes())) {
      JsonObject value = new JsonObject(in.unpackValue().toJson());
      if (in.hasNext()) {
        throw new AssertionError("bytes after the frame's value");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A command map packed by {@code body}. */
  static byte[] pack(PackBody body) {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      body.pack(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface PackBody {
    void pack(MessageBufferPacker out) throws IOException;
  }
}

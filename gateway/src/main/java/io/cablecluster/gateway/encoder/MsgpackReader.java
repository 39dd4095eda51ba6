package io.cablecluster.gateway.encoder;

import io.cablecluster.core.json.JsonDepth;
import io.cablecluster.gateway.protocol.ClientCommand.InvalidCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads one msgpack value from a client frame as the values a JSON frame decodes to ({@link JsonObject},
 * {@link JsonArray}, String, Long or BigInteger, Double, Boolean, null), with the same bounds as JSON
 * input: containers nest at most {@link JsonDepth#MAX_DEPTH} deep (read with an explicit stack, never
 * recursively), a container's announced count must fit in the bytes left (nothing is allocated from a
 * count: an array of n entries needs at least n bytes, a map 2n), a string's or binary's length must fit
 * too, strings are strict UTF-8, and the value must end exactly at the end of the frame. Binaries are read
 * as UTF-8 strings (vmihailenco/msgpack, AnyCable-Go's library, decodes them into string fields);
 * extension types and non-string map keys have no JSON counterpart and are refused.
 */
final class MsgpackReader {
  private final byte[] bytes;
  private final MessageUnpacker in;

  /** An open container still waiting for {@code remaining} entries. */
  private static final class Open {
    final Object target;
    int remaining;

    Open(Object target, int remaining) {
      this.target = target;
      this.remaining = remaining;
    }

    void add(String key, Object value) {
      if (target instanceof JsonObject map) {
        map.put(key, value);
      } else {
        ((JsonArray) target).add(value);
      }
      remaining--;
    }
  }

  private MsgpackReader(byte[] bytes) {
    this.bytes = bytes;
    this.in = MessagePack.newDefaultUnpacker(bytes);
  }

  /** The frame's single value; InvalidCommand (with a short reason) for anything malformed or out of bounds. */
  static Object read(byte[] bytes) throws InvalidCommand {
    MsgpackReader reader = new MsgpackReader(bytes);
    try (MessageUnpacker unpacker = reader.in) {
      Object value = reader.value();
      if (unpacker.hasNext()) {
        throw new InvalidCommand("malformed msgpack: bytes after the value");
      }
      return value;
    } catch (MessagePackException | IOException e) {
      // Truncated input, reserved format bytes, lengths over 2^31: all the same answer, no stack trace.
      throw new InvalidCommand("malformed msgpack (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Object value() throws IOException, InvalidCommand {
    Deque<Open> stack = new ArrayDeque<>();
    Object root = null;
    while (true) {
      Open parent = stack.peek();
      String key = parent != null && parent.target instanceof JsonObject ? string("a map key is not a string") : null;
      Object value = next(stack.size());
      Object stored = value instanceof Open open ? open.target : value;
      if (parent == null) {
        root = stored;
      } else {
        parent.add(key, stored);
      }
      if (value instanceof Open open && open.remaining > 0) {
        stack.push(open);
        continue;
      }
      while (!stack.isEmpty() && stack.peek().remaining == 0) {
        stack.pop();
      }
      if (stack.isEmpty()) {
        return root;
      }
    }
  }

  /** The next value: a scalar, or an {@link Open} container at depth {@code depth + 1}. */
  private Object next(int depth) throws IOException, InvalidCommand {
    MessageFormat format = in.getNextFormat();
    switch (format.getValueType()) {
      case NIL:
        in.unpackNil();
        return null;
      case BOOLEAN:
        return in.unpackBoolean();
      case INTEGER:
        if (format == MessageFormat.UINT64) {
          BigInteger value = in.unpackBigInteger();
          return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        return in.unpackLong();
      case FLOAT:
        return in.unpackDouble();
      case STRING:
      case BINARY:
        return string("unreachable");
      case ARRAY:
        return open(depth, in.unpackArrayHeader(), 1, new JsonArray());
      case MAP:
        return open(depth, in.unpackMapHeader(), 2, new JsonObject());
      default:
        throw new InvalidCommand("malformed msgpack: extension types are not supported");
    }
  }

  private Open open(int depth, int count, int minBytesPerEntry, Object target) throws InvalidCommand {
    if (depth + 1 > JsonDepth.MAX_DEPTH) {
      throw new InvalidCommand("msgpack frame is nested deeper than " + JsonDepth.MAX_DEPTH + " levels");
    }
    if ((long) count * minBytesPerEntry > remaining()) {
      throw new InvalidCommand("malformed msgpack: a container announces " + count + " entries in "
          + remaining() + " bytes");
    }
    return new Open(target, count);
  }

  /** A str or bin as a strict UTF-8 string; anything else is refused with {@code otherwise}. */
  private String string(String otherwise) throws IOException, InvalidCommand {
    MessageFormat format = in.getNextFormat();
    int length = switch (format.getValueType()) {
      case STRING -> in.unpackRawStringHeader();
      case BINARY -> in.unpackBinaryHeader();
      default -> throw new InvalidCommand("malformed msgpack: " + otherwise);
    };
    if (length > remaining()) {
      throw new InvalidCommand("malformed msgpack: a string of " + length + " bytes in " + remaining() + " bytes");
    }
    byte[] raw = in.readPayload(length);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidCommand("malformed msgpack: a string is not UTF-8");
    }
  }

  private long remaining() {
    return bytes.length - in.getTotalReadBytes();
  }
}

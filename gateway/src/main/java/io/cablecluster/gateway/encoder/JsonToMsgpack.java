package io.cablecluster.gateway.encoder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.msgpack.core.MessagePacker;

/**
 * Transcodes one JSON value (text) into msgpack without building a tree: the same maps, arrays, strings,
 * numbers, booleans and nils, keys in the text's order. A msgpack container header states its size up
 * front, so a first streaming pass counts every container's entries and a second one writes. Neither pass
 * recurses, so nesting cannot overflow a stack; Jackson's read constraints bound it (1,000 levels).
 * Integers stay integers in the smallest msgpack form (AnyCable-Go decodes broadcast JSON into Go values,
 * which makes every number a float64); an integer beyond uint64 becomes a float, as JavaScript reads it anyway.
 */
final class JsonToMsgpack {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonToMsgpack() {
  }

  /**
   * Writes the single JSON value in {@code json}; IOException when the text is not exactly one value, thrown
   * by the counting pass before anything is written.
   */
  static void write(String json, MessagePacker out) throws IOException {
    write(json, count(json), out);
  }

  /** The second pass, over text the first one ({@link #count}) accepted. */
  private static void write(String json, int[] counts, MessagePacker out) throws IOException {
    int next = 0;
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT -> out.packMapHeader(counts[next++]);
          case START_ARRAY -> out.packArrayHeader(counts[next++]);
          case END_OBJECT, END_ARRAY -> {
          }
          case FIELD_NAME -> out.packString(parser.currentName());
          case VALUE_STRING -> out.packString(parser.getText());
          case VALUE_NUMBER_INT -> packInteger(parser, out);
          case VALUE_NUMBER_FLOAT -> out.packDouble(parser.getDoubleValue());
          case VALUE_TRUE -> out.packBoolean(true);
          case VALUE_FALSE -> out.packBoolean(false);
          case VALUE_NULL -> out.packNil();
          default -> throw new IOException("unexpected JSON token " + token);
        }
      }
    }
  }

  private static void packInteger(JsonParser parser, MessagePacker out) throws IOException {
    if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      out.packLong(parser.getLongValue());
      return;
    }
    BigInteger value = parser.getBigIntegerValue();
    if (value.signum() >= 0 && value.bitLength() <= 64) {
      out.packBigInteger(value);
    } else {
      out.packDouble(value.doubleValue());
    }
  }

  /** Entries per container in the order the containers open; validates that the text is one JSON value. */
  private static int[] count(String json) throws IOException {
    int[] counts = new int[8];
    boolean[] arrays = new boolean[8];
    int[] open = new int[8];
    int depth = 0;
    int containers = 0;
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new IOException("no JSON value");
      }
      do {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        } else if (token == JsonToken.FIELD_NAME) {
          counts[open[depth - 1]]++;
        } else {
          if (depth > 0 && arrays[open[depth - 1]]) {
            counts[open[depth - 1]]++;
          }
          if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            if (containers == counts.length) {
              counts = Arrays.copyOf(counts, containers * 2);
              arrays = Arrays.copyOf(arrays, containers * 2);
            }
            if (depth == open.length) {
              open = Arrays.copyOf(open, depth * 2);
            }
            arrays[containers] = token == JsonToken.START_ARRAY;
            open[depth++] = containers++;
          }
        }
      } while (depth > 0 && (token = parser.nextToken()) != null);
      if (depth > 0 || parser.nextToken() != null) {
        throw new IOException("not exactly one JSON value");
      }
    }
    return counts;
  }
}

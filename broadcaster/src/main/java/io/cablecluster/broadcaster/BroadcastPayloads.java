package io.cablecluster.broadcaster;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads AnyCable's broadcast payloads (HTTP body, Redis message): one {stream,data,meta}, a batch of them,
 * or a {command,payload}. Same parse order as AnyCable-Go.
 */
public final class BroadcastPayloads {
  private BroadcastPayloads() {
  }

  /** The body is not JSON at all. */
  public static final class MalformedPayload extends IllegalArgumentException {
    MalformedPayload(String message) {
      super(message);
    }
  }

  /** The body is JSON but not a broadcast, batch or known command. */
  public static final class UnsupportedPayload extends IllegalArgumentException {
    UnsupportedPayload(String message) {
      super(message);
    }
  }

  public static List<BusMessage> parse(String text) {
    // Before decoding: Vert.x decodes recursively and deep text would overflow the event loop's stack.
    if (!JsonDepth.withinLimit(text)) {
      throw new MalformedPayload(JsonDepth.tooDeep());
    }
    Object json;
    try {
      json = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new MalformedPayload("body is not valid JSON");
    }
    if (json instanceof JsonObject object) {
      return List.of(parseObject(object));
    }
    if (json instanceof JsonArray array) {
      return parseBatch(array);
    }
    throw new UnsupportedPayload("expected a JSON object or array");
  }

  private static List<BusMessage> parseBatch(JsonArray array) {
    if (array.isEmpty() || !(array.getValue(0) instanceof JsonObject first) || !hasText(first, "stream")) {
      throw new UnsupportedPayload("a batch is an array of {\"stream\",\"data\"} objects");
    }
    List<BusMessage> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject item) || !hasText(item, "stream")) {
        throw new UnsupportedPayload("batch item " + i + " has no \"stream\"");
      }
      messages.add(broadcast(item));
    }
    return messages;
  }

  private static BusMessage parseObject(JsonObject object) {
    if (hasText(object, "stream")) {
      return broadcast(object);
    }
    if (hasText(object, "command")) {
      String command = object.getString("command");
      if (!"disconnect".equals(command)) {
        throw new UnsupportedPayload("unknown command \"" + command + "\" (supported: disconnect)");
      }
      if (!(object.getValue("payload") instanceof JsonObject payload)) {
        throw new UnsupportedPayload("command disconnect needs a \"payload\" object");
      }
      try {
        return RemoteDisconnect.fromPayload(payload);
      } catch (IllegalArgumentException e) {
        throw new UnsupportedPayload(e.getMessage());
      }
    }
    throw new UnsupportedPayload("expected {\"stream\",\"data\"}, an array of them, or {\"command\",\"payload\"}");
  }

  private static Broadcast broadcast(JsonObject object) {
    Object data = object.getValue("data");
    if (data == null) {
      throw new UnsupportedPayload("broadcast to \"" + object.getString("stream") + "\" has no \"data\"");
    }
    if (object.getValue("meta") != null && !(object.getValue("meta") instanceof JsonObject)) {
      throw new UnsupportedPayload("\"meta\" must be an object");
    }
    return Broadcast.fromJson(object);
  }

  private static boolean hasText(JsonObject object, String key) {
    return object.getValue(key) instanceof String s && !s.isEmpty();
  }
}

package io.cablecluster.core;

import io.vertx.core.json.JsonObject;

/**
 * One message for one stream, as it travels on the event bus. {@code data} is the publisher's string,
 * normally JSON text; {@code offset} is 0 when the message has no stream position.
 */
public record Broadcast(String stream, String data, String excludeSocket, boolean isTransient,
                        String broadcastType, String epoch, long offset) implements BusMessage, java.io.Serializable {

  public Broadcast {
    if (stream == null || stream.isEmpty()) {
      throw new IllegalArgumentException("broadcast without stream");
    }
    if (data == null) {
      throw new IllegalArgumentException("broadcast without data");
    }
  }

  public static Broadcast of(String stream, String data) {
    return new Broadcast(stream, data, null, false, null, null, 0);
  }

  /** Reads the payload object of AnyCable's broadcast format: {stream, data, meta{…}}. */
  public static Broadcast fromJson(JsonObject json) {
    Object data = json.getValue("data");
    String text = data instanceof String ? (String) data : data == null ? null : io.vertx.core.json.Json.encode(data);
    JsonObject meta = json.getValue("meta") instanceof JsonObject m ? m : new JsonObject();
    Object offset = json.getValue("offset");
    return new Broadcast(json.getString("stream"), text,
        emptyToNull(meta.getValue("exclude_socket")),
        Boolean.TRUE.equals(meta.getValue("transient")),
        emptyToNull(meta.getValue("broadcast_type")),
        emptyToNull(json.getValue("epoch")),
        offset instanceof Number n ? n.longValue() : 0);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("stream", stream).put("data", data);
    JsonObject meta = new JsonObject();
    if (excludeSocket != null) {
      meta.put("exclude_socket", excludeSocket);
    }
    if (isTransient) {
      meta.put("transient", true);
    }
    if (broadcastType != null) {
      meta.put("broadcast_type", broadcastType);
    }
    if (!meta.isEmpty()) {
      json.put("meta", meta);
    }
    if (epoch != null) {
      json.put("epoch", epoch).put("offset", offset);
    }
    return json;
  }

  public Broadcast withPosition(String newEpoch, long newOffset) {
    return new Broadcast(stream, data, excludeSocket, isTransient, broadcastType, newEpoch, newOffset);
  }

  private static String emptyToNull(Object value) {
    return value instanceof String s && !s.isEmpty() ? s : null;
  }
}

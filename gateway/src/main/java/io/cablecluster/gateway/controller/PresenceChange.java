package io.cablecluster.gateway.controller;

import io.vertx.core.json.JsonObject;

/**
 * A backend's presence answer to a command (AnyCable RPC {@code presence}): {@code join} with an id and info
 * (JSON text, or a plain string), or {@code leave}.
 */
public record PresenceChange(String type, String id, String info) {

  /** Reads the RPC field; null when absent or not a join/leave. */
  public static PresenceChange of(Object value) {
    if (!(value instanceof JsonObject json) || !(json.getValue("type") instanceof String type)
        || !("join".equals(type) || "leave".equals(type))) {
      return null;
    }
    Object id = json.getValue("id");
    Object info = json.getValue("info");
    String infoText = info == null ? null : info instanceof String text ? asJson(text) : io.vertx.core.json.Json.encode(info);
    return new PresenceChange(type, id == null ? null : String.valueOf(id), infoText);
  }

  /** RPC info is JSON text, or a plain string that is kept as a JSON string. */
  private static String asJson(String text) {
    try {
      io.vertx.core.json.Json.decodeValue(text);
      return text;
    } catch (RuntimeException plain) {
      return io.vertx.core.json.Json.encode(text);
    }
  }

  public boolean join() {
    return "join".equals(type);
  }
}

package io.cablecluster.core;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** What travels on {@link Addresses#BROADCAST}: a stream message or a remote command, as JSON text. */
public sealed interface BusMessage permits Broadcast, RemoteDisconnect {

  JsonObject toJson();

  default String encode() {
    return toJson().encode();
  }

  /** Reads a message written by {@link #encode()}; throws IllegalArgumentException when it is not one. */
  static BusMessage decode(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
    }
    if (json.getValue("stream") instanceof String s && !s.isEmpty()) {
      return Broadcast.fromJson(json);
    }
    if ("disconnect".equals(json.getValue("command")) && json.getValue("payload") instanceof JsonObject p) {
      return RemoteDisconnect.fromPayload(p);
    }
    throw new IllegalArgumentException("neither a stream broadcast nor a known command");
  }
}

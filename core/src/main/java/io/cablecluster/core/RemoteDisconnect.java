package io.cablecluster.core;

import io.vertx.core.json.JsonObject;

/** Disconnect every connection whose identifiers string equals {@code identifiers}, on every node. */
public record RemoteDisconnect(String identifiers, boolean reconnect) implements BusMessage {

  public static RemoteDisconnect fromPayload(JsonObject payload) {
    String identifier = payload.getValue("identifier") instanceof String s ? s : null;
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException("disconnect command without payload.identifier");
    }
    return new RemoteDisconnect(identifier, Boolean.TRUE.equals(payload.getValue("reconnect")));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("command", "disconnect")
        .put("payload", new JsonObject().put("identifier", identifiers).put("reconnect", reconnect));
  }
}

package io.cablecluster.gateway.protocol;

import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One client → server frame: {@code {"command":…,"identifier":…,"data":…}} plus the extended protocol's
 * {@code history} and {@code presence} objects. {@code data} keeps its JSON type (a string for
 * {@code message}, any value for {@code whisper}).
 */
public record ClientCommand(String command, String identifier, Object data, JsonObject history,
                            JsonObject presence) {

  /** The frame is not a JSON object with a string {@code command}. */
  public static final class InvalidCommand extends Exception {
    public InvalidCommand(String message) {
      super(message, null, false, false);
    }
  }

  public static ClientCommand parse(String text) throws InvalidCommand {
    // Checked before decoding: Vert.x decodes recursively, and a deep frame would overflow the event loop's stack.
    if (!JsonDepth.withinLimit(text)) {
      throw new InvalidCommand("frame is too deeply nested (" + JsonDepth.tooDeep() + ")");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidCommand("frame is not a JSON object");
    }
    return of(json);
  }

  /** A decoded frame (JSON or msgpack) as a command. */
  public static ClientCommand of(JsonObject json) throws InvalidCommand {
    if (!(json.getValue("command") instanceof String command) || command.isEmpty()) {
      throw new InvalidCommand("frame has no \"command\"");
    }
    Object identifier = json.getValue("identifier");
    if (identifier != null && !(identifier instanceof String)) {
      throw new InvalidCommand("\"identifier\" must be a string");
    }
    return new ClientCommand(command, (String) identifier, json.getValue("data"),
        json.getValue("history") instanceof JsonObject h ? h : null,
        json.getValue("presence") instanceof JsonObject p ? p : null);
  }

  public boolean needsIdentifier() {
    return !"ping".equals(command) && !"pong".equals(command);
  }
}

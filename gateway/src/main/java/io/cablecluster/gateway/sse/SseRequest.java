package io.cablecluster.gateway.sse;

import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an SSE request subscribes to, as subscribe commands in the JSON protocol's form (AnyCable-Go's
 * {@code subscribeCommandsFromRequest}). GET: one subscription from the first of {@code identifier},
 * {@code channel}, {@code stream}, {@code signed_stream}, {@code turbo_signed_stream_name}, with
 * {@code Last-Event-ID} and {@code history_since} as its history request; other parameters are ignored.
 * POST: one subscription per non-empty JSON line of the body (its {@code identifier} and {@code history};
 * the {@code command} field is not read, as there).
 */
final class SseRequest {
  static final String TURBO_CHANNEL = "Turbo::StreamsChannel";
  /** POST lines are at most a few levels deep; the body's size is bounded before this (64 kB). */
  private static final int MAX_LINES = 128;

  /** The request cannot be served: answered with 400 and this reason. */
  static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private SseRequest() {
  }

  static List<String> fromQuery(MultiMap params, String lastEventId, String pubsubChannel) throws BadRequest {
    String identifier = param(params, "identifier");
    if (identifier == null) {
      String channel = param(params, "channel");
      identifier = channel == null ? null : new JsonObject().put("channel", channel).encode();
    }
    if (identifier == null) {
      String stream = param(params, "stream");
      identifier = stream == null ? null
          : new JsonObject().put("channel", pubsubChannel).put("stream_name", stream).encode();
    }
    if (identifier == null) {
      String signed = param(params, "signed_stream");
      identifier = signed == null ? null
          : new JsonObject().put("channel", pubsubChannel).put("signed_stream_name", signed).encode();
    }
    if (identifier == null) {
      String turbo = param(params, "turbo_signed_stream_name");
      identifier = turbo == null ? null
          : new JsonObject().put("channel", TURBO_CHANNEL).put("signed_stream_name", turbo).encode();
    }
    if (identifier == null) {
      throw new BadRequest("no channel, identifier, stream, signed_stream or turbo_signed_stream_name");
    }
    JsonObject history = new JsonObject();
    JsonObject position = lastEventId(lastEventId);
    if (position != null) {
      history.put("streams", position);
    }
    String since = param(params, "history_since");
    if (since != null) {
      try {
        history.put("since", Long.parseLong(since));
      } catch (NumberFormatException e) {
        throw new BadRequest("history_since is not a number of seconds");
      }
    }
    JsonObject command = new JsonObject().put("command", "subscribe").put("identifier", identifier);
    if (!history.isEmpty()) {
      command.put("history", history);
    }
    return List.of(command.encode());
  }

  /**
   * {@code <offset>/<epoch>/<stream>} as a history position; the stream is everything after the second
   * {@code /}. An id of fewer parts is ignored (AnyCable-Go's rule), a non-numeric offset is a bad request.
   */
  static JsonObject lastEventId(String id) throws BadRequest {
    if (id == null || id.isEmpty()) {
      return null;
    }
    String[] parts = id.split("/", 3);
    if (parts.length < 3) {
      return null;
    }
    long offset;
    try {
      offset = Long.parseUnsignedLong(parts[0]);
    } catch (NumberFormatException e) {
      throw new BadRequest("Last-Event-ID does not start with an offset");
    }
    return new JsonObject().put(parts[2], new JsonObject().put("offset", offset).put("epoch", parts[1]));
  }

  static List<String> fromBody(Buffer body) throws BadRequest {
    List<String> commands = new ArrayList<>();
    for (String line : body.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (commands.size() == MAX_LINES) {
        throw new BadRequest("more than " + MAX_LINES + " commands");
      }
      if (!JsonDepth.withinLimit(line)) {
        throw new BadRequest("a command is " + JsonDepth.tooDeep());
      }
      JsonObject parsed;
      try {
        parsed = new JsonObject(line);
      } catch (DecodeException | ClassCastException e) {
        throw new BadRequest("a line is not a JSON object");
      }
      if (!(parsed.getValue("identifier") instanceof String identifier) || identifier.isEmpty()) {
        throw new BadRequest("a command has no identifier");
      }
      JsonObject command = new JsonObject().put("command", "subscribe").put("identifier", identifier);
      if (parsed.getValue("history") instanceof JsonObject history) {
        command.put("history", history);
      }
      commands.add(command.encode());
    }
    return commands;
  }

  /** The first value of a parameter, null when absent or empty (Go's {@code Query().Get} then gives ""). */
  private static String param(MultiMap params, String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }
}

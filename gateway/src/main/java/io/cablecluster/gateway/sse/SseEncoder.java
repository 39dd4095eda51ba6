package io.cablecluster.gateway.sse;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.encoder.Encoder;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Server messages as {@code text/event-stream} events, as AnyCable-Go's {@code sse.Encoder}: a typed message
 * (welcome, confirm_subscription, reject_subscription, ping, disconnect, confirm_history, …) is
 * {@code event: <type>} plus {@code data: <the whole JSON frame>}; a data message is {@code data:} alone,
 * carrying only its {@code message} for GET ({@code unwrap}; a string message as the bare string) and the
 * whole frame for POST; {@code raw} drops every typed message (pings and disconnects too, as there). A
 * numbered message adds {@code id: <offset>/<epoch>/<stream>}, and a disconnect without reconnect adds
 * {@code retry: 31536000000} so that EventSource waits a year. Each event ends with its blank line here, so
 * one write sends it. Four shared instances, so the fan-out caches one frame per variant and identifier.
 */
public final class SseEncoder implements Encoder {
  static final SseEncoder GET = new SseEncoder(true, false);
  static final SseEncoder GET_RAW = new SseEncoder(true, true);
  static final SseEncoder POST = new SseEncoder(false, false);
  static final SseEncoder POST_RAW = new SseEncoder(false, true);
  /** Written as nothing: what a raw stream leaves out. */
  static final WireFrame NOTHING = WireFrame.text("");
  private static final long RETRY_NO_RECONNECT = 31536000000L;
  private final boolean unwrap;
  private final boolean raw;

  private SseEncoder(boolean unwrap, boolean raw) {
    this.unwrap = unwrap;
    this.raw = raw;
  }

  static SseEncoder of(boolean get, boolean raw) {
    return get ? (raw ? GET_RAW : GET) : (raw ? POST_RAW : POST);
  }

  @Override
  public String id() {
    return "sse" + (unwrap ? "" : "-full") + (raw ? "-raw" : "");
  }

  /** Protocol frames and transmissions (not the broadcast fan-out): parsed once to find type and position. */
  @Override
  public WireFrame encode(String json) {
    JsonObject frame = new JsonObject(json);
    String type = frame.getValue("type") instanceof String t && !t.isEmpty() ? t : null;
    StringBuilder event = new StringBuilder(json.length() + 32);
    if (type != null) {
      if (raw) {
        return NOTHING;
      }
      event.append("event: ").append(type).append('\n');
      appendData(event, json);
    } else {
      appendData(event, unwrap ? unwrapped(frame.getValue("message")) : json);
    }
    if (frame.getValue("offset") instanceof Number offset && frame.getValue("epoch") instanceof String epoch
        && frame.getValue("stream_id") instanceof String stream) {
      appendId(event, offset.longValue(), epoch, stream);
    }
    if ("disconnect".equals(type) && Boolean.FALSE.equals(frame.getValue("reconnect"))) {
      event.append("\nretry: ").append(RETRY_NO_RECONNECT);
    }
    return WireFrame.text(event.append("\n\n").toString());
  }

  @Override
  public WireFrame data(String identifier, String messageJson, Broadcast broadcast) {
    StringBuilder event = new StringBuilder(messageJson.length() + identifier.length() + 64);
    if (broadcast.broadcastType() != null) {
      if (raw) {
        return NOTHING;
      }
      event.append("event: ").append(broadcast.broadcastType()).append('\n');
      appendData(event, Frames.data(identifier, messageJson, broadcast));
    } else {
      appendData(event, unwrap ? unwrappedJson(messageJson) : Frames.data(identifier, messageJson, broadcast));
    }
    if (broadcast.epoch() != null) {
      appendId(event, broadcast.offset(), broadcast.epoch(), broadcast.stream());
    }
    return WireFrame.text(event.append("\n\n").toString());
  }

  /** A message value as AnyCable-Go unwraps it: a string as itself, anything else as JSON. */
  private static String unwrapped(Object message) {
    return message instanceof String text ? text : Json.encode(message);
  }

  private static String unwrappedJson(String messageJson) {
    return messageJson.startsWith("\"") ? (String) Json.decodeValue(messageJson) : messageJson;
  }

  /**
   * One {@code data:} field per line (EventSource joins them with {@code \n}); CRLF, CR and LF all end a line
   * in the SSE grammar, so each becomes a field boundary (AnyCable-Go's {@code encodeSSEData}).
   */
  static void appendData(StringBuilder event, String payload) {
    event.append("data: ");
    for (int i = 0; i < payload.length(); i++) {
      char c = payload.charAt(i);
      if (c == '\r') {
        if (i + 1 < payload.length() && payload.charAt(i + 1) == '\n') {
          i++;
        }
        event.append("\ndata: ");
      } else if (c == '\n') {
        event.append("\ndata: ");
      } else {
        event.append(c);
      }
    }
  }

  /** The stream comes last, so a name with {@code /} in it still parses ({@link SseRequest#lastEventId}). */
  private static void appendId(StringBuilder event, long offset, String epoch, String stream) {
    // A line break in a field would start a new field (or event) on the client: such a position is left out.
    if (offset > 0 && !epoch.isEmpty() && !breaksLine(epoch) && !breaksLine(stream)) {
      event.append("\nid: ").append(offset).append('/').append(epoch).append('/').append(stream);
    }
  }

  private static boolean breaksLine(String value) {
    return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
  }

  @Override
  public ClientCommand decode(String text) throws ClientCommand.InvalidCommand {
    // The node builds an SSE session's commands itself (SseRequest) in the JSON protocol's form.
    return ClientCommand.parse(text);
  }

  @Override
  public ClientCommand decode(Buffer binary) throws ClientCommand.InvalidCommand {
    throw new ClientCommand.InvalidCommand("an SSE client sends no frames");
  }
}

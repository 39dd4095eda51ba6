package io.cablecluster.gateway.protocol;

import io.cablecluster.core.Broadcast;

/** Server → client frames of the Action Cable protocol, built as text with keys in AnyCable's order. */
public final class Frames {
  private Frames() {
  }

  public static String welcome(String sid) {
    return sid == null ? "{\"type\":\"welcome\"}" : "{\"type\":\"welcome\",\"sid\":" + JsonText.quote(sid) + "}";
  }

  public static String ping(long timestamp) {
    return "{\"type\":\"ping\",\"message\":" + timestamp + "}";
  }

  public static String pong() {
    return "{\"type\":\"pong\"}";
  }

  public static String confirm(String identifier) {
    return "{\"identifier\":" + JsonText.quote(identifier) + ",\"type\":\"confirm_subscription\"}";
  }

  public static String reject(String identifier) {
    return "{\"identifier\":" + JsonText.quote(identifier) + ",\"type\":\"reject_subscription\"}";
  }

  public static String rejectHistory(String identifier) {
    return "{\"identifier\":" + JsonText.quote(identifier) + ",\"type\":\"reject_history\"}";
  }

  public static String confirmHistory(String identifier) {
    return "{\"identifier\":" + JsonText.quote(identifier) + ",\"type\":\"confirm_history\"}";
  }

  public static String presenceError(String identifier) {
    return "{\"type\":\"presence\",\"identifier\":" + JsonText.quote(identifier) + ",\"message\":{\"type\":\"error\"}}";
  }

  /** A presence answer: {@code message} is the store's info object (JSON text). */
  public static String presence(String identifier, String message) {
    return "{\"type\":\"presence\",\"identifier\":" + JsonText.quote(identifier) + ",\"message\":" + message + "}";
  }

  public static String disconnect(String reason, boolean reconnect) {
    return "{\"type\":\"disconnect\",\"reason\":" + JsonText.quote(reason) + ",\"reconnect\":" + reconnect + "}";
  }

  /** A data frame; {@code messageJson} is already JSON (see {@link JsonText#message}). */
  public static String data(String identifier, String messageJson, Broadcast broadcast) {
    StringBuilder frame = new StringBuilder(identifier.length() + messageJson.length() + 48);
    if (broadcast.broadcastType() != null) {
      frame.append("{\"type\":").append(JsonText.quote(broadcast.broadcastType())).append(",\"identifier\":");
    } else {
      frame.append("{\"identifier\":");
    }
    frame.append(JsonText.quote(identifier)).append(",\"message\":").append(messageJson);
    if (broadcast.epoch() != null) {
      frame.append(",\"stream_id\":").append(JsonText.quote(broadcast.stream()))
          .append(",\"epoch\":").append(JsonText.quote(broadcast.epoch()))
          .append(",\"offset\":").append(broadcast.offset());
    }
    return frame.append('}').toString();
  }

  /** A data frame for a whisper or transmission payload that is already JSON. */
  public static String data(String identifier, String messageJson) {
    return "{\"identifier\":" + JsonText.quote(identifier) + ",\"message\":" + messageJson + "}";
  }
}

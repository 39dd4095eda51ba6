package io.cablecluster.gateway.broker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a session leaves for a restore: enough to serve its client again without a Connect call. */
public record SessionSnapshot(String identifiers, Map<String, String> cstate, List<SubscriptionSnapshot> subscriptions,
                              boolean disconnectInterest) {

  public record SubscriptionSnapshot(String identifier, List<String> streams, Map<String, String> istate) {
  }

  /** As kept in a session vault (possibly another node's): JSON text. */
  public String encode() {
    JsonArray subs = new JsonArray();
    for (SubscriptionSnapshot s : subscriptions) {
      subs.add(new JsonObject().put("id", s.identifier()).put("streams", new JsonArray(new ArrayList<>(s.streams())))
          .put("istate", new JsonObject(new LinkedHashMap<>(s.istate()))));
    }
    return new JsonObject().put("ids", identifiers).put("cstate", new JsonObject(new LinkedHashMap<>(cstate)))
        .put("subs", subs).put("dis", disconnectInterest).encode();
  }

  /**
   * Reads {@link #encode()}'s text; null when it is not a snapshot (a vault entry is a cluster message: it is
   * checked, never trusted to be well formed).
   */
  public static SessionSnapshot decode(String text) {
    try {
      JsonObject json = new JsonObject(text);
      List<SubscriptionSnapshot> subs = new ArrayList<>();
      for (Object item : json.getJsonArray("subs")) {
        JsonObject s = (JsonObject) item;
        List<String> streams = new ArrayList<>();
        s.getJsonArray("streams").forEach(stream -> streams.add((String) stream));
        subs.add(new SubscriptionSnapshot(s.getString("id"), streams, strings(s.getJsonObject("istate"))));
      }
      return new SessionSnapshot(json.getString("ids"), strings(json.getJsonObject("cstate")), subs,
          json.getBoolean("dis", false));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> map = new LinkedHashMap<>();
    json.forEach(e -> map.put(e.getKey(), (String) e.getValue()));
    return map;
  }
}

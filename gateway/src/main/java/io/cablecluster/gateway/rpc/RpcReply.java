package io.cablecluster.gateway.rpc;

import io.cablecluster.gateway.controller.PresenceChange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend's RPC answer (connect or command), read leniently: absent fields take their protobuf
 * defaults, so a missing {@code status} is ERROR.
 */
public record RpcReply(int status, String identifiers, List<String> transmissions, boolean disconnect,
                       boolean stopStreams, List<String> streams, List<String> stoppedStreams,
                       Map<String, String> cstate, Map<String, String> istate, String errorMessage,
                       PresenceChange presence) {

  public static final int ERROR = 0;
  public static final int SUCCESS = 1;
  public static final int FAILURE = 2;

  public static RpcReply of(JsonObject json) {
    JsonObject env = json.getValue("env") instanceof JsonObject e ? e : new JsonObject();
    return new RpcReply(
        json.getValue("status") instanceof Number n ? n.intValue() : ERROR,
        json.getValue("identifiers") instanceof String s ? s : null,
        strings(json.getValue("transmissions")),
        Boolean.TRUE.equals(json.getValue("disconnect")),
        Boolean.TRUE.equals(json.getValue("stop_streams")),
        strings(json.getValue("streams")),
        strings(json.getValue("stopped_streams")),
        state(env.getValue("cstate")),
        state(env.getValue("istate")),
        json.getValue("error_msg") instanceof String s ? s : "",
        PresenceChange.of(json.getValue("presence")));
  }

  public boolean success() {
    return status == SUCCESS;
  }

  public boolean failure() {
    return status == FAILURE;
  }

  private static List<String> strings(Object value) {
    List<String> list = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof String s) {
          list.add(s);
        }
      }
    }
    return list;
  }

  private static Map<String, String> state(Object value) {
    Map<String, String> map = new LinkedHashMap<>();
    if (value instanceof JsonObject object) {
      object.forEach(e -> map.put(e.getKey(), e.getValue() == null ? "" : String.valueOf(e.getValue())));
    }
    return map;
  }
}

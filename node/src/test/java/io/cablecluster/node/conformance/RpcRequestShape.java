package io.cablecluster.node.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * What anycable-rb's protobuf decoding accepts (etc/rpc.proto, snake_case JSON): an unknown field or a
 * non-string where the proto has a string (state maps included) makes a real backend answer 422.
 */
final class RpcRequestShape {
  private RpcRequestShape() {
  }

  private static final Map<String, Set<String>> FIELDS = Map.of(
      "connect", Set.of("env"),
      "command", Set.of("command", "identifier", "connection_identifiers", "data", "env"),
      "disconnect", Set.of("identifiers", "subscriptions", "env"));
  private static final Set<String> STRING_FIELDS = Set.of("command", "identifier", "connection_identifiers", "data",
      "identifiers");
  private static final Set<String> ENV_FIELDS = Set.of("url", "headers", "cstate", "istate");

  /** A description of what is wrong, or null when a real backend would accept the request. */
  static String violation(String method, JsonObject body) {
    Set<String> allowed = FIELDS.get(method);
    if (allowed == null) {
      return "unknown RPC method " + method;
    }
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        return "unknown field " + field;
      }
      Object value = body.getValue(field);
      if (STRING_FIELDS.contains(field) && !(value instanceof String)) {
        return field + " must be a string";
      }
    }
    if (body.containsKey("subscriptions")) {
      if (!(body.getValue("subscriptions") instanceof JsonArray list)) {
        return "subscriptions must be a list";
      }
      for (Object id : list) {
        if (!(id instanceof String)) {
          return "subscriptions must hold strings";
        }
      }
    }
    if (!body.containsKey("env")) {
      return null;
    }
    if (!(body.getValue("env") instanceof JsonObject env)) {
      return "env must be an object";
    }
    for (String field : env.fieldNames()) {
      if (!ENV_FIELDS.contains(field)) {
        return "unknown field env." + field;
      }
      Object value = env.getValue(field);
      if (field.equals("url")) {
        if (!(value instanceof String)) {
          return "env.url must be a string";
        }
      } else if (!(value instanceof JsonObject map)) {
        return "env." + field + " must be a map";
      } else {
        for (Map.Entry<String, Object> entry : map) {
          if (!(entry.getValue() instanceof String)) {
            return "env." + field + "." + entry.getKey() + " must be a string";
          }
        }
      }
    }
    return null;
  }
}

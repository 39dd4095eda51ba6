package io.cablecluster.node.conformance;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel callback as anycable-rails runs it inside an RPC call: what the channel code can read
 * (params, request, connection and channel state) and what it produces (transmissions, streams, state
 * deltas), turned into the RPC response by {@link StandInRpcBackend}.
 */
final class ChannelCall {
  final String identifier;
  final JsonObject params;
  final Map<String, String> query;
  final JsonObject headers;
  final String sid;
  private final Map<String, String> istate;
  private final Map<String, String> cstate;
  private final StandInRpcBackend backend;

  final List<String> transmissions = new ArrayList<>();
  final List<String> streams = new ArrayList<>();
  final List<String> stoppedStreams = new ArrayList<>();
  final Map<String, String> istateDelta = new LinkedHashMap<>();
  final Map<String, String> cstateDelta = new LinkedHashMap<>();
  boolean stopStreams;
  boolean rejected;
  boolean disconnect;

  ChannelCall(StandInRpcBackend backend, String identifier, Map<String, String> query, JsonObject headers, String sid,
              Map<String, String> istate, Map<String, String> cstate) {
    this.backend = backend;
    this.identifier = identifier;
    this.params = new JsonObject(identifier);
    this.query = query;
    this.headers = headers;
    this.sid = sid;
    this.istate = istate;
    this.cstate = cstate;
  }

  void streamFrom(String stream) {
    streams.add(stream);
  }

  void stopStreamFrom(String stream) {
    stoppedStreams.add(stream);
  }

  /** Rails {@code transmit(value)}: a data frame for this identifier, sent verbatim by the server. */
  void transmit(Object message) {
    transmissions.add(new JsonObject().put("identifier", identifier).put("message", message).encode());
  }

  void reject() {
    rejected = true;
  }

  /** {@code state_attr_accessor} write: values travel as JSON text. */
  void setState(String key, Object value) {
    istateDelta.put(key, Json.encode(value));
  }

  /** {@code state_attr_accessor} read, decoded from JSON text; null when unset. */
  Object state(String key) {
    String raw = istateDelta.containsKey(key) ? istateDelta.get(key) : istate.get(key);
    return raw == null ? null : Json.decodeValue(raw);
  }

  /** Raw istate value as the server sent it (for tests of the merge rules). */
  String rawState(String key) {
    return istate.get(key);
  }

  String connectionState(String key) {
    return cstate.get(key);
  }

  void setConnectionState(String key, String value) {
    cstateDelta.put(key, value);
  }

  /** {@code ActionCable.server.broadcast(stream, value)}: posted to the server's /_broadcast. */
  void broadcast(String stream, Object value) {
    backend.publisher().broadcast(stream, value);
  }

  /** {@code broadcast(stream, value, to_others: true)}: excludes the socket that made this call. */
  void broadcastToOthers(String stream, Object value) {
    backend.publisher().broadcast(stream, value, sid);
  }
}

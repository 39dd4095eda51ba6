package io.cablecluster.gateway.controller;

import io.cablecluster.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the backend sees of the upgrade request: its full URL and the configured headers. */
public record RequestEnv(String url, Map<String, String> headers) {

  public static RequestEnv of(ServerWebSocket socket, GatewayConfig config) {
    return of(socket.headers(), socket.authority(), socket.isSsl(), socket.uri(), socket.remoteAddress(), config);
  }

  /** An HTTP request's (the SSE transport's) env, built as a WebSocket upgrade's. */
  public static RequestEnv of(io.vertx.core.http.HttpServerRequest request, GatewayConfig config) {
    return of(request.headers(), request.authority(), request.isSSL(), request.uri(), request.remoteAddress(), config);
  }

  private static RequestEnv of(MultiMap requestHeaders, io.vertx.core.net.HostAndPort authority, boolean ssl,
                               String uri, io.vertx.core.net.SocketAddress remote, GatewayConfig config) {
    String host = requestHeaders.get("host");
    if (host == null && authority != null) {
      host = authority.toString();
    }
    String scheme = ssl ? "https" : "http";
    String url = scheme + "://" + (host == null ? "localhost" : host) + uri;
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : config.headers()) {
      String value = requestHeaders.get(name);
      if ("cookie".equals(name) && value != null && !config.proxyCookies().isEmpty()) {
        value = onlyCookies(value, config.proxyCookies());
      }
      if (value != null && !value.isEmpty()) {
        headers.put(name, value);
      }
    }
    if (config.jwtEnabled()) {
      String jwtHeader = "x-" + config.jwtParam();
      String token = requestHeaders.get(jwtHeader);
      if (token != null && !token.isEmpty()) {
        headers.put(jwtHeader, token);
      }
    }
    headers.put("REMOTE_ADDR", remote == null ? "" : remote.hostAddress());
    return new RequestEnv(url, Map.copyOf(headers));
  }

  private static String onlyCookies(String header, List<String> names) {
    StringBuilder kept = new StringBuilder();
    for (String cookie : header.split(";")) {
      String trimmed = cookie.trim();
      int eq = trimmed.indexOf('=');
      String name = eq < 0 ? trimmed : trimmed.substring(0, eq);
      if (names.contains(name)) {
        if (kept.length() > 0) {
          kept.append("; ");
        }
        kept.append(trimmed);
      }
    }
    return kept.toString();
  }

  /** The RPC {@code env} object with optional connection and channel state. */
  public JsonObject toJson(Map<String, String> cstate, Object istate) {
    JsonObject env = new JsonObject().put("url", url);
    JsonObject headerJson = new JsonObject();
    headers.forEach(headerJson::put);
    env.put("headers", headerJson);
    if (cstate != null && !cstate.isEmpty()) {
      env.put("cstate", new JsonObject(new LinkedHashMap<>(cstate)));
    }
    if (istate instanceof Map<?, ?> map && !map.isEmpty()) {
      JsonObject state = new JsonObject();
      map.forEach((k, v) -> state.put(String.valueOf(k), v));
      env.put("istate", state);
    }
    return env;
  }
}

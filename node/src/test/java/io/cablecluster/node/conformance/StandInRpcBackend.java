package io.cablecluster.node.conformance;

import io.cablecluster.testkit.Await;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A stand-in for a Rails app running anycable-rails behind AnyCable's HTTP RPC (CONFORMANCE.md §6): it
 * answers like anycable-rb (integer status, default fields left out, so ERROR has no status key), refuses
 * requests a real backend would refuse (401 bad token, 422 unknown fields or non-string state values),
 * runs anyt's connection handlers and test channels, and records every request for assertions.
 */
final class StandInRpcBackend {
  private static final Logger LOG = Logger.getLogger(StandInRpcBackend.class.getName());
  static final String MOUNT = "/_anycable";
  static final String WELCOME = "{\"type\":\"welcome\"}";
  static final String UNAUTHORIZED = "{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}";

  /** Channels and connect handlers whose answers simulate a misbehaving backend. */
  static final String SLOW = "SlowChannel";
  static final String HTTP_500 = "BrokenChannel";
  static final String MALFORMED = "GarbledChannel";
  static final String ERROR = "ErrorChannel";
  static final long SLOW_MILLIS = 4_000;

  record Recorded(String method, Map<String, String> headers, JsonObject body) {
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final String secret;
  private final Publisher publisher;
  private HttpServer server;
  private int port;

  StandInRpcBackend(Vertx vertx, String secret, Publisher publisher) {
    this.vertx = vertx;
    this.secret = secret;
    this.publisher = publisher;
  }

  Publisher publisher() {
    return publisher;
  }

  /** Starts on {@code port} (0 = any free one); starting again after {@link #stop()} reuses the port. */
  StandInRpcBackend start(int port) {
    server = vertx.createHttpServer().requestHandler(this::handle);
    this.port = Await.result(server.listen(port, "127.0.0.1")).actualPort();
    return this;
  }

  void stop() {
    Await.result(server.close());
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port + MOUNT;
  }

  List<Recorded> calls(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  /**
   * Waits (woken by each recorded request) until at least {@code n} calls of {@code method} arrived, at most
   * 5 s (they are asynchronous to the client); returns the calls so far either way.
   */
  List<Recorded> awaitCalls(String method, int n) {
    awaitCall(() -> calls(method).size() >= n);
    return calls(method);
  }

  /** The first call of {@code method} matching, awaited up to 5 s; fails if none came. */
  Recorded awaitCall(String method, java.util.function.Predicate<Recorded> match) {
    if (!awaitCall(() -> calls(method).stream().anyMatch(match))) {
      throw new AssertionError("no matching " + method + " call within 5 s: " + calls(method));
    }
    return calls(method).stream().filter(match).findFirst().orElseThrow();
  }

  private boolean awaitCall(java.util.function.BooleanSupplier done) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    synchronized (requests) {
      while (!done.getAsBoolean()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(requests, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return true;
    }
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      try {
        serve(request, body);
      } catch (RuntimeException e) {
        LOG.log(java.util.logging.Level.SEVERE, "stand-in backend failed", e);
        request.response().setStatusCode(500).end();
      }
    });
  }

  private void serve(HttpServerRequest request, Buffer body) {
    String path = request.path();
    if (request.method() != io.vertx.core.http.HttpMethod.POST || !path.startsWith(MOUNT + "/")) {
      request.response().setStatusCode(404).end();
      return;
    }
    String method = path.substring(MOUNT.length() + 1);
    if (secret != null && !("Bearer " + secret).equals(request.getHeader("Authorization"))) {
      request.response().setStatusCode(401).end();
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      request.response().setStatusCode(422).end("invalid JSON");
      return;
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    synchronized (requests) {
      requests.add(new Recorded(method, headers, json));
      requests.notifyAll();
    }
    String invalid = RpcRequestShape.violation(method, json);
    if (invalid != null) {
      LOG.warning("stand-in backend refuses " + method + " request (" + invalid + "): " + json.encode());
      request.response().setStatusCode(422).end(invalid);
      return;
    }
    String sid = request.getHeader("X-Anycable-Meta-Sid");
    String misbehaviour = misbehaviour(method, json);
    if (misbehaviour != null) {
      misbehave(misbehaviour, request);
      return;
    }
    request.response().putHeader("Content-Type", "application/json").end(answer(method, json, sid).encode());
  }

  private JsonObject answer(String method, JsonObject json, String sid) {
    return switch (method) {
      case "connect" -> connect(json.getJsonObject("env"));
      case "command" -> command(json, sid);
      case "disconnect" -> disconnect(json, sid);
      default -> new JsonObject().put("error_msg", "unknown RPC " + method);
    };
  }

  private static String misbehaviour(String method, JsonObject json) {
    if (method.equals("connect")) {
      String test = query(json.getJsonObject("env")).get("test");
      return test != null && List.of(SLOW, HTTP_500, MALFORMED, ERROR).contains(test) ? test : null;
    }
    if (method.equals("command")) {
      String channel = new JsonObject(json.getString("identifier")).getString("channel");
      for (String kind : List.of(SLOW, HTTP_500, MALFORMED, ERROR)) {
        if (TestChannels.name(kind).equals(channel)) {
          return kind;
        }
      }
    }
    return null;
  }

  private void misbehave(String kind, HttpServerRequest request) {
    switch (kind) {
      case SLOW -> vertx.setTimer(SLOW_MILLIS, id -> {
        if (!request.response().closed()) {
          request.response().end(new JsonObject().put("status", 1).encode());
        }
      });
      case HTTP_500 -> request.response().setStatusCode(500).end("Internal Server Error");
      case MALFORMED -> request.response().putHeader("Content-Type", "application/json").end("{\"status\":1,\"transm");
      default -> request.response().end(new JsonObject().put("error_msg", "channel raised").encode());
    }
  }

  private JsonObject connect(JsonObject env) {
    Map<String, String> params = query(env);
    JsonObject headers = env.getJsonObject("headers", new JsonObject());
    String test = params.getOrDefault("test", "");
    boolean accepted = switch (test) {
      case "request_url" -> env.getString("url").contains("test=request_url")
          && "127.0.0.1".equals(URI.create(env.getString("url")).getHost());
      case "cookies" -> "john green".equals(cookies(headers.getString("cookie")).get("username"));
      case "headers" -> "abc".equals(headers.getString("x-api-token"));
      case "reasons" -> !"unauthorized".equals(params.get("reason"));
      default -> true;
    };
    if (!accepted) {
      return new JsonObject().put("status", 2).put("transmissions", new JsonArray().add(UNAUTHORIZED));
    }
    JsonObject identifiers = new JsonObject();
    if (test.equals("uid")) {
      identifiers.put("uid", params.get("uid"));
    }
    JsonObject response = new JsonObject().put("status", 1).put("identifiers", identifiers.encode())
        .put("transmissions", new JsonArray().add(WELCOME));
    if (test.equals("cstate")) {
      response.put("env", new JsonObject().put("cstate", new JsonObject().put("user", params.get("user"))));
    }
    return response;
  }

  private JsonObject command(JsonObject json, String sid) {
    String identifier = json.getString("identifier");
    TestChannels.Channel channel = TestChannels.ALL.get(new JsonObject(identifier).getString("channel"));
    if (channel == null) {
      return new JsonObject().put("error_msg", "Channel not found: " + identifier);
    }
    JsonObject env = json.getJsonObject("env", new JsonObject());
    ChannelCall call = new ChannelCall(this, identifier, query(env), env.getJsonObject("headers", new JsonObject()),
        sid, strings(env.getJsonObject("istate")), strings(env.getJsonObject("cstate")));
    String command = json.getString("command");
    switch (command) {
      case "subscribe" -> {
        channel.subscribed(call);
        if (call.rejected) {
          call.transmissions.add(ack(identifier, "reject_subscription"));
          return response(2, call);
        }
        call.transmissions.add(ack(identifier, "confirm_subscription"));
      }
      case "unsubscribe" -> {
        channel.unsubscribed(call);
        call.stopStreams = true;
      }
      case "message" -> {
        JsonObject data = new JsonObject(json.getString("data"));
        channel.perform(call, data.getString("action"), data);
      }
      default -> {
        return new JsonObject().put("error_msg", "Unknown command: " + command);
      }
    }
    return response(1, call);
  }

  private JsonObject disconnect(JsonObject json, String sid) {
    JsonObject env = json.getJsonObject("env", new JsonObject());
    JsonObject istates = env.getJsonObject("istate", new JsonObject());
    for (Object subscription : json.getJsonArray("subscriptions", new JsonArray())) {
      String identifier = (String) subscription;
      TestChannels.Channel channel = TestChannels.ALL.get(new JsonObject(identifier).getString("channel"));
      if (channel == null) {
        continue;
      }
      String state = istates.getString(identifier);
      Map<String, String> istate = state == null ? Map.of() : strings(new JsonObject(state));
      channel.unsubscribed(new ChannelCall(this, identifier, query(env), env.getJsonObject("headers", new JsonObject()),
          sid, istate, strings(env.getJsonObject("cstate"))));
    }
    return new JsonObject().put("status", 1);
  }

  private static JsonObject response(int status, ChannelCall call) {
    JsonObject response = new JsonObject().put("status", status);
    if (call.disconnect) {
      response.put("disconnect", true);
    }
    if (call.stopStreams) {
      response.put("stop_streams", true);
    }
    if (!call.streams.isEmpty()) {
      response.put("streams", new JsonArray(call.streams));
    }
    if (!call.stoppedStreams.isEmpty()) {
      response.put("stopped_streams", new JsonArray(call.stoppedStreams));
    }
    if (!call.transmissions.isEmpty()) {
      response.put("transmissions", new JsonArray(call.transmissions));
    }
    JsonObject env = new JsonObject();
    if (!call.istateDelta.isEmpty()) {
      env.put("istate", new JsonObject(new LinkedHashMap<>(call.istateDelta)));
    }
    if (!call.cstateDelta.isEmpty()) {
      env.put("cstate", new JsonObject(new LinkedHashMap<>(call.cstateDelta)));
    }
    if (!env.isEmpty()) {
      response.put("env", env);
    }
    return response;
  }

  static String ack(String identifier, String type) {
    return new JsonObject().put("identifier", identifier).put("type", type).encode();
  }

  static Map<String, String> query(JsonObject env) {
    Map<String, String> params = new HashMap<>();
    String url = env == null ? null : env.getString("url");
    if (url != null) {
      new QueryStringDecoder(url).parameters().forEach((k, v) -> params.put(k, v.get(0)));
    }
    return params;
  }

  private static Map<String, String> cookies(String header) {
    Map<String, String> cookies = new HashMap<>();
    if (header != null) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
    }
    return cookies;
  }

  private static Map<String, String> strings(JsonObject object) {
    Map<String, String> map = new HashMap<>();
    if (object != null) {
      object.forEach(e -> map.put(e.getKey(), (String) e.getValue()));
    }
    return map;
  }
}

package io.cablecluster.node;

import io.cablecluster.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback AnyCable HTTP RPC backend for {@link LogSecretsTest}: it answers only the node's Bearer RPC
 * secret (401 otherwise), welcomes a connection only when the forwarded Cookie carries the session cookie
 * (else a FAILURE with an unauthorized disconnect), subscribes {@code ChatChannel} to {@code chat/1},
 * echoes a perform's action, and records every call as {@code method} or {@code command:<name>}.
 */
final class CredentialCheckingBackend implements AutoCloseable {
  static final String STREAM = "chat/1";
  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final String bearer;
  private final String cookie;
  private final HttpServer server;

  CredentialCheckingBackend(Vertx vertx, String rpcSecret, String sessionCookie) {
    this.vertx = vertx;
    this.bearer = "Bearer " + rpcSecret;
    this.cookie = sessionCookie;
    this.server = Await.result(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"),
        Duration.ofSeconds(10));
  }

  int port() {
    return server.actualPort();
  }

  /** Waits until the backend was called {@code n} times for {@code call} (a method or command:name). */
  void awaitCalls(String call, int n) {
    Await.until("the backend to get " + n + " " + call + " call(s), got " + calls, Duration.ofSeconds(10),
        () -> calls.stream().filter(call::equals).count() >= n);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      if (!bearer.equals(request.getHeader("Authorization"))) {
        request.response().setStatusCode(401).end();
        return;
      }
      JsonObject json = body.toJsonObject();
      String method = request.path().substring(request.path().lastIndexOf('/') + 1);
      JsonObject reply = switch (method) {
        case "connect" -> connect(json);
        case "command" -> command(json);
        default -> new JsonObject().put("status", 1);
      };
      calls.add("command".equals(method) ? "command:" + json.getString("command") : method);
      request.response().putHeader("Content-Type", "application/json").end(reply.encode());
    });
  }

  private JsonObject connect(JsonObject json) {
    String cookies = json.getJsonObject("env", new JsonObject()).getJsonObject("headers", new JsonObject())
        .getString("cookie", "");
    if (!cookies.contains(cookie)) {
      return new JsonObject().put("status", 2).put("transmissions",
          new JsonArray().add("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}"));
    }
    return new JsonObject().put("status", 1).put("identifiers", "{\"current_user\":\"alice\"}")
        .put("transmissions", new JsonArray().add("{\"type\":\"welcome\"}"));
  }

  private JsonObject command(JsonObject json) {
    String identifier = json.getString("identifier");
    JsonObject reply = new JsonObject().put("status", 1).put("transmissions", new JsonArray())
        .put("streams", new JsonArray()).put("stopped_streams", new JsonArray());
    switch (json.getString("command")) {
      case "subscribe" -> reply.put("streams", new JsonArray().add(STREAM)).put("transmissions", new JsonArray()
          .add(new JsonObject().put("type", "confirm_subscription").put("identifier", identifier).encode()));
      case "message" -> reply.put("transmissions", new JsonArray().add(new JsonObject().put("identifier", identifier)
          .put("message", new JsonObject().put("echo", new JsonObject(json.getString("data")).getString("action")))
          .encode()));
      default -> reply.put("stop_streams", true);
    }
    return reply;
  }

  @Override
  public void close() {
    Await.result(server.close(), Duration.ofSeconds(10));
  }
}

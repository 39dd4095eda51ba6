package io.cablecluster.load;

import io.cablecluster.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of an Action Cable server ($pubsub streams, POST /_broadcast) and of the plain events
 * service (/ws?events=, POST /events/NAME) to test the load tool on its own, on a free loopback port.
 */
final class FakeCableServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Set<Subscriber>> streams = new ConcurrentHashMap<>();
  private final HttpServer server;

  private record Subscriber(ServerWebSocket socket, String identifier) {
  }

  FakeCableServer() throws Exception {
    server = Await.result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setWebSocketSubProtocols(List.of("actioncable-v1-json")))
        .webSocketHandler(this::accept)
        .requestHandler(req -> req.body().onSuccess(body -> {
          if (req.method() == HttpMethod.POST && req.path().equals("/_broadcast")) {
            JsonObject payload = body.toJsonObject();
            Object message;
            try {
              message = Json.decodeValue(payload.getString("data"));
            } catch (DecodeException e) {
              message = payload.getString("data");
            }
            deliver(payload.getString("stream"), message, false);
            req.response().setStatusCode(201).end();
          } else if (req.method() == HttpMethod.POST && req.path().startsWith("/events/")) {
            deliver(req.path().substring("/events/".length()), body.toString(), true);
            req.response().setStatusCode(201).end();
          } else {
            req.response().setStatusCode(404).end();
          }
        }))
        .listen(), Duration.ofSeconds(10));
  }

  int port() {
    return server.actualPort();
  }

  private void accept(ServerWebSocket ws) {
    if (ws.path().equals("/ws")) {
      String name = ws.query().replaceFirst("^events=", "");
      subscribe(name, new Subscriber(ws, null), ws);
      return;
    }
    ws.writeTextMessage("{\"type\":\"welcome\"}");
    ws.textMessageHandler(text -> {
      JsonObject command = new JsonObject(text);
      String identifier = command.getString("identifier");
      String stream = new JsonObject(identifier).getString("stream_name");
      Subscriber subscriber = new Subscriber(ws, identifier);
      if ("subscribe".equals(command.getString("command"))) {
        subscribe(stream, subscriber, ws);
        ws.writeTextMessage(new JsonObject().put("identifier", identifier).put("type", "confirm_subscription").encode());
      } else if ("unsubscribe".equals(command.getString("command"))) {
        Set<Subscriber> set = streams.get(stream);
        if (set != null) {
          set.remove(subscriber);
        }
      }
    });
  }

  private void subscribe(String stream, Subscriber subscriber, ServerWebSocket ws) {
    streams.computeIfAbsent(stream, k -> ConcurrentHashMap.newKeySet()).add(subscriber);
    ws.closeHandler(v -> streams.values().forEach(set -> set.removeIf(s -> s.socket() == ws)));
  }

  private void deliver(String stream, Object message, boolean raw) {
    for (Subscriber s : streams.getOrDefault(stream, Set.of())) {
      s.socket().writeTextMessage(raw ? (String) message
          : new JsonObject().put("identifier", s.identifier()).put("message", message).encode());
    }
  }

  @Override
  public void close() throws Exception {
    Await.result(vertx.close(), Duration.ofSeconds(10));
  }
}

package io.cablecluster.node.conformance;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.IdpKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider's JWKS endpoint on loopback: publishes the keys a test gives it (rotation), or
 * misbehaves — never answers, answers garbage, answers more than the node reads — or is down (port closed,
 * later reopened on the same port). Counts the fetches it received.
 */
final class FakeIdentityProvider implements AutoCloseable {
  enum Mode { SERVE, SLOW, GARBAGE, OVERSIZED }

  static final String PATH = "/.well-known/jwks.json";
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile List<IdpKey> published = List.of();
  private volatile Mode mode = Mode.SERVE;
  private HttpServer server;
  private int port;

  FakeIdentityProvider() {
    up();
  }

  String url() {
    return "http://127.0.0.1:" + port + PATH;
  }

  void publish(IdpKey... keys) {
    published = List.of(keys);
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  int fetches() {
    return fetches.get();
  }

  /** Closes the port: fetches are refused at connect. */
  synchronized void down() {
    if (server != null) {
      Await.result(server.close());
      server = null;
    }
  }

  /** Listens again on the same port (the first time on a free one). */
  synchronized void up() {
    if (server == null) {
      server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setReuseAddress(true))
          .requestHandler(this::answer);
      port = Await.result(server.listen(port)).actualPort();
    }
  }

  private void answer(HttpServerRequest request) {
    fetches.incrementAndGet();
    switch (mode) {
      case SLOW -> { } // never answers
      case GARBAGE -> request.response().putHeader("content-type", "text/html").end("<html>502 Bad Gateway</html>");
      case OVERSIZED -> {
        // Chunked, so only counting while reading can stop it: 64 chunks of 8 KiB, well over the 256 KiB bound.
        request.response().setChunked(true).putHeader("content-type", "application/json");
        request.response().write("{\"keys\":[],\"padding\":\"");
        for (int i = 0; i < 64; i++) {
          request.response().write("x".repeat(8192));
        }
        request.response().end("\"}");
      }
      default -> {
        JsonArray keys = new JsonArray();
        published.forEach(key -> keys.add(key.jwk()));
        request.response().putHeader("content-type", "application/json").end(new JsonObject().put("keys", keys).encode());
      }
    }
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}

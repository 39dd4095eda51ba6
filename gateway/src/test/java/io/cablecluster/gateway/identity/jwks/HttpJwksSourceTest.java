package io.cablecluster.gateway.identity.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JWKS fetch against a real loopback server: what it takes, and what fails it. */
@ExtendWith(VertxExtension.class)
class HttpJwksSourceTest {
  private static int port(Vertx vertx) {
    return Await.result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(request -> {
          switch (request.path()) {
            case "/ok" -> request.response().end("{\"keys\":[]}");
            case "/big" -> request.response().end("x".repeat(HttpJwksSource.MAX_BODY_BYTES + 1));
            case "/moved" -> request.response().setStatusCode(302).putHeader("location", "/ok").end();
            default -> { } // never answers
          }
        }).listen(0)).actualPort();
  }

  private static HttpJwksSource at(Vertx vertx, int port, String path, int timeoutMs) {
    return new HttpJwksSource(vertx, "http://127.0.0.1:" + port + path, timeoutMs);
  }

  @Test
  @DisplayName("Verifies that a 200 body is fetched, while a body over the bound by Content-Length, a redirect and silence fail")
  void fetchesBoundedAnswersOnly(Vertx vertx) {
    int port = port(vertx);
    assertEquals("{\"keys\":[]}", Await.result(at(vertx, port, "/ok", 2000).fetch()).toString());
    assertTrue(Await.failure(at(vertx, port, "/big", 2000).fetch()).getMessage().contains("body over"));
    assertTrue(Await.failure(at(vertx, port, "/moved", 2000).fetch()).getMessage().contains("302"));
    long started = System.nanoTime();
    assertTrue(Await.failure(at(vertx, port, "/silent", 300).fetch()).getMessage().contains("300 ms"));
    assertTrue(System.nanoTime() - started < 2_000_000_000L, "gave up at the timeout");
  }
}

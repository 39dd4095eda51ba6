package io.cablecluster.broadcaster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawBodyTest {
  static final int LIMIT = 64;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = vertx.createHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() {
    Router router = Router.router(vertx);
    router.post("/echo")
        .handler(RawBody.reader(LIMIT, "too big"))
        .handler(ctx -> ctx.response().end("[" + RawBody.of(ctx) + "]"));
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private String post(String contentType, String body, boolean chunked) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI("/echo");
    if (contentType != null) {
      options.putHeader("content-type", contentType);
    }
    Promise<String> answer = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> http.request(options).compose(request -> {
      if (chunked) {
        request.setChunked(true);
        for (int i = 0; i < body.length(); i += 16) {
          request.write(body.substring(i, Math.min(body.length(), i + 16)));
        }
        // The server may answer 413 and close before the client has finished writing: wait for the answer.
        request.end();
        return request.response();
      }
      return body == null ? request.send() : request.send(body);
    }).compose(response -> response.body().map(b -> response.statusCode() + " "
        + response.getHeader("connection") + " " + b)).onComplete(answer));
    return Await.result(answer.future(), Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("Verifies that a form or multipart body is handed on as its raw bytes, never decoded")
  void formAndMultipartAreBytes() {
    assertEquals("200 null [a=1&b=2]", post("application/x-www-form-urlencoded", "a=1&b=2", false));
    assertEquals("200 null [--X\r\n\r\n--X--]", post("multipart/form-data; boundary=X", "--X\r\n\r\n--X--", false));
  }

  @Test
  @DisplayName("Verifies that a request without a body is handed on with an empty body")
  void emptyBody() {
    assertEquals("200 null []", post(null, null, false));
    assertEquals("200 null []", post("application/json", "", false));
  }

  @Test
  @DisplayName("Verifies that a body over the limit, declared or chunked, is a 413 JSON error that closes the connection")
  void overLimit() {
    String big = "x".repeat(LIMIT + 1);
    assertEquals("413 close {\"error\":\"too big\"}", post("application/json", big, false));
    assertEquals("413 close {\"error\":\"too big\"}", post("application/json", big.repeat(4), true));
    assertEquals("200 null [" + "x".repeat(LIMIT) + "]", post(null, "x".repeat(LIMIT), true));
  }
}

package io.cablecluster.rpc;

import io.cablecluster.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP backend on loopback that records every request and answers as the test says. */
final class RecordingBackend implements AutoCloseable {
  record Recorded(String path, Map<String, String> headers, JsonObject body) {
  }

  /** How to answer one request; {@code respond} may also hold it open (never ending it = a hung backend). */
  interface Answer {
    void answer(HttpServerRequest request, Buffer body);
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  private final Vertx vertx;
  private final HttpServer server;
  private volatile Answer answer;

  private RecordingBackend(Vertx vertx, int port, Answer answer) throws Exception {
    this.vertx = vertx;
    this.answer = answer;
    this.server = Await.result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
      requests.add(new Recorded(request.path(), headers, body.length() == 0 ? null : new JsonObject(body)));
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      request.response().endHandler(v -> inFlight.decrementAndGet());
      this.answer.answer(request, body);
    })).listen(port, "127.0.0.1"), Duration.ofSeconds(10));
  }

  static RecordingBackend start(Vertx vertx, Answer answer) throws Exception {
    return new RecordingBackend(vertx, 0, answer);
  }

  static RecordingBackend startOn(Vertx vertx, int port, Answer answer) throws Exception {
    return new RecordingBackend(vertx, port, answer);
  }

  static Answer json(int status, String body) {
    return (request, ignored) -> request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json").end(body);
  }

  void answerWith(Answer next) {
    this.answer = next;
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/_anycable";
  }

  @Override
  public void close() throws Exception {
    Await.result(server.close(), Duration.ofSeconds(10));
  }
}

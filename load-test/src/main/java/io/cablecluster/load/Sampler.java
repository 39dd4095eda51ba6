package io.cablecluster.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Posts broadcasts over HTTP at a fixed rate, round-robin over the streams, each carrying its send time
 * ({@code bench_ts}, wall-clock µs) so clients can compute the round trip. Style {@code cable} posts
 * {@code {"stream","data"}} to the URL; style {@code events} posts the data to {@code URL/<stream>}.
 */
final class Sampler implements AutoCloseable {
  private static final int MAX_IN_FLIGHT = 256;
  private final Vertx vertx;
  private final HttpClient http;
  private final URI target;
  private final boolean eventsStyle;
  private final ClientSpec spec;
  private final String padding;

  Sampler(Vertx vertx, String broadcastUrl, boolean eventsStyle, ClientSpec spec, int payloadBytes) {
    this.vertx = vertx;
    this.target = URI.create(broadcastUrl);
    this.eventsStyle = eventsStyle;
    this.spec = spec;
    this.padding = "x".repeat(Math.max(0, payloadBytes));
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(32).setMaxWaitQueueSize(MAX_IN_FLIGHT * 2));
  }

  /** Counters of one sampling window. */
  static final class Run {
    final AtomicLongArray okByStream;
    final LongAdder ok = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile String lastError;
    long sent;

    Run(int streams) {
      okByStream = new AtomicLongArray(streams);
    }

    /** Frames the clients should receive: each accepted post times the subscribers of its stream. */
    long expected(JsonObject connectAnswer) {
      var counts = connectAnswer.getJsonArray("confirmedByStream");
      long total = 0;
      for (int s = 0; s < okByStream.length() && s < counts.size(); s++) {
        total += okByStream.get(s) * counts.getLong(s);
      }
      return total;
    }
  }

  Run start(double ratePerSecond, long durationMs) {
    Run run = new Run(spec.streams());
    long start = System.nanoTime();
    long tickMs = Math.max(1, Math.min(100, (long) (1000 / Math.max(1, ratePerSecond))));
    vertx.setPeriodic(0, tickMs, id -> {
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      long due = Math.min((long) (ratePerSecond * Math.min(elapsedMs, durationMs) / 1000.0) + 1,
          (long) Math.ceil(ratePerSecond * durationMs / 1000.0));
      while (run.sent < due) {
        post(run, run.sent++);
      }
      if (elapsedMs >= durationMs) {
        vertx.cancelTimer(id);
        awaitInFlight(run);
      }
    });
    return run;
  }

  private void awaitInFlight(Run run) {
    if (run.inFlight.get() == 0) {
      run.done.complete(null);
    } else {
      vertx.setTimer(20, t -> awaitInFlight(run));
    }
  }

  private void post(Run run, long seq) {
    if (run.inFlight.get() >= MAX_IN_FLIGHT) {
      run.skipped.increment();
      return;
    }
    int streamIndex = (int) (seq % spec.streams());
    String stream = spec.streamPrefix() + streamIndex;
    String data = "{\"bench_ts\":" + Clock.nowMicros() + ",\"seq\":" + seq
        + (padding.isEmpty() ? "" : ",\"pad\":\"" + padding + "\"") + "}";
    String path;
    String body;
    if (eventsStyle) {
      path = target.getRawPath() + "/" + URLEncoder.encode(stream, StandardCharsets.UTF_8);
      body = data;
    } else {
      path = target.getRawPath();
      body = new JsonObject().put("stream", stream).put("data", data).encode();
    }
    run.inFlight.incrementAndGet();
    http.request(HttpMethod.POST, target.getPort(), target.getHost(), path)
        .compose(req -> req.putHeader("content-type", "application/json").send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(ar -> {
          run.inFlight.decrementAndGet();
          if (ar.succeeded() && ar.result() / 100 == 2) {
            run.ok.increment();
            run.okByStream.incrementAndGet(streamIndex);
          } else {
            run.failed.increment();
            run.lastError = ar.succeeded() ? "HTTP " + ar.result() : String.valueOf(ar.cause());
          }
        });
  }

  @Override
  public void close() {
    http.close();
  }
}

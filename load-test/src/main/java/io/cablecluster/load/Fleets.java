package io.cablecluster.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * All client fleets of a run: the first lives in this JVM, more are spawned as child processes when the
 * client count passes {@code perProcess}. Answers of every fleet are merged into one.
 */
final class Fleets implements AutoCloseable {
  private final Vertx vertx;
  private final ClientSpec spec;
  private final int perProcess;
  private final String workerHeap;
  private final List<Fleet> fleets = new ArrayList<>();
  private final List<Integer> held = new ArrayList<>();
  private int nextIndex;
  private long nextSerial;

  Fleets(Vertx vertx, ClientSpec spec, int perProcess, String workerHeap) {
    this.vertx = vertx;
    this.spec = spec;
    this.perProcess = perProcess;
    this.workerHeap = workerHeap;
  }

  int clients() {
    return nextIndex;
  }

  int processes() {
    return fleets.size();
  }

  /** Adds {@code count} clients; {@code concurrency} 0 opens them all at once. */
  JsonObject connect(int count, long timeoutMs, int concurrency, boolean subscribe) {
    List<CompletableFuture<JsonObject>> answers = new ArrayList<>();
    int remaining = count;
    int fleetIndex = 0;
    while (remaining > 0) {
      if (fleetIndex == fleets.size()) {
        fleets.add(fleetIndex == 0 ? new LocalFleet(vertx, false, spec) : spawn());
        held.add(0);
      }
      int room = perProcess - held.get(fleetIndex);
      int take = Math.min(room, remaining);
      if (take > 0) {
        JsonObject command = new JsonObject().put("op", "connect").put("first", nextIndex).put("count", take)
            .put("serial", nextSerial).put("timeoutMs", timeoutMs).put("subscribe", subscribe)
            .put("concurrency", concurrency <= 0 ? 0 : Math.max(1, concurrency / Math.max(1, fleets.size())));
        answers.add(fleets.get(fleetIndex).call(command));
        held.set(fleetIndex, held.get(fleetIndex) + take);
        nextIndex += take;
        nextSerial += take;
        remaining -= take;
      }
      fleetIndex++;
    }
    return await(answers, timeoutMs + 60_000);
  }

  private Fleet spawn() {
    try {
      return new RemoteFleet(spec, workerHeap);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a load worker process", e);
    }
  }

  JsonObject broadcastAll(JsonObject command, long timeoutMs) {
    List<CompletableFuture<JsonObject>> answers = new ArrayList<>();
    fleets.forEach(f -> answers.add(f.call(command.copy())));
    return await(answers, timeoutMs);
  }

  JsonObject stats() {
    return broadcastAll(new JsonObject().put("op", "stats"), 30_000);
  }

  void reset() {
    broadcastAll(new JsonObject().put("op", "reset"), 30_000);
  }

  JsonObject churn(long ms) {
    return broadcastAll(new JsonObject().put("op", "churn").put("ms", ms), ms + 30_000);
  }

  /** Closes every client; stream numbering restarts, source ports keep moving on (TIME_WAIT). */
  void closeAll() {
    broadcastAll(new JsonObject().put("op", "closeAll"), 60_000);
    held.replaceAll(h -> 0);
    nextIndex = 0;
  }

  private static JsonObject await(List<CompletableFuture<JsonObject>> answers, long timeoutMs) {
    List<JsonObject> results = new ArrayList<>();
    for (CompletableFuture<JsonObject> answer : answers) {
      try {
        results.add(answer.get(timeoutMs, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        throw new IllegalStateException("load fleet did not answer: " + e, e);
      }
    }
    return merge(results);
  }

  /** Sums numbers (max for *Ms), merges histograms, adds arrays element-wise. */
  static JsonObject merge(List<JsonObject> answers) {
    JsonObject merged = new JsonObject();
    for (JsonObject answer : answers) {
      for (Map.Entry<String, Object> e : answer) {
        String key = e.getKey();
        Object value = e.getValue();
        Object prior = merged.getValue(key);
        if (prior == null) {
          merged.put(key, value instanceof JsonObject o ? o.copy() : value instanceof JsonArray a ? a.copy() : value);
        } else if (value instanceof Number n && prior instanceof Number p) {
          merged.put(key, key.endsWith("Ms") || key.equals("ms")
              ? Math.max(p.longValue(), n.longValue()) : p.longValue() + n.longValue());
        } else if (value instanceof JsonObject o && prior instanceof JsonObject p) {
          if (o.containsKey("buckets")) {
            Histogram h = Histogram.fromJson(p);
            h.merge(Histogram.fromJson(o));
            merged.put(key, h.toJson());
          } else {
            merged.put(key, merge(List.of(p, o)));
          }
        } else if (value instanceof JsonArray a && prior instanceof JsonArray p) {
          JsonArray sum = new JsonArray();
          for (int i = 0; i < Math.max(a.size(), p.size()); i++) {
            sum.add((i < a.size() ? a.getLong(i) : 0L) + (i < p.size() ? p.getLong(i) : 0L));
          }
          merged.put(key, sum);
        }
      }
    }
    return merged;
  }

  @Override
  public void close() {
    fleets.forEach(Fleet::close);
    fleets.clear();
  }
}

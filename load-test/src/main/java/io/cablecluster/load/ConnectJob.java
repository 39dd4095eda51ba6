package io.cablecluster.load;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code count} clients, at most {@code concurrency} in flight (0 = all at once: the avalanche),
 * and answers once each has been confirmed, refused or failed, or when {@code timeoutMs} runs out.
 */
final class ConnectJob {
  private static final int STREAM_COUNTS_LIMIT = 10_000;
  private final LocalFleet fleet;
  private final int first;
  private final int count;
  private final long serial;
  private final long timeoutMs;
  private final int concurrency;
  private final boolean subscribe;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger settled = new AtomicInteger();
  private final Histogram confirmTimes = new Histogram();
  private final int[] confirmedByStream;
  private final Map<String, Integer> failures = new LinkedHashMap<>();
  private final CompletableFuture<JsonObject> done = new CompletableFuture<>();
  private int confirmed;
  private int welcomed;
  private int welcomedOnly;
  private int rejected;
  private int failed;
  private int closed;
  private long startNanos;

  ConnectJob(LocalFleet fleet, JsonObject command) {
    this.fleet = fleet;
    this.first = command.getInteger("first", 0);
    this.count = command.getInteger("count", 0);
    this.serial = command.getLong("serial", (long) first);
    this.timeoutMs = command.getLong("timeoutMs", 30_000L);
    int c = command.getInteger("concurrency", 0);
    this.concurrency = c <= 0 ? count : Math.min(c, count);
    this.subscribe = command.getBoolean("subscribe", true);
    int streams = fleet.spec().streams();
    this.confirmedByStream = streams <= STREAM_COUNTS_LIMIT ? new int[streams] : new int[0];
  }

  CompletableFuture<JsonObject> run() {
    startNanos = System.nanoTime();
    if (count == 0) {
      finish();
      return done;
    }
    fleet.vertx().setTimer(Math.max(1, timeoutMs), t -> finish());
    for (int i = 0; i < concurrency; i++) {
      launchOne();
    }
    return done;
  }

  private void launchOne() {
    int i = next.getAndIncrement();
    if (i >= count || done.isDone()) {
      return;
    }
    CableClient client = new CableClient(fleet, fleet.spec(), first + i);
    fleet.add(client);
    client.start(fleet.clientFor(serial + i, timeoutMs), subscribe, timeoutMs).onComplete(ar -> {
      tally(client, ar.result());
      if (settled.incrementAndGet() == count) {
        finish();
      } else {
        launchOne();
      }
    });
  }

  private synchronized void tally(CableClient client, CableClient.Outcome outcome) {
    if (done.isDone()) {
      return;
    }
    if (client.welcomed) {
      welcomed++;
    }
    switch (outcome) {
      case CONFIRMED -> {
        confirmed++;
        confirmTimes.record(client.confirmMicros);
        if (confirmedByStream.length > 0) {
          confirmedByStream[client.index % confirmedByStream.length]++;
        }
      }
      case WELCOMED -> welcomedOnly++;
      case REJECTED -> rejected++;
      case CLOSED -> closed++;
      default -> {
        failed++;
        if (failures.size() < 5 || failures.containsKey(client.failure)) {
          failures.merge(String.valueOf(client.failure), 1, Integer::sum);
        }
      }
    }
  }

  private synchronized void finish() {
    if (done.isDone()) {
      return;
    }
    int timedOut = count - confirmed - welcomedOnly - rejected - failed - closed;
    JsonObject failureCounts = new JsonObject();
    failures.forEach(failureCounts::put);
    done.complete(new JsonObject()
        .put("requested", count)
        .put("welcomed", welcomed)
        .put("confirmed", confirmed)
        .put("welcomedOnly", welcomedOnly)
        .put("rejected", rejected)
        .put("failed", failed)
        .put("closed", closed)
        .put("timedOut", timedOut)
        .put("elapsedMs", (System.nanoTime() - startNanos) / 1_000_000)
        .put("confirmTimes", confirmTimes.toJson())
        .put("confirmedByStream", LocalFleet.counts(confirmedByStream))
        .put("failures", failureCounts));
  }
}

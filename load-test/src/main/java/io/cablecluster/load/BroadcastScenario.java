package io.cablecluster.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * N subscribers over S streams; a sampler posts broadcasts at a fixed rate for one step window; every
 * client timestamps arrivals. Steps add clients to the ones already connected.
 */
final class BroadcastScenario {
  private BroadcastScenario() {
  }

  static JsonArray run(RunContext ctx) {
    LoadOptions o = ctx.options();
    double rate = o.number("rate", 10);
    long drainMs = (long) (o.number("drain-seconds", 10) * 1000);
    long warmUpMs = (long) (o.number("warmup-seconds", 5) * 1000);
    boolean events = !ctx.spec().actionCable();
    String broadcastUrl = o.string("broadcast-url", events ? "http://127.0.0.1:8080/events"
        : "http://127.0.0.1:8080/_broadcast");
    JsonArray steps = new JsonArray();
    JsonObject connected = new JsonObject().put("confirmedByStream", new JsonArray());
    try (Sampler sampler = new Sampler(ctx.vertx(), broadcastUrl, events, ctx.spec(), o.integer("payload-bytes", 0))) {
      for (int target : o.steps("1000")) {
        int missing = target - ctx.fleets().clients();
        if (missing > 0) {
          Progress.line("broadcast", "connecting " + missing + " clients (total " + target + ")");
          JsonObject answer = ctx.fleets().connect(missing, ctx.connectTimeoutMs(), ctx.setupConcurrency(), true);
          connected = Fleets.merge(List.of(connected, answer));
          Progress.line("broadcast", "confirmed " + connected.getLong("confirmed") + "/" + target
              + " failures " + answer.getJsonObject("failures").encode());
        }
        if (steps.isEmpty() && warmUpMs > 0) {
          warmUp(ctx, sampler, rate, warmUpMs, drainMs);
        }
        steps.add(step(ctx, sampler, connected, target, rate, drainMs));
      }
    }
    ctx.fleets().closeAll();
    return steps;
  }

  /** Broadcasts nobody measures: JIT of client and server warm up before the first step. */
  private static void warmUp(RunContext ctx, Sampler sampler, double rate, long warmUpMs, long drainMs) {
    Progress.line("broadcast", "warming up for " + warmUpMs + " ms");
    // At the measured rate: a faster warm-up left a backlog that the first measured step then waited out.
    Sampler.Run run = sampler.start(rate, warmUpMs);
    try {
      run.done.get(warmUpMs + drainMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      Progress.line("broadcast", "warm-up did not finish: " + e);
    }
    Progress.sleep(Math.min(drainMs, 3000));
  }

  private static JsonObject step(RunContext ctx, Sampler sampler, JsonObject connected, int target,
                                 double rate, long drainMs) {
    ctx.fleets().reset();
    double cpuBefore = ctx.server().cpuSeconds();
    long start = System.nanoTime();
    Sampler.Run run = sampler.start(rate, ctx.stepMs());
    long deadline = start + (ctx.stepMs() + drainMs) * 1_000_000;
    long lastLine = 0;
    long completeAt = -1;
    JsonObject stats;
    long expected;
    while (true) {
      Progress.sleep(200);
      stats = ctx.fleets().stats();
      expected = run.expected(connected);
      long delivered = stats.getLong("delivered");
      long now = System.nanoTime();
      boolean sent = run.done.isDone();
      if (sent && delivered >= expected) {
        completeAt = now;
        break;
      }
      if (now > deadline) {
        break;
      }
      if (now - lastLine > 1_000_000_000L) {
        lastLine = now;
        Histogram rtt = Histogram.fromJson(stats.getJsonObject("rtt"));
        Progress.line("broadcast", String.format("clients=%d t=%.1fs posts=%d delivered=%d/%d p95=%.1fms",
            target, (now - start) / 1e9, run.ok.sum(), delivered, expected, rtt.percentileMicros(0.95) / 1000.0));
      }
    }
    long end = completeAt > 0 ? completeAt : System.nanoTime();
    long wallMs = Math.max(1, (end - start) / 1_000_000);
    Histogram rtt = Histogram.fromJson(stats.getJsonObject("rtt"));
    long delivered = stats.getLong("delivered");
    JsonObject summary = rtt.summaryMillis();
    JsonObject step = new JsonObject()
        .put("clients", target)
        .put("confirmed", connected.getLong("confirmed", 0L))
        .put("streams", ctx.spec().streams())
        .put("ratePerSec", rate)
        .put("posts", run.ok.sum())
        .put("postFailures", run.failed.sum() + run.skipped.sum())
        .put("expected", expected)
        .put("delivered", delivered)
        .put("deliveredPct", expected == 0 ? 0.0 : RunContext.round(delivered * 100.0 / expected, 2))
        .put("rttP50", summary.getDouble("p50"))
        .put("rttP95", summary.getDouble("p95"))
        .put("rttP99", summary.getDouble("p99"))
        .put("rttMax", summary.getDouble("max"))
        .put("framesPerSec", Math.round(delivered * 1000.0 / wallMs))
        .put("wallMs", wallMs)
        .put("unexpectedCloses", stats.getLong("unexpectedCloses", 0L));
    if (run.lastError != null) {
      step.put("lastPostError", run.lastError);
    }
    ctx.serverFigures(step, cpuBefore, wallMs);
    Progress.line("broadcast", "step " + step.encode());
    return step;
  }
}

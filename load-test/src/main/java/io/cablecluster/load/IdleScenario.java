package io.cablecluster.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Holds N idle subscribed connections per step and samples the server's RSS; the slope of RSS over
 * connections (least squares, baseline included) is the memory one connection costs.
 */
final class IdleScenario {
  private IdleScenario() {
  }

  static JsonObject run(RunContext ctx) {
    long settleMs = (long) (ctx.options().number("settle-seconds", 5) * 1000);
    JsonArray steps = new JsonArray();
    Progress.sleep(settleMs);
    double baselineRss = sampleRssKib(ctx);
    JsonObject baseline = new JsonObject().put("clients", 0).put("rssMb", RunContext.round(baselineRss / 1024, 1));
    Progress.line("idle", "baseline RSS " + baseline.getDouble("rssMb") + " MB");
    double sumX = 0;
    double sumY = baselineRss;
    double sumXX = 0;
    double sumXY = 0;
    int points = 1;
    for (int target : ctx.options().steps("1000")) {
      int missing = target - ctx.fleets().clients();
      JsonObject answer = ctx.fleets().connect(Math.max(0, missing), ctx.connectTimeoutMs(),
          ctx.setupConcurrency(), true);
      Progress.sleep(settleMs);
      double cpuBefore = ctx.server().cpuSeconds();
      double rss = sampleRssKib(ctx);
      JsonObject step = new JsonObject().put("clients", target).put("confirmedNow", answer.getLong("confirmed"))
          .put("open", ctx.fleets().stats().getLong("open"))
          .put("kibPerConn", RunContext.round((rss - baselineRss) / Math.max(1, target), 2));
      ctx.serverFigures(step, cpuBefore, 3_000);
      step.put("rssMb", RunContext.round(rss / 1024, 1));
      Progress.line("idle", "step " + step.encode());
      steps.add(step);
      sumX += target;
      sumY += rss;
      sumXX += (double) target * target;
      sumXY += target * rss;
      points++;
    }
    String histogramOut = ctx.options().string("heap-histogram", "");
    if (!histogramOut.isEmpty()) {
      ctx.server().writeHeapHistogram(java.nio.file.Path.of(histogramOut), 40);
    }
    ctx.fleets().closeAll();
    double slope = (points * sumXY - sumX * sumY) / Math.max(1e-9, points * sumXX - sumX * sumX);
    return new JsonObject().put("baseline", baseline).put("steps", steps)
        .put("rssSlopeKibPerConn", RunContext.round(slope, 2));
  }

  /** Mean of three samples a second apart: RSS moves with GC and allocation bursts. */
  private static double sampleRssKib(RunContext ctx) {
    double total = 0;
    for (int i = 0; i < 3; i++) {
      total += ctx.server().rssKib();
      Progress.sleep(1000);
    }
    return total / 3;
  }
}
